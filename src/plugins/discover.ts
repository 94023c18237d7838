/**
 * Finding plugin files. Two operations with different costs:
 * - `findPlugin(name)` for dispatch: stats `repo-manager-plugin-<name>` (plus
 *   PATHEXT extensions on Windows) in each search dir and stops at the first
 *   hit. No directory listing, no handshake.
 * - `scanPlugins()` for `plugin list` and help: lists every search dir and
 *   returns every candidate in search order, shadowed ones included. With the
 *   metadata cache, a dir whose mtime did not change is not listed again.
 */
import { lstatSync, readdirSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { cachedListing, storeListing, type MetadataCache } from "./cache.ts";
import { executableExtensions, PLUGIN_PREFIX, pluginNameOf, searchDirs, type Env, type PluginSource } from "./paths.ts";

export interface PluginFile {
  name: string;
  path: string;
  source: PluginSource;
  /** stat() of the file (symlinks followed). */
  stat: Stats;
  /** lstat() of the directory entry: the same object as `stat` unless the entry is a symlink (the trust checks need both). */
  entry: Stats;
}

// Synchronous on purpose: a handful of stats (dispatch) or a few hundred
// (listing) on local disks cost less than the promise round-trips around them.
// lstat first: for the usual plain file it is the only call, and it tells the
// trust checks (trust.ts) whether there is a link to follow.
function statFile(path: string): { stat: Stats; entry: Stats } | undefined {
  const entry = lstatSync(path, { throwIfNoEntry: false });
  if (!entry) return undefined;
  const st = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
  return st?.isFile() ? { stat: st, entry } : undefined;
}

/** The first `repo-manager-plugin-<name>` along the search order, or undefined. */
export async function findPlugin(name: string, env: Env = process.env, platform: NodeJS.Platform = process.platform): Promise<PluginFile | undefined> {
  const exts = executableExtensions(env, platform);
  for (const { dir, source } of searchDirs(env, platform)) {
    for (const ext of exts) {
      const path = join(dir, `${PLUGIN_PREFIX}${name}${ext}`);
      let st: { stat: Stats; entry: Stats } | undefined;
      try {
        st = statFile(path);
      } catch {
        st = undefined; // EACCES on a PATH dir, ENOTDIR...: not a plugin
      }
      if (st) return { name, path, source, ...st };
    }
  }
  return undefined;
}

/**
 * Every plugin file in every search dir, in search order (dirs in order, and
 * within a dir by PATHEXT precedence then name). Unreadable dirs are skipped:
 * a broken PATH entry must never break the listing.
 */
export async function scanPlugins(env: Env = process.env, platform: NodeJS.Platform = process.platform, cache?: MetadataCache): Promise<PluginFile[]> {
  const exts = executableExtensions(env, platform);
  const out: PluginFile[] = [];
  for (const { dir, source } of searchDirs(env, platform)) {
    let names: string[] | undefined;
    try {
      // Listing big PATH dirs (/usr/bin) is most of the cost of `plugin list`;
      // an unchanged dir mtime means no entry was added, removed or renamed.
      const mtimeMs = statSync(dir).mtimeMs;
      names = cache ? cachedListing(cache, dir, mtimeMs) : undefined;
      if (names === undefined) {
        const scannedAt = Date.now();
        names = readdirSync(dir).filter((n) => n.startsWith(PLUGIN_PREFIX));
        if (cache) storeListing(cache, dir, mtimeMs, names, scannedAt);
      }
    } catch {
      continue;
    }
    const found: { file: PluginFile; extRank: number }[] = [];
    for (const fileName of names) {
      const name = pluginNameOf(fileName, exts);
      if (name === undefined) continue;
      const path = join(dir, fileName);
      let st: { stat: Stats; entry: Stats } | undefined;
      try {
        st = statFile(path);
      } catch {
        st = undefined;
      }
      if (!st) continue;
      const extRank = platform === "win32" ? exts.findIndex((e) => fileName.toLowerCase().endsWith(e)) : 0;
      found.push({ file: { name, path, source, ...st }, extRank });
    }
    found.sort((a, b) => (a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : a.extRank - b.extRank));
    for (const f of found) out.push(f.file);
  }
  return out;
}
