/**
 * The clean check `worktree remove` needs: the worktree against its index,
 * the way `git status --porcelain -uall` sees it (worktree column only).
 *
 * Fast path first: an entry whose lstat matches the cached stat data (git's
 * ce_match_stat_basic: mode, mtime, ctime, inode, uid, gid, size) and that
 * is not racily clean (mtime not older than the index file) is clean with
 * no read. Only stat-changed or racy entries are rehashed, after the same
 * to-git conversion git applies (clean filter, CRLF to LF, ident).
 * Untracked files are found by walking the worktree with the ignore engine;
 * nothing inside an ignored directory is looked at, as git does.
 */
import { type Dirent, lstatSync, readdirSync, readFileSync, readlinkSync, type Stats, statSync } from "node:fs";
import { InterruptedError } from "../../errors.ts";
import { AttributeMatcher } from "../patterns/attributes.ts";
import { conversionPlan, type EolConfig, identToGit, toGitEol } from "../checkout/eol.ts";
import { applyFilter, type FilterDrivers } from "../checkout/filters.ts";
import { IgnoreMatcher, readInTreeFile } from "../patterns/ignore.ts";
import { indexEntryAt, indexOidAt, readIndexTable } from "../index/read.ts";
import { statDataMatchesFast } from "../index/stat.ts";
import type { CacheTreeNode, IndexEntry, IndexTable } from "../index/types.ts";
import { hashBlob, readFileShared } from "./rehash.ts";
import { trackedLookup } from "./tracked-lookup.ts";
import { fullJit } from "../../platform/jit.ts";
import { parseTree } from "../objects/parse-tree.ts";
import type { ObjectStore } from "../objects/types.ts";
import { comparePaths } from "../repo/fspath.ts";

export interface StatusOptions extends EolConfig {
  worktree: string;
  /** This worktree's index file (`<gitdir>/index`): its mtime decides what is racily clean. */
  indexPath: string;
  /** That index, when the caller has read it already (it is not read again). */
  index?: IndexTable;
  /** The common git dir: `info/exclude` and `info/attributes`. */
  commonDir?: string;
  excludesFile?: string | null;
  attributesFile?: string | null;
  ignoreCase?: boolean;
  /** core.fileMode (default true; false on Windows). */
  fileMode?: boolean;
  /** core.symlinks (default true; false on Windows). */
  symlinks?: boolean;
  /** core.trustctime (default true). */
  trustCtime?: boolean;
  filters?: FilterDrivers;
  /** Look for untracked files (default true). */
  untracked?: boolean;
  /** Stop after this many findings (worktree remove needs one). */
  limit?: number;
  signal?: AbortSignal;
  /**
   * HEAD's tree and a store to read it: also compare the index with HEAD
   * (staged changes), as `git status` does. Omit for a worktree-only check.
   */
  head?: { treeOid: string | null; store: ObjectStore };
}

/** A staged change (index against HEAD): the first column of `git status --porcelain`. */
export interface StagedChange {
  path: string;
  change: "A" | "M" | "D" | "T";
}

export interface StatusResult {
  modified: string[];
  deleted: string[];
  /** A file became a symlink, a directory, or the reverse. */
  typeChanged: string[];
  /** Untracked, not ignored: files, and nested repositories as `dir/`. */
  untracked: string[];
  /** Paths with conflict stages. */
  unmerged: string[];
  /** Gitlinks whose directory holds a `.git` (an initialised submodule). */
  populatedSubmodules: string[];
  /** How many entries had to be read and hashed (racy or stat-changed). */
  rehashed: number;
  /** Index against HEAD, when `head` was given. */
  staged: StagedChange[];
  clean: boolean;
}

const S_IFMT = 0o170000;


/**
 * Compares the worktree with its index and lists what `git status` would
 * show in the worktree column (with `-uall`). Throws IndexFormatError for an
 * unreadable index and InterruptedError on abort.
 */
