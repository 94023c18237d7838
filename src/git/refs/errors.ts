/** The errors of git/refs/, one place for their codes and hints. */
import { RepoManagerError } from "../../errors.ts";

export class UnknownRevisionError extends RepoManagerError {
  constructor(rev: string, why?: string) {
    super("E_UNKNOWN_REVISION", `invalid reference: ${rev}${why ? ` (${why})` : ""}`, {
      hint: "name a branch, tag or commit that exists (see 'git log --oneline' / 'git branch -a')",
      data: { rev },
    });
    this.name = "UnknownRevisionError";
  }
}

export class AmbiguousRevisionError extends RepoManagerError {
  constructor(rev: string, candidates: string[]) {
    super("E_AMBIGUOUS_REVISION", `short object ID ${rev} is ambiguous`, {
      hint: `give more hex digits; candidates: ${candidates.slice(0, 5).join(", ")}`,
      data: { rev, candidates },
    });
    this.name = "AmbiguousRevisionError";
  }
}

export class RefUpdateError extends RepoManagerError {
  constructor(ref: string, message: string, hint: string) {
    super("E_REF_UPDATE", message, { hint, data: { ref } });
    this.name = "RefUpdateError";
  }
}
