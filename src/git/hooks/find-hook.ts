/**
 * Where git 2.39 looks for a hook (hook.c `find_hook`): `core.hooksPath`
 * when set (a relative value is relative to the directory the looking git
 * process runs in), else the common dir's `hooks/` (a bare repository's own
 * `hooks/`; a linked worktree shares the main one's). A file that exists but
 * is not executable is ignored, with git's `advice.ignoredHook` hint.
 */
import { accessSync, constants, openSync, readSync, closeSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

export interface HookLocation {
  /** Absolute path of the hook to run, or null when there is none to run. */
  path: string | null;
  /** The path as git names it in its "was ignored" hint, when a non-executable hook was found. */
  ignored: string | null;
}

export interface FindHookOptions {
  /** Hook name: `post-checkout`, `reference-transaction`, ... */
  name: string;
  /** The repository's common dir (absolute). */
  commonDir: string;
  /** `core.hooksPath` (with `~/` expanded), if set. */
  hooksPath: string | undefined;
  /** The directory the git process that runs the hook works in (worktree top, or the git dir when bare). */
  baseDir: string;
  /**
   * True when that git process knows its git dir by an absolute path (a linked
   * worktree, or GIT_DIR set absolute for a child); then git names the hook by
   * its absolute path in messages, else relative (`.git/hooks/x`, `hooks/x`).
   */
  absoluteGitDir?: boolean;
}

/** True when `path` starts with `#!` (how git for Windows decides a hook is a script it can run). */
function hasShebang(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x23 && b[1] === 0x21;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * git's is_executable: the execute permission on POSIX; on Windows, which has
 * no exec bit, git for Windows runs `.exe` files and `#!` scripts.
 */
function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  if (platform === "win32") return path.toLowerCase().endsWith(".exe") || hasShebang(path);
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Finds a hook as git 2.39 does. Reads nothing but the file system; runs nothing. */
export function findHook(o: FindHookOptions, platform: NodeJS.Platform = process.platform): HookLocation {
  // git_path("hooks/<name>"): the hooks path replaces `hooks/` as given, so it stays relative when it is.
  const named = o.hooksPath !== undefined && o.hooksPath !== "" ? join(o.hooksPath, o.name) : join(o.commonDir, "hooks", o.name);
  const full = resolve(o.baseDir, named);
  // How git prints it (git_path): core.hooksPath as configured; else relative when its git dir
  // is (the main worktree's `.git`, a bare repository's `.`), absolute when it is absolute.
  const rel = relative(o.baseDir, full);
  const usesHooksPath = o.hooksPath !== undefined && o.hooksPath !== "";
  const shown = usesHooksPath ? named : o.absoluteGitDir || rel.startsWith("..") || isAbsolute(rel) ? full : rel;
  const candidates = platform === "win32" ? [full, `${full}.exe`] : [full];
  for (const c of candidates) {
    if (!isFile(c)) continue;
    if (isExecutable(c, platform)) return { path: c, ignored: null };
    return { path: null, ignored: shown };
  }
  return { path: null, ignored: null };
}
