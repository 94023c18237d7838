// PLACEHOLDER: replaced by the implementation of 'worktree repair'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "repair", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree repair is not implemented yet");
  },
});
