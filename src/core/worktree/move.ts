/**
 * `worktree move`: as git's move_worktree() (builtin/worktree.c), with one
 * deliberate difference: every check runs before anything is changed, so a
 * refused move leaves the repository exactly as it was (git may already have
 * dropped a stale registration of the destination when it then refuses).
 */
import { renameSync, rmdirSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { RepoManagerError } from "../../errors.ts";
import { type GitConfig, loadConfig } from "../../git/config/config.ts";
import { type IndexTable, readIndexTable } from "../../git/index/index.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import {
  deleteAdminDir,
  hasRelativeGitdir,
  readGitFileGently,
  writeDotGitFile,
  writeGitdirFile,
  writeGitdirLink,
} from "../../git/worktree/worktree-admin.ts";
import { WorktreeRefusedError } from "./errors.ts";
import { findInList, findWorktreeByPath } from "./find.ts";
import { ignoreCaseOf, listWorktreesSync } from "./list.ts";
import { removeMoveMarker, writeMoveMarker } from "./move-recovery.ts";
import { populatedSubmodule } from "./remove-check.ts";
import { fileExists, isDirectory, isEmptyDir, realpathForgiving, samePath, toGitPath } from "../../git/repo/fspath.ts";
import { NotAWorktreeError } from "./errors.ts";

export interface MoveOptions {
  /** How often --force was given: 1 overrides a missing registered destination, 2 also a lock. */
  force?: number;
  cwd: string;
  config?: GitConfig;
}

export interface MoveResult {
  worktree: WorktreeInfo;
  from: string;
  to: string;
}

/**
 * Moves a linked worktree to `newPath` (into it, when it is an existing
 * directory) and records the new place in `<admin>/gitdir`.
 * @throws E_NOT_A_WORKTREE, E_MAIN_WORKTREE, E_EXISTS, E_REGISTERED, E_LOCKED_WORKTREE, E_SUBMODULES, E_INVALID_WORKTREE, E_MOVE_FAILED
 */
export async function moveWorktree(repo: Repository, arg: string, newPath: string, opts: MoveOptions): Promise<MoveResult> {
  const force = opts.force ?? 0;
  const cwd = opts.cwd;
  const config = opts.config ?? loadConfig({ commonDir: repo.commonDir, gitDir: repo.gitDir });
  const ignoreCase = ignoreCaseOf(repo, config);
  const list = listWorktreesSync(repo, { config });
  let dst = resolve(cwd, newPath);
  const wt = findInList(list, arg, { cwd, ignoreCase });
  if (!wt) throw new NotAWorktreeError(arg);
  if (wt.isMain) throw refuse("E_MAIN_WORKTREE", `'${arg}' is a main working tree`, "the main worktree cannot be moved; move the repository itself");
  if (isDirectory(dst)) dst = join(dst, basename(wt.path));

  // check_candidate_path(dst, force, worktrees, "move")
  if (fileExists(dst) && !isEmptyDir(dst)) throw refuse("E_EXISTS", `'${dst}' already exists`, "choose a new path that does not exist yet", { path: dst });
  const stale = findWorktreeByPath(list, dst, ignoreCase);
  if (stale) {
    const locked = stale.lockReason !== null;
    if (stale.isMain || !((!locked && force > 0) || (locked && force > 1))) {
      if (locked)
        throw refuse("E_REGISTERED", `'${dst}' is a missing but locked worktree`, "use 'move -f -f' to override, or 'unlock' and 'prune' or 'remove' to clear", { path: dst });
      throw refuse("E_REGISTERED", `'${dst}' is a missing but already registered worktree`, "use 'move -f' to override, or 'prune' or 'remove' to clear", { path: dst });
    }
  }

  if (hasPopulatedSubmodules(wt))
    throw refuse("E_SUBMODULES", "working trees containing submodules cannot be moved or removed", "move it with git, or remove the submodules first");
  if (force < 2 && wt.lockReason !== null) {
    throw refuse(
      "E_LOCKED_WORKTREE",
      wt.lockReason ? `cannot move a locked working tree, lock reason: ${wt.lockReason}` : "cannot move a locked working tree",
      "use 'move -f -f' to override or unlock first",
      { worktree: arg, reason: wt.lockReason },
    );
  }
  const invalid = validateWorktree(wt);
  if (invalid) throw refuse("E_INVALID_WORKTREE", `validation failed, cannot move working tree: ${invalid}`, "run 'repo-manager worktree repair' and try again");

  if (stale?.id) deleteAdminDir(repo, stale.id);
  // POSIX rename() replaces an empty directory; Windows' MoveFileEx does not, so drop it first there.
  if (process.platform === "win32" && isEmptyDir(dst)) rmdirSync(dst);
  // Recorded before the rename: killed between the rename and the gitdir rewrite, prune and
  // repair find the worktree at its new place instead of calling the entry stale (move-recovery.ts).
  writeMoveMarker(wt.adminDir, wt.path, dst);
  try {
    renameSync(wt.path, dst);
  } catch (error) {
    removeMoveMarker(wt.adminDir);
    const e = error as NodeJS.ErrnoException;
    throw new RepoManagerError("E_MOVE_FAILED", `failed to move '${wt.path}' to '${dst}': ${e.code ?? e.message}`, {
      hint: e.code === "EXDEV" ? "the new path is on another file system; move it within the same one" : "check permissions, and that no program holds files open in the worktree (Windows)",
      cause: error,
    });
  }
  try {
    updateWorktreeLocation(wt, dst);
  } catch (error) {
    renameSync(dst, wt.path); // put the directory back: the registration still names the old place
    removeMoveMarker(wt.adminDir);
    throw error;
  }
  removeMoveMarker(wt.adminDir);
  const to = toGitPath(realpathForgiving(dst) ?? dst);
  return { worktree: { ...wt, path: to }, from: wt.path, to };
}

