/**
 * The metadata cache file as read from disk, checked with valibot. Loaded by
 * cache.ts only when there is a cache to read: running a plugin (not in JSON
 * mode) never reads the cache and does not pay for this.
 *
 * The file is ours, but anything can have written it (an older or newer
 * repo-manager, a crash, a user), and what it says is shown and trusted by
 * help, `plugin list` and completion. So: a document of another version or
 * shape is no cache at all; an entry that does not fit is dropped (that plugin
 * is asked again); and a cached answer must pass the schema and protocol
 * check of a fresh handshake (metadata.ts), so the cache cannot make valid
 * what the plugin itself could not. One schema per entry (not the handshake's
 * validateMetadata on top): a warm `plugin list` reads a hundred of them.
 */
import * as v from "valibot";
import type { CacheEntry, DirListing, FileStamp } from "./cache.ts";
import { MetadataSchema } from "./metadata.ts";
import { SUPPORTED_PROTOCOLS } from "./protocol.ts";

const StampSchema = v.object({ size: v.number(), mtimeMs: v.number() });

const ListingSchema = v.object({ mtimeMs: v.number(), scannedAt: v.number(), names: v.array(v.string()) });

const EntrySchema = v.object({
  size: v.number(),
  mtimeMs: v.number(),
  result: v.variant("ok", [
    v.object({ ok: v.literal(true), metadata: MetadataSchema }),
    // Transient failures are never written, so a cached failure has no `transient`.
    v.object({ ok: v.literal(false), reason: v.string() }),
  ]),
});

/** The document: version first, entries and listings checked one by one so one bad entry costs only itself. */
const documentSchema = (version: number) =>
  v.object({
    version: v.literal(version),
    entries: v.record(v.string(), v.unknown()),
    dirs: v.optional(v.record(v.string(), v.unknown()), {}),
    lockStamp: v.optional(v.unknown()),
  });

export interface CacheContents {
  entries: Map<string, CacheEntry>;
  dirs: Map<string, DirListing>;
  lockStamp: FileStamp | null;
  /** Some entries or listings were dropped: the file should be rewritten. */
  dropped: boolean;
}

/** What a parsed cache document holds, or null when it is not a cache document of `version`. */
export function readCacheDocument(doc: unknown, version: number): CacheContents | null {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return null;
  const parsed = v.safeParse(documentSchema(version), doc);
  if (!parsed.success) return null;
  // A bad lock stamp only means plugins.lock.json is validated again.
  const stamp = v.safeParse(StampSchema, parsed.output.lockStamp);
  const out: CacheContents = { entries: new Map(), dirs: new Map(), lockStamp: stamp.success ? stamp.output : null, dropped: false };
  if (!stamp.success && parsed.output.lockStamp != null) out.dropped = true;
  for (const [path, raw] of Object.entries(parsed.output.entries)) {
    const e = v.safeParse(EntrySchema, raw);
    if (!e.success) {
      out.dropped = true;
      continue;
    }
    const { size, mtimeMs, result } = e.output;
    // As validateMetadata: a plugin that speaks none of our protocols is not valid.
    if (result.ok && !result.metadata.protocols.some((p) => (SUPPORTED_PROTOCOLS as readonly number[]).includes(p))) {
      out.dropped = true;
      continue;
    }
    out.entries.set(path, { size, mtimeMs, result });
  }
  for (const [dir, raw] of Object.entries(parsed.output.dirs)) {
    const d = v.safeParse(ListingSchema, raw);
    if (d.success) out.dirs.set(dir, d.output);
    else out.dropped = true;
  }
  return out;
}
