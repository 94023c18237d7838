/**
 * Managed-plugin integrity: a plugin installed by `plugin install` must still
 * have the sha256 recorded in plugins.lock.json.
 *
 * Hashing a 10 MiB plugin costs 6-10 ms here (sha256 with SHA-NI, file in the
 * page cache; more than the whole dispatch), so the digest is re-checked only
 * when the file's stamp changed since it was last verified: device, inode,
 * size, mtime and ctime. Writing the file in place changes its ctime (which,
 * unlike the mtime, no user can set back: `touch -d` and utimes() update it);
 * replacing it by rename changes the inode. What the stamp cannot see is a
 * change made by someone who also resets the system clock (root), and one
 * made between the check and the exec.
 */
import type { Stats } from "node:fs";
import { basename } from "node:path";
import type { PluginFile } from "./discover.ts";
import { updateLock, type LockEntry, type LockFile } from "./lock.ts";
import type { Env } from "./paths.ts";

/** The lock entry that makes this file a managed plugin, if any. */
export function managedEntry(file: PluginFile, lock: LockFile): LockEntry | undefined {
  if (file.source !== "config") return undefined;
  const entry = lock.plugins[file.name];
  return entry && entry.file === basename(file.path) ? entry : undefined;
}

export type IntegrityResult = { ok: true; rehashed: boolean } | { ok: false; reason: string; actual: string };

/** The lock entry fields that say which file, as of when, the digest was verified against. */
export type FileStamp = Pick<LockEntry, "size" | "mtimeMs" | "ctimeMs" | "ino" | "dev">;

export const stampOf = (st: Stats): Required<FileStamp> => ({ size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev });

/** True when the file still has the stamp at which its digest was last verified (no re-hash needed). */
export const stampMatches = (file: PluginFile, entry: LockEntry): boolean => {
  const st = file.stat;
  return st.size === entry.size && st.mtimeMs === entry.mtimeMs && st.ctimeMs === entry.ctimeMs && st.ino === entry.ino && st.dev === entry.dev;
};

/** Checks a managed plugin file against its lock entry. */
export async function checkIntegrity(file: PluginFile, entry: LockEntry): Promise<IntegrityResult> {
  if (stampMatches(file, entry)) return { ok: true, rehashed: false };
  const { sha256File } = await import("./hash.ts");
  const actual = await sha256File(file.path);
  if (actual === entry.sha256) return { ok: true, rehashed: true };
  return { ok: false, actual, reason: `sha256 mismatch: the file changed since it was installed (expected ${entry.sha256.slice(0, 12)}…, found ${actual.slice(0, 12)}…)` };
}

/** Records the new stamp of a file whose digest still matched, so the next run skips the hash. Best effort. */
export async function refreshLockStamp(file: PluginFile, env: Env = process.env): Promise<void> {
  try {
    await updateLock(env, (lock) => {
      const entry = lock.plugins[file.name];
      if (!entry) return;
      Object.assign(entry, stampOf(file.stat));
    });
  } catch {
    // a read-only config dir only costs a re-hash next time
  }
}

export const retrustHint = (name: string, path: string, entry: LockEntry): string =>
  `if the change is yours, trust the file as it is now with 'repo-manager plugin install --force ${path}'; ` +
  `else reinstall from '${entry.source}' or remove it with 'repo-manager plugin uninstall ${name}'`;
