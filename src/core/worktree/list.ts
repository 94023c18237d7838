/**
 * The worktrees of a repository, as git's get_worktrees() and
 * `git worktree list` see them: the main worktree first, then the linked ones
 * sorted by path (pathsort(): strcmp, or strcasecmp with core.ignorecase).
 * A linked entry whose `gitdir` file is missing or empty is skipped, as git does.
 */
import { realpathSync } from "node:fs";
import { type GitConfig, loadConfig } from "../../git/config/config.ts";
import type { Repository, WorktreeInfo, WorktreeJson } from "../../git/repo/types.ts";
import { readAdminEntry, readWorktreeHead } from "../../git/worktree/admin-entry.ts";
import { listAdminIds } from "../../git/worktree/worktree-admin.ts";
import { comparePaths, samePath, toGitPath } from "../../git/repo/fspath.ts";

export interface ListOptions {
  /** The repository's configuration (core.ignorecase); read when not given. */
  config?: GitConfig;
  /** `--expire`: unix seconds; a missing worktree newer than this is not prunable. Default: Infinity (git's TIME_MAX). */
  expire?: number;
}

/** core.ignorecase, which decides how git compares and sorts paths. */
export function ignoreCaseOf(repo: Repository, config?: GitConfig): boolean {
  const c = config ?? loadConfig({ commonDir: repo.commonDir, gitDir: repo.gitDir });
  return c.getBool("core.ignorecase", false);
}

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * Lists the worktrees: main first, then linked ones sorted by path.
 * Never throws for a damaged linked worktree: it is reported (prunable)
 * or skipped exactly as git does.
 */
export async function listWorktrees(repo: Repository, opts: ListOptions = {}): Promise<WorktreeInfo[]> {
  return listWorktreesSync(repo, opts);
}

/** Synchronous listWorktrees (the commands run it on the start-up path). */
export function listWorktreesSync(repo: Repository, opts: ListOptions = {}): WorktreeInfo[] {
  const ignoreCase = ignoreCaseOf(repo, opts.config);
  const expire = opts.expire ?? Number.POSITIVE_INFINITY;
  const currentGitDir = realOrSelf(repo.gitDir);

  const mainHead = readWorktreeHead(repo.commonDir, repo.commonDir);
  const main: WorktreeInfo = {
    path: toGitPath(repo.mainWorktree),
    adminDir: repo.commonDir,
    id: null,
    head: mainHead.oid,
    branch: mainHead.ref,
    detached: mainHead.ok && mainHead.ref === null && mainHead.oid !== null,
    bare: repo.mainIsBare,
    locked: false,
    lockReason: null,
    prunable: false,
    prunableReason: null,
    isMain: true,
    isCurrent: samePath(currentGitDir, realOrSelf(repo.commonDir), ignoreCase),
  };

  const linked: WorktreeInfo[] = [];
  for (const id of listAdminIds(repo)) {
    const e = readAdminEntry(repo.commonDir, id, expire);
    if (e === null) continue;
    const head = e.head;
    linked.push({
      path: e.path,
      adminDir: e.adminDir,
      id,
      head: head.oid,
      branch: head.ref,
      detached: head.ok && head.ref === null && (head.oid !== null || head.missing === true),
      bare: false,
      locked: e.lockReason !== null,
      lockReason: e.lockReason,
      prunable: e.prunableReason !== null,
      prunableReason: e.prunableReason,
      isMain: false,
      isCurrent: false,
    });
  }
  linked.sort((a, b) => comparePaths(a.path, b.path, ignoreCase));
  if (!main.isCurrent) {
    for (const w of linked) {
      if (samePath(currentGitDir, realOrSelf(w.adminDir), ignoreCase)) {
        w.isCurrent = true;
        break;
      }
    }
  }
  return [main, ...linked];
}

/** The `--json` / plugin-context shape of a worktree. */
export function toWorktreeJson(w: WorktreeInfo): WorktreeJson {
  return {
    path: w.path,
    head: w.head,
    branch: w.branch,
    detached: w.detached,
    bare: w.bare,
    locked: w.locked,
    lockReason: w.lockReason,
    prunable: w.prunable,
    prunableReason: w.prunableReason,
    isMain: w.isMain,
    isCurrent: w.isCurrent,
  };
}
