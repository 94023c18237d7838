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
