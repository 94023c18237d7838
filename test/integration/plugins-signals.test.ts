// SIGHUP while a plugin runs (issue 14, item 12; reproduction r08).
// Before: SIGHUP's default action killed repo-manager at once; the plugin ran on under pid 1 and the private
// context directory stayed in the temp dir. Now SIGHUP is forwarded like SIGTERM, waited for, and cleaned up.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ensureRepo } from "../../bench/gen-repo.ts";
import { MAIN, snapshotTree } from "../helpers/sandbox.ts";
import { createPluginSandbox, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

const WINDOWS = process.platform === "win32";
if (WINDOWS) console.warn("skipping SIGHUP tests: Windows has no SIGHUP to send (it emits one when the console closes)");

let sb: PluginSandbox;
beforeAll(() => {
  if (!WINDOWS) sb = createPluginSandbox();
});
afterAll(() => sb?.cleanup());

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts `repo-manager <name>`, waits for the plugin's "<pid> <context>" line, sends SIGHUP, returns what happened. */
async function hangUp(name: string): Promise<{ code: number | null; signal: NodeJS.Signals | number | null; pluginPid: number; contextDir: string }> {
  const p = Bun.spawn([process.execPath, MAIN, name], { env: sb.env, cwd: sb.root, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const reader = p.stdout.getReader();
  let line = "";
  while (!line.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    line += new TextDecoder().decode(value);
  }
  const [pid, ctx] = line.trim().split(" ");
  const pluginPid = Number(pid);
  try {
    p.kill("SIGHUP");
    const timeout = setTimeout(() => p.kill("SIGKILL"), 10_000);
    await p.exited;
    clearTimeout(timeout);
    await Bun.sleep(100); // a plugin left behind would still be alive now
    return { code: p.exitCode, signal: p.signalCode, pluginPid, contextDir: dirname(ctx ?? "") };
  } finally {
    reader.releaseLock();
  }
}

describe.skipIf(WINDOWS)("SIGHUP to repo-manager while a plugin runs", () => {
  test("is forwarded: the plugin ends, repo-manager reports 128+1 and removes the context directory", async () => {
    sb.addScript("hang", shellPlugin("hang", 'echo "$$ $REPO_MANAGER_CONTEXT"\nwhile :; do sleep 0.05; done'));
    const r = await hangUp("hang");
    try {
      expect(r.signal).toBeNull(); // not killed by the signal itself
      expect(r.code).toBe(128 + 1);
      expect(alive(r.pluginPid)).toBe(false);
      expect(r.contextDir).toContain("repo-manager-ctx-");
      expect(existsSync(r.contextDir)).toBe(false);
    } finally {
      if (alive(r.pluginPid)) process.kill(r.pluginPid, "SIGKILL"); // what the old code left behind
    }
  }, 60_000);

  test("a plugin that handles SIGHUP gets it, and its exit code passes through", async () => {
    const marker = join(sb.root, "hup-marker");
    sb.addScript("huptrap", shellPlugin("huptrap", `trap 'echo got-hup > "${marker}"; exit 7' HUP\necho "$$ $REPO_MANAGER_CONTEXT"\nwhile :; do sleep 0.05; done`));
    const r = await hangUp("huptrap");
    try {
      expect(r.code).toBe(7);
      expect(readFileSync(marker, "utf8")).toBe("got-hup\n");
      expect(existsSync(r.contextDir)).toBe(false);
    } finally {
      if (alive(r.pluginPid)) process.kill(r.pluginPid, "SIGKILL");
    }
  }, 60_000);
});

describe.skipIf(WINDOWS)("SIGHUP during a built-in command", () => {
  test("is an interrupt like SIGTERM: a worktree add is rolled back, exit 130", async () => {
    // 6,000 files: the checkout takes about a second, long enough to hang up midway (as worktree-add-interrupt.test.ts).
    const repo = ensureRepo({ files: 6000, commits: 1, cacheDir: join(sb.root, "gen") });
    const before = { git: snapshotTree(join(repo, ".git")), refs: sb.git(["for-each-ref"], { cwd: repo }) };
    const wt = join(sb.root, "hup-wt");
    const proc = Bun.spawn([process.execPath, MAIN, "worktree", "add", "-b", "hungup", wt], { cwd: repo, env: sb.env, stdout: "pipe", stderr: "pipe" });
    const end = Date.now() + 20_000;
    while (!(existsSync(wt) && readdirSync(wt, { recursive: true }).length > 200) && Date.now() < end) await Bun.sleep(2);
    proc.kill("SIGHUP");
    expect(await proc.exited).toBe(130);
    expect(proc.signalCode).toBeNull();
    expect(await new Response(proc.stderr).text()).toContain("interrupted");
    expect(existsSync(wt)).toBe(false);
    expect({ git: snapshotTree(join(repo, ".git")), refs: sb.git(["for-each-ref"], { cwd: repo }) }).toEqual(before);
  }, 120_000);
});
