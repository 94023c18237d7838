/**
 * Finding a worktree from a command-line argument, as git's find_worktree():
 * first a unique path suffix that starts at a directory boundary ("wt",
 * "sub/wt"), then a path (relative to the cwd) compared by real path.
 */
import { isAbsolute, resolve } from "node:path";
import { type GitConfig, loadConfig } from "../../git/config/config.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { ignoreCaseOf, listWorktreesSync } from "./list.ts";
import { realpathForgiving, samePath } from "../../git/repo/fspath.ts";
import { NotAWorktreeError } from "./errors.ts";

const isDirSep = (c: string | undefined) => c === "/" || (process.platform === "win32" && c === "\\");

/** find_worktree_by_suffix(): the only worktree whose path ends in `/<suffix>`, or undefined. */
export function findWorktreeBySuffix(list: WorktreeInfo[], suffix: string, ignoreCase = false): WorktreeInfo | undefined {
  if (suffix === "") return undefined;
  let found: WorktreeInfo | undefined;
  let n = 0;
  for (const w of list) {
    const start = w.path.length - suffix.length;
    if ((start === 0 || (start > 0 && isDirSep(w.path[start - 1]))) && samePath(suffix, w.path.slice(start), ignoreCase)) {
      found = w;
      if (++n > 1) return undefined;
    }
  }
  return found;
}

/** find_worktree_by_path(): compares real paths (the last component may be missing). */
export function findWorktreeByPath(list: WorktreeInfo[], path: string, ignoreCase = false): WorktreeInfo | undefined {
  const want = realpathForgiving(path);
  if (want === null) return undefined;
  for (const w of list) {
    const have = realpathForgiving(w.path);
    if (have !== null && samePath(want, have, ignoreCase)) return w;
  }
  return undefined;
}

/** The same lookup over a list already read; undefined when nothing matches. */
export function findInList(list: WorktreeInfo[], arg: string, opts: { cwd: string; ignoreCase?: boolean }): WorktreeInfo | undefined {
  return (
    findWorktreeBySuffix(list, arg, opts.ignoreCase) ??
    findWorktreeByPath(list, isAbsolute(arg) ? arg : resolve(opts.cwd, arg), opts.ignoreCase)
  );
}

/**
 * Finds the worktree `arg` names: a unique last path component (or
 * components), or a path absolute or relative to the cwd.
 * @throws NotAWorktreeError (E_NOT_A_WORKTREE) when none matches.
 */
export async function findWorktree(repo: Repository, arg: string, opts: { cwd: string; config?: GitConfig }): Promise<WorktreeInfo> {
  const config = opts.config ?? loadConfig({ commonDir: repo.commonDir, gitDir: repo.gitDir });
  const ignoreCase = ignoreCaseOf(repo, config);
  const list = listWorktreesSync(repo, { config });
  const w = findInList(list, arg, { cwd: opts.cwd, ignoreCase });
  if (!w) throw new NotAWorktreeError(arg);
  return w;
}
