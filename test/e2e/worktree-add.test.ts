// End-to-end on the compiled binary (built by `npm test`): worktree add and remove as a
// user runs them, exit codes and streams included, with git checking the result.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
const bin = (args: string[], cwd = repo) => sb.run(args, { cwd, binary: true });

beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createSandbox("rm-e2e-wtadd-");
  repo = initRepo(sb, "repo");
});
afterAll(() => sb.cleanup());

describe("compiled binary: worktree add / remove", () => {
  test("add, then git sees a clean worktree on the new branch; remove deletes it", () => {
    const r = bin(["worktree", "add", "../feature"]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toMatch(/^Preparing worktree \(new branch 'feature'\)\nHEAD is now at [0-9a-f]{7} initial\n$/);
    const wt = join(sb.root, "feature");
    expect(sb.git(["status", "--porcelain"], { cwd: wt })).toBe("");
    expect(sb.git(["rev-parse", "--abbrev-ref", "HEAD"], { cwd: wt })).toBe("feature\n");
    const rm = bin(["worktree", "remove", "feature"]);
    expect(rm).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(existsSync(wt)).toBe(false);
  });

  test("--json on stdout, nothing on stderr", () => {
    const r = bin(["worktree", "add", "--json", "--detach", "../json-wt"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ path: join(sb.root, "json-wt"), id: "json-wt", detached: true, branch: null, checkedOut: true, files: 1 });
    expect(out.head).toBe(sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim());
    const rm = bin(["--json", "worktree", "remove", "../json-wt"]);
    expect(JSON.parse(rm.stdout)).toMatchObject({ removedDirectory: true, id: "json-wt" });
  });

  test("refusals: exit 1 with one error line and a hint, no stack, nothing changed", () => {
    const before = snapshotTree(sb.root);
    const r = bin(["worktree", "add", "../x", "no-such-branch"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("error: invalid reference: no-such-branch\nhint: name a branch, tag or commit that exists (see 'git log --oneline' / 'git branch -a')\n");
    expect(snapshotTree(sb.root)).toBe(before);
  });

  test("usage errors exit 2", () => {
    expect(bin(["worktree", "add"]).code).toBe(2);
    expect(bin(["worktree", "add", "--reason", "x", "../y"]).code).toBe(2);
    expect(bin(["worktree", "add", "--bogus", "../y"]).code).toBe(2);
    expect(bin(["worktree", "remove"]).code).toBe(2);
  });

  test("remove refuses a dirty worktree, -f removes it", () => {
    expect(bin(["worktree", "add", "-q", "../dirty"]).code).toBe(0);
    writeFileSync(join(sb.root, "dirty", "untracked.txt"), "x");
    const r = bin(["worktree", "remove", "../dirty"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("contains modified or untracked files, use --force to delete it");
    expect(bin(["worktree", "remove", "-f", "../dirty"]).code).toBe(0);
    expect(existsSync(join(sb.root, "dirty"))).toBe(false);
  });

  test("--help describes the options", () => {
    const r = bin(["worktree", "add", "--help"]);
    expect(r.code).toBe(0);
    for (const opt of ["-b", "-B", "--detach", "--lock", "--reason", "--no-checkout", "--quiet", "--json"]) expect(r.stdout).toContain(opt.replace("--no-checkout", "--checkout"));
  });
});
