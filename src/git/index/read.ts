/**
 * Reader for git index files, versions 2, 3 and 4 (git writes 4 under
 * `feature.manyFiles` or `index.version=4`; 3 when an entry has extended
 * flags such as intent-to-add or skip-worktree).
 *
 * Extensions whose signature starts with an upper-case letter are optional
 * (TREE, REUC, UNTR, FSMN, EOIE, IEOT): kept as raw bytes, TREE also parsed.
 * A lower-case one (`link` for a split index, `sdir` for a sparse index)
 * changes the meaning of the entries, so an unknown one is refused with
 * IndexFormatError rather than misread, as git itself does.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { fullJit } from "../../platform/jit.ts";
import { parseCacheTree } from "./tree-extension.ts";
import { type CacheTreeNode, EntryFlag, type GitIndex, type IndexEntry, type IndexExtension, type IndexTable, STAT_WORDS } from "./types.ts";
import { IndexFormatError } from "./errors.ts";

const decoder = new TextDecoder();

/**
 * Reads and verifies the index at `path`. Throws IndexFormatError for a bad
 * signature, an unsupported version, a checksum mismatch, truncation or a
 * required extension we do not understand; a missing file is an fs error.
 */
export function readIndexFile(path: string): GitIndex {
  return indexFromTable(readIndexTable(path));
}

/** Parses index bytes (see readIndexFile); `label` names the file in errors. */
export function parseIndex(buf: Uint8Array, label = "index"): GitIndex {
  return indexFromTable(parseIndexTable(buf, label));
}

/**
 * The entry count in an index file's header (bytes 8-11), or undefined (no
 * index, or not one). Twelve bytes read: a worktree's size, known early
 * enough to start a worker while other work goes on.
 */
export function indexEntryCount(indexPath: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(indexPath, "r");
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) !== 12 || head.toString("latin1", 0, 4) !== "DIRC") return undefined;
    return head.readUInt32BE(8);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** readIndexFile, as flat arrays (IndexTable): for scans over every entry. Same checks and errors. */
export function readIndexTable(path: string): IndexTable {
  // A view, not `new Uint8Array(buffer)`, which would copy the whole file.
  const b = readFileSync(path);
  return parseIndexTable(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), path);
}

/**
 * The IndexEntry of entry `i` of a table: a new object, or `into` filled in
 * (a scan reuses one object for every entry; then `oid` is read only when asked).
 */
export function indexEntryAt(t: IndexTable, i: number, into?: IndexEntry): IndexEntry {
  const e: IndexEntry = into ?? { ...BLANK_ENTRY };
  const w = t.stat;
  const o = i * STAT_WORDS;
  const f = t.flags[i] as number;
  e.path = t.paths[i] as string;
  e.ctimeSec = w[o] as number;
  e.ctimeNsec = w[o + 1] as number;
  e.mtimeSec = w[o + 2] as number;
  e.mtimeNsec = w[o + 3] as number;
  e.dev = w[o + 4] as number;
  e.ino = w[o + 5] as number;
  e.mode = w[o + 6] as number;
  e.uid = w[o + 7] as number;
  e.gid = w[o + 8] as number;
  e.size = w[o + 9] as number;
  e.oid = into === undefined ? indexOidAt(t, i) : "";
  e.stage = f & 3;
  e.assumeValid = (f & EntryFlag.assumeValid) !== 0;
  e.skipWorktree = (f & EntryFlag.skipWorktree) !== 0;
  e.intentToAdd = (f & EntryFlag.intentToAdd) !== 0;
  return e;
}

/** Every field, so objects made from it all have one shape. */
const BLANK_ENTRY: IndexEntry = {
  path: "",
  ctimeSec: 0,
  ctimeNsec: 0,
  mtimeSec: 0,
  mtimeNsec: 0,
  dev: 0,
  ino: 0,
  mode: 0,
  uid: 0,
  gid: 0,
  size: 0,
  oid: "",
  stage: 0,
  assumeValid: false,
  skipWorktree: false,
  intentToAdd: false,
};

/** The object id (hex) of entry `i` of a table. */
export function indexOidAt(t: IndexTable, i: number): string {
  return Buffer.from(t.oids.buffer, t.oids.byteOffset + i * 20, 20).toString("hex");
}

function indexFromTable(t: IndexTable): GitIndex {
  const entries: IndexEntry[] = new Array(t.count);
  for (let i = 0; i < t.count; i++) entries[i] = indexEntryAt(t, i);
  return { version: t.version, entries, extensions: t.extensions, tree: t.tree, checksum: t.checksum };
}

