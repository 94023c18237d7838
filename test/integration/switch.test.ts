/** `repo-manager switch` without the picker (issue 10, items 2 and 3), against the real git. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { branchSuffix, sanitizeBranch } from "../../src/core/workflow/template.ts";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
beforeEach(() => {
  sb = createSandbox();
  repo = initRepo(sb);
});
afterEach(() => sb.cleanup());

const sw = (args: string[], cwd = repo, env: Record<string, string> = {}) => sb.exec(["switch", ...args], { cwd, env });
const gitWorktrees = () =>
  sb
    .git(["worktree", "list", "--porcelain"], { cwd: repo })
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice(9));

async function refused(args: string[], code: number, message: string, cwd = repo, env: Record<string, string> = {}) {
  const before = snapshotTree(sb.root);
  const r = await sw(args, cwd, env);
  expect(r.stderr).toContain(message);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(snapshotTree(sb.root)).toBe(before);
}

describe("switch to a branch", () => {
  test("an existing worktree: its path on stdout, nothing created, the cd hint said once", async () => {
    sb.git(["worktree", "add", "-q", "-b", "feat", "../elsewhere"], { cwd: repo });
    const r = await sw(["feat"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(sb.root, "elsewhere")}\n`);
    expect(r.stderr).toContain("repo-manager shell install");
    const again = await sw(["feat"]);
    expect(again.stdout).toBe(`${join(sb.root, "elsewhere")}\n`);
    expect(again.stderr).toBe("");
    expect(gitWorktrees()).toEqual([repo, join(sb.root, "elsewhere")]);
  });

  test("a local branch without a worktree gets one at the default template, as worktree add makes it", async () => {
    sb.git(["branch", "feat/login"], { cwd: repo });
    const r = await sb.exec(["switch", "feat/login", "--json"], { cwd: repo });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ path: join(sb.root, "repo.feat-login"), branch: "feat/login", created: true, createdBranch: false });
    expect(gitWorktrees()).toEqual([repo, join(sb.root, "repo.feat-login")]);
    expect(sb.git(["status", "--porcelain"], { cwd: out.path })).toBe("");
    expect(sb.git(["symbolic-ref", "HEAD"], { cwd: out.path }).trim()).toBe("refs/heads/feat/login");
  });

  test("-c creates the branch from HEAD, --base from another commit", async () => {
    const first = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
    writeFileSync(join(repo, "b.txt"), "b\n");
    sb.git(["add", "b.txt"], { cwd: repo });
    sb.git(["commit", "-qm", "second"], { cwd: repo });
    const r = await sw(["-c", "feat"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(sb.root, "repo.feat")}\n`);
    expect(sb.git(["rev-parse", "feat"], { cwd: repo })).toBe(sb.git(["rev-parse", "HEAD"], { cwd: repo }));
    const based = await sw(["-c", "old", "--base", "HEAD~1"]);
    expect(based.code).toBe(0);
    expect(sb.git(["rev-parse", "old"], { cwd: repo }).trim()).toBe(first);
    expect(sb.git(["status", "--porcelain"], { cwd: join(sb.root, "repo.old") })).toBe("");
  });

  test("a branch only a remote has is created tracking it", async () => {
    const upstream = initRepo(sb, "upstream");
    sb.git(["branch", "topic"], { cwd: upstream });
    sb.git(["remote", "add", "origin", upstream], { cwd: repo });
    sb.git(["fetch", "-q", "origin"], { cwd: repo });
    const r = await sb.exec(["switch", "topic", "--json"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ branch: "topic", created: true, createdBranch: true, tracking: "origin/topic" });
    expect(sb.git(["config", "branch.topic.remote"], { cwd: repo }).trim()).toBe("origin");
    expect(sb.git(["config", "branch.topic.merge"], { cwd: repo }).trim()).toBe("refs/heads/topic");
  });

  test("a worktree path or directory name works too", async () => {
    sb.git(["worktree", "add", "-q", "--detach", "../detached"], { cwd: repo });
    expect((await sw(["detached"])).stdout).toBe(`${join(sb.root, "detached")}\n`);
    expect((await sw(["../detached"])).stdout).toBe(`${join(sb.root, "detached")}\n`);
  });
});

describe("-, @ and ^", () => {
  test("'-' goes back to the worktree switched from, and then forth", async () => {
    const feat = join(sb.root, "repo.feat");
    expect((await sw(["-c", "feat"])).code).toBe(0);
    expect((await sw(["-"], feat)).stdout).toBe(`${repo}\n`);
    expect((await sw(["-"], join(repo))).stdout).toBe(`${feat}\n`);
    expect((await sw(["@"], feat)).stdout).toBe(`${feat}\n`);
    expect((await sw(["^"], feat)).stdout).toBe(`${repo}\n`);
  });

  test("'-' is kept per repository, outside git's config", async () => {
    const other = initRepo(sb, "other");
    await sw(["-c", "feat"]);
    await refused(["-"], 1, "no previous worktree", other);
    expect(readFileSync(join(repo, ".git", "config"), "utf8")).not.toContain("repo-manager");
  });

  test("--json changes nothing in the shell: no directive and no '-' record", async () => {
    const directive = join(sb.root, "directive");
    writeFileSync(directive, "");
    const r = await sw(["-c", "feat", "--json"], repo, { REPO_MANAGER_DIRECTIVE_FILE: directive });
    expect(r.code).toBe(0);
    expect(readFileSync(directive, "utf8")).toBe("");
    await refused(["-"], 1, "no previous worktree", join(sb.root, "repo.feat"));
  });
});

test("a state dir that cannot be written costs only 'switch -': a warning, the switch done", async () => {
  writeFileSync(join(sb.root, "not-a-dir"), "");
  const r = await sw(["-c", "feat"], repo, { XDG_STATE_HOME: join(sb.root, "not-a-dir") });
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${join(sb.root, "repo.feat")}\n`);
  expect(r.stderr).toContain("warning: cannot remember the previous worktree");
});

describe("the directive file and -x", () => {
  test("with REPO_MANAGER_DIRECTIVE_FILE the path goes there, not on stdout", async () => {
    const directive = join(sb.root, "directive");
    writeFileSync(directive, "");
    const r = await sw(["-c", "feat"], repo, { REPO_MANAGER_DIRECTIVE_FILE: directive });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(directive, "utf8")).toBe(join(sb.root, "repo.feat"));
    expect(r.stderr).not.toContain("shell install");
  });

  test("--no-cd: neither the directive nor the path", async () => {
    const directive = join(sb.root, "directive");
    writeFileSync(directive, "");
    const r = await sw(["-c", "feat", "--no-cd"], repo, { REPO_MANAGER_DIRECTIVE_FILE: directive });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(directive, "utf8")).toBe("");
  });

  test("-x runs the command in the worktree and passes its exit code through", async () => {
    const r = await sw(["-c", "feat", "-x", "sh", "-c", 'pwd > where.txt; exit 7']);
    expect(r.code).toBe(7);
    expect(readFileSync(join(sb.root, "repo.feat", "where.txt"), "utf8").trim()).toBe(join(sb.root, "repo.feat"));
    const cluster = await sw(["other", "-cx", "true"]);
    expect(cluster.code).toBe(0);
    expect(gitWorktrees()).toContain(join(sb.root, "repo.other"));
  });

  test("-x with a command that does not exist: one clear line, after the switch", async () => {
    const r = await sw(["-c", "feat", "-x", "no-such-command-xyz"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot run 'no-such-command-xyz': command not found");
  });
});

describe("the worktree-path template", () => {
  const userConfig = (text: string) => {
    mkdirSync(join(sb.home, ".config", "repo-manager"), { recursive: true });
    writeFileSync(join(sb.home, ".config", "repo-manager", "config.toml"), text);
  };

  test("{main}, {repo}, {branch} and {commit}", async () => {
    const head = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
    userConfig('worktree-path = "{main}/../trees/{repo}/{branch}@{commit}"\n');
    const r = await sw(["-c", "a/b"]);
    expect(r.stdout).toBe(`${join(sb.root, "trees", "repo", `a-b@${head}`)}\n`);
  });

  test("names that differ only in replaced characters get a short stable suffix", async () => {
    expect(sanitizeBranch('x/y\\z:*?"<>|.')).toBe("x-y-z--------");
    await sw(["-c", "feat-x"]);
    const r = await sw(["-c", "feat/x"]);
    expect(r.stdout).toBe(`${join(sb.root, `repo.feat-x-${branchSuffix("feat/x")}`)}\n`);
    expect(branchSuffix("feat/x")).toMatch(/^[0-9a-f]{6}$/);
    expect(branchSuffix("feat/x")).toBe(branchSuffix("feat/x"));
  });

  test("the environment overrides the files", async () => {
    userConfig('worktree-path = "../from-file/{branch}"\n');
    const r = await sw(["-c", "feat"], repo, { REPO_MANAGER_WORKTREE_PATH: "../from-env/{branch}" });
    expect(r.stdout).toBe(`${join(sb.root, "from-env", "feat")}\n`);
  });

  test("--worktree-path overrides the environment and the files", async () => {
    userConfig('worktree-path = "../from-file/{branch}"\n');
    const r = await sw(["-c", "feat", "--worktree-path", "../from-option/{branch}"], repo, { REPO_MANAGER_WORKTREE_PATH: "../from-env/{branch}" });
    expect(r.stdout).toBe(`${join(sb.root, "from-option", "feat")}\n`);
  });

  test("an unknown key warns once and the switch goes on", async () => {
    userConfig('worktree-path = "../w/{branch}"\nnot-yet = 1\n');
    const r = await sw(["-c", "feat"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("warning:"))).toEqual([
      `warning: ${join(sb.home, ".config", "repo-manager", "config.toml")}:2: unknown key 'not-yet' (ignored)`,
    ]);
  });

  test("a bare repository with worktrees beside it (repo/.bare + repo/<branch>)", async () => {
    const holder = join(sb.root, "proj");
    mkdirSync(holder);
    sb.git(["clone", "-q", "--bare", repo, join(holder, ".bare")]);
    writeFileSync(join(holder, ".git"), "gitdir: ./.bare\n");
    writeFileSync(join(holder, ".repo-manager.toml"), 'worktree-path = "../{branch}"\n');
    const r = await sw(["main"], holder);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(holder, "main")}\n`);
    const f = await sw(["-c", "feat"], join(holder, "main"));
    expect(f.stdout).toBe(`${join(holder, "feat")}\n`);
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: holder })).toContain(`worktree ${join(holder, "feat")}`);
    expect(sb.git(["status", "--porcelain"], { cwd: join(holder, "feat") })).toBe("");
  });
});

describe("refusals: one clear message, nothing created", () => {
  test("an unknown target", () => refused(["nope"], 1, "no branch or worktree named 'nope'"));
  test("-c for a branch that exists", () => refused(["-c", "main"], 1, "a branch named 'main' already exists"));
  test("--base without -c", () => refused(["main", "--base", "HEAD"], 1, "--base needs -c"));
  test("-c from a base that does not exist", () => refused(["-c", "feat", "--base", "nope"], 1, "not a valid object name: 'nope'"));
  test("an invalid branch name", () => refused(["-c", "bad..name"], 1, "'bad..name' is not a valid branch name"));
  test("'-' with no previous worktree", () => refused(["-"], 1, "no previous worktree"));
  test("no target and no terminal is a usage error", () => refused([], 2, "switch needs a <target> when not on a terminal"));
  test("-x with nothing after it", () => refused(["-c", "feat", "-x"], 2, "option '-x' needs a command"));
  test("a template naming an unknown variable", () =>
    refused(["-c", "feat"], 1, "names an unknown variable '{user}'", repo, { REPO_MANAGER_WORKTREE_PATH: "../{user}/{branch}" }));
  test("a template that resolves inside .git", () =>
    refused(["-c", "feat"], 1, "resolves inside the repository's git directory", repo, { REPO_MANAGER_WORKTREE_PATH: ".git/wt/{branch}" }));
  test("a template that resolves onto an existing non-empty directory", async () => {
    mkdirSync(join(sb.root, "repo.feat"));
    writeFileSync(join(sb.root, "repo.feat", "keep.txt"), "mine\n");
    await refused(["-c", "feat"], 1, "resolves to an existing non-empty directory");
    expect(sb.gitRaw(["rev-parse", "--verify", "-q", "feat"], { cwd: repo }).code).not.toBe(0);
  });
  test("a malformed project file", async () => {
    writeFileSync(join(repo, ".repo-manager.toml"), "worktree-path = [\n");
    await refused(["-c", "feat"], 1, `${join(repo, ".repo-manager.toml")}:1: invalid TOML`);
  });
  test("a wrong type in the user file", async () => {
    mkdirSync(join(sb.home, ".config", "repo-manager"), { recursive: true });
    writeFileSync(join(sb.home, ".config", "repo-manager", "config.toml"), "worktree-path = true\n");
    await refused(["-c", "feat"], 1, "key 'worktree-path': expected a string, got a boolean");
  });
});

test("--help after the target prints the help; after -x it is the command's", async () => {
  const r = await sb.exec(["switch", "feat", "--help"], { cwd: repo });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Usage: repo-manager switch");
  const x = await sb.exec(["switch", "main", "-x", "sh", "-c", "echo $0 > h.txt", "--help"], { cwd: repo });
  expect(x.code).toBe(0);
  expect(readFileSync(join(repo, "h.txt"), "utf8")).toBe("--help\n");
});
