/**
 * "Is this path tracked?" for the untracked-file walk of the clean check.
 *
 * Case-sensitive (Linux, and wherever core.ignoreCase is false): a binary
 * search over the index entries, which are sorted in git's byte order, so
 * nothing per entry is allocated (a Map of Sets of 50,000 names cost 24 MB
 * and ~100 ms). With core.ignoreCase (the default on Windows and macOS) the
 * file system may spell a tracked name differently, so names are folded and
 * kept in sets, as before.
 */
import type { IndexEntry } from "./index/types.ts";
import { comparePaths } from "./index/write.ts";

export interface TrackedLookup {
  /** A tracked file (or gitlink) at exactly `path`. */
  hasFile(path: string): boolean;
  /** Some tracked entry lies under `dir/`. */
  hasDir(dir: string): boolean;
}

/** The lookup for `entries` (index order). */
export function trackedLookup(entries: readonly IndexEntry[], ignoreCase: boolean): TrackedLookup {
  return ignoreCase ? foldedLookup(entries) : sortedLookup(entries);
}

function sortedLookup(entries: readonly IndexEntry[]): TrackedLookup {
  /** First entry whose path is >= key. */
  const lowerBound = (key: string): number => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePaths((entries[mid] as IndexEntry).path, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    hasFile: (path) => entries[lowerBound(path)]?.path === path,
    hasDir: (dir) => {
      const prefix = `${dir}/`;
      return entries[lowerBound(prefix)]?.path.startsWith(prefix) ?? false;
    },
  };
}

function foldedLookup(entries: readonly IndexEntry[]): TrackedLookup {
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const e of entries) {
    const path = e.path.toLowerCase();
    files.add(path);
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
      const d = path.slice(0, i);
      if (dirs.has(d)) break;
      dirs.add(d);
    }
  }
  return { hasFile: (path) => files.has(path.toLowerCase()), hasDir: (dir) => dirs.has(dir.toLowerCase()) };
}
