/**
 * Recovery after a `worktree add` that was killed (kill -9, power loss)
 * before it could roll back.
 *
 * While add runs, its admin dir holds git's `locked` file ("initializing",
 * or the --lock reason) and, next to it, our marker `repo-manager-add`: the
 * pid, host and start time of the add, the `locked` text it wrote, the
 * commit, what it has created so far (the AddRollback state: the directory,
 * the branch and its old value, the upstream config), the steps left after
 * the index (ORIG_HEAD, a reflog line) and, at the very end, `done`. The
 * marker is rewritten after each step and removed when add finishes, so it
 * exists only for an add that is running or died.
 *
 * git ignores unknown files in an admin dir, and its own prune keeps any
 * locked worktree, so git still sees a locked, half-made worktree. Our
 * prune asks findInterruptedAdd() first. A marker naming this host and a
 * pid that is no longer alive, with `locked` still as add wrote it (or
 * removed since), means nobody will finish that add. Then:
 * - checked out (the index exists) or marked done: the add is complete and
 *   is finished, never undone (the user may be working in it already);
 * - locked with the user's --lock reason: kept, until the user unlocks it;
 * - a worktree holding anything the add did not write exactly as written
 *   (add-leftovers.ts): kept, with the path that made the difference;
 * - else undone as the add's own rollback would have (directory, branch,
 *   config), stale locks the add left (`<ref>.lock`, `config.lock`, the
 *   worktree's `.git.lock`) removed first, and the admin dir deleted.
 * The directory goes only if its `.git` is the one add wrote; with no
 * `.git` yet, only the empty directories add made.
 * A worktree locked "initializing" without our marker (a git add in
 * progress, or killed) is left alone, as git leaves it.
 */
import { rmdirSync } from "node:fs";
import { fileExists } from "../../git/repo/fspath.ts";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type GitConfig, loadConfig } from "../../git/config/config.ts";
import type { Repository } from "../../git/repo/types.ts";
import { ADD_MARKER, finishAddFiles, readAddMarkerText, removeAddMarkerFile, removeStaleLock, writeAddMarkerText } from "../../git/worktree/add-marker.ts";
import { gitTrim, readGitFileGently, readLocked, worktreeAdminDir } from "../../git/worktree/worktree-admin.ts";
import { firstForeignPath, staleConfigLock, staleRefLock, worktreeOwnership } from "../../git/worktree/add-leftovers.ts";
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
  /** The commit being checked out (absent in markers of older versions): recovery compares the worktree with its tree. */
  commit?: string;
  /** Set after the last step that can fail: the add is complete, only `locked` and this marker are left to remove. */
  done?: boolean;
  /** What add writes after the index (ORIG_HEAD, the HEAD reflog line), so recovery can finish a checked-out add. */
  finish?: AddFinish;
}

/** The steps after the checkout, recorded before it (add-finish.ts replays them). */
export interface AddFinish {
  origHead: string;
  /** The `reset: moving to HEAD` line for `<admin>/logs/HEAD`, or null when none is written. */
  headReflog: string | null;
}

/** The optional fields of the marker add.ts sets as it goes. */
export type AddProgress = Pick<AddMarker, "commit" | "done" | "finish">;

/**
 * Writes (or rewrites) the marker atomically: a torn marker would be
 * unreadable, and an unreadable marker is treated as not ours (left alone).
 */
