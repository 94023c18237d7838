/**
 * The worktrees of a repository, as git's get_worktrees() and
 * `git worktree list` see them: the main worktree first, then the linked ones
 * sorted by path (pathsort(): strcmp, or strcasecmp with core.ignorecase).
 * A linked entry whose `gitdir` file is missing or empty is skipped, as git does.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { type GitConfig, loadConfig } from "../../git/config/config.ts";
import { readPackedRefs, resolveRefIn, type ResolvedRef } from "../../git/refs/refs.ts";
import type { Repository, WorktreeInfo, WorktreeJson } from "../../git/repo/types.ts";
import { comparePaths, gitRtrim, gitTrim, listAdminIds, readGitdirFile, samePath, toGitPath, worktreeAdminDir } from "../../git/worktree/worktree-admin.ts";
import { shouldPruneWorktree } from "../../git/worktree/prunable.ts";

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

const OID = /^[0-9a-f]{40}$/;
/** `refs/heads/<a>[/<b>...]` with components of [A-Za-z0-9_+-] runs joined by single dots, none ending in ".lock": always a valid ref name. */
const PLAIN_BRANCH = /^refs\/heads\/(?!(?:.*\/)?[^/]*\.lock(?:\/|$))[\w+-]+(?:\.[\w+-]+)*(?:\/[\w+-]+(?:\.[\w+-]+)*)*$/;

function resolveHeadSlow(gitDir: string, commonDir: string): ResolvedRef & { ok: boolean } {
  try {
    return { ...resolveRefIn(gitDir, commonDir, "HEAD"), ok: true };
  } catch {
    // A corrupt HEAD: git's add_head_info() leaves everything unset.
    return { oid: null, ref: null, ok: false };
  }
}

/**
 * HEAD of one worktree. The common case (HEAD -> refs/heads/<x>, loose or
 * packed) is read here without exceptions for missing files, which cost more
 * than the reads themselves when listing 100 worktrees; anything else goes
 * through refs.ts.
 */
function headOf(gitDir: string, commonDir: string): ResolvedRef & { ok: boolean; missing?: boolean } {
  let text: string;
  try {
    text = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
  } catch (error) {
    // git's add_head_info() resolves HEAD without RESOLVE_REF_READING: a
    // missing file is the null id and no symref, i.e. "detached".
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { oid: null, ref: null, ok: true, missing: true };
    return { oid: null, ref: null, ok: false };
  }
  if (!text.startsWith("ref:")) {
    const oid = text.slice(0, 40);
    return OID.test(oid) ? { oid, ref: null, ok: true } : { oid: null, ref: null, ok: false };
  }
  const target = text.slice(4).trim();
  // Only plainly valid branch names take the fast path; anything else (a bad
  // name such as ".." climbing out of refs/) goes through refs.ts, which
  // checks the name fully and refuses what git refuses.
  if (!PLAIN_BRANCH.test(target)) return resolveHeadSlow(gitDir, commonDir);
  const loose = join(commonDir, target);
  const st = statSync(loose, { throwIfNoEntry: false });
  if (st?.isFile()) {
    const oid = readFileSync(loose, "utf8").trim();
    return OID.test(oid) ? { oid, ref: target, ok: true } : resolveHeadSlow(gitDir, commonDir);
  }
  if (st) return resolveHeadSlow(gitDir, commonDir);
  return { oid: readPackedRefs(commonDir).refs.get(target) ?? null, ref: target, ok: true };
}

/** The raw `gitdir` file of a linked worktree, or null when it is missing. */
function readRawGitdir(adminDir: string): string | null {
  try {
    return readFileSync(join(adminDir, "gitdir"), "utf8");
  } catch {
    return null;
  }
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

  const mainHead = headOf(repo.commonDir, repo.commonDir);
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
    const adminDir = worktreeAdminDir(repo, id);
    const raw = readRawGitdir(adminDir);
    if (raw === null || gitRtrim(raw) === "") continue;
    const rawPath = raw.replace(/[\r\n]+$/, "");
    const path = isAbsolute(rawPath) && !rawPath.includes("\n") ? stripDotGitSuffix(gitRtrim(rawPath)) : readGitdirFile(adminDir);
    if (path === null) continue;
    const head = headOf(adminDir, repo.commonDir);
    const lockedSt = statSync(join(adminDir, "locked"), { throwIfNoEntry: false });
    const lockReason = lockedSt ? gitTrim(readFileSync(join(adminDir, "locked"), "utf8")) : null;
    // Fast path of should_prune_worktree(): locked, or the recorded .git exists.
    const verdict =
      lockReason !== null || (isAbsolute(rawPath) && statSync(rawPath, { throwIfNoEntry: false }) !== undefined)
        ? { prune: false as const }
        : shouldPruneWorktree(repo, id, expire);
    linked.push({
      path,
      adminDir,
      id,
      head: head.oid,
      branch: head.ref,
      detached: head.ok && head.ref === null && (head.oid !== null || head.missing === true),
      bare: false,
      locked: lockReason !== null,
      lockReason,
      prunable: verdict.prune,
      prunableReason: verdict.prune ? verdict.reason : null,
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

function stripDotGitSuffix(p: string): string {
  return p.endsWith("/.git") || (process.platform === "win32" && p.endsWith("\\.git")) ? p.slice(0, -5) : p;
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
