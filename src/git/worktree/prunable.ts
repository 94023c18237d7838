/**
 * Whether a linked worktree's admin dir is stale, exactly as git's
 * should_prune_worktree() (worktree.c) decides it, with git's reasons
 * (they are printed by `list --porcelain` and `prune -v`, so the words matter).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { worktreeAdminDir } from "./worktree-admin.ts";
import type { Repository } from "../repo/types.ts";
import { fileExists, isDirectory } from "../repo/fspath.ts";

export type PruneVerdict = { prune: true; reason: string } | { prune: false; path: string | null };

/** strerror() texts for the errors open()/read() can give here. */
const STRERROR: Record<string, string> = {
  EACCES: "Permission denied",
  EISDIR: "Is a directory",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  ELOOP: "Too many levels of symbolic links",
};

/**
 * Decides whether `<common>/worktrees/<id>` should be pruned.
 * `expire` is a unix time in seconds (Infinity for git's TIME_MAX, the
 * default): a worktree whose directory is missing is kept while its admin
 * `index` is newer than `expire`. A locked worktree is never pruned.
 * When kept, `path` is the recorded gitdir (`<worktree>/.git`), if any.
 */
export function shouldPruneWorktree(repo: Pick<Repository, "commonDir">, id: string, expire: number): PruneVerdict {
  const admin = worktreeAdminDir(repo, id);
  if (!isDirectory(admin)) return { prune: true, reason: "not a valid directory" };
  if (fileExists(join(admin, "locked"))) return { prune: false, path: null };
  const gitdirFile = join(admin, "gitdir");
  const st = statSync(gitdirFile, { throwIfNoEntry: false });
  if (!st) return { prune: true, reason: "gitdir file does not exist" };
  let fd: number;
  try {
    fd = openSync(gitdirFile, "r");
  } catch (error) {
    return { prune: true, reason: `unable to read gitdir file (${strerror(error)})` };
  }
  const buf = Buffer.alloc(st.size);
  let got = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n <= 0) break;
      got += n;
      if (got === buf.length) break;
    }
  } catch (error) {
    return { prune: true, reason: `unable to read gitdir file (${strerror(error)})` };
  } finally {
    closeSync(fd);
  }
  if (got !== st.size) return { prune: true, reason: `short read (expected ${st.size} bytes, read ${got})` };
  let len = got;
  while (len > 0 && (buf[len - 1] === 0x0a || buf[len - 1] === 0x0d)) len--;
  if (len === 0) return { prune: true, reason: "invalid gitdir file" };
  const path = buf.subarray(0, len).toString("utf8");
  // git 2.39 tests a relative path against its cwd; newer git (relative
  // worktree links) against the admin dir, which is what such a link means.
  const target = isAbsolute(path) ? path : resolve(admin, path);
  if (!fileExists(target)) {
    const index = statSync(join(admin, "index"), { throwIfNoEntry: false });
    if (!index || Math.floor(index.mtimeMs / 1000) <= expire) {
      return { prune: true, reason: "gitdir file points to non-existent location" };
    }
  }
  return { prune: false, path };
}

function strerror(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  return STRERROR[code] ?? (error as Error).message;
}
