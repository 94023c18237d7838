/**
 * The admin dir of a new worktree, written in git 2.39's order and format
 * (builtin/worktree.c add_worktree()): `locked` ("initializing", or the
 * --lock reason) first so a concurrent prune leaves the half-built entry
 * alone, then `gitdir`, the worktree's `.git` file, a placeholder `HEAD`
 * (the null oid), `commondir`, the sparse-checkout patterns and the filtered
 * `config.worktree`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { editConfigText } from "../../git/config-write.ts";
import { parseBool } from "../../git/config.ts";
import { parseConfig } from "../../git/config-parse.ts";
import { writeFileLocked } from "../../platform/lockfile.ts";
import { NULL_OID } from "../../git/ref-write.ts";
import { writeCommondirFile, writeDotGitFile, writeGitdirFile } from "../../git/worktree-admin.ts";

export interface AdminFilesOptions {
  adminDir: string;
  /** Real path of the new worktree. */
  worktree: string;
  /** Real path of the admin dir as the `.git` file names it. */
  adminDirReal: string;
  /** The current worktree's git dir: where info/sparse-checkout and config.worktree are copied from. */
  currentGitDir: string;
  lockReason: string | null;
  sparseCheckout: boolean;
  worktreeConfig: boolean;
}

/**
 * Writes `locked` with git's bytes (the text plus a newline), but atomically
 * (`locked.lock`, then rename; git's write_file() writes in place): killed
 * midway, git's way leaves an empty `locked`, which reads as "locked, no
 * reason", matches nothing our recovery wrote, and keeps the entry for ever.
 */
export function writeInitialLock(adminDir: string, reason: string | null): void {
  writeFileLocked(join(adminDir, "locked"), `${reason ?? "initializing"}\n`);
}

/** Everything up to (not including) the real HEAD; the worktree directory must exist. */
export function writeAdminFiles(o: AdminFilesOptions): void {
  writeGitdirFile(o.adminDir, o.worktree);
  writeDotGitFile(o.worktree, o.adminDirReal);
  // A placeholder HEAD so the directory passes is_git_directory(); replaced right after.
  writeFileLocked(join(o.adminDir, "HEAD"), `${NULL_OID}\n`);
  writeCommondirFile(o.adminDir);
  if (o.sparseCheckout) copySparseCheckout(o.currentGitDir, o.adminDir);
  if (o.worktreeConfig) copyFilteredWorktreeConfig(o.currentGitDir, o.adminDir);
}

/** copy_sparse_checkout(): the current worktree's info/sparse-checkout, as is. */
function copySparseCheckout(fromGitDir: string, adminDir: string): void {
  const from = join(fromGitDir, "info", "sparse-checkout");
  if (!existsSync(from)) return;
  const to = join(adminDir, "info", "sparse-checkout");
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/**
 * copy_filtered_worktree_config(): the current worktree's config.worktree,
 * without core.bare (when true) and core.worktree, which describe the
 * worktree it was copied from, not the new one.
 */
function copyFilteredWorktreeConfig(fromGitDir: string, adminDir: string): void {
  const from = join(fromGitDir, "config.worktree");
  if (!existsSync(from)) return;
  const text = readFileSync(from, "utf8");
  const entries = parseConfig(text, from);
  const last = (key: string) => entries.filter((e) => e.key === key).at(-1);
  const changes: [string, string | null][] = [];
  const bare = last("core.bare");
  if (bare !== undefined && parseBool(bare.value) === true) changes.push(["core.bare", null]);
  if (last("core.worktree") !== undefined) changes.push(["core.worktree", null]);
  const to = join(adminDir, "config.worktree");
  if (changes.length === 0) copyFileSync(from, to);
  else writeFileSync(to, editConfigText(text, changes));
}
