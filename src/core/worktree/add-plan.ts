/**
 * `worktree add` argument resolution, as git 2.39's builtin/worktree.c add()
 * and add_worktree() decide it, but with every check done before anything is
 * written (git creates a `-b` branch before it notices that the target path
 * is not empty; we refuse first and create nothing).
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { RepoManagerError, UsageError } from "../../errors.ts";
import type { GitConfig } from "../../git/config/config.ts";
import { findOidsByPrefix } from "../../git/refs/oid-prefix.ts";
import { branchNameProblem } from "../../git/refs/refname.ts";
import { refExists } from "../../git/refs/refs.ts";
import { interpretBranchName, type RevContext, resolveCommitish } from "../../git/refs/revparse.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { isEmptyDir } from "../../git/repo/fspath.ts";
import { isBeingBisected, isBeingRebased } from "../../git/worktree/in-progress.ts";
import { findWorktreeByPath } from "./find.ts";
import { listWorktreesSync } from "./list.ts";
import { planTracking, type TrackingSetup, uniqueTrackingName } from "./add-tracking.ts";
import { UnknownRevisionError } from "../../git/refs/errors.ts";
import { WorktreeAddError } from "./errors.ts";

export interface AddOptions {
  /** The new worktree's path, as given (relative to cwd). */
  path: string;
  commitish?: string;
  /** -b <name> */
  newBranch?: string;
  /** -B <name> */
  forceNewBranch?: string;
  detach?: boolean;
  /** How often --force was given (twice overrides a lock). */
  force?: number;
  lock?: boolean;
  reason?: string;
  /** false for --no-checkout. */
  checkout?: boolean;
  /** --guess-remote / --no-guess-remote; default worktree.guessRemote. */
  guessRemote?: boolean;
  /** --track / --no-track for a new branch. */
  track?: boolean;
  /** What a relative <path> is relative to. */
  cwd: string;
}

export interface AddPlan {
  /** Absolute path of the new worktree. */
  path: string;
  /** True when the path exists (an empty directory) before we start. */
  pathExisted: boolean;
  /** A registered-but-missing worktree at `path` that --force allows us to replace. */
  replaceAdminId: string | null;
  commit: string;
  /** `refs/heads/x` when HEAD will be symbolic; null for a detached HEAD. */
  branchRef: string | null;
  /** The branch to create (or reset, with -B) first. */
  create: { name: string; ref: string; startName: string; oldOid: string | null; tracking: TrackingSetup | null } | null;
  lockReason: string | null;
  checkout: boolean;
  /** git's "Preparing worktree (...)" line. */
  preparing: string;
  /** The commit's unique abbreviation, for "HEAD is now at <abbrev> <subject>". */
  preparingAbbrev: string;
}

/** git's worktree_basename(): the last component, trailing slashes ignored. */
export function worktreeBasename(path: string): string {
  return basename(path.replace(/[\\/]+$/, ""));
}

/** find_unique_abbrev(): 7 hex digits, more while the prefix is ambiguous. */
export function abbrev(objectDirs: readonly string[], oid: string): string {
  for (let n = 7; n < 40; n++) if (findOidsByPrefix(objectDirs, oid.slice(0, n), 2).length <= 1) return oid.slice(0, n);
  return oid;
}

/**
 * Where `ref` is checked out, counting a branch being rebased or bisected
 * there (git's find_shared_symref(); bare main worktrees are skipped).
 */
export function findCheckedOut(list: WorktreeInfo[], ref: string): WorktreeInfo | undefined {
  for (const w of list) {
    if (w.bare) continue;
    if (w.branch === ref) return w;
    if (!w.detached) continue;
    if (isBeingRebased(w.adminDir, ref) || isBeingBisected(w.adminDir, ref)) return w;
  }
  return undefined;
}

