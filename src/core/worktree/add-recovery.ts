/**
 * Recovery after a `worktree add` that was killed (kill -9, power loss)
 * before it could roll back.
 *
 * While add runs, its admin dir holds git's `locked` file ("initializing",
 * or the --lock reason) and, next to it, our marker `repo-manager-add`: the
 * pid, host and start time of the add, the `locked` text it wrote, and what
 * it has created so far (the AddRollback state: the directory, the branch
 * and its old value, the upstream config). The marker is rewritten after
 * each step and removed when add finishes, so it exists only for an add
 * that is running or died.
 *
 * git ignores unknown files in an admin dir, and its own prune keeps any
 * locked worktree, so git still sees a locked, half-made worktree. Our
 * prune asks findInterruptedAdd() first: a marker naming this host and a
 * pid that is no longer alive, with `locked` still as add wrote it, means
 * nobody will finish that add; prune then undoes it as the add's own
 * rollback would have (directory, branch, config) and removes the admin dir.
 * The directory goes only if its `.git` points back at this admin dir; with
 * no `.git` yet, only the empty directories add made.
 * A worktree locked "initializing" without our marker (a git add in
 * progress, or killed) is left alone, as git leaves it.
 */
import { existsSync, rmdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Repository } from "../../git/repo/types.ts";
import { readAddMarkerText, removeAddMarkerFile, writeAddMarkerText } from "../../git/worktree/add-marker.ts";
import { gitTrim, readGitFileGently, readLocked, worktreeAdminDir } from "../../git/worktree/worktree-admin.ts";
import { AddRollback, type RollbackState } from "./add-rollback.ts";
import { realpathForgiving, samePath } from "../../git/repo/fspath.ts";

/** The prune reason for an interrupted add (printed by `prune -v`). */
export const INTERRUPTED_ADD_REASON = "interrupted while being added";

export interface AddMarker {
  version: 1;
  pid: number;
  host: string;
  /** ISO time the add started (for people reading the file). */
  started: string;
  /** The exact text add wrote to `locked`, without the newline. */
  lock: string;
  rollback: RollbackState;
}

/**
 * Writes (or rewrites) the marker atomically: a torn marker would be
 * unreadable, and an unreadable marker is treated as not ours (left alone).
 */
export function writeAddMarker(adminDir: string, lock: string, rollback: RollbackState, started: Date): void {
  const marker: AddMarker = { version: 1, pid: process.pid, host: hostname(), started: started.toISOString(), lock, rollback };
  // Best effort: the marker only helps a later prune, it must never fail the add. A marker
  // left one step behind is safe: recovery then leaves the newer thing alone (a branch or
  // directory it does not know of stays, as after git's own kill -9).
  try {
    writeAddMarkerText(adminDir, `${JSON.stringify(marker)}\n`);
  } catch {
    /* ignored, see above */
  }
}

/** Removes the marker when add is done (the admin dir stays). */
export function removeAddMarker(adminDir: string): void {
  removeAddMarkerFile(adminDir);
}

/** The marker of `<common>/worktrees/<id>`, or null when absent or unreadable. */
export function readAddMarker(adminDir: string): AddMarker | null {
  const text = readAddMarkerText(adminDir);
  if (text === null) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  // Checked with valibot (a marker that does not fit is not ours); required here, not imported, so add does not load it.
  const { parseAddMarker } = require("./add-marker-schema.ts") as typeof import("./add-marker-schema.ts");
  return parseAddMarker(doc);
}

/**
 * Whether process `pid` is alive. Signal 0 tests without signalling; EPERM
 * means it exists but belongs to someone else (alive). A reused pid looks
 * alive: we then keep the entry, the safe mistake.
 */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface InterruptedAdd {
  prune: true;
  reason: string;
  /** Undoes what the add created (directory, branch, config); prune then deletes the admin dir. */
  undo: (warn?: (message: string) => void) => void;
}

/**
 * Whose the worktree directory is now: "ours" when its `.git` file points
 * back at this admin dir (add wrote into it, and nobody else can have used
 * it as a worktree since); "unknown" when there is no `.git` (add was killed
 * before writing into it: only empty directories may go); "foreign" else.
 */
function directoryOwner(worktree: string, adminDir: string): "ours" | "unknown" | "foreign" {
  const dotgit = join(worktree, ".git");
  if (!existsSync(dotgit)) return "unknown";
  const r = readGitFileGently(dotgit);
  if (r.gitDir === null) return "foreign";
  const target = realpathForgiving(resolve(worktree, r.gitDir));
  const admin = realpathForgiving(adminDir);
  return target !== null && admin !== null && samePath(target, admin) ? "ours" : "foreign";
}

/** Removes `path` and its parents up to `top`, each only if empty. */
function removeEmptyDirs(path: string, top: string | null): void {
  if (top === null) return; // the directory existed before the add: leave it
  const stop = resolve(top);
  for (let dir = resolve(path); dir.length >= stop.length && dir !== dirname(dir); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return; // not empty: keep it and all above
    }
    if (dir === stop) return;
  }
}

/**
 * The hook `worktree prune` calls for each admin dir before git's own
 * rules: non-null when `<id>` is an add that died (see the file comment).
 * `alive` is for tests.
 */
export function findInterruptedAdd(repo: Repository, id: string, alive: (pid: number) => boolean = isProcessAlive): InterruptedAdd | null {
  const adminDir = worktreeAdminDir(repo, id);
  const marker = readAddMarker(adminDir);
  if (marker === null) return null;
  if (marker.host !== hostname() || alive(marker.pid)) return null; // another machine's add, or still running
  if (readLocked(adminDir) !== gitTrim(marker.lock)) return null; // unlocked or relocked since: someone else's decision now
  return {
    prune: true,
    reason: INTERRUPTED_ADD_REASON,
    undo: (warn) => {
      const state: RollbackState = { ...marker.rollback, adminDir: null }; // prune deletes the admin dir itself
      const wt = state.worktree;
      const owner = wt === null ? "foreign" : directoryOwner(wt.path, adminDir);
      if (owner !== "ours") state.worktree = null;
      AddRollback.fromState(repo, state).run(warn);
      if (wt !== null && owner === "unknown") removeEmptyDirs(wt.path, wt.created);
    },
  };
}
