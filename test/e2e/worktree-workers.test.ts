// End-to-end on the compiled binary (built by `npm test`): the checkout and remove workers are extra
// entry points of the build (scripts/build.ts ENTRY_POINTS). Forced on, the binary must
// really start it: a worker that cannot load falls back to one thread and, when forced, says
// so on stderr, which must stay empty here.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BINARY, createSandbox, type Sandbox } from "../helpers/sandbox.ts";
import { FIXTURE_FILES, makeParallelRepo } from "../integration/checkout-parallel-fixture.ts";

let sb: Sandbox;
let repo: string;

beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createSandbox("rm-e2e-wtpar-");
  repo = makeParallelRepo(sb, "repo");
});
afterAll(() => sb.cleanup());

describe("compiled binary: worktree add with the checkout worker", () => {
  for (const workers of ["1", "0"]) {
    test(`REPO_MANAGER_CHECKOUT_WORKERS=${workers}: the worker (or not) writes a worktree git finds clean`, () => {
      const wt = join(sb.root, `wt-${workers}`);
      const r = sb.run(["worktree", "add", "--json", "--detach", wt], { cwd: repo, binary: true, env: { REPO_MANAGER_CHECKOUT_WORKERS: workers } });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ path: wt, detached: true, checkedOut: true });
      expect(sb.git(["diff-files", "--name-only"], { cwd: wt })).toBe("");
      expect(sb.git(["status", "--porcelain"], { cwd: wt })).toBe("");
      const lsTree = sb.git(["ls-tree", "-r", "HEAD"], { cwd: wt }).replace(/^(\d+) \w+ ([0-9a-f]+)\t/gm, "$1 $2 0\t");
      expect(sb.git(["ls-files", "-s"], { cwd: wt })).toBe(lsTree);
      expect(lsTree.split("\n").length).toBeGreaterThan(FIXTURE_FILES);
      const diff = Bun.spawnSync(["git", "diff", "--no-index", "--quiet", join(sb.root, "wt-1", "d1"), join(wt, "d1")]);
      expect(diff.exitCode).toBe(0);
    });
  }
});

describe("compiled binary: worktree remove with the remove worker", () => {
  // Forced on, a worker that cannot load is reported on stderr: empty stderr means the binary started it.
  for (const workers of ["1", "0"]) {
    test(`REPO_MANAGER_REMOVE_WORKERS=${workers}: the worktree and its admin dir are deleted`, () => {
      const wt = join(sb.root, `rm-${workers}`);
      expect(sb.run(["worktree", "add", "-q", "--detach", wt], { cwd: repo, binary: true }).code).toBe(0);
      const r = sb.run(["worktree", "remove", wt], { cwd: repo, binary: true, env: { REPO_MANAGER_REMOVE_WORKERS: workers } });
      expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(existsSync(wt)).toBe(false);
      expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).not.toContain(wt);
    });
  }
});
