/**
 * What changed between two trees, path by path (`git diff-tree -r` without
 * rename detection), and the entry at a path of a tree. Subtrees with the same
 * id are skipped whole, so the cost follows the size of the change, not of
 * the tree.
 */
import { readTree } from "./peel.ts";
import type { ObjectStore, TreeEntry } from "./types.ts";

const TREE_MODE = 0o40000;
const isTree = (e: TreeEntry | undefined) => e !== undefined && e.mode === TREE_MODE;

/** A blob or link (or submodule) entry of a path: mode and id. */
export interface PathEntry {
  mode: number;
  oid: string;
}

export interface PathChange {
  path: string;
  /** null: the path did not exist on that side. */
  old: PathEntry | null;
  new: PathEntry | null;
}

/** Every non-tree path whose entry differs between `oldTree` and `newTree` (either may be null: an empty tree). */
export function diffTrees(store: ObjectStore, oldTree: string | null, newTree: string | null): PathChange[] {
  const out: PathChange[] = [];
  walk(store, oldTree, newTree, "", out);
  return out;
}

function walk(store: ObjectStore, a: string | null, b: string | null, prefix: string, out: PathChange[]): void {
  if (a === b) return;
  const left = new Map((a === null ? [] : readTree(store, a)).map((e) => [e.name, e]));
  const right = new Map((b === null ? [] : readTree(store, b)).map((e) => [e.name, e]));
  const names = new Set([...left.keys(), ...right.keys()]);
  for (const name of [...names].sort()) {
    const l = left.get(name);
    const r = right.get(name);
    const path = prefix + name;
    if (l && r && l.mode === r.mode && l.oid === r.oid) continue;
    // A tree on either side is walked; a blob on the other side is a change of its own (file <-> directory).
    if (isTree(l) || isTree(r)) walk(store, isTree(l) ? (l as TreeEntry).oid : null, isTree(r) ? (r as TreeEntry).oid : null, `${path}/`, out);
    const lb = l && !isTree(l) ? { mode: l.mode, oid: l.oid } : null;
    const rb = r && !isTree(r) ? { mode: r.mode, oid: r.oid } : null;
    if (lb || rb) if (!(lb && rb && lb.mode === rb.mode && lb.oid === rb.oid)) out.push({ path, old: lb, new: rb });
  }
}

/** The non-tree entry at `path` ("a/b/c") in `tree`, or null. Reads one tree per component, memoised in `cache`. */
export function entryAtPath(store: ObjectStore, tree: string, path: string, cache = new Map<string, TreeEntry[]>()): PathEntry | null {
  const parts = path.split("/");
  let cur = tree;
  for (let i = 0; i < parts.length; i++) {
    let entries = cache.get(cur);
    if (!entries) cache.set(cur, (entries = readTree(store, cur)));
    const e = entries.find((x) => x.name === parts[i]);
    if (!e) return null;
    if (i === parts.length - 1) return isTree(e) ? null : { mode: e.mode, oid: e.oid };
    if (!isTree(e)) return null;
    cur = e.oid;
  }
  return null;
}
