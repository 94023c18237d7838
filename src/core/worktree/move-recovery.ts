/**
 * Recovery after a `worktree move` that was killed (kill -9, power loss)
 * between renaming the directory and recording the new place.
 *
 * move renames the worktree, then rewrites `<admin>/gitdir` (under
 * `gitdir.lock`). Killed in between, `gitdir` still names the old place and
 * a stale `gitdir.lock` may be left: git's prune (and ours, by git's rules)
 * would call the entry stale and delete the admin dir with the index, HEAD
 * and everything staged, although the worktree is alive at its new place.
 *
 * So before renaming, move writes `repo-manager-move` into the admin dir:
 * pid, host, start time, the old and the new path; it removes it once
 * `gitdir` is rewritten. `prune` and `repair` ask findInterruptedMove() first:
 * a marker of a dead process on this host means the move will never finish,
 * and whichever path now holds a `.git` that points back at this admin dir
 * is where the worktree is: its locks (`gitdir.lock`, `<new>/.git.lock`) are
 * removed, `gitdir` is rewritten as move would have, the marker goes. A
 * marker of a live process (a move running) makes prune leave the entry alone.
 */
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Repository } from "../../git/repo/types.ts";
import { realpathForgiving, samePath, toGitPath } from "../../git/repo/fspath.ts";
import {
  MOVE_MARKER,
  moveMarkerTemporaries,
  readGitdirLockText,
  readMoveMarkerText,
  removeAdminFile,
  removeLockNewerThan,
  removeMoveMarkerFile,
  writeMoveMarkerText,
} from "../../git/worktree/move-marker.ts";
import { readGitdirFile, readGitFileGently, worktreeAdminDir } from "../../git/worktree/worktree-admin.ts";
import { isProcessAlive } from "./add-recovery.ts";
import { updateWorktreeLocation } from "./move.ts";

export { MOVE_MARKER };

export interface MoveMarker {
  version: 1;
  pid: number;
  host: string;
  started: string;
  /** The worktree path before the move (as recorded in `gitdir`, without `/.git`). */
  from: string;
  /** The destination as move resolved it. */
  to: string;
}

/** Writes the marker atomically. Throws: a move that cannot record itself does not start. */
export function writeMoveMarker(adminDir: string, from: string, to: string): void {
  const marker: MoveMarker = { version: 1, pid: process.pid, host: hostname(), started: new Date().toISOString(), from, to };
  writeMoveMarkerText(adminDir, process.pid, `${JSON.stringify(marker)}\n`);
}

export function removeMoveMarker(adminDir: string): void {
  removeMoveMarkerFile(adminDir);
}

/** The marker, checked with valibot (required only here, so move itself does not load it); null when absent or not ours. */
export function readMoveMarker(adminDir: string): MoveMarker | null {
  const { parseMarkerText } = require("./marker-schemas.ts") as typeof import("./marker-schemas.ts");
  return parseMarkerText(readMoveMarkerText(adminDir), "move");
}

/** Whether `<dir>/.git` names `adminDir`. */
function pointsBack(dir: string, adminDir: string): boolean {
  const r = readGitFileGently(join(dir, ".git"));
  if (r.gitDir === null) return false;
  const a = realpathForgiving(adminDir);
  return a !== null && samePath(r.gitDir, toGitPath(a));
}

/** Marker temporaries of dead movers (a kill while the marker was being written). */
function deadTemporaries(adminDir: string, alive: (pid: number) => boolean): string[] {
  return moveMarkerTemporaries(adminDir)
    .filter((t) => !alive(t.pid))
    .map((t) => t.name);
}

export type InterruptedMove =
  | { running: true }
  | {
      running: false;
      /** Where the worktree is now ("lost": at neither path; git's rules then apply). */
      outcome: "moved" | "not-moved" | "lost";
      path: string;
      /** Completes (or, if the rename never happened, forgets) the move. */
      finish: () => void;
    };

/**
 * The interrupted or running move of `<id>`, or null when there is none.
 * Reads only; `finish` does the writing. `alive` is for tests.
 */
export function findInterruptedMove(repo: Pick<Repository, "commonDir">, id: string, alive: (pid: number) => boolean = isProcessAlive): InterruptedMove | null {
  const adminDir = worktreeAdminDir(repo, id);
  const temporaries = deadTemporaries(adminDir, alive);
  const marker = readMoveMarker(adminDir);
  if (marker === null || marker.host !== hostname()) {
    if (temporaries.length === 0) return null;
    // Killed while writing the marker: nothing had moved yet.
    return { running: false, outcome: "not-moved", path: readGitdirFile(adminDir) ?? "", finish: () => temporaries.forEach((n) => removeAdminFile(adminDir, n)) };
  }
  if (alive(marker.pid)) return { running: true };
  const started = Date.parse(marker.started);
  const dropLock = (lock: string) => removeLockNewerThan(lock, started - 2000);
  const cleanUp = () => {
    for (const n of temporaries) removeAdminFile(adminDir, n);
    removeMoveMarker(adminDir);
  };
  if (pointsBack(marker.to, adminDir)) {
    return {
      running: false,
      outcome: "moved",
      path: marker.to,
      finish: () => {
        dropLock(join(adminDir, "gitdir.lock"));
        dropLock(join(marker.to, ".git.lock"));
        const recorded = readGitdirFile(adminDir) ?? marker.from;
        updateWorktreeLocation({ adminDir, path: recorded }, marker.to);
        cleanUp();
      },
    };
  }
  const outcome = pointsBack(marker.from, adminDir) ? "not-moved" : "lost";
  return {
    running: false,
    outcome,
    path: marker.from,
    finish: () => {
      dropLock(join(adminDir, "gitdir.lock"));
      cleanUp();
    },
  };
}

/**
 * A `gitdir.lock` whose text names an existing worktree pointing back at the
 * admin dir (a move killed while writing it): prune must keep such an entry
 * although `gitdir` names a missing place.
 */
export function reachableThroughLock(repo: Pick<Repository, "commonDir">, id: string): boolean {
  const adminDir = worktreeAdminDir(repo, id);
  const text = readGitdirLockText(adminDir);
  if (text === null) return false;
  if (!text.endsWith("/.git") || !existsSync(text)) return false;
  return pointsBack(text.slice(0, -5), adminDir);
}
