/**
 * Isolated environments for tests: every test that runs git or repo-manager
 * gets its own HOME, XDG dirs and no system git config, so the developer's
 * own configuration can never change a result (the worktrunk model).
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "./in-process.ts";

export const ROOT = join(import.meta.dir, "..", "..");
export const MAIN = join(ROOT, "src", "main.ts");
export const BINARY = join(ROOT, "dist", process.platform === "win32" ? "repo-manager.exe" : "repo-manager");

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Sandbox {
  /** Realpath of the temp dir (macOS /tmp is a symlink; git prints real paths). */
  root: string;
  home: string;
  env: Record<string, string>;
  /** Runs the real git; throws with its stderr on failure. */
  git(args: string[], opts?: { cwd?: string; env?: Record<string, string> }): string;
  /** Runs the real git, never throws. */
  gitRaw(args: string[], opts?: { cwd?: string; env?: Record<string, string>; stdin?: string }): RunResult;
  /** Runs repo-manager from source (or the compiled binary with { binary: true }). */
  run(args: string[], opts?: { cwd?: string; env?: Record<string, string>; binary?: boolean; stdin?: string }): RunResult;
  /** Runs a built-in command in this process (test/helpers/in-process.ts): the words after the global options. */
  exec(args: string[], opts?: { cwd?: string; env?: Record<string, string>; json?: boolean }): Promise<RunResult>;
  cleanup(): void;
}

// Variables that would point git (or us) somewhere else than the test says.
const SCRUB = /^(GIT_|REPO_MANAGER_|XDG_|NO_COLOR$|FORCE_COLOR$)/;

export function createSandbox(prefix = "rm-test-"): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const home = join(root, "home");
  mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SCRUB.test(k)) env[k] = v;
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_STATE_HOME: join(home, ".local", "state"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test Author",
    GIT_AUTHOR_EMAIL: "author@example.com",
    GIT_COMMITTER_NAME: "Test Committer",
    GIT_COMMITTER_EMAIL: "committer@example.com",
    GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
    LANG: "C",
    LC_ALL: "C",
    NO_COLOR: "1",
  });
  // init.defaultBranch keeps output stable whatever git's default is.
  Bun.spawnSync(["git", "config", "--global", "init.defaultBranch", "main"], { env });
  Bun.spawnSync(["git", "config", "--global", "protocol.file.allow", "always"], { env });

  const spawn = (cmd: string[], cwd: string, extra?: Record<string, string>, stdin?: string): RunResult => {
    const p = Bun.spawnSync(cmd, {
      cwd,
      env: { ...env, ...extra },
      stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
      stdout: "pipe",
      stderr: "pipe",
    });
    return { stdout: p.stdout.toString(), stderr: p.stderr.toString(), code: p.exitCode ?? 128 };
  };

  return {
    root,
    home,
    env,
    gitRaw: (args, opts = {}) => spawn(["git", ...args], opts.cwd ?? root, opts.env, opts.stdin),
    git(args, opts = {}) {
      const r = spawn(["git", ...args], opts.cwd ?? root, opts.env);
      if (r.code !== 0) throw new Error(`git ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    run(args, opts = {}) {
      const cmd = opts.binary ? [BINARY, ...args] : [process.execPath, MAIN, ...args];
      return spawn(cmd, opts.cwd ?? root, opts.env, opts.stdin);
    },
    exec: (args, opts = {}) => runInProcess(args, { cwd: opts.cwd ?? root, env: { ...env, ...opts.env }, json: opts.json }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A repository with one commit on `main`, made by the real git. */
export function initRepo(sb: Sandbox, name = "repo", opts: { bare?: boolean } = {}): string {
  const dir = join(sb.root, name);
  sb.git(["init", "-q", ...(opts.bare ? ["--bare"] : []), dir]);
  if (!opts.bare) {
    writeFileSync(join(dir, "README.md"), "hello\n");
    sb.git(["add", "README.md"], { cwd: dir });
    sb.git(["commit", "-q", "-m", "initial"], { cwd: dir });
  }
  return dir;
}

/** A snapshot of every entry under dir (path, type, size, mtime, mode), to prove a refusal changed nothing. */
export function snapshotTree(dir: string): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      const type = st.isDirectory() ? "d" : st.isSymbolicLink() ? "l" : "f";
      lines.push(`${p} ${type} ${type === "d" ? "" : st.size} ${type === "d" ? "" : st.mtimeMs} ${st.mode.toString(8)}`);
      if (type === "d") walk(p);
    }
  };
  walk(dir);
  return lines.sort().join("\n");
}
