// `worktree prune` against git on twin repositories.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";
import { adminState, both, makeTwins, snapshotTwin, type Twin } from "./worktree-meta-twins.ts";

let sb: Sandbox;
let twins: { git: Twin; ours: Twin };

const DAY = 86400;

function scenario(sb: Sandbox, t: Twin) {
  const add = (n: string) => sb.git(["worktree", "add", "-q", "-b", n, join(t.dir, n)], { cwd: t.repo });
  for (const n of ["alive", "gone", "gone-old", "gone-locked", "no-gitdir", "empty-gitdir", "gone-noindex"]) add(n);
  const admin = (id: string) => join(t.repo, ".git", "worktrees", id);
  for (const n of ["gone", "gone-old", "gone-locked", "gone-noindex"]) rmSync(join(t.dir, n), { recursive: true });
  sb.git(["worktree", "lock", "--reason", "on a disk", "gone-locked"], { cwd: t.repo });
  const old = Date.now() / 1000 - 10 * DAY;
  utimesSync(join(admin("gone-old"), "index"), old, old);
  rmSync(join(admin("gone-noindex"), "index"));
  rmSync(join(admin("no-gitdir"), "gitdir"));
  writeFileSync(join(admin("empty-gitdir"), "gitdir"), "\n");
  // A copy of alive's admin dir: the same worktree registered twice.
  cpSync(admin("alive"), admin("alive-dup"), { recursive: true });
}

beforeAll(() => {
  sb = createSandbox("rm-wtprune-");
  twins = makeTwins(sb, scenario);
});
afterAll(() => sb.cleanup());

const lines = (s: string) => s.split("\n").filter((l) => l !== "").sort();

describe("worktree prune", () => {
  test("--dry-run --verbose: git's report on stderr, nothing removed", () => {
    for (const expire of [[], ["--expire", "3.days.ago"], ["--expire", "now"], ["--expire", "never"], ["--expire", "2 weeks ago"]]) {
      const before = snapshotTwin(twins.ours);
      const r = both(sb, twins, ["prune", "--dry-run", "--verbose", ...expire]);
      expect(r.ours.code).toBe(0);
      expect(r.ours.stdout).toBe("");
      // git reports in readdir order, we in sorted order: compare the sets.
      expect(lines(r.ours.stderr)).toEqual(lines(r.git.stderr));
      const recentIsStale = expire.length === 0 || expire[1] === "now";
      expect(r.ours.stderr.includes("Removing worktrees/gone: gitdir file points to non-existent location")).toBe(recentIsStale);
      expect(snapshotTwin(twins.ours)).toBe(before);
    }
    const n = both(sb, twins, ["prune", "-n"]);
    expect(lines(n.ours.stderr)).toEqual(lines(n.git.stderr));
  });

  test("--expire keeps missing worktrees with a recent index", () => {
    const r = both(sb, twins, ["prune", "-v", "--expire", "3.days.ago"]);
    expect(lines(r.ours.stderr)).toEqual(lines(r.git.stderr));
    expect(r.ours.stderr).toContain("Removing worktrees/gone-old:");
    expect(r.ours.stderr).not.toContain("Removing worktrees/gone:");
    expect(adminState(twins.ours)).toEqual(adminState(twins.git));
  });

  test("default prune removes the stale and duplicate entries; locked ones stay; git agrees afterwards", () => {
    const r = both(sb, twins, ["prune"]);
    expect(r.ours).toEqual({ stdout: "", stderr: "", code: 0 });
    expect(r.git.code).toBe(0);
    expect(adminState(twins.ours)).toEqual(adminState(twins.git));
    expect(existsSync(join(twins.ours.repo, ".git", "worktrees", "gone-locked"))).toBe(true);
    expect(existsSync(join(twins.ours.repo, ".git", "worktrees", "alive-dup"))).toBe(false);
    const list = both(sb, twins, ["list", "--porcelain"]);
    expect(list.ours.stdout).toBe(list.git.stdout);
    expect(sb.gitRaw(["fsck", "--no-progress"], { cwd: twins.ours.repo }).code).toBe(0);
  });

  test("--json lists what went; an empty worktrees/ directory is removed", () => {
    const dir = join(sb.root, "solo");
    sb.git(["init", "-q", dir]);
    sb.git(["commit", "-q", "--allow-empty", "-m", "x"], { cwd: dir });
    sb.git(["worktree", "add", "-q", join(sb.root, "solo-wt")], { cwd: dir });
    rmSync(join(sb.root, "solo-wt"), { recursive: true });
    const r = sb.run(["worktree", "prune", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ id: "solo-wt", reason: "gitdir file points to non-existent location", removed: true }]);
    expect(existsSync(join(dir, ".git", "worktrees"))).toBe(false);
  });

  test("a prune made by git is read by us, and the reverse (nothing left to do)", () => {
    const r = both(sb, twins, ["prune", "-n", "-v"]);
    expect(r.ours.stderr).toBe("");
    expect(r.git.stderr).toBe("");
  });

  test("bad --expire is a usage error and changes nothing", () => {
    mkdirSync(join(sb.root, "x"), { recursive: true });
    const before = snapshotTwin(twins.ours);
    const r = sb.run(["worktree", "prune", "--expire", "someday"], { cwd: twins.ours.repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("malformed expiration date 'someday'");
    expect(snapshotTwin(twins.ours)).toBe(before);
  });

  test("--help names the options as they are typed (--dry-run, not --dryRun)", () => {
    const r = sb.run(["worktree", "prune", "--help"], { cwd: twins.ours.repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-n, --dry-run");
    expect(r.stdout).not.toContain("dryRun");
  });
});
