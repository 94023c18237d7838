/** Typed refusals of the worktree metadata commands, with git's wording. */
import { RepoManagerError } from "../../errors.ts";

export class WorktreeRefusedError extends RepoManagerError {
  constructor(code: string, message: string, hint: string, data?: Record<string, unknown>) {
    super(code, message, { hint, data });
    this.name = "WorktreeRefusedError";
  }
}

export const mainCannotLock = () =>
  new WorktreeRefusedError("E_MAIN_WORKTREE", "The main working tree cannot be locked or unlocked", "only linked worktrees can be locked");

export const alreadyLocked = (arg: string, reason: string) =>
  new WorktreeRefusedError(
    "E_ALREADY_LOCKED",
    reason ? `'${arg}' is already locked, reason: ${reason}` : `'${arg}' is already locked`,
    `run 'repo-manager worktree unlock ${arg}' first to change the reason`,
    { worktree: arg, reason },
  );

export const notLocked = (arg: string) =>
  new WorktreeRefusedError("E_NOT_LOCKED", `'${arg}' is not locked`, "nothing to do; 'repo-manager worktree list -v' shows which worktrees are locked", { worktree: arg });
