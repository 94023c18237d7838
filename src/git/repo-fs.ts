/**
 * An `fs` for isomorphic-git that makes a linked worktree look like one plain
 * git dir: per-worktree files (HEAD, index, logs/HEAD, refs/bisect,
 * refs/worktree, refs/rewritten, config.worktree, info/sparse-checkout and
 * other top-level pseudo-refs) map to the worktree's own git dir, everything
 * else to the common dir. isomorphic-git itself does not follow `commondir`.
 *
 * Pass `gitdir: VIRTUAL_GITDIR` to isomorphic-git together with this fs.
 * Writes go through git's lock-file protocol (write `<file>.lock`, rename).
 *
 * Measured: importing isomorphic-git costs ~50 ms, more than a whole
 * `git worktree list`, so the hot commands (list, add, remove) use our own
 * readers; this adapter serves the non-hot paths and cross-checks in tests.
 */
import * as fs from "node:fs";
import { join, relative, sep } from "node:path";
import { writeFileLocked } from "../platform/lockfile.ts";
import type { Repository } from "./repo/types.ts";

export const VIRTUAL_GITDIR = join(sep, "__repo_manager_gitdir__");

const PER_WORKTREE_PREFIXES = ["refs/bisect", "refs/worktree", "refs/rewritten", "logs/HEAD", "logs/refs/bisect", "logs/refs/worktree", "logs/refs/rewritten", "info/sparse-checkout"];
const COMMON_TOP = new Set(["branches", "common", "hooks", "info", "logs", "lost-found", "objects", "refs", "remotes", "worktrees", "rr-cache", "svn", "config", "packed-refs", "shallow", "description"]);

/** Maps a path relative to a git dir to the real git dir that holds it (git's path.c common_list). */
export function mapGitPath(repo: Pick<Repository, "gitDir" | "commonDir">, rel: string): string {
  const p = rel.replaceAll("\\", "/");
  if (PER_WORKTREE_PREFIXES.some((x) => p === x || p.startsWith(`${x}/`))) return join(repo.gitDir, rel);
  const top = p.split("/")[0] as string;
  return join(COMMON_TOP.has(top) ? repo.commonDir : repo.gitDir, rel);
}

/** A promise-fs (the shape isomorphic-git accepts) over the mapped repository. */
export function createRepoFs(repo: Pick<Repository, "gitDir" | "commonDir">) {
  const map = (p: string): string => {
    if (p === VIRTUAL_GITDIR) return repo.gitDir;
    if (!p.startsWith(VIRTUAL_GITDIR + sep)) return p; // the work tree or elsewhere
    return mapGitPath(repo, relative(VIRTUAL_GITDIR, p));
  };
  const p = fs.promises;
  // Every method is async: isomorphic-git tells a promise fs from a callback
  // fs by calling readFile() with no argument and checking for a promise. A
  // synchronous throw there (map(undefined)) made it wrap us as a callback fs
  // whose callbacks never come: every call hung.
  return {
    promises: {
      readFile: async (path: string, opts?: unknown) => p.readFile(map(path), opts as never),
      writeFile: async (path: string, data: string | Uint8Array) => writeFileLocked(map(path), data),
      unlink: async (path: string) => p.unlink(map(path)),
      readdir: async (path: string) => p.readdir(map(path)),
      mkdir: async (path: string) => p.mkdir(map(path), { recursive: true }).then(() => undefined),
      rmdir: async (path: string) => p.rmdir(map(path)),
      stat: async (path: string) => p.stat(map(path)),
      lstat: async (path: string) => p.lstat(map(path)),
      readlink: async (path: string) => p.readlink(map(path)),
      symlink: async (target: string, path: string) => p.symlink(target, map(path)),
      chmod: async (path: string, mode: number) => p.chmod(map(path), mode),
    },
  };
}
