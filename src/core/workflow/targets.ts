/**
 * What `switch` can go to, for completion and the picker: the worktrees
 * (by branch, or by directory name when detached) and the local branches
 * that have no worktree yet. Reads refs and worktree admin files only.
 */
import { basename } from "node:path";
import { listLocalBranches } from "../../git/refs/branch-list.ts";
import type { GitConfig } from "../../git/config/config.ts";
import type { Repository } from "../../git/repo/types.ts";
import { listWorktreesSync } from "../worktree/list.ts";

export interface SwitchTarget {
  /** What to type after `switch`. */
  target: string;
  /** Short branch name, or null (detached). */
  branch: string | null;
  /** The worktree's path, or null for a branch without one. */
  path: string | null;
  isCurrent: boolean;
}

/** Worktrees first (main first, as `worktree list`), then branches without a worktree. */
export function switchTargets(repo: Repository, config: GitConfig): SwitchTarget[] {
  const out: SwitchTarget[] = [];
  const withWorktree = new Set<string>();
  for (const w of listWorktreesSync(repo, { config })) {
    if (w.bare || w.prunable) continue;
    const branch = w.branch?.replace(/^refs\/heads\//, "") ?? null;
    if (branch !== null) withWorktree.add(branch);
    out.push({ target: branch ?? basename(w.path), branch, path: w.path, isCurrent: w.isCurrent });
  }
  for (const b of listLocalBranches(repo.commonDir)) if (!withWorktree.has(b)) out.push({ target: b, branch: b, path: null, isCurrent: false });
  return out;
}
