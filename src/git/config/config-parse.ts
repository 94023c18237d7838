import { ConfigSyntaxError } from "./errors.ts";
/**
 * A parser for git's config file format (Documentation/config.txt, "Syntax"):
 * sections `[core]`, subsections `[branch "x"]` (case-sensitive, with \" and
 * \\ escapes) and the legacy `[branch.x]`, case-insensitive keys, quoted
 * values, escapes, `;`/`#` comments and backslash line continuations. A key
 * with no `=` is a boolean true (value null), as git treats it.
 */
export interface ConfigEntry {
  /** Lower-cased section, case-kept subsection and lower-cased key: `branch.Main.remote`. */
  key: string;
  section: string;
  subsection: string | null;
  name: string;
  value: string | null;
  /** 1-based line number in the file, for error messages. */
  line: number;
}

export function parseConfig(text: string, file = "<config>"): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  let i = 0;
  let line = 1;
  let section: string | null = null;
  let subsection: string | null = null;
  const n = text.length;
  const fail = () => {
    throw new ConfigSyntaxError(file, line);
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a UTF-8 BOM, as git skips it

  while (i < n) {
    const c = text[i] as string;
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#" || c === ";") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === "[") {
      i++;
      let name = "";
      while (i < n && /[A-Za-z0-9.-]/.test(text[i] as string)) name += text[i++];
      subsection = null;
      if (text[i] === " " || text[i] === "\t") {
        while (text[i] === " " || text[i] === "\t") i++;
        if (text[i] !== '"') fail();
        i++;
        let sub = "";
        while (i < n && text[i] !== '"') {
          if (text[i] === "\n") fail();
          if (text[i] === "\\") i++;
          sub += text[i++];
        }
        if (text[i] !== '"') fail();
        i++;
        subsection = sub;
      } else {
        // legacy [section.subsection]: the subsection is lower-cased
        const dot = name.indexOf(".");
        if (dot !== -1) {
          subsection = name.slice(dot + 1).toLowerCase();
          name = name.slice(0, dot);
        }
      }
      if (text[i] !== "]" || name === "") fail();
      i++;
      section = name.toLowerCase();
      continue;
    }
    if (!/[A-Za-z]/.test(c)) fail();
    if (section === null) fail();
    let name = "";
    while (i < n && /[A-Za-z0-9-]/.test(text[i] as string)) name += text[i++];
    while (text[i] === " " || text[i] === "\t") i++;
    let value: string | null = null;
    const keyLine = line;
    if (text[i] === "=") {
      i++;
      [value, i, line] = parseValue(text, i, line, fail);
    } else if (i < n && text[i] !== "\n" && text[i] !== "\r" && text[i] !== "#" && text[i] !== ";") fail();
    else while (i < n && text[i] !== "\n") i++;
    const lname = name.toLowerCase();
    const key = subsection === null ? `${section}.${lname}` : `${section}.${subsection}.${lname}`;
    out.push({ key, section: section as string, subsection, name: lname, value, line: keyLine });
  }
  return out;
}

function parseValue(text: string, i: number, line: number, fail: () => never): [string, number, number] {
  let value = "";
  let quoted = false;
  // Whitespace outside quotes is kept only between words; trailing is dropped.
  let pendingSpace = "";
  const n = text.length;
  while (text[i] === " " || text[i] === "\t") i++;
  for (; i < n; i++) {
    const c = text[i] as string;
    if (c === "\n") {
      if (quoted) fail();
      break;
    }
    if (!quoted && (c === "#" || c === ";")) {
      while (i < n && text[i] !== "\n") i++;
      break;
    }
    if (!quoted && (c === " " || c === "\t")) {
      pendingSpace += c;
      continue;
    }
    if (c === "\r" && text[i + 1] === "\n") continue;
    value += pendingSpace;
    pendingSpace = "";
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (c === "\\") {
      const e = text[++i];
      if (e === "\n") {
        line++;
        continue;
      }
      if (e === "\r" && text[i + 1] === "\n") {
        i++;
        line++;
        continue;
      }
      if (e === "n") value += "\n";
      else if (e === "t") value += "\t";
      else if (e === "b") value = value.slice(0, -1);
      else if (e === "\\" || e === '"') value += e;
      else fail();
      continue;
    }
    value += c;
  }
  if (quoted) fail();
  return [value, i, line];
}
