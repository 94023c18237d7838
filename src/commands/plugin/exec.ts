import { defineCommand } from "citty";
import { passthrough, variadic } from "../_args.ts";

const cmd = defineCommand({
  meta: {
    name: "exec",
    description: "Run a plugin even when a built-in command has its name; every argument after the name goes to it",
  },
  args: {
    json: { type: "boolean", description: "Structured output (before the name), as for 'plugin run --json'" },
    name: { type: "positional", description: "Plugin name (required)", required: false },
    args: { type: "positional", description: "Arguments for the plugin, passed untouched", required: false },
  },
  async run({ rawArgs }) {
    const { parseInvocation, invokePlugin } = await import("./_invoke.ts");
    return invokePlugin(parseInvocation(rawArgs, "repo-manager plugin exec", false));
  },
});
// Passthrough: the plugin's arguments are not checked by us; variadic: help shows [<args>...].
export default variadic(passthrough(cmd));
