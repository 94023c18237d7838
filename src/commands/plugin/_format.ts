/** Text rendering shared by `plugin list` and `plugin info`. */
import type { PluginEntry } from "../../plugins/catalog.ts";
import { visibleWidth } from "../../output/table.ts";
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
  return `${fastTable(rows)}\n`;
}

// Like output/table.ts's renderTable, but measures plain ASCII cells by
// .length: a 100-plugin listing is otherwise dominated by width counting.
// biome-ignore lint: control character in regex is intended
const PLAIN = /^[\x20-\x7e]*$/;
const width = (s: string) => (PLAIN.test(s) ? s.length : visibleWidth(s));

function fastTable(rows: string[][]): string {
  const widths: number[] = [];
  const measured = rows.map((row) => row.map((cell, i) => {
    const w = width(cell);
    if (w > (widths[i] ?? 0)) widths[i] = w;
    return w;
  }));
  let out = "";
  rows.forEach((row, r) => {
    let line = "";
    row.forEach((cell, i) => {
      line += i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - (measured[r]?.[i] ?? 0) + 2);
    });
    out += r === rows.length - 1 ? line : `${line}\n`;
  });
  return out;
}
