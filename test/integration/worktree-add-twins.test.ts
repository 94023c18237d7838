// Twin repositories: the same `worktree add` run by git in one and by us in the other;
// every admin file, ref, reflog and config file must be byte-identical (paths aside).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let upstream: string;

beforeAll(() => {
  sb = createSandbox("rm-wttwin-");
  upstream = initRepo(sb, "upstream");
  for (const b of ["feature", "other"]) sb.git(["branch", b], { cwd: upstream });
});
afterAll(() => sb.cleanup());

/** Every file under `dir` (recursively) except the index, as path -> content. */
function files(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const rel = prefix + name;
      if (skip(rel)) continue;
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p, `${rel}/`);
      else out[rel] = readFileSync(p, "utf8");
    }
  };
  walk(dir, "");
  return out;
}

/** Makes the same repository twice (a/<name> for us, b/<name> for git); returns both git dirs' parents. */
function twins(name: string, bare = false): { ours: string; theirs: string } {
  const make = (side: string) => {
    const dir = join(sb.root, side, name);
    sb.git(["clone", "-q", ...(bare ? ["--bare"] : []), upstream, dir]);
    return dir;
  };
  return { ours: make("a"), theirs: make("b") };
}

function compareTwins(ours: string, theirs: string, gitDirOf: (repo: string) => string): void {
  const norm = (s: string) => s.replaceAll(`${sb.root}/a/`, `${sb.root}/X/`).replaceAll(`${sb.root}/b/`, `${sb.root}/X/`);
  const collect = (repo: string) => {
    const gd = gitDirOf(repo);
    const all = files(gd, (rel) => rel === "index" || rel.endsWith("/index") || rel.startsWith("objects") || rel === "hooks" || rel === "FETCH_HEAD");
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, norm(v)]));
  };
  expect(collect(ours)).toEqual(collect(theirs));
  const worktrees = (repo: string) => readdirSync(join(gitDirOf(repo), "worktrees")).sort();
  for (const id of worktrees(ours)) {
    const wtOf = (repo: string) => readFileSync(join(gitDirOf(repo), "worktrees", id, "gitdir"), "utf8").trim().replace(/\/\.git$/, "");
    expect(norm(readFileSync(join(wtOf(ours), ".git"), "utf8"))).toBe(norm(readFileSync(join(wtOf(theirs), ".git"), "utf8")));
    // the index: same entries (stat data differs by nature)
    expect(sb.git(["ls-files", "-s", "--debug"], { cwd: wtOf(ours) }).replace(/ {2}(ctime|mtime|dev|uid|size).*\n/g, "")).toBe(
      sb.git(["ls-files", "-s", "--debug"], { cwd: wtOf(theirs) }).replace(/ {2}(ctime|mtime|dev|uid|size).*\n/g, ""),
    );
  }
}

const both = (t: { ours: string; theirs: string }, args: string[], from = ".") => {
  const r = sb.run(["worktree", "add", ...args], { cwd: join(t.ours, from) });
  expect(r.stderr).not.toContain("error");
  expect(r.code).toBe(0);
  const g = sb.gitRaw(["worktree", "add", ...args], { cwd: join(t.theirs, from) });
  expect(g.code).toBe(0);
  // git prints the same status lines (its "HEAD is now at" goes to stdout; ours to stderr).
  expect(r.stderr).toBe(g.stderr + g.stdout);
};