const refuse = (code: string, message: string, hint: string, data?: Record<string, unknown>) => new WorktreeRefusedError(code, message, hint, data);

/**
 * update_worktree_location(): `<admin>/gitdir` gets the new real path. When
 * the links were relative (newer git, worktree.useRelativePaths) both the
 * gitdir file and the worktree's `.git` are rewritten relative again, since a
 * relative `.git` no longer reaches the admin dir from the new place.
 */
export function updateWorktreeLocation(wt: Pick<WorktreeInfo, "adminDir" | "path">, dst: string): void {
  const real = realpathForgiving(dst) ?? resolve(dst);
  if (samePath(toGitPath(real), wt.path)) return;
  const dotgit = join(real, ".git");
  // An unreadable gitdir gets the absolute form.
  if (hasRelativeGitdir(wt.adminDir)) {
    writeGitdirLink(wt.adminDir, relative(wt.adminDir, dotgit));
    writeDotGitFile(real, relative(real, wt.adminDir));
  } else writeGitdirFile(wt.adminDir, real);
}

/** validate_worktree(wt, flags=0): the reason it is unusable, or null. */
export function validateWorktree(wt: WorktreeInfo): string | null {
  const dotgit = `${wt.path}/.git`;
  if (wt.isMain) return isDirectory(dotgit) ? null : `'${dotgit}' at main working tree is not the repository directory`;
  if (!isAbsolute(wt.path)) return `'${join(wt.adminDir, "gitdir")}' file does not contain absolute path to the working tree location`;
  if (!fileExists(dotgit)) return `'${dotgit}' does not exist`;
  const r = readGitFileGently(dotgit);
  if (r.gitDir === null) return `'${dotgit}' is not a .git file, error code ${GITFILE_ERROR_CODES[r.error]}`;
  const admin = toGitPath(realpathForgiving(wt.adminDir) ?? wt.adminDir);
  if (!samePath(r.gitDir, admin)) return `'${wt.path}' does not point back to '${wt.adminDir}'`;
  return null;
}

const GITFILE_ERROR_CODES = { "stat-failed": 1, "not-a-file": 2, "open-failed": 3, "read-failed": 4, "invalid-format": 5, "no-path": 6, "not-a-repo": 7, "too-large": 8 } as const;

/** validate_no_submodules(): `<admin>/modules` exists, or the index has a gitlink whose directory is populated. */
export function hasPopulatedSubmodules(wt: WorktreeInfo): boolean {
  if (isDirectory(join(wt.adminDir, "modules"))) return true;
  let index: IndexTable;
  try {
    index = readIndexTable(join(wt.adminDir, "index"));
  } catch {
    return false; // no index (or unreadable): git finds no submodules either
  }
  return populatedSubmodule(wt.path, index) !== null;
}
