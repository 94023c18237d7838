/**
 * Where plugins live and where their metadata is cached. Pure functions of the
 * environment (and platform), so they are unit-testable and cheap.
 *
 * Windows differs: config in %APPDATA%, cache in %LOCALAPPDATA%, the path list
 * separator is ';', and a plugin file needs an extension from PATHEXT.
 */
import { delimiter as hostDelimiter, join, posix } from "node:path";

import type { Env } from "../platform/env.ts";

export type { Env };

/** Where a plugin was found, in search order. */
export type PluginSource = "env" | "config" | "path";

export const PLUGIN_PREFIX = "repo-manager-plugin-";
export const PLUGIN_NAME_RE = /^[a-z][a-z0-9-]*$/;

/**
 * Names src/main.ts answers itself before it looks at the command table or
 * plugins (`repo-manager help [<command>]`). They are built-ins too: a plugin
 * with such a name is shadowed and cannot be installed.
 */
export const FRAME_COMMANDS: readonly string[] = ["help"];

const home = (env: Env): string => env.HOME ?? env.USERPROFILE ?? "";

/** `$REPO_MANAGER_CONFIG_DIR`, else `$XDG_CONFIG_HOME/repo-manager`, else `~/.config/repo-manager` (`%APPDATA%\repo-manager` on Windows). */
export function configDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.REPO_MANAGER_CONFIG_DIR) return env.REPO_MANAGER_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "repo-manager");
  if (platform === "win32" && env.APPDATA) return join(env.APPDATA, "repo-manager");
  return join(home(env), ".config", "repo-manager");
}

/** `$XDG_CACHE_HOME/repo-manager`, else `%LOCALAPPDATA%\repo-manager` on Windows, else `~/.cache/repo-manager`. */
export function cacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "repo-manager");
  if (platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "repo-manager");
  return join(home(env), ".cache", "repo-manager");
}

/** The directory managed plugins are installed into. */
export const managedPluginsDir = (env: Env = process.env, platform: NodeJS.Platform = process.platform): string =>
  join(configDir(env, platform), "plugins");

/** `plugins.lock.json` in the config dir: what `plugin install` recorded. */
export const lockFilePath = (env: Env = process.env, platform: NodeJS.Platform = process.platform): string =>
  join(configDir(env, platform), "plugins.lock.json");

export interface SearchDir {
  dir: string;
  source: PluginSource;
}

/**
 * Whether a search-path entry may be searched: only absolute ones. A relative
 * entry ("", ".", "./", "bin", "node_modules/.bin") names a different
 * directory in every cwd, so a repository you `cd` (or `-C`) into could put
 * its own files on the search path and have them run by `plugin list` (the
 * handshake) or `repo-manager <name>`. Windows: a drive-relative `C:bin` and
 * a rooted-but-driveless `\bin` depend on the current drive, so they are
 * refused too.
 */
export function isSearchableDir(dir: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== "win32") return posix.isAbsolute(dir);
  return /^[a-zA-Z]:[\\/]/.test(dir) || /^[\\/]{2}[^\\/]/.test(dir); // C:\x, or a UNC path \\server\share
}

function splitPathList(value: string | undefined, delimiter: string, platform: NodeJS.Platform): string[] {
  if (!value) return [];
  return value.split(delimiter).filter((d) => isSearchableDir(d, platform));
}

/** Directories searched for plugins, first found wins: REPO_MANAGER_PLUGIN_PATH, the config plugins dir, PATH; absolute entries only. */
export function searchDirs(env: Env = process.env, platform: NodeJS.Platform = process.platform): SearchDir[] {
  const delimiter = platform === "win32" ? ";" : platform === process.platform ? hostDelimiter : ":";
  const out: SearchDir[] = [];
  const seen = new Set<string>();
  const add = (dir: string, source: PluginSource) => {
    // Windows paths are case-insensitive: the same dir twice would list every plugin as shadowed by itself.
    const key = platform === "win32" ? dir.toLowerCase() : dir;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ dir, source });
  };
  for (const d of splitPathList(env.REPO_MANAGER_PLUGIN_PATH, delimiter, platform)) add(d, "env");
  // Relative when HOME and the XDG variables are unset or relative: then it too would follow the cwd.
  const managed = managedPluginsDir(env, platform);
  if (isSearchableDir(managed, platform)) add(managed, "config");
  // Windows spells it Path; environment lookups there are case-insensitive, ours are not.
  const pathVar = env.PATH ?? env.Path ?? env.path;
  for (const d of splitPathList(pathVar, delimiter, platform)) add(d, "path");
  return out;
}

/**
 * Windows executable extensions from PATHEXT, `.exe` first (lower-case).
 * On Unix there is no extension: the plugin file is the bare name.
 */
export function executableExtensions(env: Env = process.env, platform: NodeJS.Platform = process.platform): string[] {
  if (platform !== "win32") return [""];
  const raw = env.PATHEXT ?? env.Pathext ?? ".COM;.EXE;.BAT;.CMD";
  const exts = raw
    .split(";")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.startsWith("."));
  const rest = exts.filter((e) => e !== ".exe");
  return [".exe", ...rest];
}

/**
 * The plugin name a directory entry stands for, or undefined if it is not a plugin file.
 * On Windows the extension must be one of `exts` and is stripped (case-insensitive).
 */
export function pluginNameOf(fileName: string, exts: string[]): string | undefined {
  if (!fileName.startsWith(PLUGIN_PREFIX)) return undefined;
  let rest = fileName.slice(PLUGIN_PREFIX.length);
  if (exts.length === 1 && exts[0] === "") return rest === "" ? undefined : rest;
  const lower = rest.toLowerCase();
  const ext = exts.find((e) => e !== "" && lower.endsWith(e));
  if (!ext) return undefined;
  rest = rest.slice(0, rest.length - ext.length);
  return rest === "" ? undefined : rest.toLowerCase();
}
