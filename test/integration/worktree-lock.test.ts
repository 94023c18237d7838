// `worktree lock` / `unlock` against git on twin repositories, and their refusals.
// Our commands run in-process (sb.exec: a command context over buffers); test/e2e covers the binary.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, snapshotTree, type Sandbox } from "../helpers/sandbox.ts";
import { adminState, both, bothInProcess, makeTwins, snapshotTwin, type Twin } from "./worktree-meta-twins.ts";

let sb: Sandbox;
let twins: { git: Twin; ours: Twin };

beforeAll(() => {
  sb = createSandbox("rm-wtlock-");
  twins = makeTwins(sb, (sb, t) => {
    sb.git(["worktree", "add", "-q", "-b", "a", join(t.dir, "wt-a")], { cwd: t.repo });
    sb.git(["worktree", "add", "-q", "--detach", join(t.dir, "wt b ü")], { cwd: t.repo });
    sb.git(["worktree", "add", "-q", "-b", "c", join(t.dir, "sub", "wt-a")], { cwd: t.repo });
    sb.git(["worktree", "add", "-q", "-b", "pre", join(t.dir, "pre-locked")], { cwd: t.repo });
    sb.git(["worktree", "lock", "--reason", "by git", "pre-locked"], { cwd: t.repo });
  });
});
afterAll(() => sb.cleanup());

/** Same exit code, same admin files, same `git worktree list --porcelain` afterwards. */
async function expectSameEffect(args: string[], cwdRel = "repo") {
  const r = await bothInProcess(sb, twins, args, cwdRel);
  expect(r.ours.code).toBe(r.git.code);
  expect(adminState(twins.ours)).toEqual(adminState(twins.git));
  const after = both(sb, twins, ["list", "--porcelain"]);
  expect(after.ours.stdout).toBe(after.git.stdout);
  expect(sb.gitRaw(["fsck", "--no-progress"], { cwd: twins.ours.repo }).code).toBe(0);
  return r;
}

/** A refusal: exit 1, stderr names the problem, nothing on disk changed. */
async function expectRefusal(args: string[], stderrPart: string, cwdRel = "repo") {
  const before = snapshotTwin(twins.ours);
  const r = await sb.exec(["worktree", ...args], { cwd: join(twins.ours.dir, cwdRel) });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(stderrPart);
  expect(r.stderr).not.toContain("    at "); // no stack trace
  expect(r.stdout).toBe("");
  expect(snapshotTwin(twins.ours)).toBe(before);
  expect(sb.gitRaw(["worktree", ...args], { cwd: join(twins.git.dir, cwdRel) }).code).not.toBe(0);
}

describe("worktree lock / unlock", () => {
  test("lock without a reason writes an empty `locked`, as git", async () => {
    await expectSameEffect(["lock", "../wt-a"]);
  });
  test("lock with a reason (by a unique suffix, from a subdirectory of another worktree)", async () => {
    mkdirSync(join(twins.git.dir, "sub", "wt-a", "deep"), { recursive: true });
    mkdirSync(join(twins.ours.dir, "sub", "wt-a", "deep"), { recursive: true });
    await expectSameEffect(["lock", "--reason", "on a USB disk\twith tab", "wt b ü"], "sub/wt-a/deep");
  });
  test("lock by a multi-component suffix", async () => {
    await expectSameEffect(["lock", "sub/wt-a"]);
  });
  test("unlock what git locked, and what we locked; git reads ours", async () => {
    await expectSameEffect(["unlock", "pre-locked"]);
    await expectSameEffect(["unlock", "wt b ü"]);
    await expectSameEffect(["lock", "--reason", "again", "pre-locked"]);
  });
  test("--json prints the locked worktree", async () => {
    const r = await sb.exec(["worktree", "unlock", "--json", "sub/wt-a"], { cwd: twins.ours.repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: join(twins.ours.dir, "sub", "wt-a"), locked: false, lockReason: null });
    sb.git(["worktree", "unlock", "sub/wt-a"], { cwd: twins.git.repo });
  });

  test("refusals leave everything as it was", async () => {
    await expectRefusal(["lock", "."], "The main working tree cannot be locked or unlocked");
    await expectRefusal(["unlock", "../repo"], "The main working tree cannot be locked or unlocked");
    await expectRefusal(["lock", "wt-a"], "'wt-a' is not a working tree"); // an ambiguous suffix (wt-a, sub/wt-a) names none
    await expectRefusal(["lock", "../wt-a"], "'../wt-a' is already locked");
    await expectRefusal(["lock", "pre-locked"], "'pre-locked' is already locked, reason: again");
    await expectRefusal(["unlock", "sub/wt-a"], "'sub/wt-a' is not locked");
    await expectRefusal(["lock", "no-such-worktree"], "'no-such-worktree' is not a working tree");
  });

  test("a held locked.lock (git or another of us writing) refuses without touching anything", async () => {
    writeFileSync(join(twins.ours.repo, ".git", "worktrees", "wt-a1", "locked.lock"), "");
    const before = snapshotTwin(twins.ours);
    const r = await sb.exec(["worktree", "lock", "sub/wt-a"], { cwd: twins.ours.repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("locked.lock': file exists");
    expect(snapshotTwin(twins.ours)).toBe(before);
    rmSync(join(twins.ours.repo, ".git", "worktrees", "wt-a1", "locked.lock"));
  });

  test("outside a repository: exit 1, nothing written", async () => {
    const outside = join(sb.root, "outside");
    mkdirSync(join(outside, "x"), { recursive: true });
    // (not sb.root: running from source, bun caches transpiled files under HOME)
    const snap = () => [snapshotTree(outside), snapshotTwin(twins.ours)].join("\n");
    const before = snap();
    for (const args of [["lock", "x"], ["unlock", "x"], ["move", "x", "y"], ["prune"], ["repair"]]) {
      const r = await sb.exec(["worktree", ...args], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: sb.root } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("not a git repository");
    }
    expect(snap()).toBe(before);
  });

  test("a missing argument is a usage error (exit 2)", async () => {
    const r = await sb.exec(["worktree", "lock"], { cwd: twins.ours.repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing <worktree>");
  });
});
