import { defineCommand } from "citty";
import { passthrough, variadic } from "../_args.ts";
import { contextOf } from "../_context.ts";

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
  async run({ rawArgs, data }) {
    const ctx = contextOf(data);
    const { parseInvocation, invokePlugin } = await import("./_invoke.ts");
    const inv = parseInvocation(rawArgs, ctx.where, false);
    return invokePlugin(ctx, { ...inv, json: inv.json || ctx.global.json });
  },
});
// Passthrough: the plugin's arguments are not checked by us; variadic: help shows [<args>...].
export default variadic(passthrough(cmd));
