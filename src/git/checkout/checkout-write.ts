/**
 * The write side of checkout: one file, link or gitlink at a time, each
 * returning its index entry built from the stat data of what was just
 * written (so `git status` needs no refresh afterwards).
 */
import { type BigIntStats, closeSync, fstatSync, lstatSync, openSync, statSync, symlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { statDataFrom } from "../index/stat.ts";
import type { IndexEntry, StatData } from "../index/types.ts";

export interface CheckoutItem {
  path: string;
  mode: number;
  oid: string;
  /** Conversion for regular files, computed before any write; null = write as is. */
  plan: import("./eol.ts").ConversionPlan | null;
}

export const MODE_TREE = 0o40000;
export const MODE_LINK = 0o120000;
export const MODE_GITLINK = 0o160000;

/** Stat data of an entry that was not written (skip-worktree): zeros, as git leaves them. */
export const ZERO_STAT = { ctimeNs: 0n, mtimeNs: 0n, birthtimeNs: 0n, dev: 0n, ino: 0n, uid: 0n, gid: 0n, size: 0n } as BigIntStats;

/** Index entry mode for a tree mode: regular files normalise to 100644/100755 as git does. */
function indexMode(mode: number): number {
  if (mode === MODE_LINK || mode === MODE_GITLINK) return mode;
  return mode & 0o111 ? 0o100755 : 0o100644;
}

export function entryFromStat(item: CheckoutItem, st: BigIntStats): IndexEntry {
  return entryFromStatData(item, statDataFrom(st));
}

/** The index entry of `item` with stat data `d` (from this thread's fstat or the checkout worker's). */
export function entryFromStatData(item: CheckoutItem, d: StatData): IndexEntry {
  // One object literal of a fixed shape (no spread of a temporary): 50,000 of these stay alive.
  return {
    path: item.path,
    mode: indexMode(item.mode),
    oid: item.oid,
    ctimeSec: d.ctimeSec,
    ctimeNsec: d.ctimeNsec,
    mtimeSec: d.mtimeSec,
    mtimeNsec: d.mtimeNsec,
    dev: d.dev,
    ino: d.ino,
    uid: d.uid,
    gid: d.gid,
    size: d.size,
    stage: 0,
    assumeValid: false,
    skipWorktree: false,
    intentToAdd: false,
  };
}

/**
 * Windows needs to know whether a link points at a directory (git for
 * Windows looks at the target the same way); elsewhere the type is ignored.
 * A target written later in the checkout is seen as a file link, as in git.
 */
export function linkType(full: string, target: Uint8Array): "dir" | "file" | undefined {
  if (process.platform !== "win32") return undefined;
  const resolved = join(dirname(full), Buffer.from(target).toString("utf8"));
  return statSync(resolved, { throwIfNoEntry: false })?.isDirectory() ? "dir" : "file";
}

/** Creates `full` exclusively with `data`, returns its stat. Mode 0777/0666 before umask, as git's create_file. */
export function writeFile(full: string, data: Uint8Array, executable: boolean) {
  // Windows has no exec bit: the mode is ignored there, and git tracks it in the index only.
  const fd = openSync(full, "wx", executable ? 0o777 : 0o666);
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    return fstatSync(fd, { bigint: true });
  } finally {
    closeSync(fd);
  }
}

