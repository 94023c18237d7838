/**
 * The file in which `worktree add` records, inside the new admin dir, what
 * to undo should it be killed (core/worktree/add-recovery.ts decides what it
 * says and means; this is only where and how it is stored). git ignores it:
 * unknown files in `<common>/worktrees/<id>/` are left alone.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileLocked } from "../../platform/lockfile.ts";
import { isPrefixOf } from "./add-leftovers.ts";
import { readLocked } from "./worktree-admin.ts";

/** File name of the marker inside `<common>/worktrees/<id>/`. */
export const ADD_MARKER = "repo-manager-add";

/**
 * Writes (or rewrites) the marker atomically, write-temp-then-rename: a torn
 * marker would be unreadable. Throws when it cannot.
 */
export function writeAddMarkerText(adminDir: string, text: string): void {
  const file = join(adminDir, ADD_MARKER);
  writeFileSync(`${file}.tmp`, text);
  // Windows: rename over an existing file works (MoveFileEx REPLACE_EXISTING) unless another
  // process holds it open (a concurrent prune reading it): then this throws.
  renameSync(`${file}.tmp`, file);
}

/** The marker's text, or null when there is none (or it cannot be read). */
export function readAddMarkerText(adminDir: string): string | null {
  try {
    return readFileSync(join(adminDir, ADD_MARKER), "utf8");
  } catch {
    return null;
  }
}

/** Removes the marker (the admin dir stays). */
export function removeAddMarkerFile(adminDir: string): void {
  rmSync(join(adminDir, ADD_MARKER), { force: true });
}

/** Removes a stale lock file that recovery proved the add left (null: nothing to remove). */
export function removeStaleLock(file: string | null): void {
  if (file !== null) rmSync(file, { force: true });
}

/**
 * The admin-dir steps of a complete add killed before its end: ORIG_HEAD
 * (its stale `.lock` removed when it holds a prefix of what add writes) and
 * the HEAD reflog line if missing, `locked` when it is still add's own
 * "initializing" (never a --lock reason), then the marker and its temporary.
 */
export function finishAddFiles(adminDir: string, finish: { origHead: string; headReflog: string | null } | undefined, dropInitializingLock: boolean): void {
  if (finish !== undefined) {
    const orig = join(adminDir, "ORIG_HEAD");
    if (!existsSync(orig)) {
      if (isPrefixOf(`${orig}.lock`, Buffer.from(finish.origHead))) rmSync(`${orig}.lock`, { force: true });
      writeFileLocked(orig, finish.origHead);
    }
    const log = join(adminDir, "logs", "HEAD");
    if (finish.headReflog !== null && existsSync(log) && !readFileSync(log, "utf8").endsWith(finish.headReflog)) appendFileSync(log, finish.headReflog);
  }
  if (dropInitializingLock && readLocked(adminDir) === "initializing") rmSync(join(adminDir, "locked"), { force: true });
  rmSync(join(adminDir, `${ADD_MARKER}.tmp`), { force: true });
  removeAddMarkerFile(adminDir);
}
