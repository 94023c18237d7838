/**
 * File-system failures of `worktree add`'s own steps (making the worktree's
 * directory and its admin dir), told by their cause rather than as an
 * internal error: a name or path too long for the file system, no
 * permission, a read-only file system, no space left.
 */
import { WorktreeAddError } from "./errors.ts";

const CAUSES: Record<string, { what: string; hint: string }> = {
  ENAMETOOLONG: {
    what: "file name too long",
    hint: "choose a shorter path: file systems allow about 255 bytes per name and 4096 per path",
  },
  EACCES: { what: "permission denied", hint: "check the permissions of the directories on the way to it" },
  EPERM: { what: "operation not permitted", hint: "check the permissions of the directories on the way to it" },
  EROFS: { what: "read-only file system", hint: "choose a path on a writable file system" },
  ENOSPC: { what: "no space left on device", hint: "free some space, or choose a path on another file system" },
  ELOOP: { what: "too many levels of symbolic links", hint: "check the symbolic links on the way to it" },
};

/**
 * A WorktreeAddError (`E_ADD_FS`) saying what could not be created and why,
 * for an errno error with a known cause; anything else is returned unchanged.
 */
export function addStepError(what: string, path: string, error: unknown, hints: Record<string, string> = {}): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const cause = typeof code === "string" ? CAUSES[code] : undefined;
  if (cause === undefined || code === undefined) return error;
  return new WorktreeAddError("E_ADD_FS", `could not create ${what} '${path}': ${cause.what}`, hints[code] ?? cause.hint, { path, errno: code });
}
