/**
 * Finding plugin files. Two operations with different costs:
 * - `findPlugin(name)` for dispatch: stats `repo-manager-plugin-<name>` (plus
 *   PATHEXT extensions on Windows) in each search dir and stops at the first
 *   hit. No directory listing, no handshake.
 * - `scanPlugins()` for `plugin list` and help: lists every search dir and
 *   returns every candidate in search order, shadowed ones included.
 */
import type { Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { executableExtensions, PLUGIN_PREFIX, pluginNameOf, searchDirs, type Env, type PluginSource } from "./paths.ts";

export interface PluginFile {
  name: string;
  path: string;
  source: PluginSource;
  /** stat() of the file (symlinks followed). */
  stat: Stats;
}

async function statFile(path: string): Promise<Stats | undefined> {
  try {
    const st = await stat(path);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

/** The first `repo-manager-plugin-<name>` along the search order, or undefined. */
export async function findPlugin(name: string, env: Env = process.env, platform: NodeJS.Platform = process.platform): Promise<PluginFile | undefined> {
  const exts = executableExtensions(env, platform);
  for (const { dir, source } of searchDirs(env, platform)) {
    for (const ext of exts) {
      const path = join(dir, `${PLUGIN_PREFIX}${name}${ext}`);
      const st = await statFile(path);
      if (st) return { name, path, source, stat: st };
    }
  }
  return undefined;
}

/**
 * Every plugin file in every search dir, in search order (dirs in order, and
 * within a dir by PATHEXT precedence then name). Unreadable dirs are skipped:
 * a broken PATH entry must never break the listing.
 */
export async function scanPlugins(env: Env = process.env, platform: NodeJS.Platform = process.platform): Promise<PluginFile[]> {
  const exts = executableExtensions(env, platform);
  const dirs = searchDirs(env, platform);
  const perDir = await Promise.all(
    dirs.map(async ({ dir, source }) => {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => n.startsWith(PLUGIN_PREFIX));
      } catch {
        return [];
      }
      const found = await Promise.all(
        names.map(async (fileName) => {
          const name = pluginNameOf(fileName, exts);
          if (name === undefined) return undefined;
          const path = join(dir, fileName);
          const st = await statFile(path);
          if (!st) return undefined;
          const extRank = platform === "win32" ? exts.findIndex((e) => fileName.toLowerCase().endsWith(e)) : 0;
          return { file: { name, path, source, stat: st } satisfies PluginFile, extRank };
        }),
      );
      return found
        .filter((f): f is { file: PluginFile; extRank: number } => f !== undefined)
        .sort((a, b) => a.file.name.localeCompare(b.file.name) || a.extRank - b.extRank)
        .map((f) => f.file);
    }),
  );
  return perDir.flat();
}