describe("admin files, refs, reflogs and config are what git writes", () => {
  test("new branch from HEAD, detached, existing branch, DWIM from origin, -b with tracking, --lock --no-checkout", () => {
    const t = twins("plain");
    for (const b of ["feature", "other"]) {
      sb.git(["branch", "-q", "--no-track", `local-${b}`, `origin/${b}`], { cwd: t.ours });
      sb.git(["branch", "-q", "--no-track", `local-${b}`, `origin/${b}`], { cwd: t.theirs });
    }
    both(t, ["../wt-new"]);
    both(t, ["--detach", "../wt-detached", "HEAD"]);
    both(t, ["../wt-existing", "local-feature"]);
    both(t, ["../wt-dwim", "other"]);
    both(t, ["-b", "tracked", "../wt-tracked", "origin/feature"]);
    both(t, ["--lock", "--reason", "kept; #1", "--no-checkout", "../wt-locked"]);
    both(t, ["--lock", "../wt-lock-default"]);
    both(t, ["-B", "local-other", "../wt-reset", "HEAD"]);
    // same basename again (admin id "wt-new1"), missing leading directories, a trailing slash
    both(t, ["--detach", "../nested/deeper/wt-new/"]);
    // a basename git has to sanitise into an id
    both(t, ["--detach", "../.odd name..x.lock"]);
    compareTwins(t.ours, t.theirs, (r) => join(r, ".git"));
  });

  test("a bare repository with extensions.worktreeConfig: config.worktree copied without core.bare", () => {
    const t = twins("bare.git", true);
    for (const dir of [t.ours, t.theirs]) {
      sb.git(["config", "extensions.worktreeConfig", "true"], { cwd: dir });
      sb.git(["config", "--unset", "core.bare"], { cwd: dir });
      sb.git(["config", "--worktree", "core.bare", "true"], { cwd: dir });
      sb.git(["config", "--worktree", "custom.key", "kept value"], { cwd: dir });
    }
    both(t, ["../bare-wt", "feature"]);
    compareTwins(t.ours, t.theirs, (r) => r);
    const copied = readFileSync(join(t.ours, "worktrees", "bare-wt", "config.worktree"), "utf8");
    expect(copied).toContain("kept value");
    expect(copied).not.toContain("bare = true");
  });

  test("from inside a linked worktree: its HEAD, its config.worktree and its sparse patterns", () => {
    const t = twins("from-linked");
    for (const dir of [t.ours, t.theirs]) {
      mkdirSync(join(dir, "keep"), { recursive: true });
      writeFileSync(join(dir, "keep", "k.txt"), "k\n");
      writeFileSync(join(dir, "drop.txt"), "d\n");
      sb.git(["add", "."], { cwd: dir });
      sb.git(["commit", "-q", "-m", "two files"], { cwd: dir });
      sb.git(["worktree", "add", "-q", "-b", "linked-base", "../linked"], { cwd: dir });
      const linked = join(dir, "..", "linked");
      sb.git(["sparse-checkout", "set", "--cone", "keep"], { cwd: linked });
      sb.git(["config", "--worktree", "custom.only", "linked"], { cwd: linked });
    }
    both(t, ["../from-linked-wt"], "../linked");
    compareTwins(t.ours, t.theirs, (r) => join(r, ".git"));
    const copied = readFileSync(join(t.ours, ".git", "worktrees", "from-linked-wt", "config.worktree"), "utf8");
    expect(copied).toContain("only = linked");
  });

  for (const cone of [true, false]) {
    test(`sparse checkout (${cone ? "cone" : "non-cone"}): patterns copied, excluded paths skip-worktree, as git`, () => {
      const t = twins(cone ? "sparse-cone" : "sparse-plain");
      for (const dir of [t.ours, t.theirs]) {
        for (const f of ["top.txt", "keep/a.txt", "keep/deep/b.txt", "drop/c.txt", "drop/deep/d.txt", "keep/deep/drop.log"]) {
          mkdirSync(join(dir, f, ".."), { recursive: true });
          writeFileSync(join(dir, f), `${f}\n`);
        }
        sb.git(["add", "."], { cwd: dir });
        sb.git(["commit", "-q", "-m", "tree"], { cwd: dir });
        if (cone) sb.git(["sparse-checkout", "set", "--cone", "keep/deep"], { cwd: dir });
        else sb.git(["sparse-checkout", "set", "--no-cone", "/*", "!/drop/", "!*.log"], { cwd: dir });
      }
      both(t, ["../sparse-wt-" + (cone ? "c" : "p")]);
      compareTwins(t.ours, t.theirs, (r) => join(r, ".git"));
      const wt = (side: string) => join(sb.root, side, `sparse-wt-${cone ? "c" : "p"}`);
      expect(files(wt("a"), (r) => r === ".git")).toEqual(files(wt("b"), (r) => r === ".git"));
      expect(sb.git(["ls-files", "-t"], { cwd: wt("a") })).toBe(sb.git(["ls-files", "-t"], { cwd: wt("b") }));
      expect(sb.git(["status", "--porcelain"], { cwd: wt("a") })).toBe("");
    });
  }
});
