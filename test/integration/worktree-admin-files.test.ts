// The admin files `worktree add` writes (src/git/worktree/), byte for byte against git's.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;

beforeAll(() => {
  sb = createSandbox("rm-wtadmin-");
  repo = initRepo(sb);
});
afterAll(() => sb.cleanup());

const admin = (id: string) => join(repo, ".git", "worktrees", id);

describe("worktree add --lock writes `locked` as git does", () => {
  const cases: [string, string[]][] = [
    ["empty-reason", ["--reason", ""]],
    ["a-reason", ["--reason", "on a stick"]],
    ["newline-reason", ["--reason", "two\nlines\n"]],
    ["no-reason", []],
  ];
  for (const [name, extra] of cases) {
    test(`--lock ${extra.map((a) => JSON.stringify(a)).join(" ")}`, () => {
      sb.git(["worktree", "add", "-q", "--detach", "--lock", ...extra, `../git-${name}`], { cwd: repo });
      const r = sb.run(["worktree", "add", "-q", "--detach", "--lock", ...extra, `../ours-${name}`], { cwd: repo });
      expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
      expect(readFileSync(join(admin(`ours-${name}`), "locked"), "latin1")).toBe(readFileSync(join(admin(`git-${name}`), "locked"), "latin1"));
      expect(existsSync(join(admin(`ours-${name}`), "locked.lock"))).toBe(false);
    });
  }

  test("without --lock, `locked` is gone once the worktree is complete", () => {
    expect(sb.run(["worktree", "add", "-q", "--detach", "../unlocked"], { cwd: repo }).code).toBe(0);
    expect(existsSync(join(admin("unlocked"), "locked"))).toBe(false);
  });
});
