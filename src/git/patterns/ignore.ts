/**
 * The `.gitignore` engine, as git's Documentation/gitignore.txt and dir.c
 * define it: per-directory `.gitignore` files (deeper wins), then
 * `$GIT_DIR/info/exclude`, then `core.excludesFile` (default
 * `$XDG_CONFIG_HOME/git/ignore`); within a file the last matching line wins;
 * `!` re-includes; a trailing `/` matches directories only; a slash anywhere
 * else anchors the pattern to its file's directory; `**` spans directories.
 * Like git, nothing inside an excluded directory can be re-included, because
 * git never looks inside it (isIgnored checks every parent first).
 *
 * Patterns are compiled once to RegExps over byte strings (see toBytes), so
 * `?` and bracket expressions match bytes as git's wildmatch does.
 */
import { closeSync, constants as fsConstants, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NON_ASCII, toBytes, wildmatchToRegex } from "./wildmatch.ts";

export { toBytes, wildmatchToRegex };

/** A compiled pattern line (shared with src/git/patterns/attributes.ts). */
export interface Pattern {
  /** The line as written, for reports. */
  source: string;
  regex: RegExp;
  /** Matched against the basename only (no slash in the pattern). */
  basename: boolean;
  /** Ended with `/`: matches directories only. */
  dirOnly: boolean;
  negated: boolean;
  /** Directory of the file the pattern came from, relative to the root, "" or ending in "/". */
  base: string;
}

/**
 * Parses one line of a `.gitignore` (or the pattern half of a
 * `.gitattributes` line when `forAttributes`). `base` is the directory of
 * the file, relative to the root ("" or "dir/"). Returns null for blank
 * lines, comments and patterns that can never match.
 */
export function parsePattern(line: string, base: string, ignoreCase = false, forAttributes = false): Pattern | null {
  let text = line;
  if (!forAttributes) {
    if (text === "" || text.startsWith("#")) return null;
    text = trimTrailingSpaces(text);
  }
  let negated = false;
  if (!forAttributes && text.startsWith("!")) {
    negated = true;
    text = text.slice(1);
  }
  if (text === "") return null;
  let dirOnly = false;
  if (text.endsWith("/") && text.length > 1) {
    dirOnly = true;
    text = text.slice(0, -1);
  }
  const basename = !text.includes("/");
  if (text.startsWith("/")) text = text.slice(1);
  const src = wildmatchToRegex(toBytes(text));
  if (src === null) return null;
  const regex = new RegExp(`^${src}$`, ignoreCase ? "i" : "");
  return { source: line, regex, basename, dirOnly, negated, base: toBytes(base) };
}

/** True if `p` matches `path` (root-relative, byte string) whose basename starts at `nameStart`. */
export function patternMatches(p: Pattern, path: string, nameStart: number, isDir: boolean): boolean {
  if (p.dirOnly && !isDir) return false;
  if (p.base !== "" && !path.startsWith(p.base)) return false;
  if (p.basename) return p.regex.test(nameStart === 0 ? path : path.slice(nameStart));
  return p.regex.test(p.base === "" ? path : path.slice(p.base.length));
}

/** Parses a whole ignore file's text into patterns (in file order). */
export function parseIgnoreFile(text: string, base: string, ignoreCase = false): Pattern[] {
  const out: Pattern[] = [];
  // git skips a UTF-8 byte order mark at the start (skip_utf8_bom).
  for (const raw of (text.startsWith("\ufeff") ? text.slice(1) : text).split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const p = parsePattern(line, base, ignoreCase);
    if (p) out.push(p);
  }
  return out;
}

export interface IgnoreOptions {
  /** The work tree root. */
  root: string;
  /** `$GIT_DIR` whose `info/exclude` is read (the common dir for linked worktrees, as git does). */
  gitDir?: string;
  /** core.excludesFile; undefined means the default `$XDG_CONFIG_HOME/git/ignore` (or `~/.config/git/ignore`); null disables. */
  excludesFile?: string | null;
  /** core.ignoreCase. */
  ignoreCase?: boolean;
}

/** A file's text, or null when it cannot be read (absent, a directory, no permission): such sources are skipped, as git does. */
export function readOptional(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

// O_NOFOLLOW is undefined on Windows; 0 then keeps the plain open.
const NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

/**
 * Reads an in-tree file (`.gitignore`, `.gitattributes`) without following a
 * symlink, as git does since 2.32: a symlinked one counts as absent.
 */
export function readInTreeFile(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | NOFOLLOW);
  } catch {
    return null;
  }
  try {
    return readFileSync(fd, "utf8");
  } catch {
    return null; // a directory named .gitignore, say
  } finally {
    closeSync(fd);
  }
}

/** Default core.excludesFile: `$XDG_CONFIG_HOME/git/ignore`, else `$HOME/.config/git/ignore`. */
export function defaultExcludesFile(env: Record<string, string | undefined> = process.env): string | null {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "git", "ignore");
  const home = env.HOME ?? env.USERPROFILE;
  return home ? join(home, ".config", "git", "ignore") : null;
}

/**
 * Decides whether worktree paths are ignored. Per-directory `.gitignore`
 * files are read lazily, once each, from the work tree (or supplied with
 * `setDirectoryPatterns` when the caller has them already).
 */
