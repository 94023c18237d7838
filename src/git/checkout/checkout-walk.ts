/**
 * The read side of checkout: the tree walk that lists every item and
 * directory and checks every name before anything is written, and the
 * typed object read it uses (also used for blobs while writing).
 */
import type { AttributeMatcher } from "../patterns/attributes.ts";
import type { CheckoutOptions } from "./checkout.ts";
import { type CheckoutItem, MODE_GITLINK, MODE_LINK, MODE_TREE } from "./checkout-write.ts";
import type { CacheTreeNode } from "../index/types.ts";
import { parseTree } from "../objects/parse-tree.ts";
import type { ObjectStore } from "../objects/types.ts";
import { nameProblem, resolvePathSafetyOptions } from "./paths.ts";
import { CheckoutError, UnsafePathError } from "./errors.ts";

export function readTyped(store: ObjectStore, oid: string, type: "tree" | "blob", path: string): Uint8Array {
  const obj = store.read(oid);
  if (obj.type !== type) {
    throw new CheckoutError(
      "E_BAD_TREE",
      `object ${oid} at '${path || "."}' is a ${obj.type}, expected a ${type}`,
      "the repository is corrupt; run git fsck",
      { oid, path },
    );
  }
  return obj.data;
}

/**
 * How deep a tree may nest: newer git's core.maxTreeDepth default (2048; "a/b/cde/f"
 * has depth 4). git 2.39 has no bound and dies of a stack overflow on a 20,000-level
 * tree; such a path is far past any file system's limit anyway.
 */
export const MAX_TREE_DEPTH = 2048;

/** `d/d/d/…/d`: a path of thousands of components, shortened to fit one line. */
function shortPath(path: string): string {
  return path.length <= 100 ? path : `${path.slice(0, 60)}…${path.slice(-30)}`;
}

/**
 * Walks the tree: every file/link/gitlink item in tree order, every
 * directory (parents first), the cache tree, and registers `.gitattributes`
 * files with `attrs`. Refuses unsafe names and trees nested deeper than
 * MAX_TREE_DEPTH (E_TREE_TOO_DEEP). Writes nothing.
 */
export function walk(o: CheckoutOptions, attrs: AttributeMatcher, items: CheckoutItem[], dirs: string[]): CacheTreeNode {
  const safety = resolvePathSafetyOptions(o.pathSafety ?? {});
  const visit = (oid: string, prefix: string, name: string, depth: number): CacheTreeNode => {
    const node: CacheTreeNode = { name, entryCount: 0, oid, children: [] };
    const before = items.length;
    for (const e of parseTree(readTyped(o.store, oid, "tree", prefix), prefix || "tree")) {
      const path = prefix + e.name;
      const problem = nameProblem(e.name, e.mode, safety);
      if (problem !== null) throw new UnsafePathError(path, problem);
      if (e.mode === MODE_TREE) {
        if (depth + 1 > MAX_TREE_DEPTH) {
          throw new CheckoutError(
            "E_TREE_TOO_DEEP",
            `tree too deep at '${shortPath(path)}': more than ${MAX_TREE_DEPTH} levels of directories`,
            "no file system can hold it (newer git refuses it too, see core.maxTreeDepth); check out another commit",
            { path, depth: depth + 1, limit: MAX_TREE_DEPTH },
          );
        }
        dirs.push(path);
        node.children.push(visit(e.oid, `${path}/`, e.name, depth + 1));
        continue;
      }
      if (e.name === ".gitattributes" && e.mode !== MODE_LINK && e.mode !== MODE_GITLINK) {
        attrs.addDirectory(prefix, new TextDecoder().decode(readTyped(o.store, e.oid, "blob", path)));
      }
      if (e.mode === MODE_GITLINK) dirs.push(path);
      items.push({ path, mode: e.mode, oid: e.oid, plan: null });
    }
    node.entryCount = items.length - before;
    return node;
  };
  return visit(o.treeOid, "", "", 0);
}

/** The directories (parents first) that hold a checked-out item, when sparse. */
export function neededDirs(items: CheckoutItem[], skipped: Set<string>): string[] {
  const need = new Set<string>();
  for (const item of items) {
    if (skipped.has(item.path)) continue;
    const end = item.mode === MODE_GITLINK ? item.path.length : item.path.lastIndexOf("/");
    for (let i = item.path.indexOf("/"); i !== -1 && i < end; i = item.path.indexOf("/", i + 1)) need.add(item.path.slice(0, i));
    if (end > 0) need.add(item.path.slice(0, end));
  }
  return [...need].sort((a, b) => a.length - b.length);
}

/** The E_CHECKOUT_WRITE error for a file or directory that could not be written. */
export function writeError(path: string, message: string, code: string | undefined, cause: unknown): CheckoutError {
  return new CheckoutError(
    "E_CHECKOUT_WRITE",
    `cannot write '${path}': ${message}`.replace(/\s+/g, " "),
    code === "EEXIST"
      ? "the target directory must be empty"
      : code === "ENAMETOOLONG"
        ? "the path is longer than the file system allows; add the worktree at a shorter path"
        : "check free space and permissions of the target directory",
    { path, errno: code },
    cause,
  );
}
