/**
 * Contract of the object store (src/git/objects/). Synchronous on purpose:
 * checkout reads tens of thousands of objects in a tight loop, and positioned
 * reads plus native zlib need no promise per object.
 */
export type ObjectType = "commit" | "tree" | "blob" | "tag";

export interface GitObject {
  type: ObjectType;
  data: Uint8Array;
}

export interface ObjectStore {
  /** Reads an object (loose, packed, or from an alternate); throws ObjectNotFoundError if absent. */
  read(oid: string): GitObject;
  /** True if the object exists anywhere the store looks. */
  has(oid: string): boolean;
  /** Releases file handles and maps. */
  close(): void;
}

/** One entry of a tree object. */
export interface TreeEntry {
  /** Octal mode as git's tree walker sees it (canonicalised): 100644, 100755, 120000, 160000, 40000. */
  mode: number;
  name: string;
  oid: string;
}
