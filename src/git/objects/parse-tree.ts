/**
 * Tree objects: a run of "<octal mode> <name>\0<20-byte oid>". Parsed at the
 * byte level: ASCII names (nearly all of them) become strings without a
 * TextDecoder call; only names with bytes >= 0x80 are decoded as UTF-8.
 */
import { CorruptObjectError } from "./errors.ts";
import { OID_BYTES } from "./oid.ts";
import type { TreeEntry } from "./types.ts";

const utf8 = new TextDecoder("utf-8");

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFGITLINK = 0o160000;

/**
 * git's `canon_mode` (cache.h), which its tree walker applies to every entry
 * it decodes: a regular file becomes 100644 or 100755 by its owner-execute
 * bit, any mode whose type bits say symlink or directory becomes exactly
 * that, and everything else (0, 777, 140000, ...) a gitlink. A tree written
 * by an odd tool with mode 123456 is therefore a symlink to git.
 */
export function canonMode(mode: number): number {
  const type = mode & S_IFMT;
  if (type === S_IFREG) return mode & 0o100 ? 0o100755 : 0o100644;
  if (type === S_IFLNK) return S_IFLNK;
  if (type === S_IFDIR) return S_IFDIR;
  return S_IFGITLINK;
}

/**
 * Parses a tree's data, with every mode canonicalised as git's tree walker
 * does (`canonMode`). Throws CorruptObjectError (with `where` as the path) on malformed input. */
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
    entries.push({ mode: canonMode(mode), name, oid: buf.toString("hex", p, p + OID_BYTES) });
    p += OID_BYTES;
  }
  return entries;
}
