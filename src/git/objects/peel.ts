/** Typed reads: peeling (tag -> ... -> commit -> tree, as git's `<rev>^{commit}` / `^{tree}`), trees, blobs. */
import { CorruptObjectError, UnexpectedObjectTypeError } from "./errors.ts";
import { type Commit, parseCommit, parseTag } from "./parse-commit.ts";
import { parseTree } from "./parse-tree.ts";
import type { ObjectStore, TreeEntry } from "./types.ts";

// Tags of tags are legal; a chain this long only happens in a hostile repository.
const MAX_TAG_DEPTH = 64;

/** Follows tags from `oid` to a commit; throws UnexpectedObjectTypeError for trees/blobs. */
export function peelToCommit(store: ObjectStore, oid: string): { oid: string; commit: Commit } {
  let cur = oid;
  for (let i = 0; i <= MAX_TAG_DEPTH; i++) {
    const obj = store.read(cur);
    if (obj.type === "commit") return { oid: cur, commit: parseCommit(obj.data, cur) };
    if (obj.type !== "tag") throw new UnexpectedObjectTypeError(cur, obj.type, "commit");
    cur = parseTag(obj.data, cur).object;
  }
  throw new CorruptObjectError("tag chain too long", { path: oid });
}

/** Follows tags and commits from `oid` to a tree id; throws UnexpectedObjectTypeError for blobs. */
export function peelToTree(store: ObjectStore, oid: string): string {
  let cur = oid;
  for (let i = 0; i <= MAX_TAG_DEPTH; i++) {
    const obj = store.read(cur);
    if (obj.type === "tree") return cur;
    if (obj.type === "commit") return parseCommit(obj.data, cur).tree;
    if (obj.type !== "tag") throw new UnexpectedObjectTypeError(cur, obj.type, "tree");
    cur = parseTag(obj.data, cur).object;
  }
  throw new CorruptObjectError("tag chain too long", { path: oid });
}

/** Reads a tree's entries; UnexpectedObjectTypeError if `oid` is not a tree. */
export function readTree(store: ObjectStore, oid: string): TreeEntry[] {
  const obj = store.read(oid);
  if (obj.type !== "tree") throw new UnexpectedObjectTypeError(oid, obj.type, "tree");
  return parseTree(obj.data, oid);
}

/** Reads a blob's bytes; UnexpectedObjectTypeError if `oid` is not a blob. */
export function readBlob(store: ObjectStore, oid: string): Uint8Array {
  const obj = store.read(oid);
  if (obj.type !== "blob") throw new UnexpectedObjectTypeError(oid, obj.type, "blob");
  return obj.data;
}
