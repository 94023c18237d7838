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
import { readFileSync } from "node:fs";
import { RepoManagerError } from "../../errors.ts";
import { parseCacheTree } from "./tree-extension.ts";
import type { CacheTreeNode, GitIndex, IndexEntry, IndexExtension } from "./types.ts";

/** The index file is corrupt or uses a feature we cannot read. */
export class IndexFormatError extends RepoManagerError {
  constructor(path: string, reason: string, hint = "run `git status` to let git check it, or `git read-tree HEAD` to rebuild it") {
    super("E_INDEX_FORMAT", `cannot read index ${path}: ${reason}`, { hint, data: { path, reason } });
    this.name = "IndexFormatError";
  }
}

const decoder = new TextDecoder();

/**
 * Reads and verifies the index at `path`. Throws IndexFormatError for a bad
 * signature, an unsupported version, a checksum mismatch, truncation or a
 * required extension we do not understand; a missing file is an fs error.
 */
export function readIndexFile(path: string): GitIndex {
  // A view, not `new Uint8Array(buffer)`, which would copy the whole file.
  const b = readFileSync(path);
  return parseIndex(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), path);
}

/** Parses index bytes (see readIndexFile); `label` names the file in errors. */
export function parseIndex(buf: Uint8Array, label = "index"): GitIndex {
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
  // One Buffer over the whole file: names and oids are sliced out of it as strings with no
  // per-entry view object (measured: 50,000 entries peak at 73 -> see docs/worktree-add-remove.md).
  const whole = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const entries: IndexEntry[] = new Array(count);
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
    let path: string;
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
      path = decoder.decode(nameBytes);
      pos = nul + 1;
    } else {
      const len = flags & 0xfff;
      const nul = len < 0xfff ? p + len : buf.indexOf(0, p);
      if (nul < 0 || nul >= end || buf[nul] !== 0) fail("bad entry name");
      path = whole.toString("utf8", p, nul);
      // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
      pos = start + ((nul - start + 8) & ~7);
    }
    entries[i] = {
      path,
      ctimeSec: view.getUint32(start),
      ctimeNsec: view.getUint32(start + 4),
      mtimeSec: view.getUint32(start + 8),
      mtimeNsec: view.getUint32(start + 12),
      dev: view.getUint32(start + 16),
      ino: view.getUint32(start + 20),
      mode: view.getUint32(start + 24),
      uid: view.getUint32(start + 28),
      gid: view.getUint32(start + 32),
      size: view.getUint32(start + 36),
      oid: whole.toString("hex", start + 40, start + 60),
      stage: (flags >> 12) & 3,
      assumeValid: (flags & 0x8000) !== 0,
      skipWorktree: (ext & 0x4000) !== 0,
      intentToAdd: (ext & 0x2000) !== 0,
    };
  }
  const extensions: IndexExtension[] = [];
  let tree: CacheTreeNode | null = null;
  while (pos + 8 <= end) {
    const signature = String.fromCharCode(buf[pos] as number, buf[pos + 1] as number, buf[pos + 2] as number, buf[pos + 3] as number);
    const size = view.getUint32(pos + 4);
    if (pos + 8 + size > end) fail(`truncated ${signature} extension`);
    const data = buf.subarray(pos + 8, pos + 8 + size);
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
  return { version: version as 2 | 3 | 4, entries, extensions, tree, checksum };
}