function refuseCheckedOut(list: WorktreeInfo[], ref: string): void {
  const w = findCheckedOut(list, ref);
  if (w) {
    const name = ref.replace(/^refs\/heads\//, "");
    throw new WorktreeAddError("E_BRANCH_CHECKED_OUT", `'${name}' is already checked out at '${w.path}'`, "use --force to check it out twice, or pick another branch (-b <new>)", {
      branch: name,
      worktree: w.path,
    });
  }
}

const isLocalBranch = (commonDir: string, name: string) => branchNameProblem(name) === null && refExists(commonDir, `refs/heads/${name}`);

/** git's strbuf_check_branch_ref + ref_exists: the local branch `name` means (`@{-N}` interpreted), or null. */
function localBranchOf(rev: RevContext, commonDir: string, name: string): string | null {
  const b = interpretBranchName(rev, name);
  return b !== null && isLocalBranch(commonDir, b) ? b : null;
}

/** Resolves the arguments into a plan; throws without touching anything. */
export function planAdd(repo: Repository, config: GitConfig, rev: RevContext, o: AddOptions): AddPlan {
  const force = o.force ?? 0;
  if ([o.detach, o.newBranch !== undefined, o.forceNewBranch !== undefined].filter(Boolean).length > 1) {
    throw new UsageError("options '-b', '-B', and '--detach' cannot be used together");
  }
  if (o.reason !== undefined && !o.lock) throw new UsageError("the option '--reason' requires '--lock'");
  if (o.path === "") throw new UsageError("a worktree path is required");
  const path = resolve(o.cwd, o.path);
  let branch = o.commitish ?? "HEAD";
  if (branch === "-") branch = "@{-1}"; // git's add: `-` is the previous branch
  let newBranch = o.forceNewBranch ?? o.newBranch;
  const list = listWorktreesSync(repo, { config });

  if (o.forceNewBranch !== undefined && force === 0 && isLocalBranch(repo.commonDir, o.forceNewBranch)) {
    refuseCheckedOut(list, `refs/heads/${o.forceNewBranch}`);
  }
  const guessRemote = o.guessRemote ?? config.getBool("worktree.guessRemote", false);
  if (o.commitish === undefined && newBranch === undefined && !o.detach) {
    const name = worktreeBasename(path);
    if (isLocalBranch(repo.commonDir, name)) branch = name;
    else {
      newBranch = name;
      const remote = guessRemote ? uniqueTrackingName(config, repo.commonDir, name) : null;
      if (remote) branch = remote.ref;
    }
  }
  if (o.commitish !== undefined && newBranch === undefined && !o.detach) {
    let isCommit = true;
    try {
      resolveCommitish(rev, branch);
    } catch (e) {
      if (!(e instanceof UnknownRevisionError)) throw e;
      isCommit = false;
    }
    const remote = isCommit ? null : uniqueTrackingName(config, repo.commonDir, branch);
    if (remote) {
      newBranch = branch;
      branch = remote.ref;
    }
  }

  // validate_worktree_add(): an existing non-empty path, or a registered (missing) worktree there.
  const pathExisted = existsSync(path);
  if (pathExisted && !isEmptyDir(path)) {
    throw new WorktreeAddError("E_PATH_EXISTS", `'${o.path}' already exists`, "choose a new path, or remove what is there first", { path });
  }
  let replaceAdminId: string | null = null;
  const registered = findWorktreeByPath(list.slice(1), path);
  if (registered) {
    if ((!registered.locked && force >= 1) || (registered.locked && force >= 2)) replaceAdminId = registered.id;
    else if (registered.locked) {
      throw new WorktreeAddError("E_WORKTREE_MISSING_LOCKED", `'${o.path}' is a missing but locked worktree`, "use 'add -f -f' to override, or 'unlock' and 'prune' or 'remove' to clear", { path });
    } else {
      throw new WorktreeAddError("E_WORKTREE_MISSING", `'${o.path}' is a missing but already registered worktree`, "use 'add -f' to override, or 'prune' or 'remove' to clear", { path });
    }
  }

  let create: AddPlan["create"] = null;
  let branchRef: string | null = null;
  let commit: string;
  let preparing: string;
  if (newBranch !== undefined) {
    const problem = branchNameProblem(newBranch);
    if (problem !== null) throw new WorktreeAddError("E_INVALID_BRANCH_NAME", `'${newBranch}' is not a valid branch name`, problem, { branch: newBranch });
    const ref = `refs/heads/${newBranch}`;
    const exists = refExists(repo.commonDir, ref);
    if (exists && o.forceNewBranch === undefined) {
      throw new WorktreeAddError("E_BRANCH_EXISTS", `a branch named '${newBranch}' already exists`, `check it out with 'worktree add <path> ${newBranch}', or reset it with -B`, { branch: newBranch });
    }
    let start;
    try {
      start = resolveCommitish(rev, branch);
    } catch (e) {
      if (e instanceof UnknownRevisionError) {
        throw new WorktreeAddError("E_UNKNOWN_REVISION", `not a valid object name: '${branch}'`, "name a branch, tag or commit that exists", { rev: branch });
      }
      throw e;
    }
    commit = start.oid;
    const oldOid = exists ? resolveCommitish(rev, ref).oid : null;
    create = { name: newBranch, ref, startName: branch, oldOid, tracking: planTracking(config, newBranch, start.ref, o.track) };
    branchRef = ref;
    preparing = oldOid !== null ? `resetting branch '${newBranch}'; was at ${abbrev(rev.objectDirs, oldOid)}` : `new branch '${newBranch}'`;
  } else {
    if (o.track !== undefined) throw new UsageError("--[no-]track can only be used if a new branch is created");
    const local = o.detach ? null : localBranchOf(rev, repo.commonDir, branch);
    if (local !== null) {
      branchRef = `refs/heads/${local}`;
      if (force === 0) refuseCheckedOut(list, branchRef);
    }
    commit = resolveCommitish(rev, branch).oid;
    preparing = branchRef !== null ? `checking out '${branch}'` : `detached HEAD ${abbrev(rev.objectDirs, commit)}`;
  }
  if (create !== null && force === 0 && create.oldOid !== null) refuseCheckedOut(list, create.ref);
  return {
    path,
    pathExisted,
    replaceAdminId,
    commit,
    branchRef,
    create,
    lockReason: o.lock ? (o.reason ?? "added with --lock") : null,
    checkout: o.checkout !== false,
    preparing: `Preparing worktree (${preparing})`,
    preparingAbbrev: abbrev(rev.objectDirs, commit),
  };
}
