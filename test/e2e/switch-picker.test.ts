/**
 * `switch` with no target on a terminal: the picker, driven through tmux as
 * a user would (a real bash with the shell integration installed in a
 * throwaway HOME): type a filter, Enter, and the shell is in the worktree.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

const HAVE_TMUX = Bun.which("tmux") !== null && Bun.which("bash") !== null && process.platform !== "win32";

let sb: Sandbox;
let repo: string;
let socket: string;
const session = "picker";

const tmux = (...args: string[]) => {
  const p = Bun.spawnSync(["tmux", "-L", socket, "-f", "/dev/null", ...args], { stdout: "pipe", stderr: "pipe" });
  return p.stdout.toString();
};
const screen = () => tmux("capture-pane", "-p", "-t", session);
async function waitFor(pred: (s: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const s = screen();
    if (pred(s)) return s;
    await Bun.sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
}

/** The shell waits for input: the screen ends with a prompt (`$` or root's `#`). */
const prompt = (s: string) => /[$#]$/.test(s.trimEnd());

beforeEach(() => {
  if (!HAVE_TMUX) return;
  sb = createSandbox();
  repo = initRepo(sb);
  sb.git(["branch", "feat-one"], { cwd: repo });
  sb.git(["branch", "other"], { cwd: repo });
  sb.git(["worktree", "add", "-q", "../wt-x", "-b", "xbranch"], { cwd: repo });
  const bin = join(sb.root, "bin");
  mkdirSync(bin);
  symlinkSync(BINARY, join(bin, "repo-manager"));
  const env = { ...sb.env, PATH: `${bin}:${process.env.PATH}`, SHELL: "/bin/bash", TERM: "xterm-256color", PS1: "$ " };
  expect(sb.run(["shell", "install"], { binary: true, env }).code).toBe(0);
  const quote = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;
  const launcher = join(sb.root, "launch.sh");
  writeFileSync(launcher, `#!/bin/sh\n${Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`).join("\n")}\ncd ${quote(repo)}\nexec bash -i\n`);
  chmodSync(launcher, 0o755);
  socket = `rm-picker-${process.pid}-${Date.now()}`;
  tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", launcher);
});
afterEach(() => {
  if (!HAVE_TMUX) return;
  tmux("kill-server");
  sb.cleanup();
});

test.skipIf(!HAVE_TMUX)("type a filter and Enter: the worktree is created and the shell is in it", async () => {
  await waitFor(prompt, "the prompt");
  tmux("send-keys", "-t", session, "repo-manager switch; echo code=$?", "Enter");
  const list = await waitFor((s) => s.includes("switch to:") && s.includes("other"), "the picker");
  expect(list).toContain("xbranch");
  expect(list).toContain("feat-one");
  tmux("send-keys", "-t", session, "-l", "feat");
  await waitFor((s) => /switch to: feat/.test(s) && !s.includes("xbranch"), "the filtered list");
  tmux("send-keys", "-t", session, "Enter");
  await waitFor((s) => s.includes("code=0"), "the switch");
  tmux("send-keys", "-t", session, "pwd", "Enter");
  const after = await waitFor((s) => s.includes(join(sb.root, "repo.feat-one")) && prompt(s), "pwd");
  expect(after.split("\n").filter((l) => l === join(sb.root, "repo.feat-one")).length).toBe(1);
  expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).toContain(`worktree ${join(sb.root, "repo.feat-one")}`);
}, 30_000);

test.skipIf(!HAVE_TMUX)("arrow keys move the choice to an existing worktree", async () => {
  await waitFor(prompt, "the prompt");
  tmux("send-keys", "-t", session, "repo-manager switch; echo code=$?", "Enter");
  await waitFor((s) => s.includes("switch to:") && s.includes("other"), "the picker");
  tmux("send-keys", "-t", session, "Down"); // main, then xbranch (wt-x)
  await waitFor((s) => /› +xbranch/.test(s), "the selection on xbranch");
  tmux("send-keys", "-t", session, "Enter");
  await waitFor((s) => s.includes("code=0"), "the switch");
  tmux("send-keys", "-t", session, "pwd", "Enter");
  await waitFor((s) => s.split("\n").includes(join(sb.root, "wt-x")), "pwd in wt-x");
}, 30_000);

test.skipIf(!HAVE_TMUX)("Esc cancels: exit 130, the shell stays, nothing created", async () => {
  await waitFor(prompt, "the prompt");
  const before = snapshotTree(sb.root);
  tmux("send-keys", "-t", session, "repo-manager switch; echo code=$?", "Enter");
  await waitFor((s) => s.includes("switch to:"), "the picker");
  tmux("send-keys", "-t", session, "-l", "feat");
  tmux("send-keys", "-t", session, "Escape");
  await waitFor((s) => s.includes("code=130"), "the cancel");
  tmux("send-keys", "-t", session, "pwd", "Enter");
  await waitFor((s) => s.split("\n").includes(repo), "pwd unchanged");
  expect(snapshotTree(join(sb.root, "repo"))).toBe(before.split("\n").filter((l) => l.startsWith(`${repo}/`)).join("\n"));
}, 30_000);
