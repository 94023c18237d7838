// `worktree list` against `git worktree list` on the same repository state.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;

const git = (args: string[], cwd = repo) => sb.gitRaw(["worktree", ...args], { cwd });
// In-process (sb.exec: a command context over buffers); test/e2e runs the binary.
const ours = (args: string[], cwd = repo) => sb.exec(["worktree", ...args], { cwd });

/** Every form of list, byte for byte. */
async function expectSameAsGit(cwd: string) {
  for (const args of [["list", "--porcelain"], ["list", "--porcelain", "-z"], ["list"], ["list", "-v"]]) {
    const g = git(args, cwd);
    const o = await ours(args, cwd);
    expect(g.code).toBe(0);
    expect({ args, out: o.stdout, code: o.code, err: o.stderr }).toEqual({ args, out: g.stdout, code: 0, err: "" });
  }
}

beforeAll(() => {
  sb = createSandbox("rm-wtlist-");
  repo = initRepo(sb);
  const wt = (...a: string[]) => sb.git(["worktree", "add", "-q", ...a], { cwd: repo });
  wt("-b", "feature", join(sb.root, "wt-feature"));
  wt("--detach", join(sb.root, "wt detached"));
  wt("-b", "uni", join(sb.root, "wt-ünïcödé-日本"));
  wt("-b", "nl", join(sb.root, "wt\nnewline"));
  wt("-b", "locked-plain", join(sb.root, "wt-locked-plain"));
  wt("-b", "locked-reason", join(sb.root, "wt-locked-reason"));
  wt("-b", "gone", join(sb.root, "wt-gone"));
  wt("--detach", join(sb.root, "wt-unborn"));
  // git 2.39 has no `worktree add --orphan`: point HEAD at a branch that does not exist yet.
  sb.git(["symbolic-ref", "HEAD", "refs/heads/not-born-yet"], { cwd: join(sb.root, "wt-unborn") });
  sb.git(["worktree", "lock", join(sb.root, "wt-locked-plain")], { cwd: repo });
  sb.git(["worktree", "lock", "--reason", 'tab\there "quoted" \\ ünï\nnext line', join(sb.root, "wt-locked-reason")], { cwd: repo });
  rmSync(join(sb.root, "wt-gone"), { recursive: true });
});
afterAll(() => sb.cleanup());

