// Relative worktree links, as newer git writes them with worktree.useRelativePaths
// (extensions.relativeWorktrees). git 2.39 refuses such repositories, so the
// expected values are spelled out here instead of asked from git.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
let head: string;
beforeAll(() => {
  sb = createSandbox("rm-wtrel-");
  repo = initRepo(sb);
  head = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
  for (const n of ["rel-a", "rel-b"]) sb.git(["worktree", "add", "-q", "-b", n, join(sb.root, n)], { cwd: repo });
  // Rewrite both links relative, as `git worktree add` does with worktree.useRelativePaths=true.
  for (const n of ["rel-a", "rel-b"]) {
    writeFileSync(join(repo, ".git", "worktrees", n, "gitdir"), `../../../../${n}/.git\n`);
    writeFileSync(join(sb.root, n, ".git"), `gitdir: ../repo/.git/worktrees/${n}\n`);
  }
  sb.git(["config", "core.repositoryformatversion", "1"], { cwd: repo });
  sb.git(["config", "extensions.relativeWorktrees", "true"], { cwd: repo });
});
afterAll(() => sb.cleanup());

const ours = (args: string[], cwd = repo) => sb.run(["worktree", ...args], { cwd });

test("relative links are listed with absolute paths, from the main and a linked worktree", () => {
  const expected =
    `worktree ${repo}\nHEAD ${head}\nbranch refs/heads/main\n\n` +
    `worktree ${join(sb.root, "rel-a")}\nHEAD ${head}\nbranch refs/heads/rel-a\n\n` +
    `worktree ${join(sb.root, "rel-b")}\nHEAD ${head}\nbranch refs/heads/rel-b\n\n`;
  expect(ours(["list", "--porcelain"])).toEqual({ stdout: expected, stderr: "", code: 0 });
  expect(ours(["list", "--porcelain"], join(sb.root, "rel-b")).stdout).toBe(expected);
});

test("prune keeps them; lock finds them by path; move keeps the links relative", () => {
  expect(ours(["prune", "-n", "-v"])).toEqual({ stdout: "", stderr: "", code: 0 });
  expect(ours(["lock", "--reason", "rel", "../rel-a"]).code).toBe(0);
  expect(ours(["unlock", "rel-a"]).code).toBe(0);
  expect(ours(["move", "rel-a", "../rel-a-moved"]).code).toBe(0);
  expect(readFileSync(join(repo, ".git", "worktrees", "rel-a", "gitdir"), "utf8")).toBe("../../../../rel-a-moved/.git\n");
  expect(readFileSync(join(sb.root, "rel-a-moved", ".git"), "utf8")).toBe("gitdir: ../repo/.git/worktrees/rel-a\n");
  const list = JSON.parse(ours(["list", "--json"], join(sb.root, "rel-a-moved")).stdout);
  expect(list.map((w: { path: string; isCurrent: boolean }) => [w.path, w.isCurrent])).toEqual([
    [repo, false],
    [join(sb.root, "rel-a-moved"), true],
    [join(sb.root, "rel-b"), false],
  ]);
  expect(ours(["repair"], join(sb.root, "rel-a-moved"))).toEqual({ stdout: "", stderr: "", code: 0 });
});

test("repair fixes a stale relative link and keeps it relative", () => {
  writeFileSync(join(repo, ".git", "worktrees", "rel-b", "gitdir"), "../../../../elsewhere/.git\n");
  writeFileSync(join(sb.root, "rel-a-moved", ".git"), "gitdir: ../repo/.git/worktrees/nowhere\n");
  const r = ours(["repair", "../rel-b"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe(`repair: gitdir incorrect: ${repo}/.git/worktrees/rel-b/gitdir\nrepair: .git file broken: ${join(sb.root, "rel-a-moved")}\n`);
  expect(readFileSync(join(repo, ".git", "worktrees", "rel-b", "gitdir"), "utf8")).toBe("../../../../rel-b/.git\n");
  expect(readFileSync(join(sb.root, "rel-a-moved", ".git"), "utf8")).toBe("gitdir: ../repo/.git/worktrees/rel-a\n");
});
