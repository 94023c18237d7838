import { defineCommand } from "citty";
import { passthrough, variadic } from "../_args.ts";
import { contextOf } from "../_context.ts";

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
  async run({ rawArgs, data }) {
    const ctx = contextOf(data);
    const { parseInvocation, invokePlugin } = await import("./_invoke.ts");
    const inv = parseInvocation(rawArgs, ctx.where, true);
    return invokePlugin(ctx, { ...inv, json: inv.json || ctx.global.json });
  },
});
// Passthrough: the plugin's arguments are not checked by us; variadic: help shows [<args>...].
export default variadic(passthrough(cmd));
