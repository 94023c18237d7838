// Ctrl-C during a big checkout stops it promptly and rolls everything back; a kill -9
// at several points of an add is undone by our `worktree prune` (admin dir, directory,
// the branch add created), while git's own 'initializing' locks are left alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ensureRepo } from "../../bench/gen-repo.ts";
import { findInterruptedAdd, readAddMarker } from "../../src/core/worktree/add-recovery.ts";
import { ADD_MARKER } from "../../src/git/worktree/add-marker.ts";
import { discoverRepositorySync } from "../../src/git/repo/discovery.ts";
import { MAIN, ROOT, createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
const FILES = 6000;
beforeAll(() => {
  sb = createSandbox("rm-wtint-");
  // 6,000 files: the checkout takes ~1 s here, long enough to interrupt it midway.
  repo = ensureRepo({ files: FILES, commits: 1, cacheDir: join(sb.root, "gen") });
});
afterAll(() => sb.cleanup());

const gitDir = () => join(repo, ".git");
const adminRoot = () => join(repo, ".git", "worktrees");

/** The repository as git sees it: .git (minus nothing), the worktree list, fsck. */
function state() {
  return {
    tree: snapshotTree(gitDir()),
    list: sb.git(["worktree", "list", "--porcelain"], { cwd: repo }),
    branches: sb.git(["for-each-ref", "--format=%(refname) %(objectname)"], { cwd: repo }),
  };
}

function expectFsckClean() {
  const r = sb.gitRaw(["fsck", "--no-progress"], { cwd: repo });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

async function waitFor(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await Bun.sleep(2);
  }
}

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).length : 0);

describe("Ctrl-C during a big checkout", () => {
  test("exit 130 within a fraction of a second, everything removed, the new branch too", async () => {
    // The same add uninterrupted, for scale: the interrupted one must stop well before its end.
    const full = join(sb.root, "full-wt");
    const t = performance.now();
    expect(sb.run(["worktree", "add", "-q", "--detach", full], { cwd: repo }).code).toBe(0);
    const fullMs = performance.now() - t;
    sb.git(["worktree", "remove", "--force", full], { cwd: repo });
    const before = state();
    const wt = join(sb.root, "int-wt");
    const proc = Bun.spawn([process.execPath, MAIN, "worktree", "add", "-b", "interrupted", wt], { cwd: repo, env: sb.env, stdout: "pipe", stderr: "pipe" });
    await waitFor(() => filesIn(wt) > 200); // mid-checkout
    const t0 = performance.now();
    proc.kill("SIGINT");
    const code = await proc.exited;
    const took = performance.now() - t0;
    const stderr = await new Response(proc.stderr).text();
    console.log(`Ctrl-C: exited ${took.toFixed(0)} ms after SIGINT; uninterrupted add ${fullMs.toFixed(0)} ms`);
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted");
    expect(stderr).not.toContain("    at ");
    // The checkout yields every ~50 ms; the rollback deletes what was written (not all 6,000).
    // A synchronous checkout writes every file first: measured 1169 ms of a 1492 ms add, against 50 ms here.
    expect(took).toBeLessThan(fullMs * 0.5);
    expect(existsSync(wt)).toBe(false);
    expect(state()).toEqual(before);
    expectFsckClean();
  });
});

