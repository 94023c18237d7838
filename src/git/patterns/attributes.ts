/**
 * The `.gitattributes` engine (git's attr.c and Documentation/gitattributes.txt).
 *
 * Sources, lowest precedence first: `core.attributesFile` (default
 * `$XDG_CONFIG_HOME/git/attributes`), `.gitattributes` of the root, then of
 * each deeper directory, then `$GIT_DIR/info/attributes`. Within a file,
 * later lines win; within a line, later attributes win. Patterns match as in
 * `.gitignore` except that `!pattern` is refused and a trailing `/` pattern
 * never matches a file. Macros (`[attr]name ...`) are accepted where git
 * accepts them (root `.gitattributes`, info/attributes, the global file);
 * `binary` is built in as `-diff -merge -text`.
 *
 * For a checkout, the per-directory files come from the tree being checked
 * out (the caller supplies their text with `addDirectory`), as git reads
 * them from the index it is populating.
 */
import { join } from "node:path";
import { type Pattern, parsePattern, patternMatches, readOptional, toBytes } from "./ignore.ts";

/** true = set, false = unset (`-attr`), string = value (`attr=value`), undefined = unspecified. */
export type AttrValue = true | false | string;
export type Attributes = Map<string, AttrValue>;

/** One assignment on a line; `null` value means `!attr` (back to unspecified). */
interface Assignment {
  name: string;
  value: AttrValue | null;
}

interface Rule {
  pattern: Pattern;
  assignments: Assignment[];
}

const BUILTIN_MACROS: Record<string, Assignment[]> = {
  binary: [
    { name: "diff", value: false },
    { name: "merge", value: false },
    { name: "text", value: false },
  ],
};

function parseAssignments(words: string[]): Assignment[] {
  const out: Assignment[] = [];
  for (const w of words) {
    if (w === "") continue;
    if (w.startsWith("-")) out.push({ name: w.slice(1), value: false });
    else if (w.startsWith("!")) out.push({ name: w.slice(1), value: null });
    else {
      const eq = w.indexOf("=");
      if (eq === -1) out.push({ name: w, value: true });
      else out.push({ name: w.slice(0, eq), value: w.slice(eq + 1) });
    }
  }
  return out;
}

/** Unquotes a C-style quoted pattern (`"a b" attr`), as git does since 2.?: \t \n \" \\ and octal. */
function unquote(s: string): { pattern: string; rest: string } | null {
  let out = "";
  let i = 1;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '"') return { pattern: out, rest: s.slice(i + 1) };
    if (c === "\\") {
      const n = s[i + 1] ?? "";
      const map: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", '"': '"', "\\": "\\" };
      if (map[n] !== undefined) {
        out += map[n];
        i += 2;
        continue;
      }
      if (/[0-3]/.test(n) && /^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
        out += String.fromCharCode(Number.parseInt(s.slice(i + 1, i + 4), 8));
        i += 4;
        continue;
      }
      return null;
    }
    out += c;
    i++;
  }
  return null;
}

/** A parsed attributes file: rules in file order, and macros it defines. */
export interface AttributesFile {
  rules: Rule[];
  macros: Map<string, Assignment[]>;
}

/**
 * Parses the text of an attributes file whose directory is `base` ("" or
 * "dir/"). Macro definitions are kept only when `allowMacros`.
 */
export function parseAttributesFile(text: string, base: string, allowMacros: boolean, ignoreCase = false): AttributesFile {
  const rules: Rule[] = [];
  const macros = new Map<string, Assignment[]>();
  for (const raw of (text.startsWith("\ufeff") ? text.slice(1) : text).split("\n")) {
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    line = line.replace(/^[ \t]+/, "");
    if (line === "" || line.startsWith("#")) continue;
    let pat: string;
    let rest: string;
    if (line.startsWith('"')) {
      const q = unquote(line);
      if (!q) continue;
      // Quoted text is UTF-8 bytes written as octal; bring it back to a JS string.
      pat = Buffer.from(q.pattern, "latin1").toString("utf8");
      rest = q.rest;
    } else {
      const m = /^(\S+)(.*)$/.exec(line);
      if (!m) continue;
      pat = m[1] as string;
      rest = m[2] as string;
    }
    const words = rest.split(/[ \t]+/);
    if (pat.startsWith("[attr]")) {
      if (allowMacros) macros.set(pat.slice(6), parseAssignments(words));
      continue;
    }
    if (pat.startsWith("!")) continue; // negative patterns are ignored in attributes files
    const pattern = parsePattern(pat, base, ignoreCase, true);
    if (pattern) rules.push({ pattern, assignments: parseAssignments(words) });
  }
  return { rules, macros };
}

