/**
 * Aligned columns for human output. Width is measured in code points with ANSI
 * escapes ignored, so coloured cells still line up.
 */
// biome-ignore lint: control character in regex is intended
const ANSI = /\x1b\[[0-9;]*m/g;

export function visibleWidth(s: string): number {
  return [...s.replace(ANSI, "")].length;
}

export function renderTable(rows: string[][], opts: { gap?: number } = {}): string {
  const gap = " ".repeat(opts.gap ?? 2);
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - visibleWidth(cell))))
        .join(gap),
    )
    .join("\n");
}
