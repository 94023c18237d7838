/**
 * `plugins.lock.json` in the config dir: what `plugin install` recorded about
 * each managed plugin (name, version, source, sha256, and the device, inode,
 * size, mtime and ctime at which the digest was last verified, so we re-hash
 * only when one of them changes).
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import * as v from "valibot";
import { PluginError, PluginErrorCode } from "./errors.ts";
import { dirname } from "node:path";
import { LockFile as FileLock } from "../platform/lockfile.ts";
import { lockFilePath, type Env } from "./paths.ts";

export const LOCK_SCHEMA_VERSION = 1;

const LockEntrySchema = v.object({
  name: v.string(),
  version: v.string(),
  source: v.string(),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  /** File name inside the managed plugins dir (with its extension on Windows). */
  file: v.string(),
  size: v.number(),
  mtimeMs: v.number(),
  /** With size and mtimeMs, the stamp of the last verification (see verify.ts); absent in older files: re-hash once. */
  ctimeMs: v.optional(v.number()),
  ino: v.optional(v.number()),
  dev: v.optional(v.number()),
  installedAt: v.string(),
});

const LockSchema = v.object({
  schemaVersion: v.literal(LOCK_SCHEMA_VERSION),
  plugins: v.record(v.string(), LockEntrySchema),
});

/**
 * The frame only (version, a record of objects), for a file whose entries
 * passed LockSchema at the same size and mtime (readLockStamped).
 */
const LockFrameSchema = v.object({
  schemaVersion: v.literal(LOCK_SCHEMA_VERSION),
  plugins: v.record(v.string(), v.looseObject({})),
});

export type LockEntry = v.InferOutput<typeof LockEntrySchema>;
export type LockFile = v.InferOutput<typeof LockSchema>;

/** Reads the lock file; a missing one is empty, a corrupt one is an error (it is a security record). */
export async function readLock(env: Env = process.env): Promise<LockFile> {
  const path = lockFilePath(env);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { schemaVersion: LOCK_SCHEMA_VERSION, plugins: {} };
    throw e;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new PluginError(PluginErrorCode.lock, `${path} is not valid JSON`, {
      hint: "fix or remove it, then reinstall your managed plugins with 'repo-manager plugin install --force'",
    });
  }
  const parsed = v.safeParse(LockSchema, doc);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new PluginError(PluginErrorCode.lock, `${path} is malformed: ${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`, {
      hint: "fix or remove it, then reinstall your managed plugins with 'repo-manager plugin install --force'",
    });
  }
  return parsed.output;
}

/** Size and mtime of the lock file as it was when validated. */
export interface LockStamp {
  size: number;
  mtimeMs: number;
}

/**
 * readLock for listings: when the file still has the stamp it had when it last
 * passed validation, only its frame is checked (LockFrameSchema), not every
 * entry again: schema validation of a hundred entries is most of a warm
 * `plugin list` (measured ~2-3 ms of an interpreted start). A file rewritten
 * since has another size or mtime and is validated in full. Returns the stamp
 * to remember.
 */
export async function readLockStamped(env: Env, known: LockStamp | null): Promise<{ lock: LockFile; stamp: LockStamp | null }> {
  const path = lockFilePath(env);
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return { lock: { schemaVersion: LOCK_SCHEMA_VERSION, plugins: {} }, stamp: null };
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) {
    try {
      const frame = v.safeParse(LockFrameSchema, JSON.parse(readFileSync(path, "utf8")));
      // The entries are the ones LockSchema accepted at this stamp.
      if (frame.success) return { lock: frame.output as LockFile, stamp: known };
    } catch {
      // fall through to the validating read, which reports the problem
    }
  }
  // Stat before read: if the file changes in between, the stamp is stale and the next run validates again.
  return { lock: await readLock(env), stamp: { size: st.size, mtimeMs: st.mtimeMs } };
}

/**
 * Read-modify-write of plugins.lock.json under the lock-file protocol, so two
 * `plugin install` runs at once cannot lose each other's entry: the second
 * waits (up to 10 s) for the first. `change` may mutate the record and do
 * the file operations that must happen inside the critical section.
 */
export async function updateLock<T>(env: Env, change: (lock: LockFile) => Promise<T> | T): Promise<T> {
  const path = lockFilePath(env);
  mkdirSync(dirname(path), { recursive: true });
  const held = FileLock.acquire(path, { timeoutMs: 10_000 });
  try {
    const lock = await readLock(env);
    const result = await change(lock);
    const sorted = Object.fromEntries(Object.entries(lock.plugins).sort(([a], [b]) => a.localeCompare(b)));
    held.write(`${JSON.stringify({ schemaVersion: LOCK_SCHEMA_VERSION, plugins: sorted }, null, 2)}\n`);
    held.commit();
    return result;
  } finally {
    held.rollback(); // no-op after a commit
  }
}
