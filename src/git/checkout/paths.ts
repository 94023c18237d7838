/**
 * Safety of paths that come out of a tree object, before anything is written.
 *
 * A tree is data from someone else (a clone of a hostile repository): names
 * like `../x`, `.git/config`, `.GIT`, `git~1` (the NTFS short name of `.git`)
 * or `.git\u200c` (HFS+ ignores that code point) must never reach the file
 * system. This mirrors git's `verify_path()` (read-cache.c) and, on Windows,
 * `is_valid_win32_path()` (compat/mingw.c). Like git, the NTFS `.git`
 * variants are refused on every platform (core.protectNTFS defaults to true
 * since git 2.24); the HFS variants by default only on macOS.
 */
import { PathCollisionError, UnsafePathError } from "./errors.ts";

export interface PathSafetyOptions {
  /** Refuse NTFS aliases of `.git` (`.git.`, `.git ::$INDEX_ALLOCATION`, `git~1`). Default true, as git. */
  protectNtfs?: boolean;
  /** Refuse HFS+ aliases of `.git` (ignorable Unicode code points). Default: true on macOS. */
  protectHfs?: boolean;
  /** Apply Windows name rules (reserved names, trailing dot/space, `<>:"|?*`, `\`). Default: on Windows. */
  windows?: boolean;
}

// Code points HFS+ ignores when comparing names (git's next_hfs_char()).
const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
const WIN_RESERVED = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9]|conin\$|conout\$)(?:[ .:]|$)/i;
// Control characters and the characters Win32 refuses in a file name.
const WIN_INVALID = /[\u0001-\u001f<>:"|?*\\]/;

/** True if `name` is `.git` as NTFS would resolve it (git's is_ntfs_dotgit). */
function isNtfsDotGit(name: string): boolean {
  const lower = name.toLowerCase();
  let rest: string;
  if (lower.startsWith(".git")) rest = lower.slice(4);
  else if (lower.startsWith("git~1")) rest = lower.slice(5);
  else return false;
  // Only trailing dots/spaces, optionally followed by an alternate data stream (":...").
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === ":" || c === "\\") return true;
    if (c !== "." && c !== " ") return false;
  }
  return true;
}

/** True if `name` is `.git` as HFS+ would resolve it (git's is_hfs_dotgit). */
function isHfsDotGit(name: string): boolean {
  return name.replace(HFS_IGNORABLE, "").toLowerCase() === ".git";
}

/** True if `.gitmodules` under NTFS/HFS aliasing (a symlink with this name is refused, as git does). */
function isDotGitmodules(name: string, o: Required<PathSafetyOptions>): boolean {
  const lower = name.toLowerCase();
  if (lower === ".gitmodules") return true;
  if (o.protectHfs && name.replace(HFS_IGNORABLE, "").toLowerCase() === ".gitmodules") return true;
  if (o.protectNtfs && (/^\.gitmodules[. ]*$/.test(lower) || /^gitmod~\d$/.test(lower))) return true;
  return false;
}

function resolveOptions(o: PathSafetyOptions): Required<PathSafetyOptions> {
  return {
    protectNtfs: o.protectNtfs ?? true,
    protectHfs: o.protectHfs ?? process.platform === "darwin",
    windows: o.windows ?? process.platform === "win32",
  };
}

/**
 * Returns why a single path component is unsafe, or null if it is fine.
 * `isSymlink` is true for the last component of a symlink entry (a symlink
 * named `.gitmodules` is refused, as git does).
 */
function componentProblem(name: string, o: Required<PathSafetyOptions>, isSymlink: boolean): string | null {
  if (name === "") return "empty path component";
  if (name === "." || name === "..") return `'${name}' path component`;
  if (name.toLowerCase() === ".git") return "'.git' path component";
  if (name.includes("\0")) return "NUL in path";
  if (o.protectNtfs && isNtfsDotGit(name)) return `'${name}' is '.git' on NTFS`;
  if (o.protectHfs && isHfsDotGit(name)) return `'${name}' is '.git' on HFS+`;
  if (isSymlink && isDotGitmodules(name, o)) return "'.gitmodules' must not be a symbolic link";
  if (o.windows) {
    if (WIN_INVALID.test(name)) return `'${name}' contains a character Windows does not allow`;
    if (name.endsWith(".") || name.endsWith(" ")) return `'${name}' ends with a dot or space (Windows drops it)`;
    if (WIN_RESERVED.test(name)) return `'${name}' is a reserved device name on Windows`;
  }
  return null;
}

/**
 * Checks one tree path (`/`-separated, relative to the worktree root) and
 * throws UnsafePathError if writing it could escape the worktree or touch
 * git's own files. `mode` is the tree entry's mode (120000 for symlinks).
 */
export function verifyPath(path: string, mode: number, options: PathSafetyOptions = {}): void {
  const problem = pathProblem(path, mode, resolveOptions(options));
  if (problem !== null) throw new UnsafePathError(path, problem);
}

/** Like verifyPath but with resolved options and no throw, for hot loops. */
export function pathProblem(path: string, mode: number, o: Required<PathSafetyOptions>): string | null {
  if (path.startsWith("/")) return "absolute path";
  if (o.windows && /^[a-zA-Z]:/.test(path)) return "drive-letter path";
  const parts = path.split("/");
  const last = parts.length - 1;
  for (let i = 0; i <= last; i++) {
    const p = componentProblem(parts[i] as string, o, i === last && mode === 0o120000);
    if (p !== null) return p;
  }
  return null;
}

/**
 * Checks a single tree entry name (no `/`) as the walker meets it: cheaper
 * than re-splitting full paths, same rules. Returns null or the reason.
 */
export function nameProblem(name: string, mode: number, o: Required<PathSafetyOptions>): string | null {
  if (name.includes("/")) return "'/' inside a tree entry name";
  return componentProblem(name, o, mode === 0o120000);
}

export { resolveOptions as resolvePathSafetyOptions };

/**
 * Finds paths (files and the directories that lead to them) that fold to the
 * same name on a case-insensitive file system and throws PathCollisionError
 * for the first pair. Git on such systems silently overwrites one file with
 * the other; we refuse instead. Folding is `toLowerCase()` after NFC
 * normalisation (macOS also normalises Unicode).
 */
export function checkCaseCollisions(paths: Iterable<string>): void {
  const seen = new Map<string, string>();
  const note = (p: string) => {
    const key = p.normalize("NFC").toLowerCase();
    const prev = seen.get(key);
    if (prev === undefined) seen.set(key, p);
    else if (prev !== p) throw new PathCollisionError(prev, p);
  };
  for (const path of paths) {
    let slash = path.indexOf("/");
    while (slash !== -1) {
      note(path.slice(0, slash));
      slash = path.indexOf("/", slash + 1);
    }
    note(path);
  }
}

/** Default for "is the file system case-insensitive": Windows and macOS, like git's core.ignoreCase at init. */
export function defaultCaseInsensitive(): boolean {
  return process.platform === "win32" || process.platform === "darwin";
}
