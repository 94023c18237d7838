/** Typed errors of the commit-graph walks. */
import { RepoManagerError } from "../../errors.ts";

/** `info/grafts` rewrites history in a way git itself has deprecated; we refuse rather than ignore it. */
export class GraftsUnsupportedError extends RepoManagerError {
  constructor(path: string) {
    super("E_GRAFTS_UNSUPPORTED", `this repository uses grafts (${path}), which repo-manager does not follow`, {
      hint: "convert them to replace refs with 'git replace --convert-graft-file', or use git itself for this repository",
      data: { path },
    });
    this.name = "GraftsUnsupportedError";
  }
}
