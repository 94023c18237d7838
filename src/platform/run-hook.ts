/**
 * Runs one hook program (the user's own executable) the way git's
 * run-command does for hooks: the given working directory and environment,
 * its stdout sent to our stderr (git sets `stdout_to_stderr`), stdin either
 * the given text or nothing. Synchronous: git waits for its hooks too.
 *
 * Windows: there is no exec bit and CreateProcess cannot start a script, so
 * a `#!` script is run through the `sh` git for Windows ships (found on
 * PATH); without one it is not run and the caller reports why.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { constants } from "node:os";

export interface HookRun {
  /** The exit code; 128 + n when killed by signal n (what git's wait_or_whine returns). */
  exitCode: number;
  /** The number of the signal that killed it, if any. */
  signal: number | null;
  /** Why it could not be started, or null. */
  notStarted: string | null;
}

export interface HookSpawn {
  path: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Text for the hook's stdin; null for no stdin (git's `no_stdin`). */
  stdin: string | null;
}

/** The interpreter line of a `#!` script (`/bin/sh`, `/usr/bin/env python3`), or null. */
function shebang(path: string): string[] | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const b = Buffer.alloc(256);
    const n = readSync(fd, b, 0, 256, 0);
    const line = b.subarray(0, n).toString("latin1").split("\n")[0] ?? "";
    return line.startsWith("#!") ? line.slice(2).trim().split(/\s+/).filter(Boolean) : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The command line for the hook (itself, or `sh <script>` on Windows), or why it cannot run. */
function commandFor(path: string, args: string[], platform: NodeJS.Platform): string[] | string {
  if (platform !== "win32" || path.toLowerCase().endsWith(".exe")) return [path, ...args];
  if (shebang(path) === null) return "neither an .exe nor a #! script";
  const sh = Bun.which("sh");
  return sh === null ? "no 'sh' found on PATH to run it (Git for Windows has one)" : [sh, path, ...args];
}

/** Runs a hook and waits for it. Never throws for the hook's own failure. */
export function runHookProgram(h: HookSpawn, platform: NodeJS.Platform = process.platform): HookRun {
  const cmd = commandFor(h.path, h.args, platform);
  if (typeof cmd === "string") return { exitCode: 255, signal: null, notStarted: cmd };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(h.env)) if (v !== undefined) env[k] = v;
  let proc: ReturnType<typeof Bun.spawnSync>;
  try {
    proc = Bun.spawnSync(cmd, {
      cwd: h.cwd,
      env,
      stdin: h.stdin === null ? "ignore" : Buffer.from(h.stdin),
      // File descriptor 2: the hook's stdout joins our stderr, as git's hooks' does.
      stdout: 2 as unknown as "inherit",
      stderr: "inherit",
    });
  } catch (e) {
    return { exitCode: 255, signal: null, notStarted: (e as Error).message };
  }
  if (proc.signalCode) {
    const n = (constants.signals as Record<string, number>)[proc.signalCode] ?? 0;
    return { exitCode: 128 + n, signal: n, notStarted: null };
  }
  return { exitCode: proc.exitCode ?? 255, signal: null, notStarted: null };
}

/** git does not report a hook killed by these (run-command.c wait_or_whine). */
export function isQuietSignal(signal: number): boolean {
  const s = constants.signals;
  return signal === s.SIGINT || signal === s.SIGQUIT || signal === s.SIGPIPE;
}
