/**
 * Writer for git index files: version 2, or 3 when an entry carries
 * extended flags (intent-to-add, skip-worktree), exactly as git chooses.
 * Optional TREE extension; SHA-1 trailer. Written to `<index>.lock` and
 * renamed into place, so git never sees a half-written index.
 */
import { writeFileLocked } from "../../platform/lockfile.ts";
import { comparePaths } from "../repo/fspath.ts";
import { serializeCacheTree } from "./tree-extension.ts";
import type { CacheTreeNode, IndexEntry, IndexExtension } from "./types.ts";

/** Index order: path bytes, then stage. */
export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return comparePaths(a.path, b.path) || a.stage - b.stage;
}

export interface SerializeOptions {
  /** A cache tree to store as the TREE extension. */
  tree?: CacheTreeNode | null;
  /** Other extensions to keep, written after TREE (optional ones only). */
  extensions?: IndexExtension[];
  /** Set when `entries` is already in index order, to skip the sort. */
  sorted?: boolean;
}

/** Serialises entries (and extensions) into index file bytes, trailer included. */
export function serializeIndex(entries: IndexEntry[], options: SerializeOptions = {}): Uint8Array {
  const list = options.sorted ? entries : [...entries].sort(compareEntries);
  const extendedAny = list.some((e) => e.skipWorktree || e.intentToAdd);
  const version = extendedAny ? 3 : 2;
  const names = list.map((e) => Buffer.from(e.path, "utf8"));
  let size = 12;
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as IndexEntry;
    const fixed = 62 + (e.skipWorktree || e.intentToAdd ? 2 : 0);
    size += (fixed + (names[i] as Buffer).length + 8) & ~7;
  }
  const exts: IndexExtension[] = [];
  if (options.tree) exts.push({ signature: "TREE", data: serializeCacheTree(options.tree) });
  for (const x of options.extensions ?? []) if (x.signature !== "TREE") exts.push(x);
  for (const x of exts) size += 8 + x.data.length;
  const buf = Buffer.alloc(size + 20); // zero-filled: padding NULs come free
  buf.write("DIRC", 0, "latin1");
  buf.writeUInt32BE(version, 4);
  buf.writeUInt32BE(list.length, 8);
  let pos = 12;
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as IndexEntry;
    const name = names[i] as Buffer;
    const extended = e.skipWorktree || e.intentToAdd;
    buf.writeUInt32BE(e.ctimeSec >>> 0, pos);
    buf.writeUInt32BE(e.ctimeNsec >>> 0, pos + 4);
    buf.writeUInt32BE(e.mtimeSec >>> 0, pos + 8);
    buf.writeUInt32BE(e.mtimeNsec >>> 0, pos + 12);
    buf.writeUInt32BE(e.dev >>> 0, pos + 16);
    buf.writeUInt32BE(e.ino >>> 0, pos + 20);
    buf.writeUInt32BE(e.mode >>> 0, pos + 24);
    buf.writeUInt32BE(e.uid >>> 0, pos + 28);
    buf.writeUInt32BE(e.gid >>> 0, pos + 32);
    buf.writeUInt32BE(e.size >>> 0, pos + 36);
    buf.write(e.oid, pos + 40, 20, "hex");
    const flags = (e.assumeValid ? 0x8000 : 0) | (extended ? 0x4000 : 0) | ((e.stage & 3) << 12) | Math.min(name.length, 0xfff);
    buf.writeUInt16BE(flags, pos + 60);
    let p = pos + 62;
    if (extended) {
      buf.writeUInt16BE((e.skipWorktree ? 0x4000 : 0) | (e.intentToAdd ? 0x2000 : 0), p);
      p += 2;
    }
    name.copy(buf, p);
    pos += (p - pos + name.length + 8) & ~7;
  }
  for (const x of exts) {
    buf.write(x.signature, pos, 4, "latin1");
    buf.writeUInt32BE(x.data.length, pos + 4);
    buf.set(x.data, pos + 8);
    pos += 8 + x.data.length;
  }
  // Bun's hasher, not node:crypto, whose first use loads the stream modules (~15 ms in a
  // profiled source run; within noise in the compiled binary).
  buf.set(new Bun.CryptoHasher("sha1").update(buf.subarray(0, pos)).digest(), pos);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/**
 * Writes an index file under git's lock protocol (`<path>.lock` created
 * exclusively, so a concurrent git fails instead of racing us, then renamed
 * over `path`). Throws LockedError if the lock exists.
 */
export function writeIndexFile(path: string, entries: IndexEntry[], options: SerializeOptions = {}): void {
  writeFileLocked(path, serializeIndex(entries, options));
}