export function worktreeStatus(o: StatusOptions): StatusResult {
  fullJit();
  const index = o.index ?? readIndexTable(o.indexPath);
  const indexMtimeSec = Math.floor(statSync(o.indexPath).mtimeMs / 1000);
  const root = /[\\/]$/.test(o.worktree) ? o.worktree : `${o.worktree}/`;
  const fileMode = o.fileMode ?? process.platform !== "win32";
  const symlinks = o.symlinks ?? process.platform !== "win32";
  const trustCtime = o.trustCtime ?? true;
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  const r: StatusResult = { modified: [], deleted: [], typeChanged: [], untracked: [], unmerged: [], populatedSubmodules: [], rehashed: 0, staged: [], clean: true };
  let found = 0;
  const note = (list: string[], path: string) => {
    list.push(path);
    found++;
  };
  let attrs: AttributeMatcher | null = null;
  const attributes = () => {
    if (attrs) return attrs;
    attrs = new AttributeMatcher({ gitDir: o.commonDir, attributesFile: o.attributesFile, ignoreCase: o.ignoreCase });
    for (const path of index.paths) {
      if (path !== ".gitattributes" && !path.endsWith("/.gitattributes")) continue;
      const text = readInTreeFile(root + path);
      if (text !== null) attrs.addDirectory(path.slice(0, -".gitattributes".length), text);
    }
    return attrs;
  };

  /** Rehash after git's to-git conversion; true when the content equals the index blob. */
  const sameContent = (e: IndexEntry, isLink: boolean): boolean => {
    r.rehashed++;
    if (isLink) return hashBlob(Buffer.from(symlinks ? readlinkSync(root + e.path) : readFileSync(root + e.path))) === e.oid;
    let data: Uint8Array = readFileShared(root + e.path); // valid until the next read: hashed below

    const a = attributes();
    const plan = conversionPlan(a.isEmpty ? null : a.get(e.path), o);
    if (plan.filter !== null) data = applyFilter("clean", plan.filter, o.filters ?? {}, e.path, data, { cwd: o.worktree });
    if (plan.ident) data = identToGit(data);
    // Without the object store we cannot ask "does the index blob hold CRs" (auto only converts
    // when it does not); try both answers: clean if either matches, as the blob can only be one.
    const converted = toGitEol(data, plan.crlf, () => false);
    if (hashBlob(converted) === e.oid) return true;
    return converted !== data && hashBlob(data) === e.oid;
  };

  const gitlinks = new Set<string>();
  let lastUnmerged = "";
  // core.ignoreCase: the file system may spell a tracked name differently; compare folded names.
  const fold = o.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  // One entry object for the whole scan, filled from the table (its oid only when rehashing).
  let e: IndexEntry | undefined;
  for (let n = 0; n < index.count; n++) {
    e = indexEntryAt(index, n, e);
    if (found >= limit) break;
    if (o.signal?.aborted) throw new InterruptedError();
    // A quick (eden) collection now and then: the Stats objects and path strings of the
    // entries already checked are garbage, and letting them pile up adds ~20 MB at 50,000 entries.
    if ((n & 1023) === 1023) Bun.gc(false);
    if (e.stage !== 0) {
      if (e.path !== lastUnmerged) note(r.unmerged, e.path);
      lastUnmerged = e.path;
      continue;
    }
    if (e.skipWorktree) continue;
    if (e.intentToAdd) {
      note(r.modified, e.path);
      continue;
    }
    let st: Stats | undefined;
    try {
      st = lstatSync(root + e.path, { throwIfNoEntry: false });
    } catch {
      st = undefined; // ENOTDIR: a parent became a file
    }
    if (!st) {
      note(r.deleted, e.path);
      continue;
    }
    const type = e.mode & S_IFMT;
    if (type === 0o160000) {
      gitlinks.add(fold(e.path));
      if (!st.isDirectory()) note(r.typeChanged, e.path);
      else if (lstatSync(`${root + e.path}/.git`, { throwIfNoEntry: false })) r.populatedSubmodules.push(e.path);
      continue;
    }
    if (st.isDirectory()) {
      note(r.deleted, e.path); // diff-lib's check_removed: a directory where a file was is a deletion
      continue;
    }
    const isLink = type === 0o120000;
    const typeOk = isLink ? st.isSymbolicLink() || (!symlinks && st.isFile()) : st.isFile();
    if (!typeOk) {
      note(r.typeChanged, e.path);
      continue;
    }
    if (!isLink && fileMode && ((Number(st.mode) & 0o100) !== 0) !== ((e.mode & 0o100) !== 0)) {
      note(r.modified, e.path);
      continue;
    }
    const same = statDataMatchesFast(e, st, trustCtime);
    // Racily clean (git's is_racy_timestamp, whole seconds like git built without USE_NSEC):
    // the file may have changed within the timestamp tick after its stat was cached.
    const racy = Math.floor(st.mtimeMs / 1000) >= indexMtimeSec;
    if (same && !racy) continue;
    if (!same && st.size % 4294967296 !== e.size && e.size !== 0) {
      note(r.modified, e.path);
      continue;
    }
    e.oid = indexOidAt(index, n);
    if (!sameContent(e, isLink)) note(r.modified, e.path);
  }

  if (o.untracked !== false && found < limit) {
    const ignore = new IgnoreMatcher({ root: o.worktree, gitDir: o.commonDir, excludesFile: o.excludesFile, ignoreCase: o.ignoreCase });
    const tracked = trackedLookup(index.paths, o.ignoreCase ?? false);
    const walk = (rel: string) => {
      let list: Dirent[];
      try {
        list = readdirSync(root + rel, { withFileTypes: true });
      } catch {
        return;
      }
      for (const d of list) {
        if (found >= limit) return;
        if (d.name === ".git") continue; // git never lists its own dir (or a .git file) anywhere
        const isDir = d.isDirectory();
        const path = rel + d.name;
        if (!isDir && tracked.hasFile(path)) continue;
        if (isDir) {
          if (gitlinks.has(fold(path))) continue;
          if (tracked.hasDir(path)) walk(`${path}/`);
          else if (!ignore.isDirectoryIgnored(path)) {
            if (lstatSync(`${root + path}/.git`, { throwIfNoEntry: false })) note(r.untracked, `${path}/`);
            else walk(`${path}/`);
          }
        } else if (!ignore.isIgnored(path)) note(r.untracked, path);
      }
    };
    walk("");
  }
  for (const list of [r.modified, r.deleted, r.typeChanged, r.untracked, r.unmerged]) list.sort(comparePaths);
  if (o.head && found < limit) {
    r.staged = stagedChanges(index, o.head.treeOid, o.head.store);
    found += r.staged.length;
  }
  r.clean = found === 0;
  return r;
}