export class IgnoreMatcher {
  private readonly root: string;
  private readonly ignoreCase: boolean;
  /** info/exclude then excludesFile: lowest precedence last. */
  private readonly globals: Pattern[][] = [];
  private readonly perDir = new Map<string, Pattern[]>();
  private readonly dirVerdicts = new Map<string, boolean>();

  constructor(options: IgnoreOptions) {
    this.root = options.root;
    this.ignoreCase = options.ignoreCase ?? false;
    if (options.gitDir) {
      const t = readOptional(join(options.gitDir, "info", "exclude"));
      if (t !== null) this.globals.push(parseIgnoreFile(t, "", this.ignoreCase));
    }
    const ex = options.excludesFile === undefined ? defaultExcludesFile() : options.excludesFile;
    if (ex) {
      const t = readOptional(ex);
      if (t !== null) this.globals.push(parseIgnoreFile(t, "", this.ignoreCase));
    }
  }

  /** Supplies the patterns of `<dir>/.gitignore` (dir: "" or "a/b/"), instead of reading the file. */
  setDirectoryPatterns(dir: string, text: string): void {
    this.perDir.set(dir, parseIgnoreFile(text, dir, this.ignoreCase));
  }

  private dirPatterns(dir: string): Pattern[] {
    let p = this.perDir.get(dir);
    if (p === undefined) {
      const t = readInTreeFile(join(this.root, dir, ".gitignore"));
      p = t === null ? [] : parseIgnoreFile(t, dir, this.ignoreCase);
      this.perDir.set(dir, p);
    }
    return p;
  }

  /**
   * The verdict of the patterns alone for one path, ignoring its parents:
   * true excluded, false re-included, null no pattern matched.
   */
  private own(path: string, isDir: boolean): boolean | null {
    const b = toBytes(path);
    const nameStart = b.lastIndexOf("/") + 1;
    // Deepest .gitignore first: it has the highest precedence.
    for (let end = nameStart - 1; ; end = b.lastIndexOf("/", end - 1)) {
      const dir = end < 0 ? "" : fromBytes(b.slice(0, end + 1));
      const verdict = lastMatch(this.dirPatterns(dir), b, nameStart, isDir);
      if (verdict !== null) return verdict;
      if (end <= 0) break;
    }
    for (const list of this.globals) {
      const v = lastMatch(list, b, nameStart, isDir);
      if (v !== null) return v;
    }
    return null;
  }

  /** True if `path` (root-relative, `/`-separated) is a directory git would not descend into. */
  isDirectoryIgnored(path: string): boolean {
    const cached = this.dirVerdicts.get(path);
    if (cached !== undefined) return cached;
    const slash = path.lastIndexOf("/");
    const result = (slash > 0 && this.isDirectoryIgnored(path.slice(0, slash))) || this.own(path, true) === true;
    this.dirVerdicts.set(path, result);
    return result;
  }

  /** True if `path` is ignored: it or one of its parent directories is excluded. */
  isIgnored(path: string, isDir = false): boolean {
    if (isDir) return this.isDirectoryIgnored(path);
    const slash = path.lastIndexOf("/");
    if (slash > 0 && this.isDirectoryIgnored(path.slice(0, slash))) return true;
    return this.own(path, false) === true;
  }
}

/** git's trim_trailing_spaces(): drop trailing spaces unless the first is escaped with a backslash. */
function trimTrailingSpaces(s: string): string {
  let lastSpace = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === " ") {
      if (lastSpace === -1) lastSpace = i;
    } else if (c === "\\") {
      i++;
      if (i >= s.length) return s;
      lastSpace = -1;
    } else lastSpace = -1;
  }
  return lastSpace === -1 ? s : s.slice(0, lastSpace);
}

function fromBytes(b: string): string {
  return NON_ASCII.test(b) ? Buffer.from(b, "latin1").toString("utf8") : b;
}

function lastMatch(list: Pattern[], path: string, nameStart: number, isDir: boolean): boolean | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i] as Pattern;
    if (patternMatches(p, path, nameStart, isDir)) return !p.negated;
  }
  return null;
}

/**
 * Sparse checkout: which paths a `$GIT_DIR/info/sparse-checkout` file keeps
 * in the worktree (git's path_in_sparse_checkout, unpack-trees.c). Patterns
 * use the gitignore syntax but a match means "keep". A path nothing matches
 * inherits its directory's answer; the root's is "not kept". Cone-mode files
 * (`/*`, `!/*\/`, `/dir/`) are valid patterns with the same meaning, so both
 * modes go through here.
 */
export class SparseMatcher {
  private readonly patterns: Pattern[];
  private readonly dirs = new Map<string, boolean>();

  constructor(text: string) {
    this.patterns = parseIgnoreFile(text, "");
  }

  /** True when `path` is checked out; false when it gets the skip-worktree bit. */
  includes(path: string, isDir = false): boolean {
    if (isDir) {
      const cached = this.dirs.get(path);
      if (cached !== undefined) return cached;
    }
    const b = toBytes(path);
    const slash = path.lastIndexOf("/");
    const own = lastMatch(this.patterns, b, b.lastIndexOf("/") + 1, isDir);
    const result = own ?? (slash > 0 ? this.includes(path.slice(0, slash), true) : false);
    if (isDir) this.dirs.set(path, result);
    return result;
  }
}
