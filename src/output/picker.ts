/**
 * An interactive list picker on the terminal: type to filter, arrow keys
 * (or Ctrl-P / Ctrl-N) to move, Enter to choose, Esc or Ctrl-C to cancel.
 * Drawn on stderr, so stdout stays free for the chosen value
 * (`cd "$(repo-manager switch)"`). Loaded only when a picker is shown.
 */
import type { KeyInput } from "./io.ts";
import type { Style } from "./style.ts";

export type { KeyInput } from "./io.ts";

export interface PickerItem {
  /** What is matched and returned. */
  label: string;
  /** Shown dimmed after the label (a path). */
  detail: string;
  /** Marked with `*` (the current worktree). */
  current?: boolean;
}

export interface PickerOptions {
  title: string;
  /** Rows of items shown at once. */
  rows?: number;
  write: (text: string) => void;
  style: Style;
}

/** Splits a chunk into keys: escape sequences (`\x1b[A`) whole, other characters one by one. */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < chunk.length; ) {
    const m = /^\x1b(?:\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(chunk.slice(i));
    const key = m ? m[0] : String.fromCodePoint(chunk.codePointAt(i) as number);
    keys.push(key);
    i += key.length;
  }
  return keys;
}

/** The items whose label or detail contains every space-separated word of `filter` (case-insensitive). */
export function filterItems(items: readonly PickerItem[], filter: string): PickerItem[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((it) => {
    const hay = `${it.label} ${it.detail}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Shows the picker; resolves with the chosen item, or null when cancelled. */
export async function pick(items: readonly PickerItem[], keys: KeyInput, opts: PickerOptions): Promise<PickerItem | null> {
  const rows = opts.rows ?? 10;
  const { write, style } = opts;
  let filter = "";
  let selected = 0;
  let drawn = 0;
  const draw = (final = false) => {
    const shown = filterItems(items, filter);
    if (selected >= shown.length) selected = Math.max(0, shown.length - 1);
    const top = Math.max(0, Math.min(selected - rows + 1, shown.length - rows));
    // Back to the first line we drew, clear to the end of the screen, draw again.
    let out = `${drawn > 1 ? `\x1b[${drawn - 1}A` : ""}\r\x1b[J`;
    if (final) {
      write(out);
      return;
    }
    const lines = [`${style.bold(opts.title)} ${filter}${style.dim("▏")}`];
    shown.slice(top, top + rows).forEach((it, k) => {
      const here = top + k === selected;
      const mark = it.current ? "*" : " ";
      const text = `${here ? "›" : " "} ${mark} ${it.label}  ${style.dim(it.detail)}`;
      lines.push(here ? style.bold(text) : text);
    });
    if (shown.length === 0) lines.push(style.dim("  (nothing matches)"));
    out += lines.join("\n");
    drawn = lines.length;
    write(out);
  };
  let result: PickerItem | null = null;
  write("\x1b[?25l"); // hide the cursor while drawing
  draw();
  try {
    await keys.listen((chunk) => {
      for (const key of splitKeys(chunk)) {
        const shown = filterItems(items, filter);
        if (key === "\r" || key === "\n") {
          result = shown[selected] ?? null;
          draw(true);
          return true;
        }
        if (key === "\x1b" || key === "\x03" || key === "\x04") {
          draw(true);
          return true;
        }
        if (key === "\x1b[A" || key === "\x1bOA" || key === "\x10") selected = Math.max(0, selected - 1);
        else if (key === "\x1b[B" || key === "\x1bOB" || key === "\x0e") selected = Math.max(0, Math.min(shown.length - 1, selected + 1));
        else if (key === "\x7f" || key === "\b") filter = filter.slice(0, -1);
        else if (key === "\x15") filter = ""; // Ctrl-U
        else if (key >= " " && !key.startsWith("\x1b")) {
          filter += key;
          selected = 0;
        }
      }
      draw();
      return false;
    });
  } finally {
    write("\x1b[?25h");
  }
  return result;
}
