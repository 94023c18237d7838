// PLACEHOLDER: replaced by the implementation of 'worktree list'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "list", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree list is not implemented yet");
  },
});
