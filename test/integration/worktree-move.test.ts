// `worktree move` against git on twin repositories, and its refusals.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";
import { adminState, both, makeTwins, snapshotTwin, type Twin } from "./worktree-meta-twins.ts";

let sb: Sandbox;
let twins: { git: Twin; ours: Twin };
const forBoth = (f: (t: Twin) => void) => {
  f(twins.git);
  f(twins.ours);
};

beforeAll(() => {
  sb = createSandbox("rm-wtmove-");
  twins = makeTwins(sb, (sb, t) => {
    for (const n of ["one", "two", "three", "locked", "locked-plain", "stale", "stale-locked"]) {
      sb.git(["worktree", "add", "-q", "-b", n, join(t.dir, n)], { cwd: t.repo });
    }
    sb.git(["worktree", "lock", "--reason", "keep me", "locked"], { cwd: t.repo });
    sb.git(["worktree", "lock", "locked-plain"], { cwd: t.repo });
    sb.git(["worktree", "lock", "stale-locked"], { cwd: t.repo });
    rmSync(join(t.dir, "stale"), { recursive: true });
    rmSync(join(t.dir, "stale-locked"), { recursive: true });
    writeFileSync(join(t.dir, "one", "file.txt"), "content\n");
    mkdirSync(join(t.dir, "existing-empty"));
    mkdirSync(join(t.dir, "existing-full"));
    writeFileSync(join(t.dir, "existing-full", "x"), "x");
  });
});
afterAll(() => sb.cleanup());

function expectSameEffect(args: string[], cwdRel = "repo") {
  const r = both(sb, twins, args, cwdRel);
  expect({ code: r.ours.code, err: r.ours.stderr }).toEqual({ code: r.git.code, err: r.git.stderr });
  expect(adminState(twins.ours)).toEqual(adminState(twins.git));
  const after = both(sb, twins, ["list", "--porcelain"]);
  expect(after.ours.stdout).toBe(after.git.stdout);
  expect(sb.gitRaw(["fsck", "--no-progress"], { cwd: twins.ours.repo }).code).toBe(0);
  return r;
}

function expectRefusal(args: string[], stderrPart: string) {
  const before = snapshotTwin(twins.ours);
  const r = sb.run(["worktree", ...args], { cwd: twins.ours.repo });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(stderrPart);
  expect(r.stdout).toBe("");
  expect(snapshotTwin(twins.ours)).toBe(before);
  expect(sb.gitRaw(["worktree", ...args], { cwd: twins.git.repo }).code).not.toBe(0);
}

describe("worktree move", () => {
  test("to a new path: the directory moves, gitdir follows, git agrees", () => {
    expectSameEffect(["move", "one", "../one moved ü"]);
    expect(readFileSync(join(twins.ours.dir, "one moved ü", "file.txt"), "utf8")).toBe("content\n");
    expect(existsSync(join(twins.ours.dir, "one"))).toBe(false);
    // The moved worktree still works for git.
    expect(sb.git(["status", "--porcelain"], { cwd: join(twins.ours.dir, "one moved ü") })).toBe("?? file.txt\n");
  });
  test("into an existing empty directory: it goes inside, under its own name", () => {
    expectSameEffect(["move", "two", "../existing-empty"]);
    expect(existsSync(join(twins.ours.dir, "existing-empty", "two", ".git"))).toBe(true);
  });
  test("a locked worktree with -f -f; the lock stays", () => {
    expectSameEffect(["move", "-f", "-f", "locked", "../locked-moved"]);
    expectSameEffect(["move", "-ff", "locked-plain", "../locked-plain-moved"]);
  });
  test("onto a missing registered worktree with -f (the stale entry is dropped)", () => {
    expectSameEffect(["move", "-f", "three", "../stale"]);
  });
  test("a worktree git moved is moved back by us", () => {
    sb.git(["worktree", "move", "../stale", "../three-again"], { cwd: twins.ours.repo });
    sb.git(["worktree", "move", "../stale", "../three-again"], { cwd: twins.git.repo });
    expectSameEffect(["move", "three-again", "../three"]);
  });
  test("--json reports from/to", () => {
    const r = sb.run(["worktree", "move", "--json", "three", "../three-json"], { cwd: twins.ours.repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: join(twins.ours.dir, "three"), to: join(twins.ours.dir, "three-json") });
    sb.git(["worktree", "move", "three", "../three-json"], { cwd: twins.git.repo });
    expect(adminState(twins.ours)).toEqual(adminState(twins.git) as never);
  });

  test("refusals leave everything as it was", () => {
    expectRefusal(["move", ".", "../elsewhere"], "is a main working tree");
    expectRefusal(["move", "three-json", "../existing-full/x"], "already exists");
    expectRefusal(["move", "three-json", "../one moved ü/file.txt"], "already exists");
    expectRefusal(["move", "locked-moved", "../x"], "cannot move a locked working tree, lock reason: keep me");
    expectRefusal(["move", "-f", "locked-plain-moved", "../x"], "cannot move a locked working tree");
    expectRefusal(["move", "three-json", "../stale-locked"], "is a missing but locked worktree");
    expectRefusal(["move", "-f", "three-json", "../stale-locked"], "is a missing but locked worktree");
    expectRefusal(["move", "nope", "../x"], "'nope' is not a working tree");
  });
  test("a missing but registered destination without -f", () => {
    forBoth((t) => {
      sb.git(["worktree", "add", "-q", "-b", "stale2", join(t.dir, "stale2")], { cwd: t.repo });
      rmSync(join(t.dir, "stale2"), { recursive: true });
    });
    expectRefusal(["move", "three-json", "../stale2"], "is a missing but already registered worktree");
  });
  test("a worktree whose .git no longer points back is refused", () => {
    forBoth((t) => writeFileSync(join(t.dir, "existing-empty", "two", ".git"), "gitdir: /nowhere\n"));
    expectRefusal(["move", "two", "../two-x"], "validation failed, cannot move working tree");
  });
  test("a worktree with a populated submodule is refused", () => {
    forBoth((t) => {
      const sub = join(t.dir, "subrepo");
      sb.git(["init", "-q", sub]);
      sb.git(["commit", "-q", "--allow-empty", "-m", "s"], { cwd: sub });
      sb.git(["worktree", "add", "-q", "-b", "withsub", join(t.dir, "withsub")], { cwd: t.repo });
      sb.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "mod"], { cwd: join(t.dir, "withsub") });
    });
    expectRefusal(["move", "withsub", "../withsub-x"], "working trees containing submodules cannot be moved or removed");
  });
});
