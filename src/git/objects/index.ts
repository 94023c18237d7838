/** Public surface of the object store (src/git/objects). */
export type { GitObject, ObjectStore, ObjectType, TreeEntry } from "./types.ts";
export { openObjectStore, GitObjectStore, type ObjectStoreOptions } from "./store.ts";
export { alternatesFromEnv, isPartialClone, openRepositoryObjectStore } from "./repository-store.ts";
export {
  CorruptObjectError,
  InvalidObjectIdError,
  ObjectNotFoundError,
  UnexpectedObjectTypeError,
  UnsupportedObjectFormatError,
} from "./errors.ts";
export { parseTree } from "./parse-tree.ts";
export { parseCommit, parseTag, parseSignature, type Commit, type Tag, type Signature } from "./parse-commit.ts";
export { peelToCommit, peelToTree, readBlob, readTree } from "./peel.ts";
export { hashObject } from "./hash.ts";
export { bytesToHex, hexToBytes, isOid } from "./oid.ts";
export { applyDelta } from "./delta.ts";
