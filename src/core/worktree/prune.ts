/**
 * `worktree prune`: as git's prune_worktrees() (builtin/worktree.c). Stale
 * admin dirs (should_prune_worktree) are removed, then admin dirs that name
 * the same worktree as another (or as the main one) go as "duplicate entry";
 * finally an empty `<common>/worktrees` is removed.
 *
 * git walks `worktrees/` in readdir order; we sort the ids (strcmp) so that
 * the report is the same on every file system.
 */
import type { GitConfig } from "../../git/config/config.ts";
import type { Repository } from "../../git/repo/types.ts";
import { deleteAdminDir, deleteWorktreesDirIfEmpty, listAdminIds } from "../../git/worktree/worktree-admin.ts";
import { throwIfInterrupted } from "../../platform/interrupt.ts";
import { ignoreCaseOf } from "./list.ts";
import { findInterruptedAdd, type InterruptedAdd } from "./add-recovery.ts";
import { shouldPruneWorktree } from "../../git/worktree/prunable.ts";
import { comparePaths, toGitPath } from "../../git/repo/fspath.ts";
import { findInterruptedMove, reachableThroughLock } from "./move-recovery.ts";

export interface PrunedEntry {
  /** Name of the admin dir (`worktrees/<id>`). */
  id: string;
  reason: string;
  /** False with --dry-run. */
  removed: boolean;
}

export interface PruneOptions {
  dryRun?: boolean;
  /** Unix seconds; Infinity (the default) for git's TIME_MAX. */
  expire?: number;
  config?: GitConfig;
  /** Called before each removal (the command prints "Removing worktrees/<id>: <reason>"). */
  onPrune?: (entry: PrunedEntry) => void;
  /** An entry recovery finished or kept rather than pruned (an interrupted add or move), and why. */
  onNote?: (note: { id: string; message: string }) => void;
}

/** Prunes stale worktree admin dirs. Returns what was (or, dry, would be) removed, in order. */
export async function pruneWorktrees(repo: Repository, opts: PruneOptions = {}): Promise<PrunedEntry[]> {
  const expire = opts.expire ?? Number.POSITIVE_INFINITY;
  const ignoreCase = ignoreCaseOf(repo, opts.config);
  const out: PrunedEntry[] = [];
  const prune = (id: string, reason: string, interrupted?: InterruptedAdd & { action: "undo" }) => {
    throwIfInterrupted();
    const entry = { id, reason, removed: !opts.dryRun };
    opts.onPrune?.(entry);
    if (!opts.dryRun) interrupted?.undo(); // a killed `worktree add`: its directory and branch too
    if (!opts.dryRun) deleteAdminDir(repo, id);
    out.push(entry);
  };
  const kept: { path: string; id: string | null }[] = [];
  const ids = listAdminIds(repo).sort((a, b) => comparePaths(a, b));
  for (const id of ids) {
    // Ours, before git's rules: a move that died between its rename and its gitdir rewrite
    // (git's rules would call the entry stale), or is running.
    const move = findInterruptedMove(repo, id);
    if (move?.running) {
      opts.onNote?.({ id, message: "kept, a move of it is running" });
      continue;
    }
    if (move) {
      if (!opts.dryRun) move.finish();
      if (move.outcome === "moved") opts.onNote?.({ id, message: `interrupted while being moved; finished the move to '${move.path}'` });
      if (opts.dryRun && move.outcome === "moved") continue; // gitdir not rewritten yet: git's rules would misjudge it
    }
    // Then (git's rules keep any locked entry) an add that died midway.
    const interrupted = findInterruptedAdd(repo, id, undefined, opts.config);
    if (interrupted?.action === "undo") {
      prune(id, interrupted.reason, interrupted);
      continue;
    }
    if (interrupted !== null) {
      // A complete add is finished, anything else kept; git's rules below then see an ordinary worktree.
      if (interrupted.action === "finish" && !opts.dryRun) interrupted.finish();
      opts.onNote?.({ id, message: interrupted.reason });
    }
    const v = shouldPruneWorktree(repo, id, expire);
    // A worktree still reachable through the new path a killed move was writing: keep it.
    if (v.prune) {
      if (!reachableThroughLock(repo, id)) prune(id, v.reason);
    } else if (v.path !== null) kept.push({ path: v.path, id });
  }
  // The main worktree's git dir, as the gitdir files name it.
  kept.push({ path: toGitPath(repo.commonDir), id: null });
  kept.sort((x, y) => {
    const c = comparePaths(x.path, y.path, ignoreCase);
    if (c !== 0) return c;
    if (x.id === null) return -1;
    if (y.id === null) return 1;
    return comparePaths(x.id, y.id);
  });
  for (let i = 1; i < kept.length; i++) {
    const cur = kept[i] as { path: string; id: string | null };
    if (comparePaths(cur.path, (kept[i - 1] as { path: string }).path, ignoreCase) === 0 && cur.id !== null) prune(cur.id, "duplicate entry");
  }
  if (!opts.dryRun) deleteWorktreesDirIfEmpty(repo);
  return out;
}
