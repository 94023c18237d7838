/** Completion of `switch` targets: worktrees and local branches (issue 10, item 4), never a plugin run. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
beforeAll(() => {
  sb = createSandbox();
  repo = initRepo(sb);
  sb.git(["branch", "feat/a"], { cwd: repo });
  sb.git(["branch", "packed-one"], { cwd: repo });
  sb.git(["pack-refs", "--all"], { cwd: repo });
  sb.git(["branch", "zeta"], { cwd: repo });
  sb.git(["worktree", "add", "-q", "../wt-feat", "feat/a"], { cwd: repo });
  sb.git(["worktree", "add", "-q", "--detach", "../det"], { cwd: repo });
});
afterAll(() => sb.cleanup());

const complete = async (words: string[], env: Record<string, string> = {}) => {
  const r = await sb.exec(["completion", "__complete", ...words], { cwd: repo, env });
  expect(r.code).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
};

test("switch completes worktrees (by branch, or directory when detached) then branches without one", async () => {
  expect(await complete(["switch", ""])).toEqual([
    `main\t${repo}`,
    `det\t${join(sb.root, "det")}`,
    `feat/a\t${join(sb.root, "wt-feat")}`,
    "packed-one\tbranch, no worktree yet",
    "zeta\tbranch, no worktree yet",
  ]);
  expect(await complete(["switch", "fe"])).toEqual([`feat/a\t${join(sb.root, "wt-feat")}`]);
  expect((await complete(["switch", "--"])).map((l) => l.split("\t")[0])).toContain("--base");
});

test("completing switch never runs a plugin", async () => {
  const plugins = join(sb.root, "plugins");
  mkdirSync(plugins, { recursive: true });
  const marker = join(sb.root, "plugin-ran");
  const plugin = join(plugins, "repo-manager-plugin-spy");
  writeFileSync(plugin, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`);
  chmodSync(plugin, 0o755);
  await complete(["switch", ""], { REPO_MANAGER_PLUGIN_PATH: plugins });
  expect(await Bun.file(marker).exists()).toBe(false);
});

test("shell-init completes shell names", async () => {
  expect((await complete(["shell-init", ""])).map((l) => l.split("\t")[0])).toEqual(["bash", "zsh", "fish", "powershell"]);
});
