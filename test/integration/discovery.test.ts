// Repository discovery, config loading and ref reading against repositories made by the real git.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/git/config/config.ts";
import { discoverRepositorySync } from "../../src/git/repo/discovery.ts";
import { readRefRaw, resolveRefIn } from "../../src/git/refs/refs.ts";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
beforeAll(() => {
  sb = createSandbox();
  repo = initRepo(sb);
  mkdirSync(join(repo, "sub", "deeper"), { recursive: true });
  sb.git(["worktree", "add", "-q", "-b", "feature", join(sb.root, "wt")], { cwd: repo });
  sb.git(["init", "-q", "--bare", join(sb.root, "bare.git")]);
});
afterAll(() => sb.cleanup());

const discover = (cwd: string, env: Record<string, string> = {}) => discoverRepositorySync(cwd, { ...sb.env, ...env }).repo;
const gitPath = (cwd: string, what: string) => sb.git(["rev-parse", "--path-format=absolute", what], { cwd }).trim();

describe("discoverRepository", () => {
  test("main worktree, from a subdirectory", () => {
    const r = discover(join(repo, "sub", "deeper"));
    expect(r.worktree).toBe(sb.git(["rev-parse", "--show-toplevel"], { cwd: join(repo, "sub") }).trim());
    expect(r.gitDir).toBe(gitPath(repo, "--git-dir"));
    expect(r.commonDir).toBe(gitPath(repo, "--git-common-dir"));
    expect(r.isLinked).toBe(false);
    expect(r.bare).toBe(false);
    expect(r.mainWorktree).toBe(repo);
  });

  test("linked worktree follows the .git file and commondir", () => {
    const wt = join(sb.root, "wt");
    const r = discover(wt);
    expect(r.worktree).toBe(wt);
    expect(r.gitDir).toBe(gitPath(wt, "--git-dir"));
    expect(r.commonDir).toBe(gitPath(wt, "--git-common-dir"));
    expect(r.isLinked).toBe(true);
    expect(r.mainWorktree).toBe(repo);
  });

  test("bare repository, and inside its refs dir", () => {
    const bare = join(sb.root, "bare.git");
    for (const cwd of [bare, join(bare, "refs")]) {
      const r = discover(cwd);
      expect(r.bare).toBe(true);
      expect(r.worktree).toBeNull();
      expect(r.gitDir).toBe(bare);
      expect(r.mainIsBare).toBe(true);
      expect(r.mainWorktree).toBe(bare);
    }
  });

  test("GIT_DIR and GIT_WORK_TREE are honoured", () => {
    const r = discover(sb.root, { GIT_DIR: join(repo, ".git"), GIT_WORK_TREE: repo });
    expect(r.worktree).toBe(repo);
    expect(r.gitDir).toBe(join(repo, ".git"));
  });

  test("outside any repository: NotARepositoryError, and GIT_CEILING_DIRECTORIES stops the walk", () => {
    const outside = join(sb.root, "outside");
    mkdirSync(outside, { recursive: true });
    expect(() => discover(outside)).toThrow("not a git repository");
    expect(() => discover(join(repo, "sub"), { GIT_CEILING_DIRECTORIES: repo })).toThrow("not a git repository");
  });

  test("a .git file naming a git dir that is gone, or a GIT_DIR that is no repository: git's message, and what to do", () => {
    // As git: the walk stops at the .git file (it does not go on to a parent repository).
    const wt = join(sb.root, "dangling-wt");
    mkdirSync(join(wt, "sub"), { recursive: true });
    const gone = join(sb.root, "moved-away", ".git", "worktrees", "dangling-wt");
    writeFileSync(join(wt, ".git"), `gitdir: ${gone}\n`);
    expect(sb.gitRaw(["rev-parse", "--git-dir"], { cwd: join(wt, "sub") }).stderr.trim()).toBe(`fatal: not a git repository: ${gone}`);
    let error: { code?: string; message?: string; hint?: string } = {};
    try {
      discover(join(wt, "sub"));
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.message).toBe(`not a git repository: ${gone}`);
    expect(error.code).toBe("E_NOT_A_REPOSITORY");
    expect(error.hint).toContain(`repo-manager worktree repair ${wt}`);
    const notRepo = join(sb.root, "outside-gitdir");
    mkdirSync(notRepo, { recursive: true });
    expect(() => discover(sb.root, { GIT_DIR: notRepo })).toThrow(`not a git repository: '${notRepo}'`);
  });

  test("refuses reftable, sha256 and unknown extensions with a clear error", () => {
    for (const [name, key, value] of [
      ["reftable", "extensions.refStorage", "reftable"],
      ["sha256", "extensions.objectFormat", "sha256"],
      ["unknown", "extensions.frobnicate", "true"],
    ] as const) {
      const dir = initRepo(sb, `fmt-${name}`);
      sb.git(["config", "core.repositoryformatversion", "1"], { cwd: dir });
      sb.git(["config", key, value], { cwd: dir });
      expect(() => discover(dir)).toThrow(name === "unknown" ? "unknown repository extension 'frobnicate'" : name === "sha256" ? "sha256" : "reftable");
    }
  });
});

