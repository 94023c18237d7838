/**
 * The metadata cache: handshake answers keyed by plugin path, size and mtime,
 * so help and `plugin list` run no plugin when nothing changed. One JSON file
 * in the cache dir, rewritten atomically. A missing or corrupt cache is just
 * empty: it is an optimisation, never a source of errors.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./fs-atomic.ts";
import type { HandshakeResult, PluginMetadata } from "./metadata.ts";
import { cacheDir, type Env } from "./paths.ts";

export const CACHE_FILE = "plugin-metadata.json";
const CACHE_VERSION = 1;

export interface CacheEntry {
  size: number;
  mtimeMs: number;
  result: HandshakeResult;
}

export interface MetadataCache {
  entries: Map<string, CacheEntry>;
  dirty: boolean;
}

export const cacheFilePath = (env: Env = process.env): string => join(cacheDir(env), CACHE_FILE);

// Hand-checked rather than valibot: this file is ours, read on the help path,
// and only needs to be well-formed enough to not crash; a bad entry is dropped.
function isEntry(e: unknown): e is CacheEntry {
  if (typeof e !== "object" || e === null) return false;
  const x = e as Record<string, unknown>;
  if (typeof x.size !== "number" || typeof x.mtimeMs !== "number" || typeof x.result !== "object" || x.result === null) return false;
  const r = x.result as Record<string, unknown>;
  if (r.ok === false) return typeof r.reason === "string";
  if (r.ok !== true || typeof r.metadata !== "object" || r.metadata === null) return false;
  const m = r.metadata as Record<string, unknown>;
  return typeof m.name === "string" && typeof m.version === "string" && typeof m.description === "string" && typeof m.json === "boolean";
}

/** Loads the cache (empty if missing or unreadable). */
export async function loadCache(env: Env = process.env): Promise<MetadataCache> {
  const entries = new Map<string, CacheEntry>();
  try {
    const doc = JSON.parse(await readFile(cacheFilePath(env), "utf8")) as { version?: unknown; entries?: unknown };
    if (doc.version === CACHE_VERSION && typeof doc.entries === "object" && doc.entries !== null) {
      for (const [path, e] of Object.entries(doc.entries)) if (isEntry(e)) entries.set(path, e);
    }
  } catch {
    // no cache yet, or a corrupt one: start empty
  }
  return { entries, dirty: false };
}

/** The cached answer for `path` if the file still has this size and mtime. */
export function cachedResult(cache: MetadataCache, path: string, size: number, mtimeMs: number): HandshakeResult | undefined {
  const e = cache.entries.get(path);
  return e && e.size === size && e.mtimeMs === mtimeMs ? e.result : undefined;
}

export function cachedMetadata(cache: MetadataCache, path: string, size: number, mtimeMs: number): PluginMetadata | undefined {
  const r = cachedResult(cache, path, size, mtimeMs);
  return r?.ok ? r.metadata : undefined;
}

export function storeResult(cache: MetadataCache, path: string, size: number, mtimeMs: number, result: HandshakeResult): void {
  cache.entries.set(path, { size, mtimeMs, result });
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
    await writeFileAtomic(cacheFilePath(env), `${JSON.stringify({ version: CACHE_VERSION, entries: Object.fromEntries(cache.entries) })}\n`);
    cache.dirty = false;
  } catch {
    // optional
  }
}
