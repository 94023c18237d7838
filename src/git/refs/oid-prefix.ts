/**
 * Abbreviated object ids: every object whose id starts with a hex prefix,
 * across loose objects and pack indexes of all object directories
 * (alternates included). The pack `.idx` is read in place (PackIndexReader):
 * its fan-out table narrows the search to one bucket, and only that bucket's
 * slice of the oid table is read, so a 100 MB index costs a few kilobytes of I/O.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PackIndexReader } from "../objects/pack-index.ts";

/** Ids in one `.idx` starting with `prefix` (lower-case hex, at least 2 digits). */
function searchIndex(idxPath: string, prefix: string, out: Set<string>): void {
  const idx = PackIndexReader.open(idxPath);
  if (idx === null) return; // vanished under a concurrent repack: the other dirs or a rescan will tell
  try {
    const [lo, hi] = idx.bucket(Number.parseInt(prefix.slice(0, 2), 16));
    idx.forEachOid(lo, hi, (oid) => {
      const hex = Buffer.from(oid).toString("hex");
      if (hex.startsWith(prefix)) out.add(hex);
    });
  } finally {
    idx.close();
  }
}

/**
 * All object ids starting with `prefix` (4 to 40 hex digits, any case) in
 * the given object directories. git's minimum abbreviation is 4.
 */
export function findOidsByPrefix(objectDirs: readonly string[], prefix: string, limit = 16): string[] {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]{4,40}$/.test(p)) return [];
  const out = new Set<string>();
  for (const dir of objectDirs) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, p.slice(0, 2)));
    } catch {
      // no loose objects in that fan-out directory
    }
    for (const name of names) {
      const hex = p.slice(0, 2) + name;
      if (/^[0-9a-f]{40}$/.test(hex) && hex.startsWith(p)) out.add(hex);
    }
    let packs: string[] = [];
    try {
      packs = readdirSync(join(dir, "pack")).filter((n) => n.endsWith(".idx"));
    } catch {
      // no pack directory
    }
    for (const idx of packs) searchIndex(join(dir, "pack", idx), p, out);
    if (out.size >= limit) break;
  }
  return [...out].sort();
}
