// A recovery marker (repo-manager-add) that does not parse as ours is foreign: prune never acts on it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { findInterruptedAdd, readAddMarker } from "../../src/core/worktree/add-recovery.ts";
import { ADD_MARKER } from "../../src/git/worktree/add-marker.ts";
import { discoverRepositorySync } from "../../src/git/repo/discovery.ts";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
let wt: string;
let admin: string;
let tip: string;
/** A marker our add would write for `worktree add -b victim <wt>`, from a process that died. */
let good: Record<string, unknown>;
beforeAll(() => {
  sb = createSandbox("rm-marker-");
  repo = initRepo(sb);
  wt = join(sb.root, "wt");
  sb.git(["worktree", "add", "-q", "-b", "victim", wt], { cwd: repo });
  admin = join(repo, ".git", "worktrees", "wt");
  writeFileSync(join(admin, "locked"), "initializing\n");
  tip = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
  const rollback = {
    adminDir: admin,
    worktree: { path: wt, created: wt },
    branch: { ref: "refs/heads/victim", oldOid: null, newOid: tip, reflogSize: null },
    config: null,
  };
  good = { version: 1, pid: 999_999_999, host: hostname(), started: new Date(0).toISOString(), lock: "initializing", rollback };
});
afterAll(() => sb.cleanup());

const rb = () => good.rollback as Record<string, unknown>;
const foreign: [string, () => string][] = [
  ["not JSON", () => "{"],
  ["a JSON array", () => JSON.stringify([good])],
  ["another version", () => JSON.stringify({ ...good, version: 2 })],
  // process.kill(-n, 0) tests a process group: a missing group would make the add look dead.
  ["a negative pid", () => JSON.stringify({ ...good, pid: -424242 })],
  ["a pid that is not an integer", () => JSON.stringify({ ...good, pid: 1.5 })],
  ["no rollback at all", () => JSON.stringify({ ...good, rollback: null })],
  ["a worktree path that is not a string", () => JSON.stringify({ ...good, rollback: { ...rb(), worktree: { path: 42, created: null } } })],
  ["a branch outside refs/heads", () => JSON.stringify({ ...good, rollback: { ...rb(), branch: { ref: "refs/tags/v1", oldOid: null, newOid: tip, reflogSize: null } } })],
  ["an object id that is not one", () => JSON.stringify({ ...good, rollback: { ...rb(), branch: { ref: "refs/heads/victim", oldOid: null, newOid: "HEAD", reflogSize: null } } })],
  ["config restore of the wrong shape", () => JSON.stringify({ ...good, rollback: { ...rb(), config: { file: join(repo, ".git", "config"), restore: "everything" } } })],
];

describe("the recovery marker is parsed, not cast", () => {
  test("control: the marker a dead add leaves is recognised", () => {
    writeFileSync(join(admin, ADD_MARKER), JSON.stringify(good));
    const { repo: r } = discoverRepositorySync(repo, sb.env);
    expect(readAddMarker(admin)).toEqual(good as never);
    expect(findInterruptedAdd(r, "wt", () => false)).not.toBeNull();
  });

  for (const [what, text] of foreign) {
    test(`${what}: not ours; prune leaves the worktree, its branch and everything else alone`, () => {
      writeFileSync(join(admin, ADD_MARKER), text());
      const { repo: r } = discoverRepositorySync(repo, sb.env);
      expect(readAddMarker(admin)).toBeNull();
      expect(findInterruptedAdd(r, "wt", () => false)).toBeNull();
      // The repository and the worktree (not all of sb.root: HOME gets Bun's transpiler cache).
      const snap = () => snapshotTree(repo) + snapshotTree(wt);
      const before = snap();
      const p = sb.run(["worktree", "prune", "-v"], { cwd: repo });
      expect(p.code).toBe(0);
      expect(p.stderr).toBe("");
      expect(snap()).toBe(before);
      expect(readFileSync(join(admin, "locked"), "utf8")).toBe("initializing\n");
      expect(sb.git(["rev-parse", "refs/heads/victim"], { cwd: repo }).trim()).toBe(tip);
    });
  }
});
