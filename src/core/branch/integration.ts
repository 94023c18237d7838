/**
 * Whether a branch's work is already in a target branch, squash-aware: the
 * check behind `worktree remove --delete-branch` and `clean`. A branch is
 * *integrated* when
 * - `ancestor`: its tip is an ancestor of the target (fast-forward, merge
 *   commit; also when the target later reverted it: the history has it);
 * - `same-tree`: its tip's tree equals the target's tree;
 * - `changes-present`: every path it changed since the merge base has the
 *   same content (mode and blob) in the target. This catches squash and
 *   rebase merges without conflict-resolution edits. With several merge
 *   bases (criss-cross) the check must hold against each of them; with none
 *   (unrelated histories) it does not hold.
 * Anything else is not integrated: the branch may hold work the target lacks.
 */
import type { CommitReader } from "../../git/graph/commits.ts";
import { isAncestor, mergeBases } from "../../git/graph/walk.ts";
import { peelToTree } from "../../git/objects/peel.ts";
import { diffTrees, entryAtPath } from "../../git/objects/tree-diff.ts";
import type { ObjectStore, TreeEntry } from "../../git/objects/types.ts";

export type IntegrationReason = "ancestor" | "same-tree" | "changes-present";

export interface Integration {
  integrated: boolean;
  reason: IntegrationReason | null;
}

/** How (or whether) commit `branch` is integrated into commit `target`. */
export function integrationOf(store: ObjectStore, reader: CommitReader, branch: string, target: string): Integration {
  if (isAncestor(reader, branch, target)) return { integrated: true, reason: "ancestor" };
  const branchTree = peelToTree(store, branch);
  const targetTree = peelToTree(store, target);
  if (branchTree === targetTree) return { integrated: true, reason: "same-tree" };
  const bases = mergeBases(reader, branch, target);
  if (bases.length === 0) return { integrated: false, reason: null };
  const cache = new Map<string, TreeEntry[]>();
  for (const base of bases) {
    for (const change of diffTrees(store, peelToTree(store, base), branchTree)) {
      const inTarget = entryAtPath(store, targetTree, change.path, cache);
      const same = change.new === null ? inTarget === null : inTarget !== null && inTarget.oid === change.new.oid && inTarget.mode === change.new.mode;
      if (!same) return { integrated: false, reason: null };
    }
  }
  return { integrated: true, reason: "changes-present" };
}
