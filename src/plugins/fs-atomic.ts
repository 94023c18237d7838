/**
 * Atomic file writes: a temp file in the same directory, then rename, so a
 * reader never sees half a file and a crash leaves the old one in place.
 * On Windows rename over an existing file works for files not held open.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A temp path next to `path` (same directory, so rename stays on one file system). */
export function tempPathFor(path: string, suffix = ".tmp"): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}${suffix}`);
}

/** Writes `data` to `path` atomically, creating the directory if needed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data, { mode });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
