/**
 * Checkout of a tree into an empty directory, and the index entries that
 * describe what was written.
 *
 * Everything that can refuse the tree (unsafe paths, case collisions, a
 * missing object among the trees) is checked before the first write. Then
 * directories are made once each, parents first, and files are written
 * synchronously with open(O_EXCL)/write/fstat/close: the stat data goes
 * straight into the index entry, so `git status` in the new worktree is
 * clean without a refresh. Content goes through git's convert_to_working_tree
 * order: ident, end-of-line, then the smudge filter.
 *
 * On failure (or abort) this throws and leaves what it wrote: the caller
 * owns the directory and removes it (worktree add rolls back as a whole).
 */
import { type BigIntStats, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { InterruptedError, RepoManagerError } from "../../errors.ts";
import { AttributeMatcher } from "../patterns/attributes.ts";
import { CheckoutWorkerPool, workerStoreSource } from "./checkout-parallel.ts";
import { neededDirs, readTyped, walk, writeError } from "./checkout-walk.ts";
import { type CheckoutItem, entryFromStat, entryFromStatData, linkType, MODE_GITLINK, MODE_LINK, writeFile, ZERO_STAT } from "./checkout-write.ts";
import { conversionPlan, type EolConfig, identToWorktree, toWorktreeEol } from "./eol.ts";
import { applyFilter, checkFilterUsable, type FilterDrivers } from "./filters.ts";
import type { CacheTreeNode, IndexEntry, StatData } from "../index/types.ts";
import type { ObjectStore } from "../objects/types.ts";
import { checkCaseCollisions, defaultCaseInsensitive, type PathSafetyOptions } from "./paths.ts";
import { fullJit } from "../../platform/jit.ts";
import { comparePaths } from "../repo/fspath.ts";
import { CheckoutError } from "./errors.ts";

export interface CheckoutOptions extends EolConfig {
  store: ObjectStore;
  /** The tree to check out (peel commits first). */
  treeOid: string;
  /** An existing, empty directory. */
  worktree: string;
  /** `$GIT_DIR` (common dir) for `info/attributes`. */
  gitDir?: string;
  /** core.symlinks; default false on Windows (links become files holding the target), else true. */
  symlinks?: boolean;
  /** core.attributesFile; undefined = XDG default, null = none. */
  attributesFile?: string | null;
  /** filter.<driver>.* from config. */
  filters?: FilterDrivers;
  /** Refuse paths that collide by case (default on Windows and macOS). */
  caseInsensitive?: boolean;
  pathSafety?: PathSafetyOptions;
  /** Checked between files; an abort throws InterruptedError. */
  signal?: AbortSignal;
  /** Called with (files written, total files) every 256 files and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Non-fatal problems (a non-required filter failed). */
  warn?: (message: string) => void;
  /** Extra environment for filter commands. */
  filterEnv?: Record<string, string | undefined>;
  /**
   * Sparse checkout (e.g. a SparseMatcher over `info/sparse-checkout`): paths
   * it does not include are not written and get the skip-worktree bit.
   */
  sparse?: { includes(path: string): boolean };
  /**
   * checkoutTreeAsync only: write part of the plain files on a second thread
   * (checkout-parallel.ts). "auto" (default) when there are at least
   * PARALLEL_MIN_FILES of them and the machine has 2+ CPUs.
   */
  parallel?: "auto" | "on" | "off";
  /**
   * A guess at the number of files (e.g. the entry count of the main
   * worktree's index): at or above PARALLEL_MIN_FILES the worker is started
   * before the tree walk, so its start-up overlaps it. Without it the worker
   * starts after the walk, if the tree is large enough.
   */
  sizeHint?: number;
}

/**
 * Below this many plain files the worker stays off. Measured with the compiled binary (2-core VM,
 * worker forced on vs off, 15 runs each, medians): 50 files 41 vs 44 ms, 100 files 59 vs 66 ms,
 * 200 files 85 vs 103 ms; a 1-file tree pays ~1-2 ms for starting a thread it does not use.
 */
export const PARALLEL_MIN_FILES = 200;

export { CheckoutError };

export interface CheckoutResult {
  /** Index entries in index order, stat data from the files just written. */
  entries: IndexEntry[];
  /** The cache tree for the TREE extension. */
  tree: CacheTreeNode;
}

/**
 * Checks out `treeOid` into the empty directory `worktree` and returns the
 * index entries and cache tree to write with writeIndexFile. Throws
 * UnsafePathError / PathCollisionError before writing anything, and
 * CheckoutError, FilterError, InterruptedError or an object store error
 * midway (leaving the partial checkout for the caller to remove).
 */
export function checkoutTree(o: CheckoutOptions): CheckoutResult {
  const steps = checkoutSteps(o, () => null);
  for (;;) {
    const r = steps.next();
    if (r.done) return sorted(r.value);
  }
}

/** Tree order equals index order except around names that sort after '/'; sort to be exact. */
function sorted(r: CheckoutResult): CheckoutResult {
  r.entries.sort((a, b) => comparePaths(a.path, b.path));
  return r;
}

/** How long the async checkout writes before it lets the event loop run (Ctrl-C, progress). */
const SLICE_MS = 50;

/**
 * checkoutTree, yielding to the event loop every ~50 ms of writing so a
 * Ctrl-C (a signal handler on the event loop) aborts `o.signal` and stops
 * the checkout within a slice, not after the last file. Same result and
 * errors as checkoutTree; the extra macrotasks cost well under 1% of the time.
 */
export async function checkoutTreeAsync(o: CheckoutOptions): Promise<CheckoutResult> {
  let pool: CheckoutWorkerPool | null = null;
  const stopWorker = () => pool?.stop();
  const mode = o.parallel ?? "auto";
  // Started before the walk so its start-up overlaps it; dropped again if the tree is small.
  // The worker reads objects from the same directories; a store without them (a test double) writes on one thread.
  const source = workerStoreSource(o.store);
  const wanted = (files: number) =>
    source !== null && (mode === "on" || (mode === "auto" && files >= PARALLEL_MIN_FILES && cpuCount() >= 2));
  let early = source !== null && wanted(o.sizeHint ?? 0) ? new CheckoutWorkerPool(source) : null;
  const makePool: PoolFactory = (plainFiles, root, sink) => {
    const started = early;
    early = null;
    if (source === null || !wanted(plainFiles)) {
      started?.discard();
      return null;
    }
    pool = (started ?? new CheckoutWorkerPool(source)).use(root, sink, (oid, path) => readTyped(o.store, oid, "blob", path));
    return pool;
  };
  o.signal?.addEventListener("abort", stopWorker);
  try {
    const steps = checkoutSteps(o, makePool);
    let sliceEnd = performance.now() + SLICE_MS;
    let result: CheckoutResult;
    for (;;) {
      const r = steps.next();
      if (r.done) {
        result = r.value;
        break;
      }
      if (performance.now() < sliceEnd) continue;
      // A macrotask (not a microtask): signal handlers only run when the loop turns.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      sliceEnd = performance.now() + SLICE_MS;
    }
    const p = pool as CheckoutWorkerPool | null;
    if (p !== null) {
      pool = null;
      const failure = await drainToError(p);
      // Forced on (REPO_MANAGER_CHECKOUT_WORKERS=1) is for tests and debugging: say when it did not happen.
      if (o.parallel === "on" && p.fallbackReason !== null) o.warn?.(`checkout worker ${p.fallbackReason}; files written on one thread`);
      if (o.signal?.aborted) throw new InterruptedError();
      if (failure !== null) throw failure;
    }
    return sorted(result);
  } catch (e) {
    // Never return (and so never roll back) while the worker may still write.
    const p = pool as CheckoutWorkerPool | null;
    if (p !== null) {
      p.stop();
      await p.drain().catch(() => undefined);
    }
    throw e;
  } finally {
    early?.discard(); // the walk refused the tree before the pool was used
    o.signal?.removeEventListener("abort", stopWorker);
  }
}

function cpuCount(): number {
  return navigator.hardwareConcurrency ?? 1;
}

/**
 * Waits for the worker; a write it failed becomes the CheckoutError the main
 * thread would throw, an object it could not read is already the store's typed error.
 */
async function drainToError(p: CheckoutWorkerPool): Promise<RepoManagerError | null> {
  try {
    const f = await p.drain();
    if (f === null || f instanceof RepoManagerError) return f;
    return writeError(f.path, f.message, f.code, f);
  } catch (e) {
    if (e instanceof RepoManagerError) return e; // an object read for a dead worker's files
    const err = e as NodeJS.ErrnoException;
    return writeError(err.path ?? "", err.message, err.code, e);
  }
}

/** Files per message to the worker, and the length of the alternating runs of plain files. */
const WORKER_RUN = 32;

/** Makes the worker pool for this many plain files, or null to write everything on this thread. */
type PoolFactory = (plainFiles: number, root: string, sink: (index: number, stat: StatData) => void) => CheckoutWorkerPool | null;

/** Files written between two yields of checkoutSteps (a clock read costs more than a file check). */
const STEP_FILES = 16;

/** The checkout as a generator: yields every STEP_FILES files so a driver may pause; returns the result. */
function* checkoutSteps(o: CheckoutOptions, makePool: PoolFactory): Generator<void, CheckoutResult, void> {
  fullJit();
  const caseInsensitive = o.caseInsensitive ?? defaultCaseInsensitive();
  // core.ignoreCase also makes attribute patterns match without case, as in git.
  const attrs = new AttributeMatcher({ gitDir: o.gitDir, attributesFile: o.attributesFile, ignoreCase: caseInsensitive });
  const items: CheckoutItem[] = [];
  const dirs: string[] = [];
  const tree = walk(o, attrs, items, dirs);
  if (caseInsensitive) checkCaseCollisions(items.map((i) => i.path));

  const root = /[\\/]$/.test(o.worktree) ? o.worktree : `${o.worktree}/`;
  const symlinks = o.symlinks ?? process.platform !== "win32";
  const plain = attrs.isEmpty && (o.autocrlf ?? false) === false;
  const filters = o.filters ?? {};
  if (!plain) {
    // Decide every conversion up front, so a missing required filter refuses before any write.
    for (const item of items) {
      if (item.mode === MODE_LINK || item.mode === MODE_GITLINK) continue;
      const plan = conversionPlan(attrs.isEmpty ? null : attrs.get(item.path), o);
      if (plan.filter !== null) checkFilterUsable(plan.filter, filters, item.path, "smudge");
      if (plan.ident || plan.filter !== null || plan.crlf !== "binary") item.plan = plan;
    }
  }
  let current = "";
  const sparse = o.sparse;
  const skipped = sparse ? new Set(items.filter((i) => !sparse.includes(i.path)).map((i) => i.path)) : null;
  try {
    for (const d of skipped ? neededDirs(items, skipped) : dirs) {
      current = d;
      mkdirSync(root + d);
    }
    const entries: IndexEntry[] = new Array(items.length);
    const total = items.length;
    let plainFiles = 0;
    for (const item of items) if (isPlainFile(item) && !skipped?.has(item.path)) plainFiles++;
    const pool = makePool(plainFiles, root, (i, d) => {
      entries[i] = entryFromStatData(items[i] as CheckoutItem, d);
    });
    let plainSeen = 0;
    for (let i = 0; i < total; i++) {
      if (o.signal?.aborted) throw new InterruptedError();
      const item = items[i] as CheckoutItem;
      current = item.path;
      const full = root + item.path;
      let st: BigIntStats | null;
      if (skipped?.has(item.path)) {
        entries[i] = { ...entryFromStat(item, ZERO_STAT), skipWorktree: true };
        continue;
      }
      if (item.mode === MODE_GITLINK) {
        st = lstatSync(full, { bigint: true }); // made above with the directories
      } else if (item.mode === MODE_LINK) {
        const target = readTyped(o.store, item.oid, "blob", item.path);
        if (symlinks) {
          symlinkSync(Buffer.from(target).toString("utf8"), full, linkType(full, target));
          st = lstatSync(full, { bigint: true });
        } else st = writeFile(full, target, false); // git: the link text, no conversion
      } else if (pool !== null && item.plan === null && ((plainSeen++ / WORKER_RUN) & 1) === 0) {
        // Every other run of plain files goes to the worker; its stat data arrives in `entries` later.
        // The worker reads the blob itself: each thread inflates only its own half.
        pool.add(i, item.path, item.oid, (item.mode & 0o111) !== 0, WORKER_RUN);
        st = null;
      } else {
        let data = readTyped(o.store, item.oid, "blob", item.path);
        const plan = item.plan;
        if (plan !== null) {
          if (plan.ident) data = identToWorktree(data, item.oid);
          data = toWorktreeEol(data, plan.crlf, o);
          if (plan.filter !== null) {
            data = applyFilter("smudge", plan.filter, filters, item.path, data, { cwd: o.worktree, env: o.filterEnv, warn: o.warn });
          }
        }
        st = writeFile(full, data, (item.mode & 0o111) !== 0);
      }
      if (st !== null) entries[i] = entryFromStat(item, st);
      // Files handed to the worker count as done here (progress is approximate by a batch).
      if ((i & (STEP_FILES - 1)) === STEP_FILES - 1) yield;
      if (o.onProgress && ((i + 1) & 255) === 0) o.onProgress(i + 1, total);
    }
    pool?.flush();
    o.onProgress?.(total, total);
    return { entries, tree };
  } catch (e) {
    if (e instanceof RepoManagerError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw writeError(current, err.message, err.code, e);
  }
}

/** A regular file written as is (no conversion): what the checkout worker may write. */
function isPlainFile(item: CheckoutItem): boolean {
  return item.plan === null && item.mode !== MODE_LINK && item.mode !== MODE_GITLINK;
}
