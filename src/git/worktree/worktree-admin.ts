/**
 * The admin files of linked worktrees, as git's worktree.c reads and writes
 * them:
 *
 *   <common>/worktrees/<id>/gitdir     "<worktree>/.git\n" (absolute; newer git
 *                                       with worktree.useRelativePaths writes a
 *                                       path relative to this directory)
 *   <common>/worktrees/<id>/commondir  "../..\n"
 *   <common>/worktrees/<id>/HEAD       the worktree's HEAD
 *   <common>/worktrees/<id>/locked     the lock reason (may be empty)
 *   <worktree>/.git                    "gitdir: <common>/worktrees/<id>\n"
 *
 * Every file git also writes is written under the lock-file protocol.
 * Windows: git for Windows writes these paths with forward slashes
 * ("C:/src/wt/.git"); we do the same (toGitPath) and accept both on reading.
 */
import { mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { writeFileLocked } from "../../platform/lockfile.ts";
import { isGitDir } from "../repo/discovery.ts";
import { fileExists, isDirectory, realpathForgiving, stripDotGit, toGitPath } from "../repo/fspath.ts";
import type { Repository } from "../repo/types.ts";

/** `<common>/worktrees`. */
export function worktreesDir(repo: Pick<Repository, "commonDir">): string {
  return join(repo.commonDir, "worktrees");
}

/** `<common>/worktrees/<id>`: the admin dir of a linked worktree. */
export function worktreeAdminDir(repo: Pick<Repository, "commonDir">, id: string): string {
  return join(repo.commonDir, "worktrees", id);
}

/** Names of the entries under `<common>/worktrees` (unsorted, as readdir gives them); [] when there is none. */
export function listAdminIds(repo: Pick<Repository, "commonDir">): string[] {
  try {
    return readdirSync(worktreesDir(repo));
  } catch {
    return [];
  }
}

/** git's strbuf_trim/rtrim set: isspace() in git's ctype is space, \t, \n, \r only. */
const GIT_SPACE = " \t\n\r";
export const gitTrim = (s: string): string => gitRtrim(gitLtrim(s));
export function gitRtrim(s: string): string {
  let end = s.length;
  while (end > 0 && GIT_SPACE.includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
}
function gitLtrim(s: string): string {
  let start = 0;
  while (start < s.length && GIT_SPACE.includes(s[start] as string)) start++;
  return s.slice(start);
}

/**
 * The lock reason of a linked worktree: null when it is not locked, "" when
 * locked without a reason (worktree_lock_reason()).
 */
export function readLocked(adminDir: string): string | null {
  const file = join(adminDir, "locked");
  if (!fileExists(file)) return null;
  return gitTrim(readFileSync(file, "utf8"));
}

/** Writes `locked` as `git worktree lock` does: the reason plus "\n", or an empty file. */
export function writeLocked(adminDir: string, reason: string): void {
  writeFileLocked(join(adminDir, "locked"), reason === "" || reason.endsWith("\n") ? reason : `${reason}\n`);
}

/** Removes `locked`; false when there was none. */
export function removeLocked(adminDir: string): boolean {
  try {
    unlinkSync(join(adminDir, "locked"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * The worktree path recorded in `<admin>/gitdir`, as get_linked_worktree()
 * derives it: trailing whitespace removed, a final "/.git" stripped; a
 * relative link (newer git, worktree.useRelativePaths) resolved against the
 * admin dir. Null when the file is missing or empty (git then skips the entry).
 */
export function readGitdirFile(adminDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(adminDir, "gitdir"), "utf8");
  } catch {
    return null;
  }
  let p = gitRtrim(text);
  if (p === "") return null;
  if (!isAbsolute(p)) p = toGitPath(realpathForgiving(join(adminDir, p)) ?? resolve(adminDir, p));
  return stripDotGit(p);
}

/** The raw text of `<admin>/gitdir`, or null when it cannot be read. */
export function readGitdirText(adminDir: string): string | null {
  try {
    return readFileSync(join(adminDir, "gitdir"), "utf8");
  } catch {
    return null;
  }
}

/** Whether `<admin>/gitdir` holds a relative link (newer git, worktree.useRelativePaths); false when unreadable. */
export function hasRelativeGitdir(adminDir: string): boolean {
  const text = readGitdirText(adminDir);
  return text !== null && !isAbsolute(text.trim());
}

/** Writes `<admin>/gitdir` = "<real worktree path>/.git\n" (absolute, as git 2.39 does). */
export function writeGitdirFile(adminDir: string, worktreePath: string): void {
  writeGitdirLink(adminDir, `${worktreePath}/.git`);
}

/** Writes `<admin>/gitdir` = "<link>\n": the worktree's `.git`, absolute or relative to the admin dir. */
export function writeGitdirLink(adminDir: string, link: string): void {
  writeFileLocked(join(adminDir, "gitdir"), `${toGitPath(link)}\n`);
}

/** Writes the worktree's `.git` file: "gitdir: <admin dir>\n" (its real path, or one relative to the worktree). */
export function writeDotGitFile(worktreePath: string, adminDir: string): void {
  writeFileLocked(join(worktreePath, ".git"), `gitdir: ${toGitPath(adminDir)}\n`);
}

/** The raw text of a `.git` file, or null when it cannot be read. */
export function readDotGitText(dotgit: string): string | null {
  try {
    return readFileSync(dotgit, "utf8");
  } catch {
    return null;
  }
}

/** Writes `<admin>/commondir` = "../..\n" as git worktree add does. */
export function writeCommondirFile(adminDir: string): void {
  writeFileLocked(join(adminDir, "commondir"), "../..\n");
}

/** Whether a worktree's git dir has a `modules` directory: submodules were initialised there (git's simple test in validate_no_submodules()). */
export function hasModulesDir(gitDir: string): boolean {
  return isDirectory(join(gitDir, "modules"));
}

/** read_gitfile_gently()'s error codes, by name. */
export type GitFileError = "stat-failed" | "not-a-file" | "too-large" | "open-failed" | "read-failed" | "invalid-format" | "no-path" | "not-a-repo";

/**
 * git's read_gitfile_gently(): reads a `.git` file and returns the real path
 * of the git dir it names, or the reason it cannot.
 */
export function readGitFileGently(dotgit: string): { gitDir: string; error: null } | { gitDir: null; error: GitFileError } {
  const st = statSync(dotgit, { throwIfNoEntry: false });
  if (!st) return { gitDir: null, error: "stat-failed" };
  if (!st.isFile()) return { gitDir: null, error: "not-a-file" };
  if (st.size > 1 << 20) return { gitDir: null, error: "too-large" };
  let buf: string;
  try {
    buf = readFileSync(dotgit, "utf8");
  } catch {
    return { gitDir: null, error: "open-failed" };
  }
  if (!buf.startsWith("gitdir: ")) return { gitDir: null, error: "invalid-format" };
  let len = buf.length;
  while (len > 0 && (buf[len - 1] === "\n" || buf[len - 1] === "\r")) len--;
  if (len < 9) return { gitDir: null, error: "no-path" };
  let dir = buf.slice(8, len);
  if (!isAbsolute(dir)) dir = join(dirname(dotgit), dir);
  if (!isGitDir(dir)) return { gitDir: null, error: "not-a-repo" };
  return { gitDir: toGitPath(realpathSync.native(dir)), error: null };
}

/**
 * The admin dir name git derives from a worktree path: the last path
 * component run through sanitize_refname_component() (refs.c): forbidden
 * characters become '-', ".." collapses to ".", "@{" becomes "@-", a leading
 * '.' becomes '-', and any ".lock" suffix is dropped.
 */
export function sanitizeWorktreeId(worktreePath: string): string {
  const name = basename(worktreePath.replace(/[\\/]+$/, ""));
  const out: string[] = [];
  let last = "";
  for (const ch of name) {
    const c = ch.codePointAt(0) as number;
    out.push(ch);
    if (ch === ".") {
      if (last === ".") out.pop();
    } else if (ch === "{") {
      if (last === "@") out[out.length - 1] = "-";
    } else if (c < 0x20 || c === 0x7f || " ~^:?[\\*".includes(ch)) {
      out[out.length - 1] = "-";
    }
    last = ch;
  }
  if (name.startsWith(".") && out.length > 0) out[0] = "-";
  let id = out.join("");
  while (id.endsWith(".lock")) id = id.slice(0, -5);
  return id;
}

/**
 * Creates `<common>/worktrees/<id>` for a new worktree as git worktree add
 * does: id from sanitizeWorktreeId(), and on a clash "<id>1", "<id>2", ...
 * (mkdir is the atomic claim, so two concurrent adds never share a dir).
 */
export function createAdminDir(repo: Pick<Repository, "commonDir">, worktreePath: string): { id: string; adminDir: string } {
  const base = sanitizeWorktreeId(worktreePath);
  mkdirSync(worktreesDir(repo), { recursive: true });
  for (let counter = 0; ; counter++) {
    const id = counter === 0 ? base : `${base}${counter}`;
    const adminDir = worktreeAdminDir(repo, id);
    try {
      mkdirSync(adminDir);
      return { id, adminDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/** Deletes `<common>/worktrees/<id>` recursively (git's delete_git_dir()). */
export function deleteAdminDir(repo: Pick<Repository, "commonDir">, id: string): void {
  deleteAdminDirAt(worktreeAdminDir(repo, id));
}

/** Deletes an admin dir given by its path, recursively; no error when it is gone already. */
export function deleteAdminDirAt(adminDir: string): void {
  rmSync(adminDir, { recursive: true, force: true });
}

/** Removes `<common>/worktrees` when it is empty (delete_worktrees_dir_if_empty()); errors ignored as git does. */
export function deleteWorktreesDirIfEmpty(repo: Pick<Repository, "commonDir">): void {
  try {
    rmdirSync(worktreesDir(repo));
  } catch {
    // not empty, or already gone
  }
}
