/** Text rendering shared by `plugin list` and `plugin info`. */
import type { PluginEntry } from "../../plugins/catalog.ts";
import { visibleWidth } from "../../output/table.ts";
import type { Style } from "../../output/style.ts";

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

// Like output/table.ts's renderTable, but with plain loops and .length for
// plain ASCII cells: this runs once per process, before the JIT warms up, so
// the number of operations per cell is what a 100-plugin listing costs.
// biome-ignore lint: control character in regex is intended
const PLAIN = /^[\x20-\x7e]*$/;

function fastTable(rows: string[][]): string {
  const cols = rows[0]?.length ?? 0;
  const widths = new Array<number>(cols).fill(0);
  const measured: number[][] = [];
  for (const row of rows) {
    const m: number[] = [];
    for (let i = 0; i < cols - 1; i++) {
      const cell = row[i] as string;
      const w = PLAIN.test(cell) ? cell.length : visibleWidth(cell);
      m.push(w);
      if (w > (widths[i] as number)) widths[i] = w;
    }
    measured.push(m);
  }
  const lines: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as string[];
    const m = measured[r] as number[];
    let line = "";
    for (let i = 0; i < cols - 1; i++) line += (row[i] as string) + " ".repeat((widths[i] as number) - (m[i] as number) + 2);
    lines.push(line + (row[cols - 1] as string));
  }
  return lines.join("\n");
}
