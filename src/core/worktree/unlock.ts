/** `worktree unlock`: as git's unlock_worktree() (builtin/worktree.c). */
import type { GitConfig } from "../../git/config/config.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { removeLocked } from "../../git/worktree/worktree-admin.ts";
import { mainCannotLock, notLocked } from "./errors.ts";
import { findWorktree } from "./find.ts";

/**
 * Unlocks the worktree `arg` names by deleting `<admin>/locked`.
 * @throws E_NOT_A_WORKTREE, E_MAIN_WORKTREE, E_NOT_LOCKED
 */
export async function unlockWorktree(repo: Repository, arg: string, opts: { cwd: string; config?: GitConfig }): Promise<WorktreeInfo> {
  const wt = await findWorktree(repo, arg, opts);
  if (wt.isMain) throw mainCannotLock();
  if (wt.lockReason === null) throw notLocked(arg);
  if (!removeLocked(wt.adminDir)) throw notLocked(arg); // removed by someone else meanwhile
  return { ...wt, locked: false, lockReason: null };
}
