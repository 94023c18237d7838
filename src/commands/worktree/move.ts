// PLACEHOLDER: replaced by the implementation of 'worktree move'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "move", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree move is not implemented yet");
  },
});
