/**
 * worktreeStatus against `git status --porcelain -uall` on worktrees we
 * checked out: clean, modified, deleted, type changes, untracked, ignored
 * only, and the stat fast path (no rehash unless racy or stat-changed).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openObjectStore } from "../../src/git/objects/store.ts";
import { formatPorcelain, type StatusOptions, worktreeStatus } from "../../src/git/status/status.ts";
import { type FixtureRepo, makeRepo, ourWorktree } from "../helpers/checkout-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: FixtureRepo;
let n = 0;

const files = {
  ".gitignore": "*.log\n/build/\n!keep.log\ntmp*/\n\\#hash\nspace\\ \n",
  "src/.gitignore": "generated.*\n!generated.keep\n",
  "src/main.ts": "main\n",
  "src/util/deep.ts": "deep\n",
  "bin/tool": { exec: "#!/bin/sh\n" },
  "link": { link: "src/main.ts" },
  "docs/read me.md": "doc\n",
  "ünï/ç.txt": "u\n",
};

beforeAll(() => {
  sb = createSandbox("rm-status-");
  repo = makeRepo(sb, "repo", files);
  mkdirSync(join(repo.gitDir, "info"), { recursive: true });
  writeFileSync(join(repo.gitDir, "info", "exclude"), "*.excluded\n");
  mkdirSync(join(sb.home, ".config", "git"), { recursive: true });
  writeFileSync(join(sb.home, ".config", "git", "ignore"), "*.global\n");
});
afterAll(() => sb.cleanup());

/** A fresh checkout of ours; `old` backdates nothing but moves the index into the future (no racy entries). */
function fresh(opts: { old?: boolean } = {}) {
  const w = ourWorktree(sb, repo, `wt${n++}`);
  if (opts.old) {
    const future = Date.now() / 1000 + 5;
    utimesSync(w.indexPath, future, future);
  }
  return w;
}

function ours(w: { path: string; indexPath: string }, extra: Partial<StatusOptions> = {}) {
  return worktreeStatus({
    worktree: w.path,
    indexPath: w.indexPath,
    commonDir: repo.gitDir,
    excludesFile: join(sb.home, ".config", "git", "ignore"),
    attributesFile: null,
    ...extra,
  });
}

function gitPorcelain(dir: string): string {
  // -z: git would quote paths with spaces or non-ASCII bytes; we print them raw.
  const out = sb.git(["status", "--porcelain", "-z", "-uall", "--no-renames"], { cwd: dir });
  return out.replaceAll("\0", "\n");
}

