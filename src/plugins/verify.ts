/**
 * Managed-plugin integrity: a plugin installed by `plugin install` must still
 * have the sha256 recorded in plugins.lock.json. The file is re-hashed only
 * when its size or mtime differ from what was recorded at the last check.
 */
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

/** True when the file still has the size and mtime at which its digest was last verified (no re-hash needed). */
export const stampMatches = (file: PluginFile, entry: LockEntry): boolean => file.stat.size === entry.size && file.stat.mtimeMs === entry.mtimeMs;

/** Checks a managed plugin file against its lock entry. */
export async function checkIntegrity(file: PluginFile, entry: LockEntry): Promise<IntegrityResult> {
  if (stampMatches(file, entry)) return { ok: true, rehashed: false };
  const { sha256File } = await import("./hash.ts");
  const actual = await sha256File(file.path);
  if (actual === entry.sha256) return { ok: true, rehashed: true };
  return { ok: false, actual, reason: `sha256 mismatch: the file changed since it was installed (expected ${entry.sha256.slice(0, 12)}…, found ${actual.slice(0, 12)}…)` };
}

/** Records the new size/mtime of a file whose digest still matched, so the next run skips the hash. Best effort. */
export async function refreshLockStamp(file: PluginFile, env: Env = process.env): Promise<void> {
  try {
    await updateLock(env, (lock) => {
      const entry = lock.plugins[file.name];
      if (!entry) return;
      entry.size = file.stat.size;
      entry.mtimeMs = file.stat.mtimeMs;
    });
  } catch {
    // a read-only config dir only costs a re-hash next time
  }
}

export const retrustHint = (name: string, path: string, entry: LockEntry): string =>
  `if the change is yours, trust the file as it is now with 'repo-manager plugin install --force ${path}'; ` +
  `else reinstall from '${entry.source}' or remove it with 'repo-manager plugin uninstall ${name}'`;
