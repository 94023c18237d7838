/**
 * Paths as git handles them on the file system: how it writes them into its
 * files (forward slashes on Windows too), compares and orders them
 * (fspathcmp(), core.ignorecase), and the small file-system tests of
 * git's dir.c and abspath.c. One home for each, used by every room.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

const isWindows = process.platform === "win32";

/** A path as git writes it into admin files: forward slashes on Windows too. */
export function toGitPath(p: string): string {
  return isWindows ? p.replaceAll("\\", "/") : p;
}

/** Strips a trailing "/.git" (git's strbuf_strip_suffix(path, "/.git")); "\.git" too on Windows. */
export function stripDotGit(p: string): string {
  if (p.endsWith("/.git")) return p.slice(0, -5);
  if (isWindows && p.endsWith("\\.git")) return p.slice(0, -5);
  return p;
}

/** git's file_exists(): anything stat() can see (following symlinks). */
export function fileExists(p: string): boolean {
  return existsSync(p);
}

/** git's is_directory(). */
export function isDirectory(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
}

/** git's is_empty_dir(): false for a file, or a directory that cannot be read. */
export function isEmptyDir(p: string): boolean {
  try {
    return readdirSync(p).length === 0;
  } catch {
    return false;
  }
}

/**
 * git's strbuf_realpath(..., die_on_error=0): the real path, where the last
 * component (only) may be missing. Returns null when it cannot be resolved.
 */
export function realpathForgiving(p: string): string | null {
  const abs = resolve(p);
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return null;
    try {
      const st = statSync(abs, { throwIfNoEntry: false });
      if (st) return null; // exists but unreadable path: not "missing"
      return join(realpathSync.native(parent), basename(abs));
    } catch {
      return null;
    }
  }
}

/** strcasecmp folds ASCII letters only. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Compare paths as git's fspathcmp does: case-insensitively when
 * core.ignorecase is set (git init sets it on Windows and macOS file systems).
 */
export function samePath(a: string, b: string, ignoreCase = false): boolean {
  if (isWindows) {
    a = a.replaceAll("\\", "/");
    b = b.replaceAll("\\", "/");
  }
  return ignoreCase ? asciiLower(a) === asciiLower(b) : a === b;
}

/** A UTF-16 unit from U+D800 up: the only ones whose UTF-16 order can differ from UTF-8's. */
const HIGH_UNIT = /[\ud800-\uffff]/;

/**
 * Orders paths as git does: memcmp of the UTF-8 bytes (index order, strcmp),
 * or with `ignoreCase` strcasecmp's (fspathcmp() under core.ignorecase).
 * JS compares UTF-16 code units, which differ from UTF-8 byte order only for
 * a surrogate (a character above U+FFFF) against U+E000..U+FFFF; so the
 * engine's native comparison is exact unless both strings have a unit from
 * U+D800 up, and only then is the order worked out unit by unit. (Native:
 * `worktree list` runs with a reluctant JIT, where a JS loop over every
 * character of 100 sorted paths costs more than the listing's reads.)
 */
export function comparePaths(a: string, b: string, ignoreCase = false): number {
  if (ignoreCase) {
    a = asciiLower(a);
    b = asciiLower(b);
  }
  if (a === b) return 0;
  if (HIGH_UNIT.test(a) && HIGH_UNIT.test(b)) return compareAsUtf8(a, b);
  return a < b ? -1 : 1;
}

function compareAsUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