describe("config", () => {
  test("global, local, includes and includeIf gitdir agree with git config", () => {
    writeFileSync(join(sb.home, "extra.inc"), "[user]\n\tnickname = included\n");
    sb.git(["config", "--global", "include.path", "~/extra.inc"]);
    sb.git(["config", "--global", `includeIf.gitdir:${repo}/.path`, "~/cond.inc"]);
    writeFileSync(join(sb.home, "cond.inc"), "[core]\n\tautocrlf = input\n");
    sb.git(["config", "core.eol", "crlf"], { cwd: repo });
    const r = discover(repo);
    const c = loadConfig({ commonDir: r.commonDir, gitDir: r.gitDir, env: sb.env });
    for (const key of ["user.nickname", "core.autocrlf", "core.eol", "init.defaultBranch"]) {
      expect(c.getString(key)).toBe(sb.git(["config", "--get", key], { cwd: repo }).trim());
    }
  });
});

describe("config includeIf", () => {
  test("onbranch and gitdir/i with wildmatch patterns agree with git", () => {
    const dir = initRepo(sb, "Cond-Repo");
    writeFileSync(join(sb.home, "onbranch.inc"), "[user]\n\tonbranch = yes\n");
    writeFileSync(join(sb.home, "icase.inc"), "[user]\n\ticase = yes\n");
    sb.git(["config", "--global", "includeIf.onbranch:ma*.path", "~/onbranch.inc"]);
    sb.git(["config", "--global", "includeIf.gitdir/i:**/cond-repo/.path", "~/icase.inc"]);
    const r = discover(dir);
    const c = loadConfig({ commonDir: r.commonDir, gitDir: r.gitDir, env: sb.env });
    for (const key of ["user.onbranch", "user.icase"]) {
      expect(c.getString(key)).toBe(sb.git(["config", "--get", key], { cwd: dir }).trim());
    }
    expect(c.getString("user.onbranch")).toBe("yes");
  });
});

describe("refs", () => {
  test("HEAD per worktree, branches shared, packed refs read", () => {
    const wt = join(sb.root, "wt");
    const main = discover(repo);
    const linked = discover(wt);
    expect(resolveRefIn(main.gitDir, main.commonDir, "HEAD")).toEqual({ oid: sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim(), ref: "refs/heads/main" });
    expect(resolveRefIn(linked.gitDir, linked.commonDir, "HEAD").ref).toBe("refs/heads/feature");
    sb.git(["pack-refs", "--all"], { cwd: repo });
    expect(readRefRaw(linked.gitDir, linked.commonDir, "refs/heads/feature")).toEqual({ kind: "oid", oid: sb.git(["rev-parse", "feature"], { cwd: repo }).trim() });
  });

  test("a symbolic ref to a bad name is not followed (no reading files outside refs/), as git refuses it", () => {
    const dir = initRepo(sb, "badsym");
    writeFileSync(join(dir, ".git", "HEAD"), "ref: refs/heads/../../config\n");
    expect(sb.gitRaw(["rev-parse", "HEAD"], { cwd: dir }).code).not.toBe(0);
    expect(() => resolveRefIn(join(dir, ".git"), join(dir, ".git"), "HEAD")).toThrow("bad name");
    writeFileSync(join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    expect(resolveRefIn(join(dir, ".git"), join(dir, ".git"), "HEAD").ref).toBe("refs/heads/main");
  });
});
