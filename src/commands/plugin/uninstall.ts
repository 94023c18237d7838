import { defineCommand } from "citty";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "uninstall", description: "Remove a managed plugin (installed with 'plugin install')" },
  args: {
    name: { type: "positional", description: "Plugin name", required: true },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const { uninstallPlugin } = await import("../../plugins/install.ts");
    const r = await uninstallPlugin(String(args.name), ctx.env);
    if (args.json) ctx.json({ ...r, removed: true });
    else ctx.io.err(`removed plugin '${r.name}' (${r.path})\n`);
    return 0;
  },
});
