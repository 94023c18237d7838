// PLACEHOLDER: replaced by the implementation of 'worktree remove'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "remove", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree remove is not implemented yet");
  },
});
