/** The errors of git/index/, one place for their codes and hints. */
import { RepoManagerError } from "../../errors.ts";

/** The index file is corrupt or uses a feature we cannot read. */
export class IndexFormatError extends RepoManagerError {
  constructor(path: string, reason: string, hint = "run `git status` to let git check it, or `git read-tree HEAD` to rebuild it") {
    super("E_INDEX_FORMAT", `cannot read index ${path}: ${reason}`, { hint, data: { path, reason } });
    this.name = "IndexFormatError";
  }
}
