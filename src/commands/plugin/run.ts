import { defineCommand } from "citty";
import { passthrough, variadic } from "../_args.ts";

const cmd = defineCommand({
  meta: {
    name: "run",
    description: "Run a plugin; with --json, capture and validate its one JSON document (REPO_MANAGER_OUTPUT=json)",
  },
  args: {
    json: { type: "boolean", description: "Structured output: the plugin must print one JSON document, which is validated and printed" },
    name: { type: "positional", description: "Plugin name (required)", required: false },
    args: { type: "positional", description: "Arguments for the plugin (after --, passed untouched)", required: false },
  },
  async run({ rawArgs }) {
    const { parseInvocation, invokePlugin } = await import("./_invoke.ts");
    return invokePlugin(parseInvocation(rawArgs, "repo-manager plugin run", true));
  },
});
// Passthrough: the plugin's arguments are not checked by us; variadic: help shows [<args>...].
export default variadic(passthrough(cmd));
