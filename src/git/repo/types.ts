/**
 * Shared shapes of the git layer. These are the contracts between modules
 * (discovery, worktree admin, object store, checkout, plugins' context).
 */

/** A repository as found from a directory (see src/git/repo/discovery.ts). */
export interface Repository {
  /** Root of the worktree we are in; null for a bare repository (or GIT_DIR without a work tree). */
  worktree: string | null;
  /** This worktree's git dir: `<main>/.git`, or `<common>/worktrees/<id>` for a linked one. */
  gitDir: string;
  /** The shared git dir (`commondir` followed); equals gitDir for the main worktree. */
  commonDir: string;
  /** core.bare, or a bare layout. */
  bare: boolean;
  /**
   * The main worktree's path as git reports it: the real path of the common
   * dir with a trailing `/.git` removed (so, for a bare repository, the
   * repository directory itself).
   */
  mainWorktree: string;
  /** True when the main worktree is bare (core.bare, or a bare layout). */
  mainIsBare: boolean;
  /** True when `worktree` is a linked worktree (gitDir != commonDir). */
  isLinked: boolean;
}

/** One worktree as `git worktree list` sees it. */
export interface WorktreeInfo {
  /** Absolute path, as git prints it. */
  path: string;
  /** Admin dir (`<common>/worktrees/<id>`), or the common dir for the main worktree. */
  adminDir: string;
  /** Name of the admin dir for linked worktrees, null for the main one. */
  id: string | null;
  /** Commit id HEAD points at; null for an unborn branch. */
  head: string | null;
  /** Full ref name (`refs/heads/x`) when HEAD is symbolic, else null. */
  branch: string | null;
  detached: boolean;
  bare: boolean;
  locked: boolean;
  lockReason: string | null;
  prunable: boolean;
  prunableReason: string | null;
  isMain: boolean;
  isCurrent: boolean;
}

/** The `worktree list --json` / plugin context schema: WorktreeInfo without internal fields. */
export type WorktreeJson = Omit<WorktreeInfo, "adminDir" | "id">;
