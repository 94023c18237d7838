/**
 * Per-repository state of the daily loop, kept outside git's files: the
 * previous worktree (`switch -`) and whether the shell-integration hint was
 * shown. Lives in the user's state dir, one small file per repository keyed
 * by its common dir, written with the lock-file protocol (atomic rename).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { platform as osPlatform } from "node:os";
import { join } from "node:path";
import type { Env } from "../../plugins/paths.ts";
import { writeFileLocked } from "../../platform/lockfile.ts";

/** `$XDG_STATE_HOME/repo-manager`, else `%LOCALAPPDATA%\repo-manager\state` on Windows, else `~/.local/state/repo-manager`. */
export function stateDir(env: Env, platform: NodeJS.Platform = osPlatform()): string {
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, "repo-manager");
  if (platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "repo-manager", "state");
  return join(env.HOME ?? env.USERPROFILE ?? "", ".local", "state", "repo-manager");
}

const realOrSelf = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** `<state dir>/previous/<16 hex digits of sha1(real common dir)>`. */
export function previousFile(env: Env, commonDir: string): string {
  const key = createHash("sha1").update(realOrSelf(commonDir)).digest("hex").slice(0, 16);
  return join(stateDir(env), "previous", key);
}

interface PreviousRecord {
  commonDir: string;
  path: string;
}

/** The worktree `switch -` goes to, or null when none was recorded for this repository. */
export function readPrevious(env: Env, commonDir: string): string | null {
  try {
    const record = JSON.parse(readFileSync(previousFile(env, commonDir), "utf8")) as PreviousRecord;
    return typeof record.path === "string" && record.commonDir === realOrSelf(commonDir) ? record.path : null;
  } catch {
    return null;
  }
}

/** Records `path` as the worktree `switch -` goes back to. */
export function writePrevious(env: Env, commonDir: string, path: string): void {
  const file = previousFile(env, commonDir);
  mkdirSync(join(file, ".."), { recursive: true });
  const record: PreviousRecord = { commonDir: realOrSelf(commonDir), path };
  writeFileLocked(file, `${JSON.stringify(record)}\n`);
}

/** True the first time it is called for this user (the "enable the cd" hint is said once). */
export function firstTimeHint(env: Env, name: string): boolean {
  const file = join(stateDir(env), `hint-${name}`);
  if (existsSync(file)) return false;
  try {
    mkdirSync(stateDir(env), { recursive: true });
    writeFileLocked(file, "shown\n");
  } catch {
    // A read-only state dir: say it every time rather than fail the switch.
  }
  return true;
}