describe("worktreeStatus matches git status", () => {
  test("clean right after checkout, with the stat fast path when no entry is racy", () => {
    const w = fresh({ old: true });
    const r = ours(w);
    expect(r.clean).toBe(true);
    expect(r.rehashed).toBe(0);
    expect(formatPorcelain(r)).toBe(gitPorcelain(w.path));
  });

  test("racily clean entries are rehashed and still clean", () => {
    const w = fresh();
    const past = Date.now() / 1000 - 100;
    utimesSync(w.indexPath, past, past); // every file is now newer than the index
    const r = ours(w);
    expect(r.clean).toBe(true);
    expect(r.rehashed).toBe(8); // every regular file and the symlink
  });

  test("modified (same size and different size), deleted, exec bit, type changes, untracked", () => {
    const w = fresh({ old: true });
    // Same size: only the timestamps say it changed, the rehash decides. (git compares whole seconds of
    // mtime, we compare nanoseconds too; move it a few seconds so both see it.)
    writeFileSync(join(w.path, "src/main.ts"), "MAIN\n");
    utimesSync(join(w.path, "src/main.ts"), Date.now() / 1000 - 10, Date.now() / 1000 - 10);
    writeFileSync(join(w.path, "src/util/deep.ts"), "much longer now\n");
    rmSync(join(w.path, "docs/read me.md"));
    chmodSync(join(w.path, "bin/tool"), 0o644);
    rmSync(join(w.path, "link"));
    writeFileSync(join(w.path, "link"), "not a link any more");
    rmSync(join(w.path, "ünï/ç.txt"));
    mkdirSync(join(w.path, "ünï/ç.txt"));
    writeFileSync(join(w.path, "ünï/ç.txt/inner"), "x");
    writeFileSync(join(w.path, "new file.txt"), "new\n");
    mkdirSync(join(w.path, "newdir/sub"), { recursive: true });
    writeFileSync(join(w.path, "newdir/sub/a"), "a\n");
    const r = ours(w);
    expect(r.clean).toBe(false);
    expect(r.modified).toEqual(["bin/tool", "src/main.ts", "src/util/deep.ts"]);
    expect(r.deleted).toEqual(["docs/read me.md", "ünï/ç.txt"]);
    expect(r.typeChanged).toEqual(["link"]);
    expect(formatPorcelain(r)).toBe(gitPorcelain(w.path));
  });

  test("ignored files do not count: per-directory .gitignore, negation, info/exclude, core.excludesFile", () => {
    const w = fresh({ old: true });
    const put = (p: string, text = "x\n") => {
      mkdirSync(join(w.path, p, ".."), { recursive: true });
      writeFileSync(join(w.path, p), text);
    };
    for (const p of [
      "debug.log",
      "build/out.js",
      "src/build/nested-not-anchored.js",
      "tmp1/x",
      "a.excluded",
      "b.global",
      "src/generated.ts",
      "#hash",
      "space ",
      "deep/er/x.log",
    ]) put(p);
    const r = ours(w);
    expect(r.untracked).toEqual(["src/build/nested-not-anchored.js"]);
    expect(formatPorcelain(r)).toBe(gitPorcelain(w.path));
    // Negations re-include; and an ignored-only worktree is clean.
    put("keep.log");
    put("src/generated.keep");
    expect(ours(w).untracked).toEqual(["src/build/nested-not-anchored.js", "keep.log", "src/generated.keep"].sort());
    expect(formatPorcelain(ours(w))).toBe(gitPorcelain(w.path));
    for (const p of ["keep.log", "src/generated.keep", "src/build"]) rmSync(join(w.path, p), { recursive: true });
    expect(ours(w).clean).toBe(true);
    expect(gitPorcelain(w.path)).toBe("");
  });

  test("a nested repository is one untracked entry; a symlink to a directory is a file", () => {
    const w = fresh({ old: true });
    sb.git(["init", "-q", join(w.path, "nested")]);
    symlinkSync("src", join(w.path, "dirlink"));
    const r = ours(w);
    expect(r.untracked).toEqual(["dirlink", "nested/"]);
    expect(formatPorcelain(r)).toBe(gitPorcelain(w.path));
  });

  test("limit stops at the first finding; untracked: false skips the walk", () => {
    const w = fresh({ old: true });
    writeFileSync(join(w.path, "src/main.ts"), "changed a lot\n");
    writeFileSync(join(w.path, "u1"), "");
    writeFileSync(join(w.path, "u2"), "");
    const r = ours(w, { limit: 1 });
    expect(r.clean).toBe(false);
    expect(r.modified.length + r.untracked.length).toBe(1);
    expect(ours(w, { untracked: false }).untracked).toEqual([]);
  });

  test("CRLF worktrees (core.autocrlf=true) are clean after rehash through the EOL conversion", () => {
    const crlf = makeRepo(sb, "crlf-repo", { "a.txt": "one\ntwo\n", ".gitattributes": "*.lf eol=lf\n", "b.lf": "x\ny\n" });
    sb.git(["config", "core.autocrlf", "true"], { cwd: crlf.dir });
    const w = ourWorktree(sb, crlf, "crlf-wt", { autocrlf: true });
    const past = Date.now() / 1000 - 100;
    utimesSync(w.indexPath, past, past);
    const r = worktreeStatus({ worktree: w.path, indexPath: w.indexPath, commonDir: crlf.gitDir, autocrlf: true, excludesFile: null, attributesFile: null });
    expect(r.rehashed).toBe(3);
    expect(r.clean).toBe(true);
    writeFileSync(join(w.path, "a.txt"), "one\r\nTWO\r\n");
    const r2 = worktreeStatus({ worktree: w.path, indexPath: w.indexPath, commonDir: crlf.gitDir, autocrlf: true, excludesFile: null, attributesFile: null });
    expect(formatPorcelain(r2)).toBe(gitPorcelain(w.path));
    expect(r2.modified).toEqual(["a.txt"]);
  });

  test("staged changes (index against HEAD) when head is given; the cache tree skips unchanged subtrees", () => {
    const w = fresh({ old: true });
    const store = openObjectStore(join(repo.gitDir, "objects"));
    try {
      const head = { treeOid: repo.tree, store };
      const clean = ours(w, { head });
      expect(clean.clean).toBe(true);
      expect(clean.staged).toEqual([]);
      writeFileSync(join(w.path, "src/main.ts"), "staged edit\n");
      writeFileSync(join(w.path, "added.txt"), "added\n");
      sb.git(["add", "src/main.ts", "added.txt"], { cwd: w.path });
      sb.git(["rm", "-q", "--cached", "docs/read me.md"], { cwd: w.path });
      writeFileSync(join(w.path, "src/main.ts"), "and then edited again\n");
      const r = ours(w, { head });
      expect(r.staged).toEqual([
        { path: "added.txt", change: "A" },
        { path: "docs/read me.md", change: "D" },
        { path: "src/main.ts", change: "M" },
      ]);
      expect(formatPorcelain(r)).toBe(gitPorcelain(w.path));
      // Worktree-only check (no head): the staged changes are not seen.
      expect(ours(w).staged).toEqual([]);
    } finally {
      store.close();
    }
  });

  test("core.ignoreCase: a tracked name spelled differently on disk is not untracked", () => {
    const w = fresh({ old: true });
    // What readdir returns on a case-insensitive file system when the spelling on disk differs from
    // the index: here made by renaming the directory (on Linux the tracked files then also read as
    // deleted; only the untracked walk is under test).
    const idx = join(w.path, "..", "upper.index");
    writeFileSync(idx, readFileSync(w.indexPath));
    const future = Date.now() / 1000 + 5;
    utimesSync(idx, future, future);
    renameSync(join(w.path, "src"), join(w.path, "SRC"));
    const strict = worktreeStatus({ worktree: w.path, indexPath: idx, excludesFile: null, attributesFile: null, untracked: true });
    expect(strict.untracked).toContain("SRC/main.ts");
    const folded = worktreeStatus({ worktree: w.path, indexPath: idx, excludesFile: null, attributesFile: null, ignoreCase: true });
    expect(folded.untracked).toEqual([]);
  });
});
