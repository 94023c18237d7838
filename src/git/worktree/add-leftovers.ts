/**
 * What a `worktree add` killed midway left behind, and whether each piece is
 * provably the add's own (add-recovery.ts deletes only what is).
 *
 * - The worktree directory is ours when its `.git` holds exactly the text
 *   add writes (`gitdir: <admin dir>\n`), even if the admin dir is not a
 *   valid git dir yet (killed before its HEAD or commondir), or, with no
 *   `.git`, when it holds only a `.git.lock` whose bytes are a prefix of that
 *   text (killed while writing it).
 * - Its files are the add's own when every one is a path of the commit's
 *   tree whose content is the blob as checkout writes it (compared as the
 *   clean check compares, after git's to-git conversion) or a strict prefix
 *   of the blob (the one file being written when the process died: a prefix
 *   of a committed blob holds nothing the repository does not have).
 *   Anything else (a new file, ignored or not, an edit, a type change) makes
 *   the add keep the worktree.
 * - A `<ref>.lock` or `config.lock` is ours when the marker named the ref or
 *   config file before the lock was taken, the lock is no older than the add,
 *   and (for a ref) its bytes are a prefix of the value add was writing.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import type { GitConfig } from "../config/config.ts";
import { type IndexEntry, parseIndexTable, serializeIndex } from "../index/index.ts";
import { compareEntries } from "../index/write.ts";
import { openRepositoryObjectStore, peelToTree, readBlob, readTree } from "../objects/index.ts";
import type { ObjectStore } from "../objects/types.ts";
import { looseRefPath } from "../refs/refs.ts";
import { worktreeStatus } from "../status/status.ts";
import type { Repository } from "../repo/types.ts";
import { toGitPath } from "../repo/fspath.ts";
import { statusConfigOptions } from "../status/config-options.ts";

const MODE_TREE = 0o40000;
const MODE_GITLINK = 0o160000;

/** Whether `file` exists and its bytes are a prefix of (or equal to) `expected`. */
export function isPrefixOf(file: string, expected: Uint8Array): boolean {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return false;
  }
  return data.length <= expected.length && Buffer.from(expected.buffer, expected.byteOffset, data.length).equals(data);
}

/** The `.git` file text add writes for `adminDir`, or null when the admin dir is gone. */
export function expectedDotGit(adminDir: string): Buffer | null {
  try {
    return Buffer.from(`gitdir: ${toGitPath(realpathSync.native(adminDir))}\n`);
  } catch {
    return null;
  }
}

export interface WorktreeOwnership {
  /** "ours": add wrote its `.git`; "unknown": no `.git` yet; "foreign": someone else's. */
  owner: "ours" | "unknown" | "foreign";
  /** A `.git.lock` add left (to delete before the directory), or null. */
  staleLock: string | null;
}

/** Whose the worktree directory is (see the file comment). */
export function worktreeOwnership(worktree: string, adminDir: string, sameAdmin: (gitfileTarget: string) => boolean): WorktreeOwnership {
  const dotgit = join(worktree, ".git");
  const expected = expectedDotGit(adminDir);
  const lock = `${dotgit}.lock`;
  const hasLock = statSync(lock, { throwIfNoEntry: false }) !== undefined;
  const lockIsOurs = hasLock && expected !== null && isPrefixOf(lock, expected);
  if (hasLock && !lockIsOurs) return { owner: "foreign", staleLock: null };
  const st = lstatSync(dotgit, { throwIfNoEntry: false });
  if (st === undefined) return { owner: "unknown", staleLock: lockIsOurs ? lock : null };
  if (!st.isFile()) return { owner: "foreign", staleLock: null };
  const mine = (expected !== null && isPrefixOf(dotgit, expected) && st.size === expected.length) || sameAdmin(dotgit);
  return { owner: mine ? "ours" : "foreign", staleLock: mine && lockIsOurs ? lock : null };
}

