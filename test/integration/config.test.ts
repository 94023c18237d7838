/** repo-manager's configuration: files, precedence, errors and warnings (issue 10, item 1). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tomlErrorLine } from "../../src/core/workflow/config.ts";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
let userFile: string;
beforeEach(() => {
  sb = createSandbox();
  repo = initRepo(sb);
  userFile = join(sb.home, ".config", "repo-manager", "config.toml");
  mkdirSync(join(sb.home, ".config", "repo-manager"), { recursive: true });
});
afterEach(() => sb.cleanup());

const show = async (env: Record<string, string> = {}) => {
  const r = await sb.exec(["config", "show", "--json"], { cwd: repo, env });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).values["worktree-path"];
};

describe("config show", () => {
  test("the default, with its source", async () => {
    expect(await show()).toEqual({ value: "../{repo}.{branch}", source: "default", origin: null });
    const human = await sb.exec(["config", "show"], { cwd: repo });
    expect(human.stdout).toBe('worktree-path = "../{repo}.{branch}"  # default\n');
  });

  test("precedence: environment > project file > user file > default", async () => {
    writeFileSync(userFile, 'worktree-path = "../user/{branch}"\n');
    expect(await show()).toEqual({ value: "../user/{branch}", source: "user", origin: userFile });
    const project = join(repo, ".repo-manager.toml");
    writeFileSync(project, '"worktree-path" = "../project/{branch}"\n');
    expect(await show()).toEqual({ value: "../project/{branch}", source: "project", origin: project });
    expect(await show({ REPO_MANAGER_WORKTREE_PATH: "../env/{branch}" })).toEqual({
      value: "../env/{branch}",
      source: "env",
      origin: "REPO_MANAGER_WORKTREE_PATH",
    });
  });

  test("the project file of a linked worktree is the main worktree's", async () => {
    sb.git(["worktree", "add", "-q", "../linked"], { cwd: repo });
    writeFileSync(join(repo, ".repo-manager.toml"), 'worktree-path = "x/{branch}"\n');
    const r = await sb.exec(["config", "show", "--json"], { cwd: join(sb.root, "linked") });
    expect(JSON.parse(r.stdout).values["worktree-path"].value).toBe("x/{branch}");
  });

  test("outside a repository only the user file is read", async () => {
    writeFileSync(userFile, 'worktree-path = "u/{branch}"\n');
    const r = await sb.exec(["config", "show", "--json"], { cwd: sb.home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files.project).toBeNull();
    expect(JSON.parse(r.stdout).values["worktree-path"].source).toBe("user");
  });

  test("an unknown key is one warning line and the command goes on", async () => {
    writeFileSync(userFile, 'worktree-path = "a/{branch}"\nfuture-key = true\n');
    const r = await sb.exec(["config", "show"], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${userFile}:2: unknown key 'future-key' (ignored)\n`);
    expect(r.stdout).toContain('"a/{branch}"');
  });
});

describe("config errors: one clear message naming file, line and key", () => {
  test("malformed TOML names the file and the line", async () => {
    writeFileSync(userFile, '# comment\nworktree-path = "a"\nbroken = \n');
    const r = await sb.exec(["config", "show"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toStartWith(`error: ${userFile}:3: invalid TOML:`);
    expect(r.stderr).not.toContain("    at ");
  });

  test("a wrong type names the key and its line", async () => {
    writeFileSync(join(repo, ".repo-manager.toml"), "\n\nworktree-path = 42\n");
    const r = await sb.exec(["config", "show"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${join(repo, ".repo-manager.toml")}:3: key 'worktree-path': expected a string, got a number`);
  });

  test("an empty template is refused", async () => {
    writeFileSync(userFile, 'worktree-path = ""\n');
    const r = await sb.exec(["config", "show"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("key 'worktree-path': expected a non-empty string, got an empty string");
  });

  test("tomlErrorLine finds the first line that breaks the file", () => {
    expect(tomlErrorLine("a = 1\nb = [\n 1,\n 2,\n]\nc = \n")).toBe(6);
    expect(tomlErrorLine("[[[x\n")).toBe(1);
    expect(tomlErrorLine('a = 1\nb = """\nnever closed\n')).toBe(2);
  });
});

describe("config path", () => {
  test("prints the user file, then the project file", async () => {
    const r = await sb.exec(["config", "path"], { cwd: repo });
    expect(r.stdout).toBe(`${userFile}\n${join(repo, ".repo-manager.toml")}\n`);
    const j = await sb.exec(["config", "path", "--json"], { cwd: repo, env: { REPO_MANAGER_CONFIG_DIR: join(sb.root, "cfg") } });
    expect(JSON.parse(j.stdout)).toEqual([
      { scope: "user", path: join(sb.root, "cfg", "config.toml"), exists: false },
      { scope: "project", path: join(repo, ".repo-manager.toml"), exists: false },
    ]);
  });

  test("a bad file changes nothing on disk", async () => {
    writeFileSync(userFile, "x = = 1\n");
    const before = snapshotTree(sb.root);
    const r = await sb.exec(["config", "show"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(snapshotTree(sb.root)).toBe(before);
  });
});
