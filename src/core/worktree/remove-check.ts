/**
 * The checks git 2.39 runs before `worktree remove` deletes anything
 * (builtin/worktree.c validate_no_submodules() and check_clean_worktree(),
 * the latter being `git status --porcelain --ignore-submodules=none` must
 * print nothing): no initialised submodule, nothing staged against HEAD, no
 * modified, deleted or untracked-and-not-ignored file.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { GitConfig } from "../../git/config/config.ts";
import { readIndexTable } from "../../git/index/read.ts";
import { type IndexTable, STAT_WORDS, StatWord } from "../../git/index/types.ts";
import { openRepositoryObjectStore, peelToTree } from "../../git/objects/index.ts";
import type { ObjectStore } from "../../git/objects/types.ts";
import { resolveRefIn } from "../../git/refs/refs.ts";
import { type StatusOptions, worktreeStatus } from "../../git/status/status.ts";
import { fileExists } from "../../git/repo/fspath.ts";
import { hasModulesDir } from "../../git/worktree/worktree-admin.ts";
import { statusConfigOptions } from "../../git/status/config-options.ts";

export type DirtyReason =
  | { kind: "submodules"; path: string }
  | { kind: "staged"; path: string }
  | { kind: "modified" | "deleted" | "typechange" | "untracked" | "unmerged"; path: string };

const MODE_GITLINK = 0o160000;

/** The first gitlink of `index` whose directory in `worktree` has a `.git` (is_submodule_populated_gently()), or null. */
export function populatedSubmodule(worktree: string, index: IndexTable): string | null {
  for (let i = 0; i < index.count; i++) {
    if (index.stat[i * STAT_WORDS + StatWord.mode] !== MODE_GITLINK) continue;
    const path = index.paths[i] as string;
    if (existsSync(join(worktree, path, ".git"))) return path;
  }
  return null;
}

export interface CleanCheckOptions {
  worktree: string;
  adminDir: string;
  commonDir: string;
  config: GitConfig;
  signal?: AbortSignal;
  /** For GIT_ALTERNATE_OBJECT_DIRECTORIES (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Why the worktree may not be removed without --force, or null when it is clean. */
export function whyNotRemovable(o: CleanCheckOptions): DirtyReason | null {
  const indexPath = join(o.adminDir, "index");
  if (hasModulesDir(o.adminDir)) return { kind: "submodules", path: "modules" };
  const headOid = resolveRefIn(o.adminDir, o.commonDir, "HEAD").oid;
  const store = openRepositoryObjectStore(o.commonDir, o.config, o.env);
  try {
    const treeOid = headOid === null ? null : peelToTree(store, headOid);
    if (!fileExists(indexPath)) {
      // No index (--no-checkout): git status shows HEAD's files as deleted, and any file as untracked.
      if (treeOid !== null && store.read(treeOid).data.length > 0) return { kind: "staged", path: "." };
      const extra = readdirSync(o.worktree).find((n) => n !== ".git");
      return extra === undefined ? null : { kind: "untracked", path: extra };
    }
    const index = readIndexTable(indexPath);
    const verdict = statusVerdict(o, indexPath, index, { treeOid, store });
    if (verdict === null || verdict.kind === "submodules") return verdict;
    // Dirty: git checks for submodules first, and the status scan (limit 1) may have
    // stopped before a gitlink.
    const sub = populatedSubmodule(o.worktree, index);
    return sub !== null ? { kind: "submodules", path: sub } : verdict;
  } finally {
    store.close();
  }
}

/** The status options the clean check derives from the configuration (also used by add-leftovers.ts). */

function statusVerdict(o: CleanCheckOptions, indexPath: string, index: IndexTable, head: { treeOid: string | null; store: ObjectStore }): DirtyReason | null {
  const c = o.config;
  const s = worktreeStatus({
    ...statusConfigOptions(c),
    worktree: o.worktree,
    indexPath,
    index,
    commonDir: o.commonDir,
    excludesFile: c.getPath("core.excludesFile"),
    attributesFile: c.getPath("core.attributesFile"),
    limit: 1,
    signal: o.signal,
    head,
  });
  if (s.populatedSubmodules[0] !== undefined) return { kind: "submodules", path: s.populatedSubmodules[0] };
  if (s.staged[0] !== undefined) return { kind: "staged", path: s.staged[0].path };
  if (s.unmerged[0] !== undefined) return { kind: "unmerged", path: s.unmerged[0] };
  if (s.modified[0] !== undefined) return { kind: "modified", path: s.modified[0] };
  if (s.deleted[0] !== undefined) return { kind: "deleted", path: s.deleted[0] };
  if (s.typeChanged[0] !== undefined) return { kind: "typechange", path: s.typeChanged[0] };
  if (s.untracked[0] !== undefined) return { kind: "untracked", path: s.untracked[0] };
  return null;
}
