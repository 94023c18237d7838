/**
 * Turns anything thrown into one or two lines on stderr and an exit code.
 * A stack trace only with --debug / REPO_MANAGER_DEBUG=1.
 */
import { isRepoManagerError } from "../errors.ts";
import type { IO } from "../output/io.ts";

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
    const errno = typeof e.code === "string" ? ERRNO_MESSAGES[e.code] : undefined;
    if (errno) return { message: `${errno}${e.path ? `: ${e.path}` : ""}`, exitCode: 1, code: e.code };
    return { message: `internal error: ${e.message}`, hint: "rerun with --debug and report the output", exitCode: 1 };
  }
  return { message: `internal error: ${String(error)}`, exitCode: 1 };
}

/** Exit status for a reader that went away: what a shell shows for a process killed by SIGPIPE. */
export const EXIT_BROKEN_PIPE = 141;

/** Writes `error` to stderr as one or two lines (a stack trace only with `debug`); returns the exit code. */
export function reportError(error: unknown, io: IO, debug: boolean): number {
  // Not an error worth a message (`repo-manager wt list | head -1`).
  if ((error as NodeJS.ErrnoException | null)?.code === "EPIPE") return EXIT_BROKEN_PIPE;
  const r = classify(error);
  const style = io.style(2);
  let out = `${style.red("error:")} ${r.message}\n`;
  if (r.hint) out += `${style.dim("hint:")} ${r.hint}\n`;
  if (debug && error instanceof Error && error.stack) out += `${error.stack}\n`;
  try {
    io.err(out);
  } catch {
    // stderr is gone too: the exit code is all that is left to say it.
  }
  return r.exitCode;
}
