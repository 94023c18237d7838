// worktree add refusals and failures: each one leaves the repository and the target
// exactly as they were (snapshotTree before/after), including a branch we created.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = createSandbox("rm-wtfail-");
});
afterAll(() => sb.cleanup());

/** A fresh case directory holding a two-commit repository at <case>/repo. */
function freshCase(): { dir: string; repo: string } {
  const dir = join(sb.root, `case${++n}`);
  mkdirSync(dir);
  const repo = initRepo(sb, `case${n}/repo`);
  writeFileSync(join(repo, "second.txt"), "2\n");
  sb.git(["add", "."], { cwd: repo });
  sb.git(["commit", "-q", "-m", "second"], { cwd: repo });
  sb.git(["branch", "existing"], { cwd: repo });
  return { dir, repo };
}

function expectRefused(args: string[], code: number, message: string | RegExp, setup?: (c: { dir: string; repo: string }) => void) {
  const c = freshCase();
  setup?.(c);
  const before = snapshotTree(c.dir);
  const r = sb.run(["worktree", "add", ...args], { cwd: c.repo });
  expect(snapshotTree(c.dir)).toBe(before);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  if (typeof message === "string") expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toContain("    at "); // never a stack trace
}

describe("refusals change nothing", () => {
  test("-b of an existing branch", () => expectRefused(["-b", "existing", "../wt"], 1, "error: a branch named 'existing' already exists"));
  test("a branch checked out in another worktree", () => expectRefused(["../wt", "main"], 1, /error: 'main' is already checked out at '.*\/repo'/));
  test("an invalid branch name", () => expectRefused(["-b", "a..b", "../wt"], 1, "error: 'a..b' is not a valid branch name"));
  test("an unknown commit-ish", () => expectRefused(["../wt", "nosuch"], 1, "error: invalid reference: nosuch"));
  test("a non-empty existing path", () =>
    expectRefused(["../occupied"], 1, "error: '../occupied' already exists", (c) => {
      mkdirSync(join(c.dir, "occupied"));
      writeFileSync(join(c.dir, "occupied", "x"), "x");
    }));
  test("an existing file as the path", () => expectRefused(["../afile"], 1, "already exists", (c) => writeFileSync(join(c.dir, "afile"), "x")));
  test("--reason without --lock, and -b with --detach, are usage errors", () => {
    expectRefused(["--reason", "x", "../wt"], 2, "'--reason' requires '--lock'");
    expectRefused(["-b", "x", "--detach", "../wt"], 2, "cannot be used together");
  });
  test("a branch being rebased in another worktree counts as checked out", () =>
    expectRefused(["../wt2", "existing"], 1, /'existing' is already checked out at '.*\/rebasing'/, (c) => {
      sb.git(["worktree", "add", "-q", "../rebasing", "existing"], { cwd: c.repo });
      const wt = join(c.dir, "rebasing");
      sb.git(["rebase", "-q", "-i", "HEAD~1"], { cwd: wt, env: { GIT_SEQUENCE_EDITOR: "sed -i 1s/^pick/edit/" } });
      expect(existsSync(join(c.repo, ".git", "worktrees", "rebasing", "rebase-merge", "head-name"))).toBe(true);
    }));
  test("a branch being bisected in another worktree counts as checked out", () =>
    expectRefused(["../wt2", "existing"], 1, /'existing' is already checked out at '.*\/bisecting'/, (c) => {
      sb.git(["worktree", "add", "-q", "../bisecting", "existing"], { cwd: c.repo });
      sb.git(["bisect", "start", "HEAD", "HEAD~1"], { cwd: join(c.dir, "bisecting") });
    }));
  test("a repository without commits: no HEAD to start from", () => {
    const dir = join(sb.root, `case${++n}`);
    sb.git(["init", "-q", join(dir, "repo")]);
    const before = snapshotTree(dir);
    const r = sb.run(["worktree", "add", "../wt"], { cwd: join(dir, "repo") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: not a valid object name: 'HEAD'");
    expect(snapshotTree(dir)).toBe(before);
  });
  test("a registered worktree whose directory is missing: refused, -f reuses it; locked needs -f -f", () => {
    const c = freshCase();
    sb.git(["worktree", "add", "-q", "--detach", "../gone"], { cwd: c.repo });
    rmSync(join(c.dir, "gone"), { recursive: true });
    let before = snapshotTree(c.dir);
    const r = sb.run(["worktree", "add", "--detach", "../gone"], { cwd: c.repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: '../gone' is a missing but already registered worktree");
    expect(snapshotTree(c.dir)).toBe(before);
    expect(sb.run(["worktree", "add", "-f", "--detach", "../gone"], { cwd: c.repo }).code).toBe(0);
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: c.repo }).match(/worktree .*\/gone\n/g)?.length).toBe(1);
    sb.git(["worktree", "lock", "../gone"], { cwd: c.repo });
    rmSync(join(c.dir, "gone"), { recursive: true });
    before = snapshotTree(c.dir);
    for (const args of [[], ["-f"]]) {
      const locked = sb.run(["worktree", "add", ...args, "--detach", "../gone"], { cwd: c.repo });
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain("error: '../gone' is a missing but locked worktree");
    }
    expect(snapshotTree(c.dir)).toBe(before);
    expect(sb.run(["worktree", "add", "-ff", "--detach", "../gone"], { cwd: c.repo }).code).toBe(0);
    expect(sb.git(["status", "--porcelain"], { cwd: join(c.dir, "gone") })).toBe("");
  });
  test("--force checks out a branch in use elsewhere", () => {
    const c = freshCase();
    const r = sb.run(["worktree", "add", "--force", "../again", "main"], { cwd: c.repo });
    expect(r.code).toBe(0);
    expect(sb.git(["status", "--porcelain"], { cwd: join(c.dir, "again") })).toBe("");
  });
});

describe("failures midway roll everything back", () => {
  test("an object missing from the store: the new branch, admin dir and directory go away", () => {
    const c = freshCase();
    const blob = sb.git(["rev-parse", "HEAD:second.txt"], { cwd: c.repo }).trim();
    rmSync(join(c.repo, ".git", "objects", blob.slice(0, 2), blob.slice(2)));
    const before = snapshotTree(c.dir);
    const r = sb.run(["worktree", "add", "-b", "newbranch", "../wt"], { cwd: c.repo });
    expect(snapshotTree(c.dir)).toBe(before);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(blob);
    expect(existsSync(join(c.repo, ".git", "refs", "heads", "newbranch"))).toBe(false);
    expect(existsSync(join(c.repo, ".git", "worktrees"))).toBe(false);
  });

  test("a file in the way of the path's parent", () => {
    const c = freshCase();
    writeFileSync(join(c.dir, "blocker"), "x");
    const before = snapshotTree(c.dir);
    const r = sb.run(["worktree", "add", "../blocker/wt"], { cwd: c.repo });
    expect(snapshotTree(c.dir)).toBe(before);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\nerror: not a directory: .*blocker/);
    expect(r.stderr).not.toContain("could not undo"); // nothing was created (issue 14, D12)
  });

  test("a required filter that is not configured: refused, an existing empty target stays empty", () => {
    const c = freshCase();
    writeFileSync(join(c.repo, ".gitattributes"), "*.dat filter=lfs\n");
    writeFileSync(join(c.repo, "x.dat"), "payload\n");
    sb.git(["add", "."], { cwd: c.repo });
    sb.git(["commit", "-q", "-m", "lfs"], { cwd: c.repo });
    sb.git(["config", "filter.lfs.required", "true"], { cwd: c.repo });
    mkdirSync(join(c.dir, "empty"));
    const before = snapshotTree(c.dir);
    const r = sb.run(["worktree", "add", "../empty"], { cwd: c.repo });
    expect(snapshotTree(c.dir)).toBe(before);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("lfs");
  });
});

