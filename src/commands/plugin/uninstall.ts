import { defineCommand } from "citty";
import { jsonArg } from "../_args.ts";
import { writeErr } from "../../output/stdio.ts";

export default defineCommand({
  meta: { name: "uninstall", description: "Remove a managed plugin (installed with 'plugin install')" },
  args: {
    name: { type: "positional", description: "Plugin name", required: true },
    ...jsonArg,
  },
  async run({ args }) {
    const { uninstallPlugin } = await import("../../plugins/install.ts");
    const r = await uninstallPlugin(String(args.name));
    if (args.json) {
      const { printJson } = await import("../../output/json.ts");
      printJson({ ...r, removed: true });
    } else writeErr(`removed plugin '${r.name}' (${r.path})\n`);
    return 0;
  },
});
