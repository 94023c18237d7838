/** The errors of git/repo/, one place for their codes and hints. */
import { RepoManagerError } from "../../errors.ts";

export class UnsupportedRepositoryError extends RepoManagerError {
  constructor(message: string, hint: string, data: Record<string, unknown>) {
    super("E_UNSUPPORTED_REPOSITORY", message, { hint, data });
    this.name = "UnsupportedRepositoryError";
  }
}

/**
 * A `.git` file or GIT_DIR naming something that is no git dir. git stops
 * there ("not a git repository: <dir>") instead of looking further up, and so
 * do we; the usual cause is a moved repository, which `worktree repair` fixes.
 * Same code as NotARepositoryError, so callers need not tell them apart.
 */
export class BrokenGitDirError extends RepoManagerError {
  constructor(shown: string, hint: string) {
    super("E_NOT_A_REPOSITORY", `not a git repository: ${shown}`, { hint, data: { path: shown } });
    this.name = "BrokenGitDirError";
  }
}
