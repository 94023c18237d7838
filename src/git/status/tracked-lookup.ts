import { comparePaths } from "../repo/fspath.ts";
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

export interface TrackedLookup {
  /** A tracked file (or gitlink) at exactly `path`. */
  hasFile(path: string): boolean;
  /** Some tracked entry lies under `dir/`. */
  hasDir(dir: string): boolean;
}

/** The lookup for the index's `paths` (index order). */
export function trackedLookup(paths: readonly string[], ignoreCase: boolean): TrackedLookup {
  return ignoreCase ? foldedLookup(paths) : sortedLookup(paths);
}

function sortedLookup(paths: readonly string[]): TrackedLookup {
  /** First entry whose path is >= key. */
  const lowerBound = (key: string): number => {
    let lo = 0;
    let hi = paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePaths(paths[mid] as string, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    hasFile: (path) => paths[lowerBound(path)] === path,
    hasDir: (dir) => {
      const prefix = `${dir}/`;
      return paths[lowerBound(prefix)]?.startsWith(prefix) ?? false;
    },
  };
}

function foldedLookup(paths: readonly string[]): TrackedLookup {
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const p of paths) {
    const path = p.toLowerCase();
    files.add(path);
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) {
      const d = path.slice(0, i);
      if (dirs.has(d)) break;
      dirs.add(d);
    }
  }
  return { hasFile: (path) => files.has(path.toLowerCase()), hasDir: (dir) => dirs.has(dir.toLowerCase()) };
}
