/**
 * The file in which `worktree move` records itself inside the admin dir
 * before it renames the worktree (core/worktree/move-recovery.ts decides
 * what it means; this is only where and how it is stored), and the other
 * admin-dir files that recovery of a killed move reads or removes. git
 * ignores unknown files in `<common>/worktrees/<id>/`.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** File name of the marker inside `<common>/worktrees/<id>/`. */
export const MOVE_MARKER = "repo-manager-move";

/** The temporary name of a marker being written: per process, so recovery can tell a dead writer's. */
const tmpName = (pid: number) => `${MOVE_MARKER}.${pid}.tmp`;

/** Writes the marker atomically (temporary file, then rename). Throws when it cannot. */
export function writeMoveMarkerText(adminDir: string, pid: number, text: string): void {
  const tmp = join(adminDir, tmpName(pid));
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, join(adminDir, MOVE_MARKER));
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The marker's text, or null when there is none (or it cannot be read). */
export function readMoveMarkerText(adminDir: string): string | null {
  try {
    return readFileSync(join(adminDir, MOVE_MARKER), "utf8");
  } catch {
    return null;
  }
}

export function removeMoveMarkerFile(adminDir: string): void {
  rmSync(join(adminDir, MOVE_MARKER), { force: true });
}

/** Marker temporaries left in the admin dir, with the pid that was writing each. */
export function moveMarkerTemporaries(adminDir: string): { name: string; pid: number }[] {
  let names: string[];
  try {
    names = readdirSync(adminDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = /^repo-manager-move\.(\d+)\.tmp$/.exec(name);
    return m === null ? [] : [{ name, pid: Number(m[1]) }];
  });
}

/** Removes one file of the admin dir (a marker temporary), if present. */
export function removeAdminFile(adminDir: string, name: string): void {
  rmSync(join(adminDir, name), { force: true });
}

/** Removes the lock file `lock` when it is a file modified at or after `since` (ms), i.e. left by the move that started then. */
export function removeLockNewerThan(lock: string, since: number): void {
  const st = statSync(lock, { throwIfNoEntry: false });
  if (st?.isFile() && st.mtimeMs >= since) rmSync(lock, { force: true });
}

/** The text of `<admin>/gitdir.lock` (a move killed while rewriting `gitdir`), or null. */
export function readGitdirLockText(adminDir: string): string | null {
  try {
    return readFileSync(join(adminDir, "gitdir.lock"), "utf8").trim();
  } catch {
    return null;
  }
}
