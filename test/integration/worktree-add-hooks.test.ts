// worktree add runs git 2.39's hooks (post-checkout, reference-transaction) as git does: the same
// hook script records its arguments, working directory, GIT_* environment and stdin in a git twin
// and in ours, and the records must be equal (paths aside). Exit status, signals, the
// non-executable hint and a refusing reference-transaction hook are checked against git too.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

// Every hook is a few processes, and git's add runs up to seven: slow on a loaded machine.
setDefaultTimeout(60_000);

let sb: Sandbox;
let upstream: string;
let recorder: string;

const RECORDER = `#!/bin/sh
{
  echo "== \${0##*/} $*"
  echo "cwd: $(pwd -P)"
  env | grep '^GIT_' | grep -v -e '^GIT_EXEC_PATH=' -e '^GIT_AUTHOR_' -e '^GIT_COMMITTER_' -e '^GIT_CONFIG_NOSYSTEM=' | sort
  [ "\${0##*/}" = reference-transaction ] && cat
} >> "$HOOK_LOG"
echo "\${0##*/} says hello on stdout"
exit 0
`;

beforeAll(() => {
  sb = createSandbox("rm-hooks-");
  upstream = initRepo(sb, "upstream");
  sb.git(["branch", "other"], { cwd: upstream });
  recorder = join(sb.root, "recorder");
  writeFileSync(recorder, RECORDER);
  chmodSync(recorder, 0o755);
});
afterAll(() => sb.cleanup());

interface Twin {
  /** The directory holding the repository and its worktrees. */
  dir: string;
  repo: string;
  hooks: string;
  log: string;
}

/** The same repository twice: a/<name> for us, b/<name> for git, the recorder in both. */
function twins(name: string, opts: { bare?: boolean; hooks?: string[] } = {}): { ours: Twin; theirs: Twin } {
  const make = (side: string): Twin => {
    const dir = join(sb.root, side, name);
    mkdirSync(dir, { recursive: true });
    const repo = join(dir, opts.bare ? "repo.git" : "repo");
    sb.git(["clone", "-q", ...(opts.bare ? ["--bare"] : []), upstream, repo]);
    if (!opts.bare) sb.git(["branch", "other", "origin/other"], { cwd: repo });
    const hooks = opts.bare ? join(repo, "hooks") : join(repo, ".git", "hooks");
    for (const h of opts.hooks ?? ["post-checkout", "reference-transaction"]) symlinkSync(recorder, join(hooks, h));
    return { dir, repo, hooks, log: join(dir, "hook.log") };
  };
  return { ours: make("a"), theirs: make("b") };
}

/** Runs `worktree add args` with git in theirs and with us in ours, from `sub` under each repository. */
function addBoth(t: { ours: Twin; theirs: Twin }, args: string[], sub = "", extraEnv: Record<string, string> = {}) {
  const g = sb.gitRaw(["worktree", "add", ...args], { cwd: join(t.theirs.repo, sub), env: { HOOK_LOG: t.theirs.log, ...extraEnv } });
  const o = sb.run(["worktree", "add", ...args], { cwd: join(t.ours.repo, sub), env: { HOOK_LOG: t.ours.log, ...extraEnv } });
  return { g, o };
}

function records(t: Twin): string {
  if (!existsSync(t.log)) return "";
  return readFileSync(t.log, "utf8").replaceAll(t.dir, "<dir>");
}

describe("worktree add runs git's hooks as git 2.39", () => {
  test("new branch from the main worktree: branch, ORIG_HEAD, HEAD transactions, then post-checkout", () => {
    const t = twins("main-b");
    const { g, o } = addBoth(t, ["-b", "topic", "../wt", "other"]);
    expect(o.code).toBe(g.code);
    expect(g.code).toBe(0);
    const want = records(t.theirs);
    expect(want).toContain("== post-checkout 0000000000000000000000000000000000000000");
    expect(want).toContain("refs/heads/topic");
    expect(records(t.ours)).toBe(want);
    // The hooks' stdout goes to stderr, as git's.
    expect(o.stdout).toBe("");
    expect(o.stderr).toContain("post-checkout says hello on stdout");
    expect(o.stderr).toContain("reference-transaction says hello on stdout");
  });

  test("detached, from a subdirectory (GIT_PREFIX, the update-ref of HEAD)", () => {
    const t = twins("sub-detach");
    for (const s of [t.ours, t.theirs]) mkdirSync(join(s.repo, "sub"));
    const { g, o } = addBoth(t, ["--detach", "../../wt", "other"], "sub");
    expect(g.code).toBe(0);
    expect(o.code).toBe(0);
    expect(records(t.theirs)).toContain("GIT_PREFIX=sub/");
    expect(records(t.ours)).toBe(records(t.theirs));
  });

  test("from a linked worktree, and with --no-checkout (no post-checkout, no reset)", () => {
    const t = twins("linked");
    for (const s of [t.ours, t.theirs]) sb.git(["worktree", "add", "-q", "--detach", join(s.dir, "first"), "main"], { cwd: s.repo, env: { HOOK_LOG: join(s.dir, "ignored.log") } });
    const g = sb.gitRaw(["worktree", "add", "-b", "fromlinked", "../second", "other"], { cwd: join(t.theirs.dir, "first"), env: { HOOK_LOG: t.theirs.log } });
    const o = sb.run(["worktree", "add", "-b", "fromlinked", "../second", "other"], { cwd: join(t.ours.dir, "first"), env: { HOOK_LOG: t.ours.log } });
    expect([g.code, o.code]).toEqual([0, 0]);
    expect(records(t.ours)).toBe(records(t.theirs));
    for (const s of [t.ours, t.theirs]) rmSync(s.log);
    const r = addBoth(t, ["--no-checkout", "-b", "nc", "../nc", "other"]);
    expect([r.g.code, r.o.code]).toEqual([0, 0]);
    expect(records(t.theirs)).not.toContain("post-checkout");
    expect(records(t.ours)).toBe(records(t.theirs));
  });

  test("from a bare repository (its own hooks/, GIT_IMPLICIT_WORK_TREE)", () => {
    const t = twins("bare", { bare: true });
    const { g, o } = addBoth(t, ["-b", "fb", "../wt", "other"]);
    expect([g.code, o.code]).toEqual([0, 0]);
    expect(records(t.theirs)).toContain("GIT_IMPLICIT_WORK_TREE=0");
    expect(records(t.ours)).toBe(records(t.theirs));
  });

  test("core.hooksPath, relative to the worktree", () => {
    const t = twins("hookspath", { hooks: [] });
    for (const s of [t.ours, t.theirs]) {
      mkdirSync(join(s.repo, "myhooks"));
      symlinkSync(recorder, join(s.repo, "myhooks", "post-checkout"));
      sb.git(["config", "core.hooksPath", "myhooks"], { cwd: s.repo });
    }
    const { g, o } = addBoth(t, ["--detach", "../wt", "other"]);
    expect([g.code, o.code]).toEqual([0, 0]);
    expect(records(t.theirs)).toContain("== post-checkout");
    expect(records(t.ours)).toBe(records(t.theirs));
  });
});

