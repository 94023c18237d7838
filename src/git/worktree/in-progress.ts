/**
 * Operations in progress in a worktree that hold on to a branch while HEAD
 * is detached, as git's worktree.c sees them (is_worktree_being_rebased(),
 * is_worktree_being_bisected()): such a branch counts as checked out there.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

function readTrimmed(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/** Whether a rebase in the worktree of `gitDir` started from `ref` (`rebase-merge/head-name` or `rebase-apply/head-name`). */
export function isBeingRebased(gitDir: string, ref: string): boolean {
  return ["rebase-merge/head-name", "rebase-apply/head-name"].some((f) => readTrimmed(resolve(gitDir, f)) === ref);
}

/** Whether a bisect in the worktree of `gitDir` started from branch `ref` (`BISECT_START`). */
export function isBeingBisected(gitDir: string, ref: string): boolean {
  const bisect = readTrimmed(resolve(gitDir, "BISECT_START"));
  return bisect !== null && `refs/heads/${bisect}` === ref;
}
