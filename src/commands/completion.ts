// PLACEHOLDER: replaced by the implementation of 'completion'.
import { defineCommand } from "citty";
import { RepoManagerError } from "../errors.ts";

export default defineCommand({
  meta: { name: "completion", description: "(not implemented yet)" },
  run() {
    throw new RepoManagerError("E_NOT_IMPLEMENTED", "completion is not implemented yet");
  },
});
