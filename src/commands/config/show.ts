/** `repo-manager config show`: the effective configuration, each value with where it came from. */
import { defineCommand } from "citty";
import { loadConfig } from "../../core/workflow/config.ts";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";
import { repoOrNull } from "./_repo.ts";

export default defineCommand({
  meta: { name: "show", description: "Print the effective configuration and where each value comes from" },
  args: { ...jsonArg },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const config = await loadConfig({ env: ctx.env, repo: repoOrNull(ctx) });
    for (const w of config.warnings) ctx.io.err(`warning: ${w}\n`);
    if (args.json) {
      ctx.json({ values: config.values, files: config.files });
      return 0;
    }
    const dim = ctx.io.style(1).dim;
    for (const [key, v] of Object.entries(config.values)) {
      const from = v.origin === null ? v.source : `${v.source}: ${v.origin}`;
      ctx.io.out(`${key} = ${JSON.stringify(v.value)}  ${dim(`# ${from}`)}\n`);
    }
    return 0;
  },
});
