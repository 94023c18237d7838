/** The errors of core/worktree/: typed refusals of the worktree commands, with git's wording. */
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

export class BadExpiryError extends RepoManagerError {
  constructor(value: string) {
    super("E_BAD_EXPIRY", `malformed expiration date '${value}'`, {
      exitCode: 2,
      hint: "use e.g. 'now', 'never', '3.days.ago', '2 weeks ago', '2024-01-31' or a unix timestamp",
      data: { value },
    });
    this.name = "BadExpiryError";
  }
}

export class NotAWorktreeError extends RepoManagerError {
  constructor(arg: string) {
    super("E_NOT_A_WORKTREE", `'${arg}' is not a working tree`, {
      hint: "see 'repo-manager worktree list' for the worktrees of this repository",
      data: { worktree: arg },
    });
    this.name = "NotAWorktreeError";
  }
}

export class WorktreeAddError extends RepoManagerError {
  constructor(code: string, message: string, hint: string, data: Record<string, unknown> = {}) {
    super(code, message, { hint, data });
    this.name = "WorktreeAddError";
  }
}

export class WorktreeRemoveError extends RepoManagerError {
  constructor(code: string, message: string, hint: string, data: Record<string, unknown> = {}) {
    super(code, message, { hint, data });
    this.name = "WorktreeRemoveError";
  }
}