/** A repository whose checkout takes ~1.5 s: one file goes through a slow smudge filter. */
function slowCase(): { dir: string; repo: string } {
  const c = freshCase();
  writeFileSync(join(c.repo, ".gitattributes"), "*.slow filter=slow\n");
  writeFileSync(join(c.repo, "a.slow"), "slow\n");
  sb.git(["add", "."], { cwd: c.repo });
  sb.git(["commit", "-q", "-m", "slow"], { cwd: c.repo });
  sb.git(["config", "filter.slow.smudge", "sleep 1.5; cat"], { cwd: c.repo });
  sb.git(["config", "filter.slow.clean", "cat"], { cwd: c.repo });
  return c;
}

async function startAndWaitForAdminDir(c: { dir: string; repo: string }, args: string[]) {
  const proc = Bun.spawn([process.execPath, MAIN, "worktree", "add", ...args], { cwd: c.repo, env: sb.env, stdout: "pipe", stderr: "pipe" });
  const admin = join(c.repo, ".git", "worktrees");
  for (let i = 0; i < 200 && !(existsSync(admin) && readdirSync(admin).some((id) => existsSync(join(admin, id, "HEAD")))); i++) await Bun.sleep(10);
  await Bun.sleep(100); // inside the checkout (the filter sleeps)
  return proc;
}

describe("interruptions", () => {
  test("Ctrl-C during the checkout: exit 130 and everything removed, the new branch too", async () => {
    const c = slowCase();
    const before = snapshotTree(c.dir);
    const proc = await startAndWaitForAdminDir(c, ["../wt"]);
    proc.kill("SIGINT");
    const code = await proc.exited;
    const stderr = await new Response(proc.stderr).text();
    expect(snapshotTree(c.dir)).toBe(before);
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted");
  });

  test("kill -9 midway leaves an 'initializing' lock; 'remove -ff' then restores the repository", async () => {
    const c = slowCase();
    const before = snapshotTree(c.dir);
    const proc = await startAndWaitForAdminDir(c, ["--detach", "../wt"]);
    proc.kill("SIGKILL");
    await proc.exited;
    expect(readFileSync(join(c.repo, ".git", "worktrees", "wt", "locked"), "utf8")).toBe("initializing\n");
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: c.repo })).toContain("locked initializing\n");
    // git's prune keeps a locked entry; removing it takes -f -f, as with git.
    expect(sb.run(["worktree", "remove", "../wt"], { cwd: c.repo }).code).toBe(1);
    const r = sb.run(["worktree", "remove", "-ff", "../wt"], { cwd: c.repo });
    expect(r.code).toBe(0);
    expect(snapshotTree(c.dir)).toBe(before);
  });
});
