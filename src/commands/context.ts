// PLACEHOLDER: replaced by the implementation of 'context'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../errors.ts";

export default defineCommand({
  meta: { name: "context", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "context is not implemented yet");
  },
});
