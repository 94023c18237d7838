/**
 * The metadata cache: handshake answers keyed by plugin path, size and mtime,
 * so help and `plugin list` run no plugin when nothing changed. One JSON file
 * in the cache dir, rewritten atomically. A missing or corrupt cache is just
 * empty, and a malformed entry is dropped (cache-schema.ts checks it with
 * valibot): it is an optimisation, never a source of errors, and rebuilt by
 * the next listing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./fs-atomic.ts";
import type { HandshakeResult } from "./metadata.ts";
import { cacheDir, type Env } from "./paths.ts";

export const CACHE_FILE = "plugin-metadata.json";
export const CACHE_VERSION = 1;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  result: HandshakeResult;
}

/** The plugin file names of one search dir, as of its mtime (see scanPlugins). */
export interface DirListing {
  mtimeMs: number;
  /** When we listed it: a listing taken within RACY_MS of the dir's mtime is not reused. */
  scannedAt: number;
  names: string[];
}

/** Size and mtime of plugins.lock.json when it last passed validation. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface MetadataCache {
  entries: Map<string, CacheEntry>;
  dirs: Map<string, DirListing>;
  lockStamp: FileStamp | null;
  dirty: boolean;
}

/**
 * A directory listing is reused only if the dir's mtime is older than the
 * listing by this much: on file systems with coarse timestamps an entry added
 * in the same tick as the listing would not change the mtime (git's "racy" case).
 */
export const RACY_MS = 2000;

export const cacheFilePath = (env: Env = process.env): string => join(cacheDir(env), CACHE_FILE);

/** Loads the cache (empty if missing or unreadable). */
export async function loadCache(env: Env = process.env): Promise<MetadataCache> {
  const entries = new Map<string, CacheEntry>();
  const dirs = new Map<string, DirListing>();
  const empty = (dirty: boolean): MetadataCache => ({ entries, dirs, lockStamp: null, dirty });
  let text: string;
  try {
    text = readFileSync(cacheFilePath(env), "utf8");
  } catch {
    return empty(false); // no cache yet (or unreadable: then it cannot be replaced either)
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return empty(true); // corrupt: start empty and replace it
  }
  const { readCacheDocument } = await import("./cache-schema.ts");
  const contents = readCacheDocument(doc, CACHE_VERSION);
  // Another version or shape: start empty and rewrite it, even if nothing else changes.
  if (contents === null) return empty(true);
  return { entries: contents.entries, dirs: contents.dirs, lockStamp: contents.lockStamp, dirty: contents.dropped };
}

/** The cached answer for `path` if the file still has this size and mtime. */
export function cachedResult(cache: MetadataCache, path: string, size: number, mtimeMs: number): HandshakeResult | undefined {
  const e = cache.entries.get(path);
  return e && e.size === size && e.mtimeMs === mtimeMs ? e.result : undefined;
}

/** Remembers a handshake answer; transient failures (a timeout) are not remembered, so the next listing asks again. */
export function storeResult(cache: MetadataCache, path: string, size: number, mtimeMs: number, result: HandshakeResult): void {
  if (!result.ok && result.transient) {
    if (cache.entries.delete(path)) cache.dirty = true;
    return;
  }
  cache.entries.set(path, { size, mtimeMs, result });
  cache.dirty = true;
}

/** The cached plugin names of `dir` if its mtime says nothing was added or removed since. */
export function cachedListing(cache: MetadataCache, dir: string, mtimeMs: number): string[] | undefined {
  const d = cache.dirs.get(dir);
  return d && d.mtimeMs === mtimeMs && d.scannedAt - mtimeMs > RACY_MS ? d.names : undefined;
}

/** Records a listing of `dir` taken at `scannedAt` (read the clock before the readdir). */
export function storeListing(cache: MetadataCache, dir: string, mtimeMs: number, names: string[], scannedAt: number): void {
  const old = cache.dirs.get(dir);
  if (old && old.mtimeMs === mtimeMs && old.names.join("\0") === names.join("\0") && old.scannedAt - mtimeMs > RACY_MS) return;
  cache.dirs.set(dir, { mtimeMs, scannedAt, names });
  cache.dirty = true;
}

/** Drops entries for paths not in `keep` (plugins that went away). */
export function pruneCache(cache: MetadataCache, keep: Set<string>): void {
  for (const path of cache.entries.keys()) {
    if (!keep.has(path)) {
      cache.entries.delete(path);
      cache.dirty = true;
    }
  }
}

/** Writes the cache if it changed. Failure to write is ignored (read-only home, full disk): the cache is optional. */
export async function saveCache(cache: MetadataCache, env: Env = process.env): Promise<void> {
  if (!cache.dirty) return;
  try {
    const doc = { version: CACHE_VERSION, entries: Object.fromEntries(cache.entries), dirs: Object.fromEntries(cache.dirs), lockStamp: cache.lockStamp };
    await writeFileAtomic(cacheFilePath(env), `${JSON.stringify(doc)}\n`);
    cache.dirty = false;
  } catch {
    // optional
  }
}
