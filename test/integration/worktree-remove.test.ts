// worktree remove: git's refusals (each changing nothing), its notion of "clean"
// (git status --porcelain --ignore-submodules=none prints nothing) and the deletion.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = createSandbox("rm-wtrm-");
});
afterAll(() => sb.cleanup());

/** <case>/repo with .gitignore, an eol=crlf file, and a linked worktree <case>/wt made by us. */
function freshCase(addArgs: string[] = []): { dir: string; repo: string; wt: string } {
  const dir = join(sb.root, `case${++n}`);
  mkdirSync(dir);
  const repo = initRepo(sb, `case${n}/repo`);
  writeFileSync(join(repo, ".gitignore"), "*.log\nbuild/\n");
  writeFileSync(join(repo, ".gitattributes"), "*.txt text eol=crlf\n");
  writeFileSync(join(repo, "notes.txt"), "a\nb\n");
  sb.git(["add", "."], { cwd: repo });
  sb.git(["commit", "-q", "-m", "files"], { cwd: repo });
  const r = sb.run(["worktree", "add", "-q", ...addArgs, "../wt"], { cwd: repo });
  expect(r.code).toBe(0);
  return { dir, repo, wt: join(dir, "wt") };
}

/** Our verdict must match git's: refused iff `git status` shows something. */
function expectRefusedLikeGit(c: { dir: string; repo: string; wt: string }, message: string) {
  const before = snapshotTree(c.dir);
  const r = sb.run(["worktree", "remove", "../wt"], { cwd: c.repo });
  expect(snapshotTree(c.dir)).toBe(before);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(message);
  expect(sb.git(["status", "--porcelain", "--ignore-submodules=none"], { cwd: c.wt })).not.toBe("");
}

function expectRemoved(c: { dir: string; repo: string; wt: string }, args: string[] = []) {
  const r = sb.run(["worktree", "remove", ...args, "../wt"], { cwd: c.repo });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(existsSync(c.wt)).toBe(false);
  expect(existsSync(join(c.repo, ".git", "worktrees"))).toBe(false);
  expect(sb.git(["worktree", "list", "--porcelain"], { cwd: c.repo })).not.toContain(c.wt);
  return r;
}

