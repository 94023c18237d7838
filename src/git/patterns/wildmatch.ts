/**
 * git's wildmatch (wildmatch.c) with WM_PATHNAME, compiled to RegExps over
 * byte strings: `*`, `?` and bracket expressions never match `/`, `**`
 * between slashes spans directories, POSIX classes, escapes. Shared by the
 * ignore and attributes engines and config's `includeIf`.
 */
export const NON_ASCII = /[^\x00-\x7f]/;

/** A path as a string of bytes (one char per UTF-8 byte) so matching is byte-wise like git. */
export function toBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s;
}

const CLASSES: Record<string, string> = {
  alnum: "a-zA-Z0-9",
  alpha: "a-zA-Z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\r\\v\\f",
  upper: "A-Z",
  xdigit: "0-9a-fA-F",
};

const reEscape = (c: string) => (/[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c);

/**
 * Translates a wildmatch pattern (with WM_PATHNAME: `*`, `?` and brackets
 * never match `/`; `**` between slashes spans directories) into a RegExp
 * source. Returns null for a malformed bracket expression (git: no match).
 */
export function wildmatchToRegex(pattern: string): string | null {
  let out = "";
  const n = pattern.length;
  for (let i = 0; i < n; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      i++;
      if (i >= n) return null; // trailing backslash never matches
      out += reEscape(pattern[i] as string);
    } else if (c === "*") {
      let j = i;
      while (pattern[j + 1] === "*") j++;
      const stars = j - i + 1;
      const atStart = i === 0 || pattern[i - 1] === "/";
      const next = pattern[j + 1];
      if (stars >= 2 && atStart && (next === undefined || next === "/")) {
        if (next === undefined) out += i === 0 ? "[\\s\\S]*" : "[\\s\\S]*";
        else {
          // "**/" : zero or more leading directories.
          out += "(?:[\\s\\S]*/)?";
          j++; // swallow the slash
        }
      } else out += "[^/]*";
      i = j;
    } else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const parsed = parseBracket(pattern, i);
      if (parsed === null) return null;
      out += parsed.source;
      i = parsed.end;
    } else out += reEscape(c);
  }
  return out;
}

function parseBracket(p: string, start: number): { source: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === "!" || p[i] === "^") {
    negate = true;
    i++;
  }
  let body = "";
  let first = true;
  while (i < p.length) {
    let c = p[i] as string;
    if (c === "]" && !first) break;
    first = false;
    if (c === "[" && p[i + 1] === ":") {
      const close = p.indexOf(":]", i + 2);
      if (close === -1) return null;
      const cls = CLASSES[p.slice(i + 2, close)];
      if (cls === undefined) return null; // git: malformed class, no match
      body += cls;
      i = close + 2;
      continue;
    }
    if (c === "\\") {
      i++;
      if (i >= p.length) return null;
      c = p[i] as string;
    }
    if (p[i + 1] === "-" && p[i + 2] !== undefined && p[i + 2] !== "]") {
      let hi = p[i + 2] as string;
      let skip = 2;
      if (hi === "\\") {
        hi = p[i + 3] ?? "";
        skip = 3;
        if (hi === "") return null;
      }
      // A reversed range matches nothing in git; JS would throw.
      if (hi < c) body += "";
      else body += `${reEscape(c)}-${reEscape(hi)}`;
      i += skip + 1;
      continue;
    }
    body += reEscape(c);
    i++;
  }
  if (i >= p.length) return null; // no closing bracket
  const source = negate ? `[^/${body}]` : body === "" ? "(?!)" : `(?!/)[${body}]`;
  return { source, end: i };
}
