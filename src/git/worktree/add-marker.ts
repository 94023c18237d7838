/**
 * The file in which `worktree add` records, inside the new admin dir, what
 * to undo should it be killed (core/worktree/add-recovery.ts decides what it
 * says and means; this is only where and how it is stored). git ignores it:
 * unknown files in `<common>/worktrees/<id>/` are left alone.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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
