/**
 * Reads git configuration the way git does: system, global (XDG then
 * ~/.gitconfig), the repository's `config`, the worktree's `config.worktree`
 * (with extensions.worktreeConfig), and `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`
 * variables, following `include.path` and `includeIf` (gitdir, gitdir/i,
 * onbranch). A library reading only the repository's own file would
 * miss e.g. a global core.autocrlf; so this is ours.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type ConfigEntry, parseConfig } from "./config-parse.ts";
import { toBytes, wildmatchToRegex } from "../patterns/wildmatch.ts";
import { ConfigError, ConfigSyntaxError } from "./errors.ts";

/** The user's home when $HOME is unset (git reads $HOME). node:os loaded only then: it costs ~0.2 ms of start-up. */
const homedir = (): string => (require("node:os") as typeof import("node:os")).homedir();

export type ConfigScope = "system" | "global" | "local" | "worktree" | "command";

export interface ScopedEntry extends ConfigEntry {
  scope: ConfigScope;
  file: string | null;
}

/** `Section.Sub.Name` → `section.Sub.name`: section and key are case-insensitive, the subsection is not. */
export function normalizeKey(key: string): string {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  if (first === -1) return key.toLowerCase();
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}

export class GitConfig {
  private readonly byKey = new Map<string, ScopedEntry[]>();

  constructor(readonly entries: ScopedEntry[]) {
    for (const e of entries) {
      const list = this.byKey.get(e.key);
      if (list) list.push(e);
      else this.byKey.set(e.key, [e]);
    }
  }

  /** Last value wins, as in git. `undefined` when unset, `null` for a bare `key` (boolean true). */
  get(key: string): string | null | undefined {
    return this.byKey.get(normalizeKey(key))?.at(-1)?.value;
  }

  getAll(key: string): (string | null)[] {
    return (this.byKey.get(normalizeKey(key)) ?? []).map((e) => e.value);
  }

  getString(key: string): string | undefined {
    const v = this.get(key);
    return v === null ? "" : v;
  }

  getBool(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const b = parseBool(v);
    if (b === undefined) throw new ConfigError(`bad boolean config value '${v}' for '${key}'`, { hint: `fix it with: git config ${key} true|false` });
    return b;
  }

  /** A path value with `~/` expanded. */
  getPath(key: string): string | undefined {
    const v = this.getString(key);
    return v === undefined ? undefined : expandHome(v);
  }

  /** Subsection names of a section, in file order, e.g. the remotes for `remote`. */
  subsections(section: string): string[] {
    const s = section.toLowerCase();
    const out: string[] = [];
    for (const e of this.entries) if (e.section === s && e.subsection !== null && !out.includes(e.subsection)) out.push(e.subsection);
    return out;
  }
}

export function parseBool(v: string | null): boolean | undefined {
  if (v === null) return true;
  const l = v.toLowerCase();
  if (l === "true" || l === "yes" || l === "on") return true;
  if (l === "false" || l === "no" || l === "off" || l === "") return false;
  if (/^-?\d+$/.test(l)) return Number(l) !== 0;
  return undefined;
}

export function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  if (p === "~" || p.startsWith("~/")) return join(env.HOME ?? homedir(), p.slice(1));
  return p;
}

export interface LoadConfigOptions {
  commonDir: string;
  gitDir: string;
  env?: NodeJS.ProcessEnv;
}

/** Loads the configuration that applies to a repository (or only system + global with no repository). */
export function loadConfig(opts: LoadConfigOptions | null, env: NodeJS.ProcessEnv = opts?.env ?? process.env): GitConfig {
  const entries: ScopedEntry[] = [];
  const ctx: IncludeContext = { gitDir: opts?.gitDir ?? null, env, depth: 0 };
  if (!isTrue(env.GIT_CONFIG_NOSYSTEM)) {
    readInto(entries, env.GIT_CONFIG_SYSTEM ?? (process.platform === "win32" ? "" : "/etc/gitconfig"), "system", ctx);
  }
  if (env.GIT_CONFIG_GLOBAL !== undefined) readInto(entries, env.GIT_CONFIG_GLOBAL, "global", ctx);
  else {
    const home = env.HOME ?? env.USERPROFILE ?? homedir();
    const xdg = env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, "git", "config") : join(home, ".config", "git", "config");
    readInto(entries, xdg, "global", ctx);
    readInto(entries, join(home, ".gitconfig"), "global", ctx);
  }
  if (opts) {
    readInto(entries, join(opts.commonDir, "config"), "local", ctx);
    const local = new GitConfig(entries);
    if (local.getBool("extensions.worktreeConfig", false)) readInto(entries, join(opts.gitDir, "config.worktree"), "worktree", ctx);
  }
  entries.push(...commandEntries(env));
  return new GitConfig(entries);
}

