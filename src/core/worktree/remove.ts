/**
 * `worktree remove`, as git 2.39's remove_worktree(): refuse the main
 * worktree, a locked one (unless forced twice), one whose `.git` does not
 * point back to its admin dir, and, without --force, one with initialised
 * submodules or anything `git status` would show; then delete the directory
 * and the admin dir (and `worktrees/` if it became empty).
 */
import { statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { GitConfig } from "../../git/config/config.ts";
import { indexEntryCount } from "../../git/index/read.ts";
import { TreeRemover } from "../../git/remove/remove-tree.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { deleteAdminDirAt, deleteWorktreesDirIfEmpty, readGitFileGently } from "../../git/worktree/worktree-admin.ts";
import { interruptSignal, throwIfInterrupted } from "../../platform/interrupt.ts";
import { findInList } from "./find.ts";
import { ignoreCaseOf, listWorktreesSync } from "./list.ts";
import { type DirtyReason, whyNotRemovable } from "./remove-check.ts";
import { workersMode } from "./workers.ts";
import { realpathForgiving, samePath } from "../../git/repo/fspath.ts";
import { NotAWorktreeError, WorktreeRemoveError } from "./errors.ts";

export interface RemoveOptions {
  /** The worktree as given: a path or a unique path suffix. */
  worktree: string;
  /** How often --force was given: 1 ignores changes, 2 also a lock. */
  force?: number;
  /** What a relative <worktree> is relative to. */
  cwd: string;
  signal?: AbortSignal;
  /** REPO_MANAGER_REMOVE_WORKERS (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Non-fatal notes (the deletion worker, when forced on, could not run). */
  warn?: (message: string) => void;
}

export interface RemoveResult {
  path: string;
  id: string;
  /** False when the directory was already gone (only the admin dir was removed). */
  removedDirectory: boolean;
  branch: string | null;
  head: string | null;
}

/** git's validate_worktree() with WT_VALIDATE_WORKTREE_MISSING_OK: null when fine, else the problem. */
function validationProblem(w: WorktreeInfo): string | null {
  if (!isAbsolute(w.path)) return `'${w.path}' file does not contain absolute path to the working tree location`;
  if (!statSync(w.path, { throwIfNoEntry: false })) return null; // missing is fine here
  const dotgit = join(w.path, ".git");
  const st = statSync(dotgit, { throwIfNoEntry: false });
  if (!st) return `'${dotgit}' does not exist`;
  if (!st.isFile()) return `'${dotgit}' is not a .git file`;
  const target = readGitFileGently(dotgit).gitDir;
  const admin = realpathForgiving(w.adminDir);
  if (target === null || admin === null || !samePath(target, admin)) return `'${dotgit}' does not point back to '${w.adminDir}'`;
  return null;
}

function dirtyError(arg: string, why: DirtyReason): WorktreeRemoveError {
  if (why.kind === "submodules") {
    return new WorktreeRemoveError("E_WORKTREE_HAS_SUBMODULES", "working trees containing submodules cannot be moved or removed", "remove it with --force (the submodules go with it), or deinit them first", {
      path: why.path,
    });
  }
  return new WorktreeRemoveError("E_WORKTREE_DIRTY", `'${arg}' contains modified or untracked files, use --force to delete it`, `first ${why.kind} path: ${why.path}`, {
    reason: why.kind,
    path: why.path,
  });
}

/**
 * Removes a linked worktree. Throws NotAWorktreeError, WorktreeRemoveError
 * (main worktree, locked, invalid, dirty) before deleting anything. Large
 * worktrees are deleted on two threads (git/remove/remove-tree.ts).
 */
export async function removeWorktree(repo: Repository, config: GitConfig, o: RemoveOptions): Promise<RemoveResult> {
  const force = o.force ?? 0;
  const signal = o.signal ?? interruptSignal;
  const list = listWorktreesSync(repo, { config });
  const w = findInList(list, o.worktree, { cwd: o.cwd, ignoreCase: ignoreCaseOf(repo, config) });
  if (!w) throw new NotAWorktreeError(o.worktree);
  if (w.isMain || w.id === null) {
    throw new WorktreeRemoveError("E_MAIN_WORKTREE", `'${o.worktree}' is a main working tree`, "only linked worktrees can be removed", { path: w.path });
  }
  if (force < 2 && w.locked) {
    const reason = w.lockReason ?? "";
    throw new WorktreeRemoveError(
      "E_WORKTREE_LOCKED",
      reason !== "" ? `cannot remove a locked working tree, lock reason: ${reason}` : "cannot remove a locked working tree",
      "use 'remove -f -f' to override or unlock first",
      { path: w.path, reason },
    );
  }
  const problem = validationProblem(w);
  if (problem !== null) {
    throw new WorktreeRemoveError("E_WORKTREE_INVALID", `validation failed, cannot remove working tree: ${problem}`, "run 'repo-manager worktree repair', or remove it with git", { path: w.path });
  }
  const exists = statSync(w.path, { throwIfNoEntry: false }) !== undefined;
  const mode = workersMode(o.env ?? process.env, "REPO_MANAGER_REMOVE_WORKERS");
  // Started before the clean check, so its start-up overlaps it.
  const remover = new TreeRemover({ parallel: exists ? mode : "off", sizeHint: indexEntryCount(join(w.adminDir, "index")) });
  try {
    if (exists && force === 0) {
      const why = whyNotRemovable({ worktree: w.path, adminDir: w.adminDir, commonDir: repo.commonDir, config, signal });
      if (why !== null) throw dirtyError(o.worktree, why);
    }
    throwIfInterrupted(signal);
  } catch (e) {
    remover.discard();
    throw e;
  }
  let failed: unknown = null;
  if (exists) {
    try {
      // Windows: read-only files make rm fail with EPERM where git would chmod first; reported below.
      await remover.remove(w.path);
    } catch (e) {
      failed = e; // git goes on and deletes the admin dir anyway: "there's no going back from here"
    }
    if (mode === "on" && remover.fallbackReason !== null) o.warn?.(`remove worker ${remover.fallbackReason}; deleted on one thread`);
  }
  deleteAdminDirAt(w.adminDir);
  deleteWorktreesDirIfEmpty(repo);
  if (failed !== null) {
    // Not "nothing changed": the admin dir is gone (as git does), so say what is left and what to do.
    throw new WorktreeRemoveError(
      "E_DELETE_FAILED",
      `failed to delete all of '${w.path}': part of it is left, but it is no longer a registered worktree`,
      "its branch is free again; delete what is left by hand once nothing holds it (permissions, open files)",
      { path: w.path, cause: String(failed) },
    );
  }
  return { path: w.path, id: w.id, removedDirectory: exists, branch: w.branch, head: w.head };
}
