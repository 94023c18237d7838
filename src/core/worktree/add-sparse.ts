/**
 * Sparse checkout for a new worktree: git 2.39 copies the current
 * worktree's `info/sparse-checkout` into the new admin dir and its
 * `reset --hard` then leaves out every path the patterns exclude, marking
 * those index entries skip-worktree.
 *
 * The patterns are gitignore syntax with "match = include" (non-cone mode);
 * cone-mode files are a subset of that syntax written so that this reading
 * gives the cone result, which is how git itself documents them. A path is
 * decided by its directories from the top down, then by itself: the last
 * matching pattern at each level overrides the decision inherited from above.
 */
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import type { IndexEntry } from "../../git/index/types.ts";
import { parseIgnoreFile, patternMatches, type Pattern, toBytes } from "../../git/ignore.ts";

const MODE_GITLINK = 0o160000;

/** Returns a predicate "is this path in the sparse checkout?" for the patterns text. */
export function sparseMatcher(text: string): (path: string, isDir?: boolean) => boolean {
  const patterns: Pattern[] = parseIgnoreFile(text, "");
  const lastMatch = (path: string, isDir: boolean): boolean | undefined => {
    const p = toBytes(path);
    const nameStart = p.lastIndexOf("/") + 1;
    for (let i = patterns.length - 1; i >= 0; i--) {
      const pat = patterns[i] as Pattern;
      if (patternMatches(pat, p, nameStart, isDir)) return !pat.negated;
    }
    return undefined;
  };
  return (path, isDir = false) => {
    let included = false;
    let from = 0;
    for (;;) {
      const slash = path.indexOf("/", from);
      if (slash < 0) break;
      const m = lastMatch(path.slice(0, slash), true);
      if (m !== undefined) included = m;
      from = slash + 1;
    }
    const m = lastMatch(path, isDir);
    return m ?? included;
  };
}

/**
 * Removes the checked-out files the patterns exclude (and the directories
 * left empty), and marks their entries skip-worktree. Returns how many
 * entries were excluded.
 */
export function applySparseCheckout(worktree: string, entries: IndexEntry[], patternsText: string): number {
  const included = sparseMatcher(patternsText);
  const root = worktree.endsWith("/") ? worktree : `${worktree}/`;
  const keepDirs = new Set<string>();
  const dirs = new Set<string>();
  let excluded = 0;
  for (const e of entries) {
    if (included(e.path)) {
      if (e.mode === MODE_GITLINK) keepDirs.add(e.path);
      continue;
    }
    excluded++;
    e.skipWorktree = true;
    // Windows: rm of a read-only file fails; checkout writes files writable, so this is safe there too.
    rmSync(root + e.path, { recursive: e.mode === MODE_GITLINK, force: true });
    for (let i = e.path.lastIndexOf("/"); i > 0; i = e.path.lastIndexOf("/", i - 1)) dirs.add(e.path.slice(0, i));
  }
  // Deepest first, so a parent is tried after its children are gone.
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    if (keepDirs.has(d)) continue;
    try {
      if (readdirSync(root + d).length === 0) rmdirSync(root + d);
    } catch {
      // already gone, or not empty
    }
  }
  return excluded;
}
