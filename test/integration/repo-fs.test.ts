// isomorphic-git over src/git/repo-fs.ts in a linked worktree, checked against the real git.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import git from "isomorphic-git";
import { discoverRepositorySync } from "../../src/git/repo/discovery.ts";
import { createRepoFs, mapGitPath, VIRTUAL_GITDIR } from "../../src/git/repo-fs.ts";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
let wt: string;
beforeAll(() => {
  sb = createSandbox("rm-repofs-");
  repo = initRepo(sb);
  wt = join(sb.root, "linked");
  sb.git(["worktree", "add", "-q", "-b", "feature", wt], { cwd: repo });
  sb.git(["commit", "-q", "--allow-empty", "-m", "on feature"], { cwd: wt });
  // A per-worktree ref: lives in worktrees/linked/refs/worktree/, invisible from the main worktree.
  sb.git(["update-ref", "refs/worktree/mark", "HEAD"], { cwd: wt });
  sb.git(["config", "repofs.value", "from the common config"], { cwd: repo });
});
afterAll(() => sb.cleanup());

describe("repo-fs: isomorphic-git sees a linked worktree as git does", () => {
  test("per-worktree paths map to the worktree's git dir, the rest to the common dir", () => {
    const r = discoverRepositorySync(wt, sb.env).repo;
    expect(mapGitPath(r, "HEAD")).toBe(join(r.gitDir, "HEAD"));
    expect(mapGitPath(r, "index")).toBe(join(r.gitDir, "index"));
    expect(mapGitPath(r, "refs/worktree/mark")).toBe(join(r.gitDir, "refs/worktree/mark"));
    expect(mapGitPath(r, "logs/HEAD")).toBe(join(r.gitDir, "logs/HEAD"));
    expect(mapGitPath(r, "refs/heads/feature")).toBe(join(r.commonDir, "refs/heads/feature"));
    expect(mapGitPath(r, "config")).toBe(join(r.commonDir, "config"));
    expect(mapGitPath(r, "objects/pack")).toBe(join(r.commonDir, "objects/pack"));
  });

  test("reads: HEAD, current branch, a per-worktree ref, config, log", async () => {
    const fs = createRepoFs(discoverRepositorySync(wt, sb.env).repo);
    const rev = (what: string) => sb.git(["rev-parse", what], { cwd: wt }).trim();
    expect(await git.resolveRef({ fs, gitdir: VIRTUAL_GITDIR, ref: "HEAD" })).toBe(rev("HEAD"));
    expect(await git.currentBranch({ fs, gitdir: VIRTUAL_GITDIR, fullname: true })).toBe("refs/heads/feature");
    expect(await git.resolveRef({ fs, gitdir: VIRTUAL_GITDIR, ref: "refs/worktree/mark" })).toBe(rev("refs/worktree/mark"));
    expect(await git.getConfig({ fs, gitdir: VIRTUAL_GITDIR, path: "repofs.value" })).toBe("from the common config");
    const log = await git.log({ fs, gitdir: VIRTUAL_GITDIR, depth: 2 });
    expect(log.map((c) => c.oid)).toEqual([rev("HEAD"), rev("HEAD~1")]);
    expect((await git.listBranches({ fs, gitdir: VIRTUAL_GITDIR })).sort()).toEqual(["feature", "main"]);
  });

  test("writes go to the common dir under the lock protocol, and git reads them", async () => {
    const r = discoverRepositorySync(wt, sb.env).repo;
    const fs = createRepoFs(r);
    const head = sb.git(["rev-parse", "HEAD"], { cwd: wt }).trim();
    await git.writeRef({ fs, gitdir: VIRTUAL_GITDIR, ref: "refs/heads/made-by-iso", value: head });
    expect(sb.git(["rev-parse", "made-by-iso"], { cwd: repo }).trim()).toBe(head);
    expect(existsSync(join(r.commonDir, "refs/heads/made-by-iso.lock"))).toBe(false);
    expect(sb.gitRaw(["fsck", "--no-progress"], { cwd: repo }).code).toBe(0);
  });
});