describe("worktree list", () => {
  test("porcelain, -z, human and -v are byte-identical to git (spaces, unicode, newline, locked, prunable)", async () => {
    await expectSameAsGit(repo);
  });

  test("the same from a linked worktree and from a subdirectory", async () => {
    await expectSameAsGit(join(sb.root, "wt-feature"));
    mkdirSync(join(repo, "sub"), { recursive: true });
    await expectSameAsGit(join(repo, "sub"));
  });

  test("a tag with a branch's name makes git show heads/<name>; core.abbrev is honoured", async () => {
    sb.git(["tag", "feature"], { cwd: repo });
    await expectSameAsGit(repo);
    expect((await ours(["list"])).stdout).toContain("[heads/feature]");
    sb.git(["tag", "-d", "feature"], { cwd: repo });
    const env = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.abbrev", GIT_CONFIG_VALUE_0: "12" };
    expect(sb.run(["worktree", "list"], { cwd: repo, env }).stdout).toBe(sb.gitRaw(["worktree", "list"], { cwd: repo, env }).stdout);
  });

  test("--json follows the WorktreeJson schema", async () => {
    const r = await ours(["list", "--json"], join(sb.root, "wt-feature"));
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    const head = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
    expect(list[0]).toEqual({
      path: repo,
      head,
      branch: "refs/heads/main",
      detached: false,
      bare: false,
      locked: false,
      lockReason: null,
      prunable: false,
      prunableReason: null,
      isMain: true,
      isCurrent: false,
    });
    const byPath = Object.fromEntries(list.map((w: { path: string }) => [w.path.slice(sb.root.length + 1), w]));
    expect(byPath["wt-feature"]).toMatchObject({ branch: "refs/heads/feature", isCurrent: true, isMain: false });
    expect(byPath["wt detached"]).toMatchObject({ branch: null, detached: true, head });
    expect(byPath["wt-locked-plain"]).toMatchObject({ locked: true, lockReason: "" });
    expect(byPath["wt-locked-reason"]).toMatchObject({ locked: true, lockReason: 'tab\there "quoted" \\ ünï\nnext line' });
    expect(byPath["wt-gone"]).toMatchObject({ prunable: true, prunableReason: "gitdir file points to non-existent location" });
    expect(list.filter((w: { isCurrent: boolean }) => w.isCurrent)).toHaveLength(1);
  });

  test("--expire: a missing worktree with a fresh index is not prunable until it expires", async () => {
    for (const expire of ["now", "never", "2.weeks.ago", "1 day ago", "2000-01-01"]) {
      const g = git(["list", "--porcelain", "--expire", expire]);
      expect((await ours(["list", "--porcelain", "--expire", expire])).stdout).toBe(g.stdout);
    }
  });

  test("unborn branch: null HEAD, branch kept", async () => {
    const dir = join(sb.root, "unborn-main");
    sb.git(["init", "-q", dir]);
    await expectSameAsGit(dir);
    expect(JSON.parse((await ours(["list", "--json"], dir)).stdout)[0]).toMatchObject({ head: null, branch: "refs/heads/main", detached: false });
  });

  test("bare repository with linked worktrees", async () => {
    const bare = join(sb.root, "bare.git");
    sb.git(["clone", "-q", "--bare", repo, bare]);
    sb.git(["worktree", "add", "-q", join(sb.root, "from-bare")], { cwd: bare });
    sb.git(["worktree", "add", "-q", "--detach", join(sb.root, "from-bare-2")], { cwd: bare });
    await expectSameAsGit(bare);
    await expectSameAsGit(join(sb.root, "from-bare"));
    expect(JSON.parse((await ours(["list", "--json"], bare)).stdout)[0]).toMatchObject({ bare: true, isMain: true, isCurrent: true });
  });

  test("core.quotePath=false leaves non-ASCII lock reasons unquoted, as git", async () => {
    const env = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.quotePath", GIT_CONFIG_VALUE_0: "false" };
    const g = sb.gitRaw(["worktree", "list", "--porcelain"], { cwd: repo, env });
    const o = sb.run(["worktree", "list", "--porcelain"], { cwd: repo, env });
    expect(o.stdout).toBe(g.stdout);
    expect(o.stdout).toContain("ünï");
  });

  test("a damaged admin dir: missing gitdir is skipped, a garbage HEAD is '(error)', a missing HEAD 'detached', as git shows them", async () => {
    const dir = join(sb.root, "damaged");
    sb.git(["init", "-q", dir]);
    sb.git(["commit", "-q", "--allow-empty", "-m", "x"], { cwd: dir });
    sb.git(["worktree", "add", "-q", join(sb.root, "dmg-a")], { cwd: dir });
    sb.git(["worktree", "add", "-q", join(sb.root, "dmg-b")], { cwd: dir });
    sb.git(["worktree", "add", "-q", join(sb.root, "dmg-c")], { cwd: dir });
    rmSync(join(dir, ".git", "worktrees", "dmg-a", "gitdir"));
    writeFileSync(join(dir, ".git", "worktrees", "dmg-b", "HEAD"), "garbage\n");
    // git resolves a missing HEAD without RESOLVE_REF_READING: the null id, not a symref, so "detached".
    rmSync(join(dir, ".git", "worktrees", "dmg-c", "HEAD"));
    // A symref to a bad ref name (here one escaping refs/ with "..") is not followed: "(error)".
    sb.git(["worktree", "add", "-q", join(sb.root, "dmg-d")], { cwd: dir });
    writeFileSync(join(dir, ".git", "worktrees", "dmg-d", "HEAD"), "ref: refs/heads/x/../../../HEAD\n");
    for (const args of [["list", "--porcelain"], ["list"], ["list", "-v"]]) {
      const g = git(args, dir);
      const o = await ours(args, dir);
      expect(o.stdout).toBe(g.stdout);
    }
    const c = (JSON.parse((await ours(["list", "--json"], dir)).stdout) as { path: string }[]).find((w) => w.path === join(sb.root, "dmg-c"));
    expect(c).toMatchObject({ head: null, branch: null, detached: true });
  });

  test("refusals: usage errors exit 2, outside a repository exits 1", async () => {
    const a = await ours(["list", "-v", "--porcelain"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("'--verbose' and '--porcelain' cannot be used together");
    const b = await ours(["list", "-z"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("'-z' requires '--porcelain'");
    const c = await ours(["list", "--expire", "whenever"]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("malformed expiration date 'whenever'");
    const outside = join(sb.root, "not-a-repo");
    mkdirSync(outside, { recursive: true });
    const d = sb.run(["worktree", "list"], { cwd: outside, env: { GIT_CEILING_DIRECTORIES: sb.root } });
    expect(d.code).toBe(1);
    expect(d.stderr).toContain("not a git repository");
    expect(d.stdout).toBe("");
  });
});
