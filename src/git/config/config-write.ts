/**
 * Setting and unsetting keys in one git config file the way `git config`
 * does: under `config.lock`; an existing key's line is replaced in place; a
 * new key goes after the last line of the last matching section; a missing
 * section is appended as `[section "sub"]` with tab-indented `name = value`
 * lines. Values are quoted and escaped as git's write_pair() does, so git
 * reads back exactly the value we meant. Unsetting the last key of a section
 * removes the emptied section header, as git does.
 */
import { readFileSync } from "node:fs";
import { LockFile } from "../../platform/lockfile.ts";

/** git's value quoting: quotes for a leading/trailing space or `;`/`#`; escapes `\`, `"`, newline, tab. */
export function quoteConfigValue(value: string): string {
  const needsQuotes = value.startsWith(" ") || value.endsWith(" ") || /[;#]/.test(value);
  let out = "";
  for (const c of value) {
    if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === '"') out += '\\"';
    else if (c === "\\") out += "\\\\";
    else out += c;
  }
  return needsQuotes ? `"${out}"` : out;
}

function sectionHeader(section: string, subsection: string | null): string {
  if (subsection === null) return `[${section}]`;
  return `[${section} "${subsection.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"]`;
}

interface ParsedHeader {
  section: string;
  subsection: string | null;
}

/** Parses a `[section "sub"]` / `[section.sub]` / `[section]` line; null when the line is not a header. */
function parseHeader(line: string): ParsedHeader | null {
  const m = /^\s*\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
  if (!m) return null;
  const name = m[1] as string;
  if (m[2] !== undefined) return { section: name.toLowerCase(), subsection: (m[2] as string).replace(/\\(.)/g, "$1") };
  const dot = name.indexOf(".");
  // Legacy [section.sub]: the subsection is compared case-insensitively (git lower-cases it).
  if (dot >= 0) return { section: name.slice(0, dot).toLowerCase(), subsection: name.slice(dot + 1).toLowerCase() };
  return { section: name.toLowerCase(), subsection: null };
}

function keyOfLine(line: string): string | null {
  const m = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*(=|$|[;#])/.exec(line);
  return m ? (m[1] as string).toLowerCase() : null;
}

/** Splits `branch.my/x.remote` into section, subsection (case kept) and name. */
export function splitConfigKey(key: string): { section: string; subsection: string | null; name: string } {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  if (first <= 0 || last === key.length - 1) throw new Error(`invalid config key '${key}'`);
  return {
    section: key.slice(0, first).toLowerCase(),
    subsection: first === last ? null : key.slice(first + 1, last),
    name: key.slice(last + 1).toLowerCase(),
  };
}

/** Where each line of the file belongs: the section it is in (or null before the first header). */
function annotate(lines: string[]): (ParsedHeader | null)[] {
  let cur: ParsedHeader | null = null;
  return lines.map((l) => {
    const h = parseHeader(l);
    if (h) cur = h;
    return cur;
  });
}

function inSection(h: ParsedHeader | null, section: string, sub: string | null): boolean {
  if (h === null || h.section !== section) return false;
  if (sub === null) return h.subsection === null;
  return h.subsection === sub;
}

/**
 * After an unset, git removes a matching section left with nothing in it
 * (no keys, no comments); blank lines do not count.
 */
function dropEmptySections(lines: string[], section: string, sub: string | null): void {
  for (let i = lines.length - 1; i >= 0; i--) {
    const h = parseHeader(lines[i] as string);
    if (h === null || !inSection(h, section, sub)) continue;
    if (!/^\s*\[[^\]]*\]\s*$/.test(lines[i] as string)) continue; // header with a key on the same line
    // git keeps a section that a comment introduces (maybe_remove_section(): no comments around it)
    let k = i - 1;
    while (k >= 0 && (lines[k] as string).trim() === "") k--;
    if (k >= 0 && /^\s*[#;]/.test(lines[k] as string)) continue;
    let j = i + 1;
    while (j < lines.length && parseHeader(lines[j] as string) === null && (lines[j] as string).trim() === "") j++;
    if (j === lines.length || parseHeader(lines[j] as string) !== null) lines.splice(i, j - i);
  }
}

/** The new text of a config file after setting (value string) or unsetting (null) keys, in order. */
export function editConfigText(text: string, changes: [key: string, value: string | null][]): string {
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  for (const [key, value] of changes) {
    const { section, subsection, name } = splitConfigKey(key);
    const owner = annotate(lines);
    const matches: number[] = [];
    let lastOfSection = -1;
    for (let i = 0; i < lines.length; i++) {
      if (!inSection(owner[i] ?? null, section, subsection)) continue;
      const isHeader = parseHeader(lines[i] as string) !== null;
      const lineKey = isHeader ? null : keyOfLine(lines[i] as string);
      // git inserts after the section's last header or key line, not after trailing comments
      if (isHeader || lineKey !== null) lastOfSection = i;
      if (lineKey === name) matches.push(i);
    }
    // A new line keeps the key's case as given (git writes `Merge` if asked for `x.y.Merge`).
    const newLine = value === null ? null : `\t${key.slice(key.lastIndexOf(".") + 1)} = ${quoteConfigValue(value)}`;
    if (newLine === null) {
      for (const i of [...matches].reverse()) lines.splice(i, 1);
      if (matches.length > 0) dropEmptySections(lines, section, subsection);
    } else if (matches.length > 0) {
      lines[matches[matches.length - 1] as number] = newLine;
    } else if (lastOfSection >= 0) {
      lines.splice(lastOfSection + 1, 0, newLine);
    } else {
      lines.push(sectionHeader(section, subsection), newLine);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * The text without every `[section "sub"]` and all the lines it holds
 * (comments too), as git_config_rename_section(name, NULL) removes a
 * section: what `git branch -d` does to `[branch "<name>"]`.
 */
export function removeSectionText(text: string, section: string, subsection: string | null): string {
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const owner = annotate(lines);
  const kept = lines.filter((_, i) => !inSection(owner[i] ?? null, section.toLowerCase(), subsection));
  return kept.length === 0 ? "" : `${kept.join("\n")}\n`;
}

/**
 * Rewrites the config file `file` as `edit` says, under its lock (fails at
 * once if `config.lock` exists, like git). Returns the previous text.
 */
function editConfigFile(file: string, edit: (before: string) => string): string {
  const lock = LockFile.acquire(file);
  try {
    let before = "";
    try {
      before = readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    lock.write(edit(before));
    lock.commit();
    return before;
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/** Removes a section from the config file under its lock; false when there was no such section. */
export function removeConfigSection(file: string, section: string, subsection: string | null): boolean {
  let changed = false;
  editConfigFile(file, (before) => {
    const after = removeSectionText(before, section, subsection);
    changed = after !== before;
    return after;
  });
  return changed;
}

/**
 * Applies `changes` to the config file `file` under its lock (fails at once
 * if `config.lock` exists, like git). Returns the previous text, so a caller
 * can undo.
 */
export function setConfigValues(file: string, changes: [key: string, value: string | null][]): string {
  return editConfigFile(file, (before) => editConfigText(before, changes));
}
