import { defineCommand } from "citty";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "list", description: "List plugins in search order, with where they come from and their status" },
  args: {
    ...jsonArg,
    refresh: { type: "boolean", description: "Ask every plugin for its metadata again (ignore the cache)" },
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const [{ listPlugins }, { builtinNames }] = await Promise.all([import("../../plugins/catalog.ts"), import("../index.ts")]);
    const entries = await listPlugins({ builtins: builtinNames(), refresh: args.refresh === true, env: ctx.env });
    if (args.json) {
      ctx.json(entries);
      return 0;
    }
    if (entries.length === 0) {
      ctx.io.err("no plugins found (see 'repo-manager plugin --help' and docs/plugins.md)\n");
      return 0;
    }
    const { renderPluginTable } = await import("./_format.ts");
    ctx.io.out(renderPluginTable(entries, ctx.io.style(1)));
    return 0;
  },
});
