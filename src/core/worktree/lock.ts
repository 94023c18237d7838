/** `worktree lock`: as git's lock_worktree() (builtin/worktree.c). */
import type { GitConfig } from "../../git/config/config.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { gitTrim, writeLocked } from "../../git/worktree/worktree-admin.ts";
import { alreadyLocked, mainCannotLock } from "./errors.ts";
import { findWorktree } from "./find.ts";

/**
 * Locks the worktree `arg` names (see findWorktree) by writing
 * `<admin>/locked` = reason + "\n" (an empty file without a reason).
 * @throws E_NOT_A_WORKTREE, E_MAIN_WORKTREE, E_ALREADY_LOCKED; E_LOCKED when `locked.lock` is held.
 */
export async function lockWorktree(repo: Repository, arg: string, opts: { reason?: string; cwd: string; config?: GitConfig }): Promise<WorktreeInfo> {
  const wt = await findWorktree(repo, arg, opts);
  if (wt.isMain) throw mainCannotLock();
  if (wt.lockReason !== null) throw alreadyLocked(arg, wt.lockReason);
  const reason = opts.reason ?? "";
  writeLocked(wt.adminDir, reason);
  return { ...wt, locked: true, lockReason: gitTrim(reason), prunable: false, prunableReason: null };
}
