/** Text rendering shared by `plugin list` and `plugin info`. */
import type { PluginEntry } from "../../plugins/catalog.ts";
import { renderTable } from "../../output/table.ts";
import type { Style } from "../../output/tty.ts";

export function statusCell(e: PluginEntry, s: Style): string {
  if (e.status === "ok") return s.green("ok");
  if (e.status === "shadowed") return s.yellow("shadowed");
  if (e.status === "disabled") return s.yellow("disabled");
  return s.red("invalid");
}

/** The table of `plugin list`: one row per file; the last column is the description, or the reason when not ok. */
export function renderPluginTable(entries: PluginEntry[], s: Style): string {
  const rows = [["NAME", "VERSION", "SOURCE", "MANAGED", "STATUS", "PATH", "DETAILS"].map((h) => s.bold(h))];
  for (const e of entries) {
    rows.push([
      e.name,
      e.version ?? "-",
      e.source,
      e.managed ? "yes" : "no",
      statusCell(e, s),
      e.path,
      e.status === "ok" ? (e.description ?? "") : (e.reason ?? ""),
    ]);
  }
  return `${renderTable(rows)}\n`;
}