describe("refused as git refuses, nothing changed", () => {
  const dirty = "error: '../wt' contains modified or untracked files, use --force to delete it";
  test("a modified file", () => {
    const c = freshCase();
    appendFileSync(join(c.wt, "README.md"), "more\n");
    expectRefusedLikeGit(c, dirty);
  });
  test("an untracked file", () => {
    const c = freshCase();
    writeFileSync(join(c.wt, "new.c"), "");
    expectRefusedLikeGit(c, dirty);
  });
  test("a staged change", () => {
    const c = freshCase();
    writeFileSync(join(c.wt, "staged.c"), "");
    sb.git(["add", "staged.c"], { cwd: c.wt });
    expectRefusedLikeGit(c, dirty);
  });
  test("a deleted file", () => {
    const c = freshCase();
    rmSync(join(c.wt, "README.md"));
    expectRefusedLikeGit(c, dirty);
  });
  test("same size, different content, same mtime second (racy): rehashed and found modified", () => {
    const c = freshCase();
    writeFileSync(join(c.wt, "README.md"), "HELLO\n");
    expectRefusedLikeGit(c, dirty);
  });
  test("an initialised submodule inside, even when clean", () => {
    const c = freshCase();
    const sub = initRepo(sb, `case${n}/subsrc`);
    sb.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "sub"], { cwd: c.wt });
    sb.git(["commit", "-q", "-m", "sub"], { cwd: c.wt });
    const before = snapshotTree(c.dir);
    const r = sb.run(["worktree", "remove", "../wt"], { cwd: c.repo });
    expect(snapshotTree(c.dir)).toBe(before);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: working trees containing submodules cannot be moved or removed");
    // also when the worktree is dirty too: git checks for submodules first
    appendFileSync(join(c.wt, "README.md"), "more\n");
    const dirty = sb.run(["worktree", "remove", "../wt"], { cwd: c.repo });
    expect(dirty.stderr).toContain("error: working trees containing submodules cannot be moved or removed");
    expectRemoved(c, ["--force"]);
  });
  test("a locked worktree: -f is not enough, -ff and --force --force are", () => {
    for (const force of [["-ff"], ["--force", "--force"], ["-f", "-f"]]) {
      const c = freshCase(["--lock", "--reason", "usb disk"]);
      const before = snapshotTree(c.dir);
      for (const args of [[], ["-f"]]) {
        const r = sb.run(["worktree", "remove", ...args, "../wt"], { cwd: c.repo });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("error: cannot remove a locked working tree, lock reason: usb disk\nhint: use 'remove -f -f' to override or unlock first");
      }
      expect(snapshotTree(c.dir)).toBe(before);
      expectRemoved(c, force);
    }
  });
  test("a --no-checkout worktree (no index: HEAD's files count as deleted)", () => {
    const c = freshCase();
    sb.run(["worktree", "remove", "-f", "../wt"], { cwd: c.repo });
    expect(sb.run(["worktree", "add", "-q", "--no-checkout", "../wt"], { cwd: c.repo }).code).toBe(0);
    expectRefusedLikeGit(c, dirty);
  });
  test("a worktree whose .git does not point back to its admin dir fails validation, even with -f", () => {
    const c = freshCase();
    writeFileSync(join(c.wt, ".git"), `gitdir: ${join(c.repo, ".git")}\n`);
    const before = snapshotTree(c.dir);
    const r = sb.run(["worktree", "remove", "-f", "../wt"], { cwd: c.repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: validation failed, cannot remove working tree: '.*\/wt\/\.git' does not point back to/);
    expect(snapshotTree(c.dir)).toBe(before);
    expect(sb.gitRaw(["worktree", "remove", "-f", "../wt"], { cwd: c.repo }).stderr).toContain("validation failed");
  });
  test("the main worktree, and something that is not a worktree", () => {
    const c = freshCase();
    const before = snapshotTree(c.dir);
    const main = sb.run(["worktree", "remove", "."], { cwd: c.repo });
    expect(main.code).toBe(1);
    expect(main.stderr).toContain("error: '.' is a main working tree");
    const none = sb.run(["worktree", "remove", "../nothing"], { cwd: c.repo });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("error: '../nothing' is not a working tree");
    expect(snapshotTree(c.dir)).toBe(before);
  });
});

describe("clean enough to remove", () => {
  test("ignored files (.gitignore, info/exclude, core.excludesFile) do not block", () => {
    const c = freshCase();
    writeFileSync(join(c.wt, "debug.log"), "x");
    mkdirSync(join(c.wt, "build"));
    writeFileSync(join(c.wt, "build", "out.o"), "x");
    writeFileSync(join(c.repo, ".git", "info", "exclude"), "*.tmp\n");
    writeFileSync(join(c.wt, "scratch.tmp"), "x");
    const excludes = join(c.dir, "global-ignore");
    writeFileSync(excludes, "*.bak\n");
    sb.git(["config", "core.excludesFile", excludes], { cwd: c.repo });
    writeFileSync(join(c.wt, "old.bak"), "x");
    expect(sb.git(["status", "--porcelain"], { cwd: c.wt })).toBe("");
    expectRemoved(c);
  });
  test("touched files with unchanged content (CRLF checkout included) are clean", () => {
    const c = freshCase();
    const later = new Date(Date.now() + 5000);
    utimesSync(join(c.wt, "README.md"), later, later);
    utimesSync(join(c.wt, "notes.txt"), later, later);
    expectRemoved(c);
  });
  test("--force removes a dirty worktree; --json reports it", () => {
    const c = freshCase();
    appendFileSync(join(c.wt, "README.md"), "more\n");
    writeFileSync(join(c.wt, "untracked"), "");
    const r = expectRemoved(c, ["--force", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: c.wt, id: "wt", removedDirectory: true, branch: "refs/heads/wt" });
  });
  test("a worktree whose directory is already gone: only the admin dir is removed", () => {
    const c = freshCase();
    rmSync(c.wt, { recursive: true });
    const r = sb.run(["worktree", "remove", "--json", "../wt"], { cwd: c.repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).removedDirectory).toBe(false);
    expect(existsSync(join(c.repo, ".git", "worktrees"))).toBe(false);
  });
});
