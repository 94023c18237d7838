/**
 * git's C-style quoting (quote.c: quote_c_style / write_name_quoted), used
 * for names and reasons in porcelain output. A string is quoted only when it
 * must be: control characters, '"', '\\', DEL, and (with core.quotePath,
 * the default) bytes >= 0x80, which are written as octal escapes of their
 * UTF-8 bytes.
 */

/** Per byte: 0 = as is, a letter = backslash + letter, 1 = octal escape. */
function lookup(b: number): number | string {
  if (b < 0x20) {
    const letters: Record<number, string> = { 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r" };
    return letters[b] ?? 1;
  }
  if (b === 0x22) return '"';
  if (b === 0x5c) return "\\";
  if (b === 0x7f) return 1;
  return 0;
}

/** Whether quote_c_style would quote `name`. */
export function needsCQuote(name: string, quotePath = true): boolean {
  for (const b of Buffer.from(name, "utf8")) if (lookup(b) !== 0 || (quotePath && b >= 0x80)) return true;
  return false;
}

/** quote_c_style(): `name` unchanged when nothing needs quoting, else in double quotes with escapes. */
export function quoteCStyle(name: string, quotePath = true): string {
  if (!needsCQuote(name, quotePath)) return name;
  const bytes = Buffer.from(name, "utf8");
  const out: number[] = [0x22];
  let plainStart = -1;
  const parts: Buffer[] = [];
  const flushPlain = (end: number) => {
    if (plainStart >= 0) parts.push(bytes.subarray(plainStart, end));
    plainStart = -1;
  };
  parts.push(Buffer.from(out));
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const q = lookup(b);
    if (q === 0 && !(quotePath && b >= 0x80)) {
      if (plainStart < 0) plainStart = i;
      continue;
    }
    flushPlain(i);
    if (typeof q === "string") parts.push(Buffer.from(`\\${q}`));
    else parts.push(Buffer.from(`\\${b.toString(8).padStart(3, "0")}`));
  }
  flushPlain(bytes.length);
  parts.push(Buffer.from('"'));
  // Every escape is ASCII and the plain runs are whole UTF-8 sequences
  // (a byte >= 0x80 is either escaped with all of its sequence or kept whole).
  return Buffer.concat(parts).toString("utf8");
}

/** write_name_quoted(): raw when the terminator is NUL (-z), else C-quoted; the terminator appended. */
export function writeNameQuoted(name: string, terminator: "\n" | "\0", quotePath = true): string {
  return terminator === "\0" ? `${name}\0` : `${quoteCStyle(name, quotePath)}${terminator}`;
}
