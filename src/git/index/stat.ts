/**
 * Stat data as git caches it in the index (read-cache.c fill_stat_data),
 * from a BigInt stat so nanoseconds are exact. Every field is truncated to
 * 32 bits, as git stores it.
 *
 * Windows: git for Windows' lstat (compat/mingw.c) reports st_ctime as the
 * creation time and 0 for st_dev, st_ino, st_uid and st_gid. We store the
 * same values there, or git would see every file as changed and rehash the
 * whole worktree on its first status.
 */
import type { BigIntStats, Stats } from "node:fs";
import type { StatData } from "./types.ts";

const NS = 1_000_000_000n;
const U32 = 0xffffffffn;
const WINDOWS = process.platform === "win32";

/** The index's view of a file's stat. */
export function statDataFrom(st: BigIntStats, windows = WINDOWS): StatData {
  const ctime = windows ? st.birthtimeNs : st.ctimeNs;
  return {
    ctimeSec: Number((ctime / NS) & U32),
    ctimeNsec: Number(ctime % NS),
    mtimeSec: Number((st.mtimeNs / NS) & U32),
    mtimeNsec: Number(st.mtimeNs % NS),
    dev: windows ? 0 : Number(st.dev & U32),
    ino: windows ? 0 : Number(st.ino & U32),
    uid: windows ? 0 : Number(st.uid & U32),
    gid: windows ? 0 : Number(st.gid & U32),
    size: Number(st.size & U32),
  };
}

/**
 * git's ce_match_stat_basic on the stat fields: true when mtime, ctime (if
 * trusted), inode, uid, gid and size all equal the cached ones. Stricter
 * than git on Linux, which compares whole seconds only: a difference in
 * nanoseconds makes us rehash, never call a changed file clean. st_dev is
 * not compared, as git does not by default (USE_STDEV).
 */
export function statDataMatches(cached: StatData, st: BigIntStats, trustCtime = true, windows = WINDOWS): boolean {
  const now = statDataFrom(st, windows);
  return (
    now.mtimeSec === cached.mtimeSec &&
    now.mtimeNsec === cached.mtimeNsec &&
    (!trustCtime || (now.ctimeSec === cached.ctimeSec && now.ctimeNsec === cached.ctimeNsec)) &&
    now.ino === cached.ino &&
    now.uid === cached.uid &&
    now.gid === cached.gid &&
    now.size === cached.size
  );
}

const TWO32 = 4294967296;

/**
 * statDataMatches on a plain (non-BigInt) stat, for the clean check's hot
 * loop: BigInt stats cost twice as much to make and to compare. Times come
 * as float milliseconds (about 0.25 µs resolution), so nanoseconds are
 * compared within 0.5 µs: file system timestamps move in much coarser steps,
 * and a float rounding can only make us rehash, never call a change clean.
 */
export function statDataMatchesFast(cached: StatData, st: Stats, trustCtime = true, windows = WINDOWS): boolean {
  if (st.size % TWO32 !== cached.size) return false;
  if (!windows && (st.ino % TWO32 !== cached.ino || st.uid !== cached.uid || st.gid !== cached.gid)) return false;
  if (!sameTime(st.mtimeMs, cached.mtimeSec, cached.mtimeNsec)) return false;
  return !trustCtime || sameTime(windows ? st.birthtimeMs : st.ctimeMs, cached.ctimeSec, cached.ctimeNsec);
}

function sameTime(ms: number, sec: number, nsec: number): boolean {
  const whole = Math.floor(ms / 1000);
  if (whole % TWO32 !== sec) return false;
  return Math.abs((ms - whole * 1000) * 1e6 - nsec) < 500;
}
