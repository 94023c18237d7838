import { defineCommand } from "citty";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "info", description: "Show a plugin's metadata, location and status (and every file of that name)" },
  args: {
    name: { type: "positional", description: "Plugin name", required: true },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const [{ listPlugins }, { builtinNames }, { pluginNotFound }] = await Promise.all([
      import("../../plugins/catalog.ts"),
      import("../index.ts"),
      import("../../core/plugins/run.ts"),
    ]);
    const name = String(args.name);
    const entries = await listPlugins({ builtins: builtinNames(), only: name, env: ctx.env });
    const first = entries[0];
    if (!first) throw pluginNotFound(name);
    if (args.json) {
      ctx.json({ ...first, candidates: entries });
      return 0;
    }
    const [{ statusCell }, { renderTable }] = await Promise.all([import("./_format.ts"), import("../../output/table.ts")]);
    const s = ctx.io.style(1);
    const m = first.metadata;
    const rows: string[][] = [
      ["name", first.name],
      ["version", first.version ?? "-"],
      ["description", first.description ?? "-"],
      ["status", `${statusCell(first, s)}${first.reason ? ` (${first.reason})` : ""}`],
      ["path", first.path],
      ["source", first.source],
      ["managed", first.managed ? "yes" : "no"],
    ];
    if (m) {
      if (m.vendor) rows.push(["vendor", m.vendor]);
      if (m.homepage) rows.push(["homepage", m.homepage]);
      rows.push(["protocols", m.protocols.join(", ")], ["json output", m.json ? "yes" : "no"]);
    }
    let out = `${renderTable(rows.map(([k, v]) => [s.bold(`${k}:`), v as string]))}\n`;
    if (m && m.commands.length > 0) {
      out += `\n${s.bold("Commands:")}\n${renderTable(m.commands.map((c) => [`  ${c.name}`, c.summary, c.usage]))}\n`;
    }
    if (entries.length > 1) {
      out += `\n${s.bold("Other files with this name:")}\n${renderTable(entries.slice(1).map((e) => [`  ${e.path}`, e.reason ?? e.status]))}\n`;
    }
    ctx.io.out(out);
    return 0;
  },
});
