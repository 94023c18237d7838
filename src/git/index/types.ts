/**
 * Shapes of the git index (`$GIT_DIR/index`), as
 * Documentation/technical/index-format.txt describes it.
 */

/** File stat data cached in an index entry, each field truncated to 32 bits as git stores it. */
export interface StatData {
  ctimeSec: number;
  ctimeNsec: number;
  mtimeSec: number;
  mtimeNsec: number;
  dev: number;
  ino: number;
  uid: number;
  gid: number;
  /** File size on disk (after EOL conversion and smudge), truncated to 32 bits. */
  size: number;
}

/** One index entry. */
export interface IndexEntry extends StatData {
  /** Path relative to the worktree root, `/`-separated. */
  path: string;
  /** 0o100644, 0o100755, 0o120000 or 0o160000. */
  mode: number;
  oid: string;
  /** Merge stage 0-3. */
  stage: number;
  assumeValid: boolean;
  /** Version 3+ extended flags. */
  skipWorktree: boolean;
  intentToAdd: boolean;
}

/** An extension kept as raw bytes (signature, payload). */
export interface IndexExtension {
  signature: string;
  data: Uint8Array;
}

/** One node of the TREE (cache-tree) extension. */
export interface CacheTreeNode {
  /** Component name; "" for the root. */
  name: string;
  /** Number of index entries covered; -1 when invalidated. */
  entryCount: number;
  /** Tree object id, absent when invalidated. */
  oid: string | null;
  children: CacheTreeNode[];
}

/** A parsed index file. */
export interface GitIndex {
  version: 2 | 3 | 4;
  entries: IndexEntry[];
  /** Extensions in file order, including TREE (also parsed into `tree`). */
  extensions: IndexExtension[];
  tree: CacheTreeNode | null;
  /** The trailing SHA-1 (hex). */
  checksum: string;
}

/** Words of stat data per entry in IndexTable.stat, in this order. */
export const STAT_WORDS = 10;
/** Offsets within an entry's STAT_WORDS. */
export const StatWord = { ctimeSec: 0, ctimeNsec: 1, mtimeSec: 2, mtimeNsec: 3, dev: 4, ino: 5, mode: 6, uid: 7, gid: 8, size: 9 } as const;
/** Bits of IndexTable.flags beside the stage (bits 0-1). */
export const EntryFlag = { assumeValid: 4, skipWorktree: 8, intentToAdd: 16 } as const;

/**
 * An index file's entries in flat arrays, for scans over every entry (the
 * clean check of `worktree remove`): no object per entry, only its path.
 * 50,000 entries take ~8 MB this way against ~23 MB as IndexEntry objects.
 * `indexEntryAt` (index/read.ts) makes the IndexEntry of one when needed.
 */
export interface IndexTable {
  version: 2 | 3 | 4;
  count: number;
  /** Paths in index order. */
  paths: string[];
  /** STAT_WORDS 32-bit words per entry (see StatWord), mode included. */
  stat: Uint32Array;
  /** The object ids, 20 bytes per entry. */
  oids: Uint8Array;
  /** Per entry: the stage in bits 0-1, then EntryFlag bits. */
  flags: Uint8Array;
  extensions: IndexExtension[];
  tree: CacheTreeNode | null;
  checksum: string;
}
