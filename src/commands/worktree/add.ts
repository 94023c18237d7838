// PLACEHOLDER: replaced by the implementation of 'worktree add'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "add", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree add is not implemented yet");
  },
});