describe("hook failures, as git reports them", () => {
  const failingHook = (t: { ours: Twin; theirs: Twin }, name: string, body: string, mode = 0o755) => {
    for (const s of [t.ours, t.theirs]) {
      rmSync(join(s.hooks, name), { force: true });
      writeFileSync(join(s.hooks, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(s.hooks, name), mode);
    }
  };

  test("post-checkout exiting 3: the add stands, the exit status is 3", () => {
    const t = twins("exit3", { hooks: [] });
    failingHook(t, "post-checkout", "echo failing >&2; exit 3");
    const { g, o } = addBoth(t, ["../wt", "other"]);
    expect(g.code).toBe(3);
    expect(o.code).toBe(3);
    expect(o.stderr).toContain("failing");
    expect(o.stderr).not.toContain("error:");
    // complete: listed, not locked, clean
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: t.ours.repo })).not.toContain("locked");
    expect(sb.git(["status", "--porcelain"], { cwd: join(t.ours.dir, "wt") })).toBe("");
    expect(existsSync(join(t.ours.repo, ".git", "worktrees", "wt", "repo-manager-add"))).toBe(false);
  });

  test("post-checkout killed by a signal: git's message and 128+n", () => {
    const t = twins("signal", { hooks: [] });
    failingHook(t, "post-checkout", "kill -TERM $$");
    const { g, o } = addBoth(t, ["--detach", "../wt", "other"]);
    expect(g.code).toBe(143);
    expect(o.code).toBe(143);
    const line = (s: string, dir: string) => s.split("\n").find((l) => l.includes("died of signal"))?.replaceAll(dir, "<dir>");
    expect(line(o.stderr, t.ours.dir)).toBe(line(g.stderr, t.theirs.dir));
    expect(line(o.stderr, t.ours.dir)).toBe("error: <dir>/repo/.git/hooks/post-checkout died of signal 15");
  });

  test.each([
    ["-b, main worktree", false, ["-q", "-b", "nb", "../wt"]],
    ["--detach, main worktree", false, ["-q", "--detach", "../wt", "other"]],
    ["-b, bare repository", true, ["-q", "-b", "nb", "../wt"]],
  ])("hooks that are not executable are skipped with git's hints, per git process (%s)", (_name, bare, args) => {
    const t = twins(`notexec-${bare ? "bare" : args[1]}`, { hooks: [], bare: bare as boolean });
    failingHook(t, "post-checkout", "exit 1", 0o644);
    failingHook(t, "reference-transaction", "exit 1", 0o644);
    const { g, o } = addBoth(t, args as string[]);
    expect([g.code, o.code]).toEqual([0, 0]);
    expect(o.stderr.replaceAll(t.ours.dir, "<dir>")).toBe(g.stderr.replaceAll(t.theirs.dir, "<dir>"));
    expect(o.stderr).toContain("hook was ignored because it's not set as executable.");
  });

  test("a reference-transaction hook refusing the new branch: aborted, nothing changed", () => {
    const t = twins("refuse", { hooks: [] });
    failingHook(t, "reference-transaction", 'echo "$1" >> "$HOOK_LOG"; cat >> "$HOOK_LOG"; [ "$1" != prepared ]');
    const before = snapshotTree(t.ours.repo);
    const { g, o } = addBoth(t, ["-b", "nope", "../wt", "other"]);
    expect(g.code).not.toBe(0);
    expect(g.stderr).toContain("fatal: ref updates aborted by hook");
    expect(o.code).toBe(1);
    expect(o.stderr).toContain("error: ref updates aborted by hook");
    expect(records(t.ours)).toBe(records(t.theirs));
    expect(records(t.ours)).toContain("aborted");
    expect(snapshotTree(t.ours.repo)).toBe(before);
    expect(existsSync(join(t.ours.dir, "wt"))).toBe(false);
  });
});
