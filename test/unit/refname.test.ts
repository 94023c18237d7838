// Ref-name rules against `git check-ref-format` as the oracle, on names chosen to hit
// every rule of check_refname_format and strbuf_check_branch_ref.
import { describe, expect, test } from "bun:test";
import { branchNameProblem, isValidRefname, refnameProblem } from "../../src/git/refs/refname.ts";

const NAMES = [
  "refs/heads/main", "refs/heads/feature/x", "heads/main", "main", "refs/heads/a..b", "refs/heads/a.", "refs/heads/.a",
  "refs/heads/a.lock", "refs/heads/a.lock/b", "refs/heads/a/.b", "refs/heads//a", "refs/heads/a/", "/refs/heads/a",
  "refs/heads/a b", "refs/heads/a\tb", "refs/heads/a~1", "refs/heads/a^", "refs/heads/a:b", "refs/heads/a?", "refs/heads/a[b",
  "refs/heads/a\\b", "refs/heads/a*", "refs/heads/a@{1}", "refs/heads/@", "@", "refs/heads/a@b", "refs/heads/{a}",
  "refs/heads/ünïcödé", "refs/heads/a\x7f", "refs/heads/a\x01", "refs/heads/-dash", "refs/heads/HEAD", "refs/heads/a.b.c",
  "refs/heads/..", "refs/heads/.", "refs/heads/a/..lock", "refs/heads/lock.lock.lock", "refs/heads/x.lockx",
];
const BRANCHES = ["main", "-x", "HEAD", "a..b", "feature/x", "x.lock", "with space", "a@{b", "@", "ok@", "ünï", "a/", "x//y", "."];

function git(args: string[]): number {
  const p = Bun.spawnSync(["git", ...args], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: "/nonexistent" }, stderr: "ignore", stdout: "ignore" });
  return p.exitCode ?? 128;
}

describe("check_refname_format, as git check-ref-format", () => {
  for (const name of NAMES) {
    test(JSON.stringify(name), () => {
      expect(isValidRefname(name)).toBe(git(["check-ref-format", name]) === 0);
      expect(isValidRefname(name, { allowOneLevel: true })).toBe(git(["check-ref-format", "--allow-onelevel", name]) === 0);
    });
  }
  test("refspec patterns allow exactly one '*'", () => {
    expect(isValidRefname("refs/heads/*", { refspecPattern: true })).toBe(git(["check-ref-format", "--refspec-pattern", "refs/heads/*"]) === 0);
    expect(isValidRefname("refs/*/a*", { refspecPattern: true })).toBe(git(["check-ref-format", "--refspec-pattern", "refs/*/a*"]) === 0);
  });
  test("every refusal says why", () => {
    expect(refnameProblem("refs/heads/a..b")).toContain("..");
    expect(refnameProblem("refs/heads/a.lock")).toContain(".lock");
  });
});

describe("branch names, as git check-ref-format --branch", () => {
  for (const name of BRANCHES) {
    test(JSON.stringify(name), () => {
      // outside a repository --branch checks refs/heads/<name> and the '-' / HEAD rules
      expect(branchNameProblem(name) === null).toBe(git(["check-ref-format", "--branch", name]) === 0);
    });
  }
});
