/**
 * The checks git 2.39 runs before `worktree remove` deletes anything
 * (builtin/worktree.c validate_no_submodules() and check_clean_worktree(),
 * the latter being `git status --porcelain --ignore-submodules=none` must
 * print nothing): no initialised submodule, nothing staged against HEAD, no
 * modified, deleted or untracked-and-not-ignored file.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { GitConfig } from "../../git/config.ts";
import { readIndexFile } from "../../git/index/read.ts";
import type { GitIndex } from "../../git/index/types.ts";
import { openObjectStore, parseTree, peelToTree } from "../../git/objects/index.ts";
import type { ObjectStore } from "../../git/objects/types.ts";
import { resolveRefIn } from "../../git/refs.ts";
import { worktreeStatus } from "../../git/status.ts";
import { filterDriversFrom } from "./add-checkout.ts";

export type DirtyReason =
  | { kind: "submodules"; path: string }
  | { kind: "staged"; path: string }
  | { kind: "modified" | "deleted" | "typechange" | "untracked" | "unmerged"; path: string };

const MODE_GITLINK = 0o160000;

/** is_submodule_populated_gently(): the gitlink's directory has a `.git`. */
function populatedSubmodule(worktree: string, index: GitIndex): string | null {
  for (const e of index.entries) {
    if (e.mode !== MODE_GITLINK) continue;
    if (existsSync(join(worktree, e.path, ".git"))) return e.path;
  }
  return null;
}

/** First path where the index differs from HEAD's tree (what `status` shows in its first column), or null. */
export function firstStagedChange(store: ObjectStore, index: GitIndex, headOid: string | null): string | null {
  const headTree = headOid === null ? null : peelToTree(store, headOid);
  const entries = index.entries;
  const simple = entries.every((e) => e.stage === 0 && !e.intentToAdd);
  // A valid cache tree equal to HEAD's tree proves the index matches it, as git's diff-index trusts it.
  if (simple && headTree !== null && index.tree !== null && index.tree.entryCount === entries.length && index.tree.oid === headTree) return null;
  const fromHead = new Map<string, { mode: number; oid: string }>();
  const walk = (oid: string, prefix: string) => {
    for (const t of parseTree(store.read(oid).data, prefix || "tree")) {
      if (t.mode === 0o40000) walk(t.oid, `${prefix}${t.name}/`);
      else fromHead.set(prefix + t.name, { mode: t.mode, oid: t.oid });
    }
  };
  if (headTree !== null) walk(headTree, "");
  for (const e of entries) {
    if (e.stage !== 0 || e.intentToAdd) return e.path;
    const h = fromHead.get(e.path);
    if (h === undefined) return e.path;
    // Trees may hold 100664 & co: git normalises regular files to 644/755 when comparing.
    const headMode = h.mode === 0o120000 || h.mode === MODE_GITLINK ? h.mode : h.mode & 0o111 ? 0o100755 : 0o100644;
    if (headMode !== e.mode || h.oid !== e.oid) return e.path;
    fromHead.delete(e.path);
  }
  const left = fromHead.keys().next();
  return left.done ? null : left.value;
}

export interface CleanCheckOptions {
  worktree: string;
  adminDir: string;
  commonDir: string;
  config: GitConfig;
  signal?: AbortSignal;
}

/** Why the worktree may not be removed without --force, or null when it is clean. */
export function whyNotRemovable(o: CleanCheckOptions): DirtyReason | null {
  const indexPath = join(o.adminDir, "index");
  // A `modules` dir in the worktree's git dir means submodules were initialised (git's simple test).
  if (statSync(join(o.adminDir, "modules"), { throwIfNoEntry: false })?.isDirectory()) return { kind: "submodules", path: "modules" };
  const index: GitIndex = existsSync(indexPath) ? readIndexFile(indexPath) : { version: 2, entries: [], extensions: [], tree: null, checksum: "" };
  const sub = populatedSubmodule(o.worktree, index);
  if (sub !== null) return { kind: "submodules", path: sub };

  const head = resolveRefIn(o.adminDir, o.commonDir, "HEAD").oid;
  const store = openObjectStore(join(o.commonDir, "objects"));
  try {
    const staged = firstStagedChange(store, index, head);
    if (staged !== null) return { kind: "staged", path: staged };
  } finally {
    store.close();
  }
  if (!existsSync(indexPath)) {
    // No index (an empty HEAD tree, or --no-checkout of one): any file is untracked.
    const extra = readdirSync(o.worktree).find((n) => n !== ".git");
    return extra === undefined ? null : { kind: "untracked", path: extra };
  }

  const c = o.config;
  const autocrlf = c.get("core.autocrlf");
  const eol = c.getString("core.eol")?.toLowerCase();
  const s = worktreeStatus({
    worktree: o.worktree,
    indexPath,
    commonDir: o.commonDir,
    excludesFile: c.getPath("core.excludesFile"),
    attributesFile: c.getPath("core.attributesFile"),
    ignoreCase: c.getBool("core.ignorecase", false),
    fileMode: c.getBool("core.fileMode", process.platform !== "win32"),
    symlinks: c.getBool("core.symlinks", process.platform !== "win32"),
    trustCtime: c.getBool("core.trustctime", true),
    filters: filterDriversFrom(c),
    autocrlf: typeof autocrlf === "string" && autocrlf.toLowerCase() === "input" ? "input" : c.getBool("core.autocrlf", false),
    eol: eol === "lf" || eol === "crlf" || eol === "native" ? eol : undefined,
    limit: 1,
    signal: o.signal,
  });
  if (s.populatedSubmodules[0] !== undefined) return { kind: "submodules", path: s.populatedSubmodules[0] };
  if (s.unmerged[0] !== undefined) return { kind: "unmerged", path: s.unmerged[0] };
  if (s.modified[0] !== undefined) return { kind: "modified", path: s.modified[0] };
  if (s.deleted[0] !== undefined) return { kind: "deleted", path: s.deleted[0] };
  if (s.typeChanged[0] !== undefined) return { kind: "typechange", path: s.typeChanged[0] };
  if (s.untracked[0] !== undefined) return { kind: "untracked", path: s.untracked[0] };
  return null;
}
