// worktree add against the real git as the oracle: a rich fixture (exec bits, symlinks,
// submodule, eol attributes, unicode/space paths, deep deltas, two packs, a 64-bit
// offset idx, loose objects), an alternate, and git's behaviour for each argument form.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";
import { expectCommitWorks, expectGitAgrees, richRepo } from "./worktree-add-fixtures.ts";

let sb: Sandbox;
let rich: string;

beforeAll(() => {
  sb = createSandbox("rm-wtadd-");
  rich = richRepo(sb);
});
afterAll(() => sb.cleanup());

const head = (dir: string, rev = "HEAD") => sb.git(["rev-parse", rev], { cwd: dir }).trim();

describe("worktree add on the rich fixture", () => {
  test("new branch named after the path, from HEAD: git agrees on everything", () => {
    const wt = join(sb.root, "wt-new");
    const r = sb.run(["worktree", "add", "../wt-new"], { cwd: rich });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Preparing worktree (new branch 'wt-new')");
    expect(r.stderr).toMatch(/HEAD is now at [0-9a-f]{7} loose\n/);
    expectGitAgrees(sb, rich, wt, head(rich), "refs/heads/wt-new");
    // attributes applied: eol=crlf gets CRLF, eol=lf keeps LF, binary untouched
    expect(readFileSync(join(wt, "a.crlf"), "utf8")).toBe("one\r\ntwo\r\n");
    expect(readFileSync(join(wt, "b.lf"), "utf8")).toBe("one\ntwo\n");
    expect(existsSync(join(wt, "sub"))).toBe(true);
    expectCommitWorks(sb, wt, "dir with space/ünïcödé/fïle näme.txt");
  });

  test("an older commit (deep in the delta chain, in the 64-bit-offset pack) gives a detached HEAD", () => {
    const old = head(rich, "HEAD~5");
    const r = sb.run(["worktree", "add", "../wt-old", "HEAD~5"], { cwd: rich });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Preparing worktree (detached HEAD ${old.slice(0, 7)})`);
    expectGitAgrees(sb, rich, join(sb.root, "wt-old"), old, null);
  });

  test("abbreviated ids and ^/~ suffixes resolve as git rev-parse does", () => {
    const want = head(rich, "HEAD~2^{commit}");
    const r = sb.run(["worktree", "add", "--json", "../wt-abbrev", want.slice(0, 8)], { cwd: rich });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ head: want, detached: true, branch: null, checkedOut: true, locked: false });
    expect(json.files).toBeGreaterThan(5);
    expectGitAgrees(sb, rich, join(sb.root, "wt-abbrev"), want, null);
  });

  test("an alternate object store (clone --shared)", () => {
    const alt = join(sb.root, "alt");
    sb.git(["clone", "-q", "--shared", rich, alt]);
    expect(existsSync(join(alt, ".git", "objects", "info", "alternates"))).toBe(true);
    const r = sb.run(["worktree", "add", "--detach", "../alt-wt"], { cwd: alt });
    expect(r.code).toBe(0);
    expectGitAgrees(sb, alt, join(sb.root, "alt-wt"), head(alt), null);
  });
});

describe("git's argument forms", () => {
  let repo: string;
  beforeAll(() => {
    repo = initRepo(sb, "forms");
    sb.git(["branch", "existing"], { cwd: repo });
    sb.git(["tag", "-a", "-m", "v1", "v1"], { cwd: repo });
    // a remote with a branch, for the DWIM of origin/<x>
    const upstream = initRepo(sb, "forms-upstream");
    sb.git(["branch", "feature"], { cwd: upstream });
    sb.git(["branch", "guessed"], { cwd: upstream });
    sb.git(["remote", "add", "origin", upstream], { cwd: repo });
    sb.git(["fetch", "-q", "origin"], { cwd: repo });
  });

  test("add ../existing checks out the existing branch", () => {
    const r = sb.run(["worktree", "add", "../existing"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Preparing worktree (checking out 'existing')");
    expectGitAgrees(sb, repo, join(sb.root, "existing"), head(repo), "refs/heads/existing");
  });

  test("a tag gives a detached HEAD at the tagged commit", () => {
    const r = sb.run(["worktree", "add", "../at-tag", "v1"], { cwd: repo });
    expect(r.code).toBe(0);
    expectGitAgrees(sb, repo, join(sb.root, "at-tag"), head(repo, "v1^{commit}"), null);
  });

  test("'feature' (only on origin) DWIMs to a new tracking branch, with git's config", () => {
    const r = sb.run(["worktree", "add", "../feat", "feature"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Preparing worktree (new branch 'feature')");
    expect(r.stderr).toContain("branch 'feature' set up to track 'origin/feature'.");
    expect(sb.git(["config", "branch.feature.remote"], { cwd: repo })).toBe("origin\n");
    expect(sb.git(["config", "branch.feature.merge"], { cwd: repo })).toBe("refs/heads/feature\n");
    expectGitAgrees(sb, repo, join(sb.root, "feat"), head(repo, "origin/feature"), "refs/heads/feature");
  });

  test("-b x origin/feature sets the upstream; --guess-remote uses the path's name", () => {
    expect(sb.run(["worktree", "add", "-b", "x", "../x", "origin/feature"], { cwd: repo }).code).toBe(0);
    expect(sb.git(["rev-parse", "--abbrev-ref", "x@{upstream}"], { cwd: repo })).toBe("origin/feature\n");
    const r = sb.run(["worktree", "add", "--guess-remote", "../guessed"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(sb.git(["rev-parse", "--abbrev-ref", "guessed@{upstream}"], { cwd: repo })).toBe("origin/guessed\n");
    expectGitAgrees(sb, repo, join(sb.root, "guessed"), head(repo, "origin/guessed"), "refs/heads/guessed");
  });

  test("--lock --reason, --no-checkout, --quiet", () => {
    const r = sb.run(["worktree", "add", "--lock", "--reason", "on a stick", "--no-checkout", "--quiet", "../locked"], { cwd: repo });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const porcelain = sb.git(["worktree", "list", "--porcelain"], { cwd: repo });
    expect(porcelain).toContain(`worktree ${join(sb.root, "locked")}\nHEAD ${head(repo)}\nbranch refs/heads/locked\nlocked on a stick\n`);
    expect(existsSync(join(sb.root, "locked", "README.md"))).toBe(false);
    expect(existsSync(join(repo, ".git", "worktrees", "locked", "index"))).toBe(false);
  });

  test("-B resets an existing branch that is not checked out", () => {
    sb.git(["commit", "-q", "--allow-empty", "-m", "next"], { cwd: repo });
    sb.git(["branch", "old-base", "HEAD"], { cwd: repo });
    const r = sb.run(["worktree", "add", "-B", "old-base", "../reset", "v1"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Preparing worktree \(resetting branch 'old-base'; was at [0-9a-f]{7}\)/);
    const log = readFileSync(join(repo, ".git", "logs", "refs", "heads", "old-base"), "utf8");
    expect(log.trimEnd().split("\n").at(-1)).toContain("\tbranch: Reset to v1");
  });
});
