/**
 * The trust checks run before a plugin is executed (and shown by `plugin list`).
 * Plugins are not sandboxed: they run with the user's rights. What we can do
 * is refuse files someone else could have changed:
 * - Unix: a plugin file writable by group or others, or in a directory
 *   writable by others without the sticky bit (anyone could swap the file).
 *   Windows has ACLs, not mode bits; Node reports a synthetic mode there, so
 *   these checks are skipped (documented in docs/plugins.md).
 * - Managed plugins: the file must still have the sha256 recorded at install.
 */
import { accessSync, constants, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";

// Many plugins share a directory: stat it once per process.
const dirModes = new Map<string, number | undefined>();
function dirMode(dir: string): number | undefined {
  if (!dirModes.has(dir)) dirModes.set(dir, statSync(dir, { throwIfNoEntry: false })?.mode);
  return dirModes.get(dir);
}

/** Why a plugin file may not run, or undefined when its permissions are fine. */
export function unsafePermissionReason(path: string, st: Stats, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === "win32") return undefined;
  if ((st.mode & 0o022) !== 0) {
    return `unsafe permissions: the file is writable by ${st.mode & 0o002 ? "others" : "its group"} (mode ${(st.mode & 0o7777).toString(8).padStart(4, "0")})`;
  }
  const dir = dirname(path);
  // A directory that vanished between the lookup and now: the spawn will say so.
  const mode = dirMode(dir);
  if (mode !== undefined && (mode & 0o002) !== 0 && (mode & 0o1000) === 0) {
    return `unsafe permissions: its directory ${dir} is writable by others without the sticky bit`;
  }
  return undefined;
}

let ownUid: number | undefined;

/**
 * Whether the file may be executed by us. Windows: decided by the extension
 * (PATHEXT) at discovery. Unix: access(X_OK), which also counts supplementary
 * groups and root's rules, exactly as exec will.
 */
export function isExecutable(path: string, st: Stats, platform: NodeJS.Platform = process.platform): boolean {
  if (!st.isFile()) return false;
  if (platform === "win32") return true;
  // Fast path, no syscall: our own file, or root (any x bit). Else ask the kernel.
  const uid = (ownUid ??= process.getuid?.() ?? -1);
  if (uid === 0) return (st.mode & 0o111) !== 0;
  if (uid === st.uid) return (st.mode & 0o100) !== 0;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