/** `refs/heads/<b>.lock` when add left it (see the file comment), else null. */
export function staleRefLock(repo: Repository, ref: string, newOid: string | null, started: number): string | null {
  if (newOid === null) return null;
  const lock = `${looseRefPath(repo.gitDir, repo.commonDir, ref)}.lock`;
  const st = statSync(lock, { throwIfNoEntry: false });
  if (st === undefined || st.mtimeMs < started - 2000) return null;
  return isPrefixOf(lock, Buffer.from(`${newOid}\n`)) ? lock : null;
}

/** `config.lock` when add was writing the upstream config and left it, else null. */
export function staleConfigLock(file: string, started: number): string | null {
  const lock = `${file}.lock`;
  const st = statSync(lock, { throwIfNoEntry: false });
  return st !== undefined && st.isFile() && st.mtimeMs >= started - 2000 ? lock : null;
}

/** Every blob path of `treeOid`, as index entries with no stat data (so each is compared by content). */
function treeEntries(store: ObjectStore, treeOid: string): Map<string, IndexEntry> {
  const out = new Map<string, IndexEntry>();
  const walk = (oid: string, prefix: string) => {
    for (const e of readTree(store, oid)) {
      const path = prefix + e.name;
      if (e.mode === MODE_TREE) walk(e.oid, `${path}/`);
      else {
        // Tree modes are canonical already (parseTree applies git's canon_mode).
        out.set(path, { path, mode: e.mode, oid: e.oid, ctimeSec: 0, ctimeNsec: 0, mtimeSec: 0, mtimeNsec: 0, dev: 0, ino: 0, uid: 0, gid: 0, size: 0, stage: 0, assumeValid: false, skipWorktree: false, intentToAdd: false });
      }
    }
  };
  walk(treeOid, "");
  return out;
}

/** Every path under `root` that is not a directory (`.git` and `.git.lock` at the top excluded). */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (prefix === "" && (d.name === ".git" || d.name === ".git.lock")) continue;
      if (d.isDirectory()) walk(join(dir, d.name), `${prefix}${d.name}/`);
      else out.push(prefix + d.name);
    }
  };
  walk(root, "");
  return out;
}

export interface LeftoverCheck {
  worktree: string;
  /** An existing file in the admin dir (the marker): its mtime stands in for the index's, so every file is rehashed. */
  stampFile: string;
  commit: string | null;
  commonDir: string;
  config: GitConfig;
}

/**
 * The first path in the worktree that the add did not write exactly as
 * written (see the file comment), or null when all of it is the add's own.
 */
export function firstForeignPath(o: LeftoverCheck): string | null {
  const files = filesUnder(o.worktree);
  if (files.length === 0) return null;
  if (o.commit === null) return files[0] as string; // an old marker: nothing to compare with, keep it
  const store = openRepositoryObjectStore(o.commonDir, o.config);
  try {
    const tree = treeEntries(store, peelToTree(store, o.commit));
    const present: IndexEntry[] = [];
    for (const path of files) {
      const e = tree.get(path);
      if (e === undefined || e.mode === MODE_GITLINK) return path;
      present.push(e);
    }
    present.sort(compareEntries);
    const index = parseIndexTable(serializeIndex(present), "tree");
    const s = worktreeStatus({ ...statusConfigOptions(o.config), worktree: o.worktree, indexPath: o.stampFile, index, commonDir: o.commonDir, untracked: false });
    const odd = s.typeChanged[0] ?? s.unmerged[0] ?? s.populatedSubmodules[0] ?? s.deleted[0];
    if (odd !== undefined) return odd;
    for (const path of s.modified) {
      const blob = readBlob(store, (tree.get(path) as IndexEntry).oid);
      const data = readFileSync(join(o.worktree, path));
      if (!(data.length < blob.length && isPrefixOf(join(o.worktree, path), blob))) return path;
    }
    return null;
  } catch {
    return "."; // cannot tell (objects unreadable): keep everything
  } finally {
    store.close();
  }
}
