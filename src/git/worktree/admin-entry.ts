/**
 * What `worktree list` reads of each worktree, as git's get_worktrees()
 * (worktree.c) reads it: HEAD (add_head_info()), and for a linked worktree
 * its `gitdir` and `locked` files and, when those do not settle it,
 * should_prune_worktree(). Written for speed: listing 100 worktrees reads
 * some 400 small files, so the common cases avoid exceptions for missing
 * files (which cost more than the reads) and anything unusual goes through
 * the full readers (refs.ts, worktree-admin.ts, prunable.ts).
 */
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { readPackedRefs, resolveRefIn, type ResolvedRef } from "../refs/refs.ts";
import { shouldPruneWorktree } from "./prunable.ts";
import { gitRtrim, gitTrim, readGitdirFile, worktreeAdminDir } from "./worktree-admin.ts";
import { stripDotGit } from "../repo/fspath.ts";

/** A worktree's HEAD: `ok` false when it is corrupt (git leaves everything unset), `missing` when there is no HEAD file. */
export type WorktreeHead = ResolvedRef & { ok: boolean; missing?: boolean };

const OID = /^[0-9a-f]{40}$/;
/** `refs/heads/<a>[/<b>...]` with components of [A-Za-z0-9_+-] runs joined by single dots, none ending in ".lock": always a valid ref name. */
const PLAIN_BRANCH = /^refs\/heads\/(?!(?:.*\/)?[^/]*\.lock(?:\/|$))[\w+-]+(?:\.[\w+-]+)*(?:\/[\w+-]+(?:\.[\w+-]+)*)*$/;

function resolveHeadSlow(gitDir: string, commonDir: string): WorktreeHead {
  try {
    return { ...resolveRefIn(gitDir, commonDir, "HEAD"), ok: true };
  } catch {
    // A corrupt HEAD: git's add_head_info() leaves everything unset.
    return { oid: null, ref: null, ok: false };
  }
}

/**
 * HEAD of one worktree (`gitDir` is the common dir for the main one, the
 * admin dir for a linked one). The common case (HEAD -> refs/heads/<x>,
 * loose or packed) is read here; anything else goes through refs.ts.
 */
export function readWorktreeHead(gitDir: string, commonDir: string): WorktreeHead {
  let text: string;
  try {
    text = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
  } catch (error) {
    // git's add_head_info() resolves HEAD without RESOLVE_REF_READING: a
    // missing file is the null id and no symref, i.e. "detached".
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { oid: null, ref: null, ok: true, missing: true };
    return { oid: null, ref: null, ok: false };
  }
  if (!text.startsWith("ref:")) {
    const oid = text.slice(0, 40);
    return OID.test(oid) ? { oid, ref: null, ok: true } : { oid: null, ref: null, ok: false };
  }
  const target = text.slice(4).trim();
  // Only plainly valid branch names take the fast path; anything else (a bad
  // name such as ".." climbing out of refs/) goes through refs.ts, which
  // checks the name fully and refuses what git refuses.
  if (!PLAIN_BRANCH.test(target)) return resolveHeadSlow(gitDir, commonDir);
  const loose = join(commonDir, target);
  const st = statSync(loose, { throwIfNoEntry: false });
  if (st?.isFile()) {
    const oid = readFileSync(loose, "utf8").trim();
    return OID.test(oid) ? { oid, ref: target, ok: true } : resolveHeadSlow(gitDir, commonDir);
  }
  if (st) return resolveHeadSlow(gitDir, commonDir);
  return { oid: readPackedRefs(commonDir).refs.get(target) ?? null, ref: target, ok: true };
}

/** The raw `gitdir` file of a linked worktree, or null when it is missing. */
function readRawGitdir(adminDir: string): string | null {
  try {
    return readFileSync(join(adminDir, "gitdir"), "utf8");
  } catch {
    return null;
  }
}

/** One linked worktree as its admin dir describes it. */
export interface AdminEntry {
  adminDir: string;
  /** The worktree path recorded in `gitdir`, without "/.git". */
  path: string;
  head: WorktreeHead;
  /** null when not locked, "" when locked without a reason. */
  lockReason: string | null;
  /** should_prune_worktree()'s reason, or null when it is to be kept. */
  prunableReason: string | null;
}

/**
 * Reads `<common>/worktrees/<id>`; null when git skips the entry (its
 * `gitdir` file is missing or empty). `expire`: unix seconds, as for
 * shouldPruneWorktree().
 */
export function readAdminEntry(commonDir: string, id: string, expire: number): AdminEntry | null {
  const adminDir = worktreeAdminDir({ commonDir }, id);
  const raw = readRawGitdir(adminDir);
  if (raw === null || gitRtrim(raw) === "") return null;
  const rawPath = raw.replace(/[\r\n]+$/, "");
  const path = isAbsolute(rawPath) && !rawPath.includes("\n") ? stripDotGit(gitRtrim(rawPath)) : readGitdirFile(adminDir);
  if (path === null) return null;
  const head = readWorktreeHead(adminDir, commonDir);
  const lockedSt = statSync(join(adminDir, "locked"), { throwIfNoEntry: false });
  const lockReason = lockedSt ? gitTrim(readFileSync(join(adminDir, "locked"), "utf8")) : null;
  // Fast path of should_prune_worktree(): locked, or the recorded .git exists.
  const verdict =
    lockReason !== null || (isAbsolute(rawPath) && statSync(rawPath, { throwIfNoEntry: false }) !== undefined)
      ? { prune: false as const }
      : shouldPruneWorktree({ commonDir }, id, expire);
  return { adminDir, path, head, lockReason, prunableReason: verdict.prune ? verdict.reason : null };
}