export function writeAddMarker(adminDir: string, lock: string, rollback: RollbackState, started: Date, progress: AddProgress = {}): void {
  const marker: AddMarker = { version: 1, pid: process.pid, host: hostname(), started: started.toISOString(), lock, rollback, ...progress };
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
  // Checked with valibot (a marker that does not fit is not ours); required here, not imported, so add does not load it.
  const { parseMarkerText } = require("./marker-schemas.ts") as typeof import("./marker-schemas.ts");
  return parseMarkerText(readAddMarkerText(adminDir), "add");
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

/**
 * What prune does with an add that died (findInterruptedAdd):
 * - "undo": nothing in it is anyone else's; roll it back, then delete the admin dir;
 * - "finish": the add was complete (checked out: the index exists; or marked done):
 *   remove what is left of its bookkeeping (`locked` "initializing", the marker) and keep it;
 * - "keep": touch nothing, and tell the user why (a lock with the user's reason, or
 *   files the add did not write).
 */
export type InterruptedAdd =
  | { action: "undo"; prune: true; reason: string; undo: (warn?: (message: string) => void) => void }
  | { action: "finish"; prune: false; reason: string; finish: () => void }
  | { action: "keep"; prune: false; reason: string };

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

/** The worktree's `.git` resolves to `adminDir` (a valid admin dir named another way, e.g. through a symlink). */
function pointsAt(adminDir: string): (dotgit: string) => boolean {
  return (dotgit) => {
    const r = readGitFileGently(dotgit);
    if (r.gitDir === null) return false;
    const target = realpathForgiving(r.gitDir);
    const admin = realpathForgiving(adminDir);
    return target !== null && admin !== null && samePath(target, admin);
  };
}

/**
 * The hook `worktree prune` calls for each admin dir before git's own
 * rules: non-null when `<id>` is an add that died (see the file comment and
 * InterruptedAdd). Reads only; the returned undo/finish do the writing.
 * `alive` is for tests.
 */
export function findInterruptedAdd(repo: Repository, id: string, alive: (pid: number) => boolean = isProcessAlive, config?: GitConfig): InterruptedAdd | null {
  const adminDir = worktreeAdminDir(repo, id);
  const marker = readAddMarker(adminDir);
  if (marker === null) return null;
  if (marker.host !== hostname() || alive(marker.pid)) return null; // another machine's add, or still running
  const locked = readLocked(adminDir);
  // Relocked since with another reason: someone else's decision now. (Unlocked: the user let it go.)
  if (locked !== null && locked !== gitTrim(marker.lock)) return null;
  if (marker.done === true || fileExists(join(adminDir, "index"))) {
    return { action: "finish", prune: false, reason: "interrupted after it was complete; finished", finish: () => finishAdd(adminDir, marker) };
  }
  if (locked !== null && locked !== "initializing") {
    return { action: "keep", prune: false, reason: `interrupted while being added; kept, as it is locked (${locked}): unlock it and prune again to undo the add` };
  }
  const wt = marker.rollback.worktree;
  const own = wt === null ? null : worktreeOwnership(wt.path, adminDir, pointsAt(adminDir));
  if (wt !== null && own?.owner === "ours") {
    const cfg = config ?? loadConfig({ commonDir: repo.commonDir, gitDir: repo.gitDir });
    const foreign = firstForeignPath({ worktree: wt.path, stampFile: join(adminDir, ADD_MARKER), commit: marker.commit ?? null, commonDir: repo.commonDir, config: cfg });
    if (foreign !== null) {
      return { action: "keep", prune: false, reason: `interrupted while being added; kept, as '${foreign}' in it is not what the add wrote: look, then 'worktree remove -f -f' it` };
    }
  }
  const started = Date.parse(marker.started);
  return {
    action: "undo",
    prune: true,
    reason: INTERRUPTED_ADD_REASON,
    undo: (warn) => {
      const state: RollbackState = { ...marker.rollback, adminDir: null }; // prune deletes the admin dir itself
      // Locks the add took and never released: the rollback needs them, git refuses while they exist.
      if (state.branch !== null) removeStaleLock(staleRefLock(repo, state.branch.ref, state.branch.newOid, started));
      if (state.config !== null) removeStaleLock(staleConfigLock(state.config.file, started));
      if (own !== null) removeStaleLock(own.staleLock);
      if (own?.owner !== "ours") state.worktree = null;
      AddRollback.fromState(repo, state).run(warn);
      if (wt !== null && own?.owner === "unknown") removeEmptyDirs(wt.path, wt.created);
    },
  };
}

/**
 * Finishes a complete add killed before its last steps: ORIG_HEAD and the
 * `reset: moving to HEAD` reflog line if they are missing, then `locked`
 * (only add's own "initializing", never a --lock reason) and the marker.
 */
function finishAdd(adminDir: string, marker: AddMarker): void {
  finishAddFiles(adminDir, marker.finish, marker.lock === "initializing");
}
