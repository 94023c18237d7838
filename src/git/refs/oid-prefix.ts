/**
 * Abbreviated object ids: every object whose id starts with a hex prefix,
 * across loose objects and pack indexes of all object directories
 * (alternates included). The pack `.idx` is read in place: its fan-out table
 * narrows the search to one bucket, and only that bucket's slice of the oid
 * table is read, so a 100 MB index costs a few kilobytes of I/O.
 */
import { closeSync, openSync, readSync, readdirSync } from "node:fs";
import { join } from "node:path";

const V2_MAGIC = 0xff744f63;

function readAt(fd: number, pos: number, len: number): Uint8Array {
  const buf = new Uint8Array(len);
  let off = 0;
  while (off < len) {
    const n = readSync(fd, buf, off, len - off, pos + off);
    if (n <= 0) break;
    off += n;
  }
  return off === len ? buf : buf.subarray(0, off);
}

/** Ids in one `.idx` starting with `prefix` (lower-case hex, at least 2 digits). */
function searchIndex(idxPath: string, prefix: string, out: Set<string>): void {
  let fd: number;
  try {
    fd = openSync(idxPath, "r");
  } catch {
    return; // vanished under a concurrent repack: the other dirs or a rescan will tell
  }
  try {
    const head = readAt(fd, 0, 8 + 1024);
    if (head.length < 1024) return;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const v2 = view.getUint32(0) === V2_MAGIC;
    const fanout = v2 ? 8 : 0;
    const first = Number.parseInt(prefix.slice(0, 2), 16);
    const lo = first === 0 ? 0 : view.getUint32(fanout + (first - 1) * 4);
    const hi = view.getUint32(fanout + first * 4);
    if (hi <= lo) return;
    // v2: oids are a packed table after the fan-out; v1: 24-byte (offset, oid) records.
    const stride = v2 ? 20 : 24;
    const base = v2 ? 8 + 1024 : 1024 + 4;
    const slice = readAt(fd, base + lo * stride, (hi - lo) * stride);
    for (let i = 0; i + 20 <= slice.length; i += stride) {
      const hex = Buffer.from(slice.subarray(i, i + 20)).toString("hex");
      if (hex.startsWith(prefix)) out.add(hex);
    }
  } finally {
    closeSync(fd);
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
