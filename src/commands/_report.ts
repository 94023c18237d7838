/**
 * Turns anything thrown into one or two lines on stderr and an exit code.
 * A stack trace only with --debug / REPO_MANAGER_DEBUG=1.
 */
import { isRepoManagerError } from "../errors.ts";
import { writeErr } from "../output/stdio.ts";
import { colorEnabledFor, makeStyle } from "../output/tty.ts";

const ERRNO_MESSAGES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ENOSPC: "no space left on device",
  EROFS: "read-only file system",
  EEXIST: "file exists",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EBUSY: "resource busy or locked",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

interface Reportable {
  message: string;
  hint?: string;
  exitCode: number;
  code?: string;
}

function classify(error: unknown): Reportable {
  if (isRepoManagerError(error)) return error;
  if (error instanceof Error) {
    const e = error as Error & { exitCode?: number; hint?: string; code?: string; path?: string; name: string };
    if (typeof e.exitCode === "number") return { message: e.message, hint: e.hint, exitCode: e.exitCode, code: e.code };
    if (e.name === "CLIError") return { message: stripAnsi(e.message), hint: "see 'repo-manager --help'", exitCode: 2 };
    const errno = typeof e.code === "string" ? ERRNO_MESSAGES[e.code] : undefined;
    if (errno) return { message: `${errno}${e.path ? `: ${e.path}` : ""}`, exitCode: 1, code: e.code };
    return { message: `internal error: ${e.message}`, hint: "rerun with --debug and report the output", exitCode: 1 };
  }
  return { message: `internal error: ${String(error)}`, exitCode: 1 };
}

// biome-ignore lint: control characters are intended
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** Exit status for a reader that went away: what a shell shows for a process killed by SIGPIPE. */
export const EXIT_BROKEN_PIPE = 141;

export function reportError(error: unknown): number {
  // Not an error worth a message (`repo-manager wt list | head -1`).
  if ((error as NodeJS.ErrnoException | null)?.code === "EPIPE") return EXIT_BROKEN_PIPE;
  const r = classify(error);
  const style = makeStyle(colorEnabledFor(2));
  let out = `${style.red("error:")} ${r.message}\n`;
  if (r.hint) out += `${style.dim("hint:")} ${r.hint}\n`;
  if (process.env.REPO_MANAGER_DEBUG === "1" && error instanceof Error && error.stack) out += `${error.stack}\n`;
  try {
    writeErr(out);
  } catch {
    // stderr is gone too: the exit code is all that is left to say it.
  }
  return r.exitCode;
}