export interface AttributeSourceOptions {
  /** `$GIT_DIR` (the common dir) whose `info/attributes` is read. */
  gitDir?: string;
  /** core.attributesFile; undefined = `$XDG_CONFIG_HOME/git/attributes` (or `~/.config/git/attributes`); null = none. */
  attributesFile?: string | null;
  ignoreCase?: boolean;
}

function defaultAttributesFile(): string | null {
  const xdg = process.env.XDG_CONFIG_HOME;
  if (xdg) return join(xdg, "git", "attributes");
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home ? join(home, ".config", "git", "attributes") : null;
}

/**
 * Answers "which attributes does this path have". Build it once per
 * checkout; `addDirectory` registers each `.gitattributes` as the tree walk
 * meets it. `isEmpty` lets the checkout skip attribute lookups altogether.
 */
export class AttributeMatcher {
  private readonly ignoreCase: boolean;
  private global: AttributesFile | null = null;
  private info: AttributesFile | null = null;
  private readonly dirs = new Map<string, AttributesFile>();
  private readonly macros = new Map<string, Assignment[]>(Object.entries(BUILTIN_MACROS));

  constructor(options: AttributeSourceOptions = {}) {
    this.ignoreCase = options.ignoreCase ?? false;
    const globalPath = options.attributesFile === undefined ? defaultAttributesFile() : options.attributesFile;
    const g = globalPath ? readOptional(globalPath) : null;
    if (g !== null) this.global = this.absorb(parseAttributesFile(g, "", true, this.ignoreCase));
    const i = options.gitDir ? readOptional(join(options.gitDir, "info", "attributes")) : null;
    if (i !== null) this.info = this.absorb(parseAttributesFile(i, "", true, this.ignoreCase));
  }

  private absorb(f: AttributesFile): AttributesFile {
    for (const [k, v] of f.macros) this.macros.set(k, v);
    return f;
  }

  /** Registers the `.gitattributes` of directory `dir` ("" for the root, else "a/b/"). */
  addDirectory(dir: string, text: string): void {
    this.dirs.set(dir, this.absorb(parseAttributesFile(text, dir, dir === "", this.ignoreCase)));
  }

  /** True when no source defines any rule: every path has no attributes. */
  get isEmpty(): boolean {
    return this.dirs.size === 0 && !this.global?.rules.length && !this.info?.rules.length;
  }

  /** The attributes of the file at `path` (root-relative, `/`-separated). */
  get(path: string, isDir = false): Attributes {
    const result: Attributes = new Map();
    const b = toBytes(path);
    const nameStart = b.lastIndexOf("/") + 1;
    const apply = (f: AttributesFile | null | undefined) => {
      if (!f) return;
      for (const rule of f.rules) {
        if (rule.pattern.dirOnly && !isDir) continue;
        if (!patternMatches(rule.pattern, b, nameStart, isDir)) continue;
        this.assign(result, rule.assignments, 0);
      }
    };
    apply(this.global);
    // Root first, deeper directories override. Only ancestors of `path` matter.
    apply(this.dirs.get(""));
    for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) apply(this.dirs.get(path.slice(0, i + 1)));
    apply(this.info);
    return result;
  }

  private assign(result: Attributes, list: Assignment[], depth: number): void {
    for (const a of list) {
      if (a.value === null) result.delete(a.name);
      else result.set(a.name, a.value);
      // A macro set to true expands in place (attr.c macroexpand_one).
      const macro = a.value === true && depth < 8 ? this.macros.get(a.name) : undefined;
      if (macro) this.assign(result, macro, depth + 1);
    }
  }
}
