/**
 * `worktree add`: plan (add-plan.ts), then create in git 2.39's order: the
 * branch (and its upstream config), the admin dir marked `locked`
 * ("initializing"), the directory and admin files, HEAD with its reflog,
 * the checkout and index, ORIG_HEAD, and finally the `locked` file removed
 * (kept with --lock). Any failure or Ctrl-C undoes all of it: the directory
 * (or, if it existed empty, its new contents), the admin dir, the branch and
 * its reflog, the config keys. One deliberate difference from git's order:
 * the admin dir (with `locked` and our recovery marker, add-recovery.ts) is
 * made before the branch, so that a `kill -9` at any later point leaves a
 * record our `worktree prune` uses to undo everything.
 *
 * Ctrl-C: noticed at safe points between steps and, during the checkout,
 * every ~50 ms of writing (checkoutTreeAsync yields to the event loop); then
 * everything is rolled back and InterruptedError is thrown.
 */
import { existsSync, mkdirSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { GitConfig } from "../../git/config/config.ts";
import { openRepositoryObjectStore, parseCommit } from "../../git/objects/index.ts";
import { peelToTree } from "../../git/objects/peel.ts";
import { appendReflog, committerIdent, NULL_OID, reflogLine, shouldLogRef, updateRef } from "../../git/refs/ref-write.ts";
import type { RevContext } from "../../git/refs/revparse.ts";
import type { Repository } from "../../git/repo/types.ts";
import { createAdminDir, deleteAdminDir, deleteWorktreesDirIfEmpty, removeLocked } from "../../git/worktree/worktree-admin.ts";
import { interruptSignal, throwIfInterrupted } from "../../platform/interrupt.ts";
import { readSparseCheckout, writeAdminFiles, writeInitialLock, writeOrigHead, writeWorktreeHead } from "../../git/worktree/add-admin.ts";
import { addStepError } from "./add-fs-errors.ts";
import { AddHookRunner, type PostCheckoutResult } from "./add-hooks.ts";
import { checkoutNewWorktree } from "./add-checkout.ts";
import { type AddOptions, planAdd } from "./add-plan.ts";
import { type AddProgress, removeAddMarker, writeAddMarker } from "./add-recovery.ts";
import { AddRollback } from "./add-rollback.ts";
import { toGitPath } from "../../git/repo/fspath.ts";

export type { AddOptions } from "./add-plan.ts";

/**
 * Delta-base cache budget for the checkout, per thread (core.deltaBaseCacheLimit overrides it).
 * Tree order reads each path's blob once, so a base is reused only by similar files read
 * soon after: on the bench repositories 2 MiB was as fast as 16 MiB and as no cache at all,
 * and the ring it lives in (base-cache.ts) costs its budget in peak memory.
 */
const CHECKOUT_BASE_CACHE = 2 * 1024 * 1024;

export interface AddHooks {
  /** git's progress/status lines ("Preparing worktree (...)", "HEAD is now at ..."). */
  onMessage?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  warn?: (message: string) => void;
  /** git's advice lines (a hook ignored because it is not executable), printed even with -q. */
  hint?: (message: string) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export interface AddResult {
  path: string;
  id: string;
  head: string;
  /** `refs/heads/x`, or null when detached. */
  branch: string | null;
  detached: boolean;
  /** The branch created (or reset with -B), short name. */
  createdBranch: string | null;
  upstream: { remote: string; merge: string } | null;
  locked: boolean;
  lockReason: string | null;
  checkedOut: boolean;
  /** Index entries written (0 with --no-checkout). */
  files: number;
  /**
   * The post-checkout hook's outcome, null when none ran. Its failure does not
   * undo the add; as git, the command exits with its status.
   */
  postCheckout: PostCheckoutResult | null;
}

/** The top-most directory `mkdir -p path` would create, or null when `path` exists. */
function topMissingDir(path: string): string | null {
  let top: string | null = null;
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) {
    top = p;
    if (dirname(p) === p) break;
  }
  return top;
}

/** Lets queued signal handlers run, then throws InterruptedError if Ctrl-C was pressed. */
async function safePoint(signal: AbortSignal): Promise<void> {
  await new Promise<void>((r) => setImmediate(r));
  throwIfInterrupted(signal);
}

/**
 * Adds a linked worktree. Throws WorktreeAddError, UsageError, revision,
 * object store, checkout or filter errors, or InterruptedError, in every
 * case after removing whatever it had created.
 */
export async function addWorktree(repo: Repository, config: GitConfig, opts: AddOptions, hooks: AddHooks = {}): Promise<AddResult> {
  const signal = hooks.signal ?? interruptSignal;
  const env = hooks.env ?? process.env;
  // Checkout reads in tree order, where a delta's base is nearly always one of the last few
  // objects read: a small base cache is as fast as git's 96 MiB there (see CHECKOUT_BASE_CACHE).
  const store = openRepositoryObjectStore(repo.commonDir, config, env, { baseCacheBytes: CHECKOUT_BASE_CACHE });
  const undo = new AddRollback(repo);
  const runHooks = new AddHookRunner({ repo, config, env, cwd: opts.cwd ?? process.cwd(), hint: hooks.hint });
  let result: AddResult;
  try {
    const rev: RevContext = { gitDir: repo.gitDir, commonDir: repo.commonDir, store, objectDirs: store.objectDirs };
    const plan = planAdd(repo, config, rev, opts);
    hooks.onMessage?.(plan.preparing);
    const ident = committerIdent(config, env);
    await safePoint(signal);

    if (plan.replaceAdminId !== null) deleteAdminDir(repo, plan.replaceAdminId); // git: validate_worktree_add() with --force
    // The admin dir comes first (git creates the branch first): from here on, every step is
    // recorded in our marker, so a prune can undo an add killed at any later point.
    let made: { id: string; adminDir: string };
    try {
      made = createAdminDir(repo, plan.path);
    } catch (e) {
      deleteWorktreesDirIfEmpty(repo); // createAdminDir may have made <common>/worktrees first
      throw addStepError("the admin directory for", plan.path, e, {
        ENAMETOOLONG: "the last component of the path names its admin directory under worktrees/, and a name may have at most about 255 bytes: choose a shorter one",
      });
    }
    const { id, adminDir } = made;
    undo.adminDir = adminDir;
    const started = new Date();
    const logHead = shouldLogRef(config, "HEAD", false);
    // What recovery needs beyond the rollback state: the commit (to compare a half-written
    // worktree with its tree) and the steps after the index (to finish a checked-out add).
    const progress: AddProgress = {
      commit: plan.commit,
      finish: plan.checkout
        ? { origHead: `${plan.commit}\n`, headReflog: plan.branchRef !== null && logHead ? reflogLine(plan.commit, plan.commit, ident, "reset: moving to HEAD") : null }
        : undefined,
    };
    undo.onChange = (state) => writeAddMarker(adminDir, plan.lockReason ?? "initializing", state, started, progress);
    undo.onChange(undo.state()); // before `locked`: a marker without it is not taken as an interrupted add
    writeInitialLock(adminDir, plan.lockReason);
    if (plan.create) {
      const c = plan.create;
      undo.branchWillChange(c.ref, c.oldOid, plan.commit);
      const branchWhere = { adminDir, worktree: plan.path, pathArg: opts.path };
      runHooks.transaction("branch", branchWhere, [[c.oldOid ?? NULL_OID, plan.commit, c.ref]], () => updateRef({
        gitDir: repo.gitDir,
        commonDir: repo.commonDir,
        ref: c.ref,
        newOid: plan.commit,
        expectOld: c.oldOid ?? NULL_OID,
        message: `branch: ${c.oldOid !== null ? "Reset to" : "Created from"} ${c.startName}`,
        ident,
        log: shouldLogRef(config, c.ref, repo.bare),
      }));
      undo.branchChanged(c.ref, plan.commit);
      if (c.tracking) {
        undo.setConfig(join(repo.commonDir, "config"), c.tracking.changes, config);
        hooks.onMessage?.(c.tracking.message);
      }
    }

    // Recorded before mkdir, so that a kill right after it still knows what to remove.
    undo.worktree = { path: plan.path, created: topMissingDir(plan.path) };
    let firstCreated: string | null;
    try {
      firstCreated = mkdirSync(plan.path, { recursive: true }) ?? null;
    } catch (e) {
      throw addStepError("the worktree directory", plan.path, e);
    }
    if (firstCreated !== undo.worktree.created) undo.worktree = { path: plan.path, created: firstCreated };
    const worktree = toGitPath(realpathSync.native(plan.path));
    const adminDirReal = toGitPath(realpathSync.native(adminDir));
    const where = { adminDir: adminDirReal, worktree, pathArg: opts.path };
    writeAdminFiles({
      adminDir,
      worktree,
      adminDirReal,
      currentGitDir: repo.gitDir,
      lockReason: plan.lockReason,
      sparseCheckout: config.getBool("core.sparseCheckout", false),
      worktreeConfig: config.getBool("extensions.worktreeConfig", false),
    });

    // HEAD as `git symbolic-ref HEAD <ref>` / `git update-ref HEAD <oid>` leave it (no reflog message).
    const writeHead = () => {
      writeWorktreeHead(adminDir, plan.branchRef, plan.commit);
      appendReflog(adminDir, "HEAD", reflogLine(NULL_OID, plan.commit, ident, ""), logHead);
    };
    // git 2.39 writes a symbolic HEAD with `symbolic-ref`, which runs no hook; a detached one with `update-ref`.
    if (plan.branchRef !== null) writeHead();
    else runHooks.transaction("head", where, [[NULL_OID, plan.commit, "HEAD"]], writeHead);
    await safePoint(signal);

    let files = 0;
    if (plan.checkout) {
      files = await checkoutNewWorktree({
        store,
        config,
        commonDir: repo.commonDir,
        adminDir,
        worktree,
        treeOid: peelToTree(store, plan.commit),
        signal,
        onProgress: (done, total) => {
          // Every 256 files: a quick (eden) collection keeps the blob buffers already written
          // from piling up; measured peak RSS 92 -> 82 MB on 5,000 files, no slower.
          Bun.gc(false);
          hooks.onProgress?.(done, total);
        },
        warn: hooks.warn,
        sparsePatterns: config.getBool("core.sparseCheckout", false) ? readSparseCheckout(adminDir) : null,
      });
      await safePoint(signal);
      // What `reset --hard` leaves behind: ORIG_HEAD, and a HEAD reflog entry when HEAD is symbolic.
      runHooks.transaction("reset", where, [[NULL_OID, plan.commit, "ORIG_HEAD"]], () => writeOrigHead(adminDir, plan.commit));
      const moved: [string, string, string][] = [[plan.commit, plan.commit, "HEAD"]];
      if (plan.branchRef !== null) moved.push([plan.commit, plan.commit, plan.branchRef]);
      runHooks.transaction("reset", where, moved, () => {
        if (plan.branchRef !== null) appendReflog(adminDir, "HEAD", reflogLine(plan.commit, plan.commit, ident, "reset: moving to HEAD"), logHead);
      });
      const subject = parseCommit(store.read(plan.commit).data, plan.commit).message.split("\n\n")[0]?.replace(/\n/g, " ").trim() ?? "";
      hooks.onMessage?.(`HEAD is now at ${plan.preparingAbbrev} ${subject}`);
    }
    // Complete: from here on, recovery after a kill finishes the add (removes `locked` and the
    // marker) instead of undoing it. (With a checkout, the index already says so.)
    progress.done = true;
    undo.onChange(undo.state());
    if (plan.lockReason === null) removeLocked(adminDir);
    removeAddMarker(adminDir);
    undo.done();
    const upstream = plan.create?.tracking
      ? { remote: plan.create.tracking.changes[0]?.[1] ?? "", merge: plan.create.tracking.changes[1]?.[1] ?? "" }
      : null;
    result = {
      path: worktree,
      id,
      head: plan.commit,
      branch: plan.branchRef,
      detached: plan.branchRef === null,
      createdBranch: plan.create?.name ?? null,
      upstream,
      locked: plan.lockReason !== null,
      lockReason: plan.lockReason,
      checkedOut: plan.checkout,
      files,
      postCheckout: null,
    };
  } catch (error) {
    undo.run(hooks.warn);
    throw error;
  } finally {
    store.close();
  }
  // git runs it once the add is complete ("hook failure does not warrant worktree deletion").
  if (result.checkedOut) result.postCheckout = runHooks.postCheckout(result.path, result.head);
  return result;
}
