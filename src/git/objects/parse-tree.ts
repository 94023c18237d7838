/**
 * Tree objects: a run of "<octal mode> <name>\0<20-byte oid>". Parsed at the
 * byte level: ASCII names (nearly all of them) become strings without a
 * TextDecoder call; only names with bytes >= 0x80 are decoded as UTF-8.
 */
import { CorruptObjectError } from "./errors.ts";
import { OID_BYTES } from "./oid.ts";
import type { TreeEntry } from "./types.ts";

const utf8 = new TextDecoder("utf-8");

/** Parses a tree's data. Throws CorruptObjectError (with `where` as the path) on malformed input. */
export function parseTree(data: Uint8Array, where = "tree"): TreeEntry[] {
  const entries: TreeEntry[] = [];
  // Names and ids are sliced out natively as flat strings (concatenating characters builds
  // JSC ropes that cost ~10x the memory until flattened).
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  let p = 0;
  while (p < n) {
    let mode = 0;
    let c = data[p]!;
    const modeStart = p;
    while (c !== 0x20) {
      if (c < 0x30 || c > 0x37) throw new CorruptObjectError("bad mode in tree entry", { path: where, offset: p });
      mode = mode * 8 + (c - 0x30);
      if (++p >= n) throw new CorruptObjectError("truncated tree entry", { path: where, offset: modeStart });
      c = data[p]!;
    }
    if (p === modeStart) throw new CorruptObjectError("empty mode in tree entry", { path: where, offset: p });
    const nameStart = ++p;
    let ascii = true;
    while (p < n && data[p] !== 0) {
      if (data[p]! >= 0x80) ascii = false;
      p++;
    }
    if (p === nameStart || p + 1 + OID_BYTES > n) {
      throw new CorruptObjectError("truncated tree entry", { path: where, offset: modeStart });
    }
    const name = ascii ? buf.toString("latin1", nameStart, p) : utf8.decode(data.subarray(nameStart, p));
    p++;
    entries.push({ mode, name, oid: buf.toString("hex", p, p + OID_BYTES) });
    p += OID_BYTES;
  }
  return entries;
}