describe("kill -9, then worktree prune", () => {
  async function killAndPrune(start: () => Bun.Subprocess, killWhen: (() => boolean) | null, wt: string, branch: string | null) {
    const before = state();
    const proc = start();
    if (killWhen) {
      await waitFor(killWhen);
      proc.kill("SIGKILL");
    }
    expect(await proc.exited).not.toBe(3); // 3: the add finished before the kill point
    expect(proc.signalCode).toBe("SIGKILL");
    const ids = readdirSync(adminRoot());
    expect(ids.length).toBe(1);
    const admin = join(adminRoot(), ids[0] as string);
    expect(readAddMarker(admin)).not.toBeNull();
    // git sees a locked, half-made worktree and its prune keeps it.
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).toContain("locked");
    sb.git(["worktree", "prune"], { cwd: repo });
    expect(existsSync(admin)).toBe(true);
    if (branch !== null) expect(sb.git(["branch", "--list", branch], { cwd: repo })).toContain(branch);

    const r = sb.run(["worktree", "prune", "-v"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("interrupted while being added");
    expect(existsSync(wt)).toBe(false);
    expect(state()).toEqual(before); // admin dir, `worktrees/`, the branch and its reflog all gone
    expectFsckClean();
  }

  const child = (point: string, wt: string, extra: string[] = []) => () =>
    Bun.spawn([process.execPath, join(ROOT, "test", "helpers", "add-and-die.ts"), point, wt, ...extra], { cwd: repo, env: sb.env, stdout: "pipe", stderr: "pipe" });

  test("as soon as the admin files are written (before the checkout), with a new branch", async () => {
    const wt = join(sb.root, "k1");
    const start = () => Bun.spawn([process.execPath, MAIN, "worktree", "add", "-b", "k1", wt], { cwd: repo, env: sb.env, stdout: "pipe", stderr: "pipe" });
    await killAndPrune(start, () => existsSync(adminRoot()) && readdirSync(adminRoot()).some((id) => existsSync(join(adminRoot(), id, "commondir"))), wt, "k1");
  });

  test("mid-checkout, with a new branch", async () => {
    const wt = join(sb.root, "k2");
    await killAndPrune(child("checkout:1024", wt, ["-b", "k2"]), null, wt, "k2");
  });

  test("after the index is written: the checkout is complete, so prune finishes the add instead of undoing it", async () => {
    const wt = join(sb.root, "deeper", "k3");
    const proc = child("index", wt, ["-b", "k3"])();
    await proc.exited;
    expect(proc.signalCode).toBe("SIGKILL");
    const admin = join(adminRoot(), "k3");
    expect(readAddMarker(admin)).not.toBeNull();
    const r = sb.run(["worktree", "prune", "-v"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("worktrees/k3: interrupted after it was complete; finished\n");
    // As an uninterrupted add leaves it: unlocked, no marker, ORIG_HEAD and the reset reflog line, clean.
    expect(readdirSync(admin).sort()).toEqual(["HEAD", "ORIG_HEAD", "commondir", "gitdir", "index", "logs"]);
    expect(readFileSync(join(admin, "logs", "HEAD"), "utf8")).toContain("\treset: moving to HEAD\n");
    expect(sb.git(["status", "--porcelain"], { cwd: wt })).toBe("");
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).toContain(`worktree ${wt}\nHEAD `);
    expectFsckClean();
    sb.git(["worktree", "remove", wt], { cwd: repo });
    sb.git(["branch", "-D", "k3"], { cwd: repo });
  });

  test("with --lock <reason>: kept while locked with the user's reason; once unlocked, undone", async () => {
    const wt = join(sb.root, "k4");
    const before = state();
    const proc = child("checkout:512", wt, ["--lock", "usb drive"])();
    await proc.exited;
    expect(proc.signalCode).toBe("SIGKILL");
    const kept = sb.run(["worktree", "prune", "-v"], { cwd: repo });
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain("kept, as it is locked (usb drive)");
    expect(existsSync(join(wt, ".git"))).toBe(true);
    expect(sb.run(["worktree", "unlock", wt], { cwd: repo }).code).toBe(0);
    expect(sb.run(["worktree", "prune", "-v"], { cwd: repo }).stderr).toContain("interrupted while being added");
    expect(existsSync(wt)).toBe(false);
    expect(state()).toEqual(before);
    expectFsckClean();
  });
});

describe("kill -9 of 'add -B' (an existing branch reset), then worktree prune", () => {
  test("the branch gets its old value and reflog back", async () => {
    const headParent = sb.git(["rev-parse", "HEAD~1"], { cwd: repo }).trim();
    sb.git(["branch", "resetme", headParent], { cwd: repo });
    const ref = join(gitDir(), "refs", "heads", "resetme");
    const log = join(gitDir(), "logs", "refs", "heads", "resetme");
    const reflogBefore = readFileSync(log, "utf8");
    // The ref and its reflog are rewritten (same bytes, new mtime): compared by content.
    const withoutThem = (t: string) => t.split("\n").filter((l) => !l.includes("/heads/resetme ")).join("\n");
    const before = state();
    const wt = join(sb.root, "k5");
    const proc = Bun.spawn([process.execPath, join(ROOT, "test", "helpers", "add-and-die.ts"), "checkout:512", wt, "-B", "resetme", "HEAD"], { cwd: repo, env: sb.env, stdout: "pipe", stderr: "pipe" });
    await proc.exited;
    expect(proc.signalCode).toBe("SIGKILL");
    expect(sb.git(["rev-parse", "resetme"], { cwd: repo }).trim()).not.toBe(headParent);
    const r = sb.run(["worktree", "prune", "-v"], { cwd: repo });
    expect(r.stderr).toContain("interrupted while being added");
    expect(readFileSync(ref, "utf8").trim()).toBe(headParent);
    expect(readFileSync(log, "utf8")).toBe(reflogBefore);
    const after = state();
    expect(withoutThem(after.tree)).toBe(withoutThem(before.tree));
    expect(after.list).toBe(before.list);
    expect(after.branches).toBe(before.branches);
    expect(existsSync(wt)).toBe(false);
    expectFsckClean();
    sb.git(["branch", "-D", "resetme"], { cwd: repo });
  });
});

describe("what prune leaves alone", () => {
  test("git's own 'initializing' lock without our marker, and an add whose process is alive", () => {
    const wt = join(sb.root, "gitlocked");
    sb.git(["worktree", "add", "-q", "--detach", wt], { cwd: repo });
    const admin = join(adminRoot(), "gitlocked");
    writeFileSync(join(admin, "locked"), "initializing\n");
    const { repo: r } = discoverRepositorySync(repo, sb.env);
    expect(findInterruptedAdd(r, "gitlocked")).toBeNull();
    // A marker of a dead add on this host, but `locked` was changed since: not ours any more.
    const marker = { version: 1, pid: 999_999_999, host: hostname(), started: "", lock: "initializing", rollback: { adminDir: admin, worktree: { path: wt, created: wt }, branch: null, config: null } };
    writeFileSync(join(admin, ADD_MARKER), JSON.stringify(marker));
    expect(findInterruptedAdd(r, "gitlocked", () => true)).toBeNull(); // still running
    expect(findInterruptedAdd(r, "gitlocked", () => false)).not.toBeNull();
    writeFileSync(join(admin, "locked"), "relocked by the user\n");
    expect(findInterruptedAdd(r, "gitlocked", () => false)).toBeNull();
    writeFileSync(join(admin, ADD_MARKER), JSON.stringify({ ...marker, host: "another-host" }));
    writeFileSync(join(admin, "locked"), "initializing\n");
    expect(findInterruptedAdd(r, "gitlocked", () => false)).toBeNull();
    writeFileSync(join(admin, ADD_MARKER), JSON.stringify(marker).slice(0, 40)); // torn: not ours
    expect(findInterruptedAdd(r, "gitlocked", () => false)).toBeNull();
    const before = snapshotTree(sb.root);
    const p = sb.run(["worktree", "prune", "-v"], { cwd: repo });
    expect(p.code).toBe(0);
    expect(p.stderr).toBe("");
    expect(snapshotTree(sb.root)).toBe(before);
    expect(readFileSync(join(admin, "locked"), "utf8")).toBe("initializing\n");
  });
});

/** Runs the recovery's undo of `id` (a dead add on this host), failing if recovery would not undo it. */
function undoIfInterrupted(r: Parameters<typeof findInterruptedAdd>[0], id: string) {
  const found = findInterruptedAdd(r, id, () => false);
  if (found?.action !== "undo") throw new Error(`expected an undo, got ${found?.action}`);
  found.undo();
}

describe("recovery of a directory with no .git yet", () => {
  test("only the empty directories add made are removed; a file someone put there keeps them", () => {
    const { repo: r } = discoverRepositorySync(repo, sb.env);
    const admin = join(adminRoot(), "early");
    const top = join(sb.root, "early-top");
    const wt = join(top, "inner", "wt");
    const setUp = () => {
      mkdirSync(admin, { recursive: true });
      mkdirSync(wt, { recursive: true });
      writeFileSync(join(admin, "locked"), "initializing\n");
      const rollback = { adminDir: admin, worktree: { path: wt, created: top }, branch: null, config: null };
      writeFileSync(join(admin, ADD_MARKER), JSON.stringify({ version: 1, pid: 999_999_999, host: hostname(), started: "", lock: "initializing", rollback }));
    };
    setUp();
    undoIfInterrupted(r, "early");
    expect(existsSync(top)).toBe(false);
    setUp();
    writeFileSync(join(wt, "someone-elses.txt"), "x");
    undoIfInterrupted(r, "early");
    expect(readFileSync(join(wt, "someone-elses.txt"), "utf8")).toBe("x");
    rmSync(top, { recursive: true });
    rmSync(admin, { recursive: true });
    expect(sb.run(["worktree", "prune"], { cwd: repo }).code).toBe(0);
  });
});
