// The example plugins in plugins-example/, built and run through the compiled binary.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BINARY, initRepo, ROOT } from "../helpers/sandbox.ts";
import { createPluginSandbox, type PluginSandbox } from "../fixtures/plugins/setup.ts";

const EXAMPLES = join(ROOT, "plugins-example");
const hasPython = Bun.spawnSync(["python3", "--version"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;

let sb: PluginSandbox;
let repo: string;
let linked: string;
beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createPluginSandbox();
  repo = initRepo(sb);
  linked = join(sb.root, "feature-wt");
  sb.git(["worktree", "add", "-q", "-b", "feature", linked], { cwd: repo });
  sb.git(["worktree", "lock", "--reason", "on a USB disk", linked], { cwd: repo });
});
afterAll(() => sb.cleanup());

describe("example plugins", () => {
  test("wt-report (TypeScript, bun build --compile): installed as a managed plugin, text and JSON", () => {
    const out = join(sb.root, "repo-manager-plugin-wt-report");
    const build = Bun.spawnSync([process.execPath, "build", "--compile", join(EXAMPLES, "wt-report", "main.ts"), "--outfile", out], { stdout: "pipe", stderr: "pipe" });
    expect(build.exitCode).toBe(0);
    const inst = sb.run(["plugin", "install", out], { binary: true });
    expect(inst.stderr).toContain("installed plugin 'wt-report' 1.0.0");
    expect(inst.code).toBe(0);

    const text = sb.run(["wt-report"], { binary: true, cwd: repo });
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`2 worktree(s) in ${join(repo, ".git")}: 1 locked, 0 prunable, 0 detached`);
    expect(lines[1]).toMatch(new RegExp(`^\\* ${repo}\\s+main\\s+[0-9a-f]{7}  ok$`));
    expect(lines[2]).toMatch(new RegExp(`^  ${linked}\\s+feature\\s+[0-9a-f]{7}  locked \\(on a USB disk\\)$`));

    const json = sb.run(["--json", "wt-report"], { binary: true, cwd: linked });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ worktrees: 2, locked: 1, prunable: 0 });
    expect(doc.rows.map((r: { path: string; current: boolean }) => [r.path, r.current])).toEqual([[repo, false], [linked, true]]);

    const outside = sb.run(["wt-report"], { binary: true });
    expect(outside).toEqual({ stdout: "", stderr: "wt-report: not inside a git repository\n", code: 1 });
  });

  test("wt-paths (POSIX sh) calls the core back with $REPO_MANAGER_BIN worktree list --json", () => {
    const env = { REPO_MANAGER_PLUGIN_PATH: join(EXAMPLES, "wt-paths") };
    const r = sb.run(["wt-paths"], { binary: true, cwd: repo, env });
    expect(r.stderr).toBe("");
    expect(r).toEqual({ stdout: `${repo}\n${linked}\n`, stderr: "", code: 0 });
    // Outside a repository the core's error and exit code come through.
    const outside = sb.run(["wt-paths"], { binary: true, env });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("not a git repository");
  });

  test.skipIf(!hasPython)("py-status (Python, no build step): text, JSON mode and arguments", () => {
    const env = { REPO_MANAGER_PLUGIN_PATH: join(EXAMPLES, "py-status") };
    const text = sb.run(["py-status"], { binary: true, cwd: linked, env });
    expect(text).toEqual({ stdout: expect.stringMatching(new RegExp(`^${linked}: on feature at [0-9a-f]{7}, 2 worktree\\(s\\)\\n$`)), stderr: "", code: 0 });
    const json = sb.run(["plugin", "run", "py-status", "--json", "--", "x y", "é"], { binary: true, cwd: repo, env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      root: repo,
      branch: "main",
      head: sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim(),
      worktrees: 2,
      args: ["x y", "é"],
    });
  });
});