const typeOf = (mode: number) => (mode & S_IFMT) === 0o40000 ? 0o40000 : mode & S_IFMT;
const sameMode = (a: number, b: number) => typeOf(a) === typeOf(b) && (typeOf(a) !== 0o100000 || (a & 0o100) === (b & 0o100));

/**
 * Index (stage 0) against HEAD's tree, like `git diff-index --cached HEAD`.
 * Subtrees whose cache-tree node is valid and equals HEAD's subtree are
 * skipped unread: right after a checkout that is the whole tree.
 */
function stagedChanges(index: IndexTable, treeOid: string | null, store: ObjectStore): StagedChange[] {
  const out: StagedChange[] = [];
  const cache = index.tree;
  // The usual case, right after checkout or commit: the cache tree says the index is HEAD's tree.
  if (treeOid && cache && cache.entryCount >= 0 && cache.oid === treeOid) return out;
  const byPath = new Map<string, IndexEntry>();
  for (let i = 0; i < index.count; i++) {
    const e = indexEntryAt(index, i);
    if (e.stage === 0 && !e.intentToAdd) byPath.set(e.path, e);
  }
  const seen = new Set<string>();
  const skipped: string[] = [];
  const walk = (oid: string, prefix: string, node: CacheTreeNode | undefined) => {
    if (node && node.entryCount >= 0 && node.oid === oid) {
      skipped.push(prefix);
      return;
    }
    for (const t of parseTree(store.read(oid).data, prefix || "HEAD")) {
      const path = prefix + t.name;
      if (t.mode === 0o40000) {
        walk(t.oid, `${path}/`, node?.children.find((c) => c.name === t.name));
        continue;
      }
      seen.add(path);
      const e = byPath.get(path);
      if (!e) out.push({ path, change: "D" });
      else if (typeOf(e.mode) !== typeOf(t.mode)) out.push({ path, change: "T" });
      else if (e.oid !== t.oid || !sameMode(e.mode, t.mode)) out.push({ path, change: "M" });
    }
  };
  if (treeOid) walk(treeOid, "", cache ?? undefined);
  const under = (p: string) => skipped.some((s) => s === "" || p.startsWith(s));
  for (const p of byPath.keys()) if (!seen.has(p) && !under(p)) out.push({ path: p, change: "A" });
  return out.sort((a, b) => comparePaths(a.path, b.path));
}

/** `git status --porcelain -uall` (v1, XY columns) from a result, for reports and tests. */
export function formatPorcelain(s: StatusResult): string {
  const xy = new Map<string, [string, string]>();
  const put = (path: string, col: 0 | 1, c: string) => {
    const v = xy.get(path) ?? [" ", " "];
    v[col] = c;
    xy.set(path, v);
  };
  for (const c of s.staged) put(c.path, 0, c.change);
  for (const p of s.modified) put(p, 1, "M");
  for (const p of s.deleted) put(p, 1, "D");
  for (const p of s.typeChanged) put(p, 1, "T");
  for (const p of s.unmerged) put(p, 0, "U"), put(p, 1, "U");
  // git lists tracked changes first (in path order), then untracked ones.
  const tracked = [...xy.entries()].sort((a, b) => comparePaths(a[0], b[0])).map(([p, [x, y]]) => `${x}${y} ${p}\n`);
  return tracked.join("") + s.untracked.map((p) => `?? ${p}\n`).join("");
}
