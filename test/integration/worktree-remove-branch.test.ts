// `worktree remove --delete-branch` / `-D` against git: the branch goes as
// `git branch -D` removes it (ref, packed line, reflog, [branch] config; the
// oracle is git itself on a copy of the same repository), and only when it is
// integrated into its upstream or the default branch (squash-aware).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = createSandbox("rm-rmbranch-");
});
afterAll(() => sb.cleanup());

/** A repository with a worktree on branch `feat` (one commit), tracking main; `squash` merges it into main by squash. */
function scenario(opts: { squash: boolean; pack?: boolean; mainMoves?: boolean }) {
  const dir = join(sb.root, `s${n++}`);
  const repo = join(dir, "repo");
  sb.git(["init", "-q", "-b", "main", repo]);
  const git = (args: string[], cwd = repo) => sb.git(args, { cwd }).trim();
  writeFileSync(join(repo, "a.txt"), "a\n");
  git(["add", "a.txt"]);
  git(["commit", "-q", "-m", "base"]);
  git(["worktree", "add", "-q", "-b", "feat", join(dir, "wt")]);
  git(["config", "branch.feat.remote", "."]);
  git(["config", "branch.feat.merge", "refs/heads/main"]);
  writeFileSync(join(dir, "wt", "a.txt"), "feature\n");
  git(["commit", "-q", "-am", "feature"], join(dir, "wt"));
  if (opts.mainMoves) {
    writeFileSync(join(repo, "b.txt"), "b\n");
    git(["add", "b.txt"]);
    git(["commit", "-q", "-m", "main moves on"]);
  }
  if (opts.squash) {
    git(["merge", "-q", "--squash", "feat"]);
    git(["commit", "-q", "-m", "squashed feat"]);
  }
  if (opts.pack) git(["pack-refs", "--all"]);
  return { dir, repo, git, tip: git(["rev-parse", "feat"]) };
}

/**
 * What git leaves after `worktree remove` + `branch -D` in a twin built the
 * same way (the sandbox fixes author and committer dates, so ids are equal).
 */
function gitOracle(opts: { squash: boolean; pack?: boolean; mainMoves?: boolean }): { config: string; packed: string | null } {
  const twin = scenario(opts);
  twin.git(["worktree", "remove", join(twin.dir, "wt")]);
  twin.git(["branch", "-D", "feat"]);
  const packed = join(twin.repo, ".git", "packed-refs");
  return { config: readFileSync(join(twin.repo, ".git", "config"), "utf8"), packed: existsSync(packed) ? readFileSync(packed, "utf8") : null };
}

describe("worktree remove --delete-branch", () => {
  test("a squash-merged branch (main unchanged otherwise: the same tree) is deleted as git branch -D deletes it (ref, reflog, [branch] config)", async () => {
    const s = scenario({ squash: true });
    const oracle = gitOracle({ squash: true });
    const r = await sb.exec(["worktree", "remove", "--delete-branch", "../wt"], { cwd: s.repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Deleted branch feat: integrated into main (same-tree)\n");
    expect(existsSync(join(s.dir, "wt"))).toBe(false);
    expect(sb.gitRaw(["rev-parse", "--verify", "-q", "refs/heads/feat"], { cwd: s.repo }).code).not.toBe(0);
    expect(existsSync(join(s.repo, ".git", "logs", "refs", "heads", "feat"))).toBe(false);
    expect(readFileSync(join(s.repo, ".git", "config"), "utf8")).toBe(oracle.config);
    expect(sb.gitRaw(["fsck", "--no-progress"], { cwd: s.repo }).code).toBe(0);
  });

  test("a packed branch squash-merged into a main that moved on (changes present): its line leaves packed-refs exactly as git's", async () => {
    const s = scenario({ squash: true, pack: true, mainMoves: true });
    const oracle = gitOracle({ squash: true, pack: true, mainMoves: true });
    const r = await sb.exec(["worktree", "remove", "--delete-branch", "../wt", "--json"], { cwd: s.repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).branchOutcome).toMatchObject({ branch: "feat", deleted: true, integration: "changes-present", integratedInto: "refs/heads/main" });
    expect(readFileSync(join(s.repo, ".git", "packed-refs"), "utf8")).toBe(oracle.packed as string);
    expect(existsSync(join(s.repo, ".git", "refs", "heads", "feat.lock"))).toBe(false);
  });

  test("an unmerged branch is kept and the reason said; the worktree is still removed; exit 0", async () => {
    const s = scenario({ squash: false });
    const configBefore = readFileSync(join(s.repo, ".git", "config"), "utf8");
    const r = await sb.exec(["worktree", "remove", "--delete-branch", "../wt"], { cwd: s.repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Kept branch feat: it is not integrated into main\n");
    expect(existsSync(join(s.dir, "wt"))).toBe(false);
    expect(s.git(["rev-parse", "feat"])).toBe(s.tip);
    expect(existsSync(join(s.repo, ".git", "logs", "refs", "heads", "feat"))).toBe(true);
    expect(readFileSync(join(s.repo, ".git", "config"), "utf8")).toBe(configBefore);
  });

  test("-D deletes an unmerged branch without the check, as git branch -D", async () => {
    const s = scenario({ squash: false });
    const oracle = gitOracle({ squash: false });
    const r = await sb.exec(["worktree", "remove", "-D", "../wt"], { cwd: s.repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Deleted branch feat: deleted without checking (-D)\n");
    expect(sb.gitRaw(["rev-parse", "--verify", "-q", "refs/heads/feat"], { cwd: s.repo }).code).not.toBe(0);
    expect(readFileSync(join(s.repo, ".git", "config"), "utf8")).toBe(oracle.config);
  });

  test("a refused remove (changes) deletes no branch either", async () => {
    const s = scenario({ squash: true });
    writeFileSync(join(s.dir, "wt", "a.txt"), "edited\n");
    const r = await sb.exec(["worktree", "remove", "--delete-branch", "../wt"], { cwd: s.repo });
    expect(r.code).toBe(1);
    expect(s.git(["rev-parse", "feat"])).toBe(s.tip);
    expect(existsSync(join(s.dir, "wt", "a.txt"))).toBe(true);
  });
});
