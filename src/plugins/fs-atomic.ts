/**
 * Atomic file writes: a temp file in the same directory, then rename, so a
 * reader never sees half a file and a crash leaves the old one in place.
 * On Windows rename over an existing file works for files not held open.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * A temp path next to `path` (same directory, so rename stays on one file
 * system). Unique enough without node:crypto, whose load costs milliseconds
 * in a compiled binary: pid + time + a random part; writers use exclusive
 * names only to avoid clobbering each other's half-written files.
 */
export function tempPathFor(path: string, suffix = ".tmp"): string {
  const unique = `${process.pid.toString(36)}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(path), `.${basename(path)}.${unique}${suffix}`);
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
