/**
 * Deleting a branch as `git branch -d` does with the files backend: the
 * loose ref under `<ref>.lock`, its line (and peeled line) in `packed-refs`
 * under `packed-refs.lock`, its reflog, and the directories left empty under
 * `refs/heads/` and `logs/refs/heads/`. Refuses when the ref no longer holds
 * the id the caller decided on (someone moved it meanwhile).
 */
import { readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { LockFile } from "../../platform/lockfile.ts";
import { RefUpdateError } from "./errors.ts";
import { looseRefPath, readPackedRefs } from "./refs.ts";

/** The text of `packed-refs` without `ref` (and the `^peeled` line after it). */
export function withoutPackedRef(text: string, ref: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let dropPeeled = false;
  for (const line of lines) {
    if (dropPeeled && line.startsWith("^")) continue;
    dropPeeled = false;
    if (!line.startsWith("#") && !line.startsWith("^") && line.slice(41).replace(/\r$/, "") === ref && line[40] === " ") {
      dropPeeled = true;
      continue;
    }
    out.push(line);
  }
  return out.join("\n");
}

function removeEmptyDirsUpTo(dir: string, stop: string): void {
  for (let d = dir; d.length > stop.length && d.startsWith(stop); d = dirname(d)) {
    try {
      if (readdirSync(d).length > 0) return;
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** Deletes branch `ref` (`refs/heads/...`) if it still points at `expect`. Throws RefUpdateError or LockedError. */
export function deleteBranchRef(commonDir: string, ref: string, expect: string): void {
  const file = looseRefPath(commonDir, commonDir, ref);
  const lock = LockFile.acquire(file);
  try {
    let loose: string | undefined;
    try {
      loose = readFileSync(file, "utf8").trim();
    } catch {
      loose = undefined;
    }
    const packed = readPackedRefs(commonDir).refs.get(ref);
    const current = loose ?? packed;
    if (current !== expect) {
      throw new RefUpdateError(ref, `cannot delete '${ref}': it is at ${current ?? "nothing"}, not ${expect}`, "it was changed meanwhile; look at it and try again");
    }
    if (packed !== undefined) {
      const packedFile = join(commonDir, "packed-refs");
      const packedLock = LockFile.acquire(packedFile);
      try {
        packedLock.write(withoutPackedRef(readFileSync(packedFile, "utf8"), ref));
        packedLock.commit();
      } catch (e) {
        packedLock.rollback();
        throw e;
      }
    }
    rmSync(file, { force: true });
    const log = join(commonDir, "logs", ref);
    rmSync(log, { force: true });
    removeEmptyDirsUpTo(dirname(log), join(commonDir, "logs", "refs", "heads"));
  } finally {
    lock.rollback(); // removes <ref>.lock
    removeEmptyDirsUpTo(dirname(file), join(commonDir, "refs", "heads"));
  }
}
