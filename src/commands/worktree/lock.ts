// PLACEHOLDER: replaced by the implementation of 'worktree lock'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "lock", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree lock is not implemented yet");
  },
});
