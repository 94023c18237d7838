// PLACEHOLDER: replaced by the implementation of 'worktree unlock'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "unlock", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree unlock is not implemented yet");
  },
});
