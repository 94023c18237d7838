// PLACEHOLDER: replaced by the implementation of 'worktree prune'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../../errors.ts";

export default defineCommand({
  meta: { name: "prune", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "worktree prune is not implemented yet");
  },
});
