import { defineCommand } from "citty";
import { jsonArg } from "../_args.ts";
import { writeErr, writeOut } from "../../output/stdio.ts";

export default defineCommand({
  meta: { name: "list", description: "List plugins in search order, with where they come from and their status" },
  args: {
    ...jsonArg,
    refresh: { type: "boolean", description: "Ask every plugin for its metadata again (ignore the cache)" },
  },
  async run({ args }) {
    const [{ listPlugins }, { builtinNames }] = await Promise.all([import("../../plugins/catalog.ts"), import("../index.ts")]);
    const entries = await listPlugins({ builtins: builtinNames(), refresh: args.refresh === true });
    if (args.json) {
      const { printJson } = await import("../../output/json.ts");
      printJson(entries);
      return 0;
    }
    if (entries.length === 0) {
      writeErr("no plugins found (see 'repo-manager plugin --help' and docs/plugins.md)\n");
      return 0;
    }
    const [{ renderPluginTable }, { styleOut }] = await Promise.all([import("./_format.ts"), import("../../output/tty.ts")]);
    writeOut(renderPluginTable(entries, styleOut()));
    return 0;
  },
});