const isTrue = (v: string | undefined) => v !== undefined && parseBool(v) === true;

interface IncludeContext {
  gitDir: string | null;
  env: NodeJS.ProcessEnv;
  depth: number;
}

function readInto(out: ScopedEntry[], file: string, scope: ConfigScope, ctx: IncludeContext): void {
  if (file === "" || !existsSync(file)) return;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return; // unreadable (e.g. a directory): git warns and goes on
  }
  let parsed: ConfigEntry[];
  try {
    parsed = parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) {
      throw new ConfigError(error.message, { hint: `fix line ${error.line} of ${file}`, data: { file, line: error.line } });
    }
    throw error;
  }
  for (const e of parsed) {
    out.push({ ...e, scope, file });
    if (e.section === "include" && e.name === "path" && e.value) include(out, file, e.value, scope, ctx);
    else if (e.section === "includeif" && e.name === "path" && e.value && e.subsection && includeIfMatches(e.subsection, file, ctx)) {
      include(out, file, e.value, scope, ctx);
    }
  }
}

function include(out: ScopedEntry[], from: string, path: string, scope: ConfigScope, ctx: IncludeContext): void {
  if (ctx.depth >= 10) throw new ConfigError(`exceeded maximum include depth (10) while including ${path} from ${from}`);
  const expanded = expandHome(path, ctx.env);
  const target = isAbsolute(expanded) ? expanded : resolve(dirname(from), expanded);
  readInto(out, target, scope, { ...ctx, depth: ctx.depth + 1 });
}

function includeIfMatches(condition: string, file: string, ctx: IncludeContext): boolean {
  const m = /^(gitdir|gitdir\/i|onbranch):(.*)$/.exec(condition);
  if (!m || ctx.gitDir === null) return false;
  const kind = m[1] as string;
  let pattern = m[2] as string;
  if (kind === "onbranch") {
    const branch = currentBranch(ctx.gitDir);
    if (branch === null) return false;
    if (pattern.endsWith("/")) pattern += "**";
    return wildmatch(pattern, branch, false);
  }
  pattern = expandHome(pattern, ctx.env);
  if (pattern.startsWith("./")) pattern = join(dirname(file), pattern.slice(2));
  else if (!isAbsolute(pattern)) pattern = `**/${pattern}`;
  if (pattern.endsWith("/")) pattern += "**";
  const gitDir = ctx.gitDir.replaceAll("\\", "/");
  return wildmatch(pattern.replaceAll("\\", "/"), gitDir, kind === "gitdir/i");
}

function currentBranch(gitDir: string): string | null {
  try {
    const head = readFileSync(join(gitDir, "HEAD"), "utf8");
    const m = /^ref: refs\/heads\/(.+?)\s*$/.exec(head);
    return m ? (m[1] as string) : null;
  } catch {
    return null;
  }
}

/** git matches includeIf patterns with wildmatch (WM_PATHNAME), byte-wise. */
function wildmatch(pattern: string, subject: string, icase: boolean): boolean {
  const source = wildmatchToRegex(toBytes(pattern));
  return source !== null && new RegExp(`^${source}$`, icase ? "i" : "").test(toBytes(subject));
}

function commandEntries(env: NodeJS.ProcessEnv): ScopedEntry[] {
  const out: ScopedEntry[] = [];
  const count = Number(env.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; i < count; i++) {
    const raw = env[`GIT_CONFIG_KEY_${i}`];
    if (!raw) throw new ConfigError(`missing config key GIT_CONFIG_KEY_${i}`);
    const key = normalizeKey(raw);
    const parts = key.split(".");
    out.push({
      key,
      section: parts[0] as string,
      subsection: parts.length > 2 ? parts.slice(1, -1).join(".") : null,
      name: parts.at(-1) as string,
      value: env[`GIT_CONFIG_VALUE_${i}`] ?? null,
      line: 0,
      scope: "command",
      file: null,
    });
  }
  return out;
}
