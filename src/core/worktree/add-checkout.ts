/**
 * The checkout step of `worktree add` (what git does with `reset --hard` in
 * the new worktree): the commit's tree written into the directory, then the
 * index, filled with the stat data of the files just written, in the
 * worktree's admin dir.
 */
import { join } from "node:path";
import type { GitConfig } from "../../git/config/config.ts";
import { checkoutTreeAsync } from "../../git/checkout/checkout.ts";
import type { FilterDrivers } from "../../git/checkout/filters.ts";
import { SparseMatcher } from "../../git/patterns/ignore.ts";
import { indexEntryCount } from "../../git/index/read.ts";
import { writeIndexFile } from "../../git/index/write.ts";
import type { ObjectStore } from "../../git/objects/types.ts";
import { filterDriversFrom } from "../../git/status/config-options.ts";
import { workersMode } from "./workers.ts";

/** filter.<driver>.{smudge,clean,process,required} from the configuration. */

function autocrlfOf(config: GitConfig): boolean | "input" {
  const v = config.get("core.autocrlf");
  if (v !== undefined && v !== null && v.toLowerCase() === "input") return "input";
  return config.getBool("core.autocrlf", false);
}

function eolOf(config: GitConfig): "lf" | "crlf" | "native" | undefined {
  const v = config.getString("core.eol")?.toLowerCase();
  return v === "lf" || v === "crlf" || v === "native" ? v : undefined;
}

export interface WorktreeCheckoutOptions {
  store: ObjectStore;
  config: GitConfig;
  commonDir: string;
  adminDir: string;
  worktree: string;
  treeOid: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  warn?: (message: string) => void;
  /** The sparse-checkout patterns to apply (null: a full checkout). */
  sparsePatterns?: string | null;
  /** For REPO_MANAGER_CHECKOUT_WORKERS (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Checks out the tree and writes `<adminDir>/index`. Returns the number of
 * index entries. Async only to let Ctrl-C in: the writing yields to the
 * event loop every ~50 ms and throws InterruptedError once `signal` aborts.
 */
export async function checkoutNewWorktree(o: WorktreeCheckoutOptions): Promise<number> {
  const { config } = o;
  const ignoreCase = config.get("core.ignorecase") !== undefined ? config.getBool("core.ignorecase", false) : undefined;
  const attributesFile = config.getPath("core.attributesFile");
  const result = await checkoutTreeAsync({
    store: o.store,
    treeOid: o.treeOid,
    worktree: o.worktree,
    gitDir: o.commonDir,
    // Windows: git for Windows sets core.symlinks=false at clone time unless links work; default off there.
    symlinks: config.getBool("core.symlinks", process.platform !== "win32"),
    attributesFile: attributesFile === undefined ? undefined : attributesFile,
    filters: filterDriversFrom(config),
    caseInsensitive: ignoreCase,
    autocrlf: autocrlfOf(config),
    eol: eolOf(config),
    signal: o.signal,
    onProgress: o.onProgress,
    warn: o.warn,
    // A smudge filter (Git LFS) runs as git runs it from `reset --hard` in the new worktree.
    filterEnv: { GIT_DIR: join(o.worktree, ".git"), GIT_WORK_TREE: o.worktree },
    // Excluded paths are not written and get the skip-worktree bit (index v3).
    sparse: o.sparsePatterns != null ? new SparseMatcher(o.sparsePatterns) : undefined,
    parallel: workersMode(o.env ?? process.env, "REPO_MANAGER_CHECKOUT_WORKERS"),
    sizeHint: indexEntryCount(join(o.commonDir, "index")),
  });
  writeIndexFile(join(o.adminDir, "index"), result.entries, { tree: result.tree, sorted: true });
  return result.entries.length;
}