/** Parses index bytes into flat arrays (see readIndexTable). */
export function parseIndexTable(buf: Uint8Array, label = "index"): IndexTable {
  const fail = (why: string): never => {
    throw new IndexFormatError(label, why);
  };
  if (buf.length < 32) fail("file too short");
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0) !== 0x44495243) fail("bad signature (not DIRC)");
  const version = view.getUint32(4);
  if (version !== 2 && version !== 3 && version !== 4) fail(`unsupported version ${version}`);
  const end = buf.length - 20;
  const trailer = buf.subarray(end);
  const checksum = Buffer.from(trailer).toString("hex");
  // index.skipHash (git 2.40+) writes a zero trailer: nothing to verify then.
  if (trailer.some((b) => b !== 0)) {
    // Bun's hasher, not node:crypto, whose first use loads the stream modules (~15 ms in a
    // profiled source run; within noise in the compiled binary).
    const actual = new Bun.CryptoHasher("sha1").update(buf.subarray(0, end)).digest("hex");
    if (actual !== checksum) fail("checksum mismatch (the file is corrupt)");
  }
  const count = view.getUint32(8);
  if (count >= 1000) fullJit(); // a loop worth compiling
  // Every entry has at least 62 bytes: a count that cannot fit is corrupt (and must not size the arrays).
  if (count * 62 > end - 12) fail("truncated entry");
  // One Buffer over the whole file: names are sliced out of it as strings with no per-entry view object.
  const whole = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const paths: string[] = new Array(count);
  const stat = new Uint32Array(count * STAT_WORDS);
  const oids = new Uint8Array(count * 20);
  const flagBytes = new Uint8Array(count);
  let pos = 12;
  let prevName: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const start = pos;
    if (start + 62 > end) fail("truncated entry");
    const flags = view.getUint16(start + 60);
    const extended = (flags & 0x4000) !== 0;
    if (extended && version < 3) fail("extended flag in a version 2 index");
    const ext = extended ? view.getUint16(start + 62) : 0;
    const p = start + 62 + (extended ? 2 : 0);
    if (version === 4) {
      // Prefix compression: strip N bytes from the previous name, then a NUL-terminated suffix.
      let q = p;
      let c = buf[q++] as number;
      let strip = c & 127;
      while (c & 128) {
        c = buf[q++] as number;
        strip = ((strip + 1) << 7) | (c & 127);
      }
      if (strip > prevName.length) fail("bad name prefix in version 4 entry");
      const nul = buf.indexOf(0, q);
      if (nul < 0 || nul >= end) fail("unterminated name");
      const keep = prevName.length - strip;
      const nameBytes = new Uint8Array(keep + (nul - q));
      nameBytes.set(prevName.subarray(0, keep), 0);
      nameBytes.set(buf.subarray(q, nul), keep);
      prevName = nameBytes;
      paths[i] = decoder.decode(nameBytes);
      pos = nul + 1;
    } else {
      const len = flags & 0xfff;
      const nul = len < 0xfff ? p + len : buf.indexOf(0, p);
      if (nul < 0 || nul >= end || buf[nul] !== 0) fail("bad entry name");
      paths[i] = whole.toString("utf8", p, nul);
      // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
      pos = start + ((nul - start + 8) & ~7);
    }
    // ctime s/ns, mtime s/ns, dev, ino, mode, uid, gid, size: the file's order is StatWord's.
    for (let k = 0; k < STAT_WORDS; k++) stat[i * STAT_WORDS + k] = view.getUint32(start + 4 * k);
    whole.copy(oids, i * 20, start + 40, start + 60); // no subarray object per entry
    flagBytes[i] =
      ((flags >> 12) & 3) |
      ((flags & 0x8000) !== 0 ? EntryFlag.assumeValid : 0) |
      ((ext & 0x4000) !== 0 ? EntryFlag.skipWorktree : 0) |
      ((ext & 0x2000) !== 0 ? EntryFlag.intentToAdd : 0);
  }
  const extensions: IndexExtension[] = [];
  let tree: CacheTreeNode | null = null;
  while (pos + 8 <= end) {
    const signature = String.fromCharCode(buf[pos] as number, buf[pos + 1] as number, buf[pos + 2] as number, buf[pos + 3] as number);
    const size = view.getUint32(pos + 4);
    if (pos + 8 + size > end) fail(`truncated ${signature} extension`);
    // A copy, so the file's buffer can go once parsed (the TREE of 50,000 entries is ~100 KB).
    const data = buf.slice(pos + 8, pos + 8 + size);
    const first = signature.charCodeAt(0);
    if (first < 65 || first > 90) {
      throw new IndexFormatError(
        label,
        `required extension '${signature}' is not supported (${signature === "link" ? "split index" : signature === "sdir" ? "sparse index" : "unknown"})`,
        "turn it off (git config core.splitIndex false / index.sparse false) and run `git update-index --no-split-index`",
      );
    }
    if (signature === "TREE") {
      try {
        tree = parseCacheTree(data);
      } catch {
        fail("malformed TREE extension");
      }
    }
    extensions.push({ signature, data });
    pos += 8 + size;
  }
  if (pos !== end) fail("trailing garbage before checksum");
  return { version: version as 2 | 3 | 4, count, paths, stat, oids, flags: flagBytes, extensions, tree, checksum };
}
