/**
 * repo-manager's own configuration (not git's): a user file
 * `<config dir>/config.toml` and a project file `.repo-manager.toml` at the
 * root of the repository's worktrees. Precedence, highest first: a
 * command-line option, the environment (`REPO_MANAGER_<KEY>`), the project
 * file, the user file, the default. Files are TOML (Bun's parser), checked
 * with valibot (loaded only here: `worktree list` never pays for it). A bad
 * file is one error naming the file, the line and the key; an unknown key is
 * a warning, so an older binary reads a newer file. docs/config.md lists the keys.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Repository } from "../../git/repo/types.ts";
import { configDir, type Env } from "../../plugins/paths.ts";
import { ConfigError } from "./errors.ts";

export const PROJECT_FILE = ".repo-manager.toml";
export const USER_FILE = "config.toml";

export interface KeySpec {
  default: string;
  description: string;
}

/** Every key, its default and what it does (docs/config.md says the same at length). */
export const CONFIG_KEYS = {
  "worktree-path": {
    default: "../{repo}.{branch}",
    description: "Where switch creates a branch's worktree: a path template relative to the main worktree ({repo}, {branch}, {main}, {commit})",
  },
} as const satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export type ConfigSource = "option" | "env" | "project" | "user" | "default";

export interface ConfigValue {
  value: string;
  source: ConfigSource;
  /** The file, or the variable, or the option the value came from; null for the default. */
  origin: string | null;
}

export interface EffectiveConfig {
  values: Record<ConfigKey, ConfigValue>;
  /** One line each: unknown keys, ignored. */
  warnings: string[];
  files: ConfigFiles;
}

export interface ConfigFiles {
  user: string;
  /** null outside a repository. */
  project: string | null;
}

/** `REPO_MANAGER_WORKTREE_PATH` for `worktree-path`. */
export const envNameOf = (key: string): string => `REPO_MANAGER_${key.toUpperCase().replace(/-/g, "_")}`;

/**
 * The directory whose `.repo-manager.toml` is read: the main worktree; for a
 * bare repository, the worktree we are in when the file is there (it is
 * committed), else the directory holding the bare repository (`repo/` for
 * the `repo/.bare` layout).
 */
export function projectRoot(repo: Repository): string {
  if (!repo.mainIsBare) return repo.mainWorktree;
  if (repo.worktree !== null && existsSync(join(repo.worktree, PROJECT_FILE))) return repo.worktree;
  return basename(repo.mainWorktree).startsWith(".") ? dirname(repo.mainWorktree) : repo.mainWorktree;
}

/** The files the configuration is read from (they need not exist). */
export function configFiles(env: Env, repo: Repository | null): ConfigFiles {
  return { user: join(configDir(env), USER_FILE), project: repo ? join(projectRoot(repo), PROJECT_FILE) : null };
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, "check the file's permissions", { file: path });
  }
}

/**
 * The 1-based line of a TOML syntax error. Bun's parser does not say where,
 * so we find the longest prefix of whole lines that parses: the error is on
 * the next line (or where a multi-line value that never closes starts).
 */
export function tomlErrorLine(text: string): number {
  const lines = text.split("\n");
  for (let k = lines.length - 1; k >= 0; k--) {
    try {
      Bun.TOML.parse(lines.slice(0, k).join("\n"));
      return k + 1;
    } catch {}
  }
  return 1;
}

/** The 1-based line where `key` is assigned, for messages (0 when not found). */
function keyLine(text: string, key: string): number {
  const re = new RegExp(`^\\s*(?:${key.replace(/[-.]/g, "\\$&")}|"${key}"|'${key}')\\s*=`);
  const i = text.split("\n").findIndex((l) => re.test(l));
  return i + 1;
}

const typeName = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "table" : typeof v);

interface FileLayer {
  values: Partial<Record<ConfigKey, string>>;
  warnings: string[];
}

/** Parses and checks one file's text; throws ConfigError naming the file, line and key. */
export async function parseConfigText(text: string, file: string): Promise<FileLayer> {
  let data: Record<string, unknown>;
  try {
    data = Bun.TOML.parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = tomlErrorLine(text);
    const why = String((error as Error).message).replace(/^TOML Parse error:\s*/, "");
    throw new ConfigError(`${file}:${line}: invalid TOML: ${why}`, "fix the file (TOML syntax: https://toml.io)", { file, line });
  }
  const v = await import("valibot");
  const schema = v.pipe(v.string("expected a string"), v.nonEmpty("expected a non-empty string"));
  const layer: FileLayer = { values: {}, warnings: [] };
  for (const [key, value] of Object.entries(data)) {
    if (!(key in CONFIG_KEYS)) {
      const line = keyLine(text, key);
      layer.warnings.push(`${file}${line ? `:${line}` : ""}: unknown key '${key}' (ignored)`);
      continue;
    }
    const checked = v.safeParse(schema, value);
    if (!checked.success) {
      const line = keyLine(text, key);
      const got = typeof value === "string" ? "an empty string" : `a ${typeName(value)}`;
      throw new ConfigError(
        `${file}${line ? `:${line}` : ""}: key '${key}': ${checked.issues[0].message}, got ${got}`,
        `see docs/config.md for '${key}'`,
        { file, line, key },
      );
    }
    layer.values[key as ConfigKey] = checked.output;
  }
  return layer;
}

export interface LoadOptions {
  env: Env;
  repo: Repository | null;
  /** Values given on the command line. */
  options?: Partial<Record<ConfigKey, string>>;
}

/** The effective configuration with each value's source. Throws ConfigError for a bad file. */
export async function loadConfig(opts: LoadOptions): Promise<EffectiveConfig> {
  const files = configFiles(opts.env, opts.repo);
  const warnings: string[] = [];
  const layers: { source: ConfigSource; origin: string; values: Partial<Record<ConfigKey, string>> }[] = [];
  for (const [source, file] of [
    ["user", files.user],
    ["project", files.project],
  ] as const) {
    if (file === null) continue;
    const text = readOptional(file);
    if (text === null) continue;
    const layer = await parseConfigText(text, file);
    warnings.push(...layer.warnings);
    layers.push({ source, origin: file, values: layer.values });
  }
  const envValues: Partial<Record<ConfigKey, string>> = {};
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const raw = opts.env[envNameOf(key)];
    if (raw !== undefined && raw !== "") envValues[key] = raw;
  }
  const values = {} as Record<ConfigKey, ConfigValue>;
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    let chosen: ConfigValue = { value: CONFIG_KEYS[key].default, source: "default", origin: null };
    for (const layer of layers) {
      const value = layer.values[key];
      if (value !== undefined) chosen = { value, source: layer.source, origin: layer.origin };
    }
    if (envValues[key] !== undefined) chosen = { value: envValues[key], source: "env", origin: envNameOf(key) };
    const option = opts.options?.[key];
    if (option !== undefined) chosen = { value: option, source: "option", origin: `--${key}` };
    values[key] = chosen;
  }
  return { values, warnings, files };
}
