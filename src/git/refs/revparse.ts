/**
 * Commit-ish resolution, the subset of git's revision syntax (see
 * Documentation/revisions.txt) that `worktree add` takes: a full or
 * abbreviated object id, a ref name found in git's DWIM order, `HEAD`, `@`,
 * `@{-N}` (the N-th previously checked-out branch, from HEAD's reflog), and
 * the suffixes `^`, `^<n>`, `~`, `~<n>`, `^{}`, `^{commit}`, `^{tag}`,
 * `^{object}`. Other reflog syntax (`@{1}`, `@{yesterday}`, `@{u}`), `:/text`
 * and describe names are not supported and are reported as unknown revisions.
 */
import { CorruptObjectError, ObjectNotFoundError, UnexpectedObjectTypeError, parseCommit, parseTag } from "../objects/index.ts";
import type { ObjectStore } from "../objects/types.ts";
import { findOidsByPrefix } from "./oid-prefix.ts";
import { nthPriorCheckout, parseNthPrior } from "../reflog/prior-checkout.ts";
import { readRefRaw, resolveRefIn } from "./refs.ts";
import { AmbiguousRevisionError, UnknownRevisionError } from "./errors.ts";

/** git's ref_rev_parse_rules, in order. */
export const REF_DWIM_RULES: readonly ((name: string) => string)[] = [
  (n) => n,
  (n) => `refs/${n}`,
  (n) => `refs/tags/${n}`,
  (n) => `refs/heads/${n}`,
  (n) => `refs/remotes/${n}`,
  (n) => `refs/remotes/${n}/HEAD`,
];

export interface RevContext {
  gitDir: string;
  commonDir: string;
  store: ObjectStore;
  /** Object directories to search for abbreviated ids (primary first, then alternates). */
  objectDirs: readonly string[];
}

/**
 * The full ref a short name means, in git's order (`x`, `refs/x`,
 * `refs/tags/x`, `refs/heads/x`, `refs/remotes/x`, `refs/remotes/x/HEAD`),
 * with the object it points to; null if none exists. As newer git does, the
 * bare `x` rule only applies to `refs/...` names and to all-caps pseudo-refs
 * (HEAD, ORIG_HEAD, FETCH_HEAD...), so a stray `.git/description` is never
 * taken for a ref.
 */
export function dwimRef(ctx: Pick<RevContext, "gitDir" | "commonDir">, name: string): { ref: string; oid: string } | null {
  if (name === "" || name.endsWith("/") || name.includes("..")) return null;
  for (const [i, rule] of REF_DWIM_RULES.entries()) {
    if (i === 0 && !name.startsWith("refs/") && !/^[A-Z_]+$/.test(name)) continue;
    const full = rule(name);
    if (readRefRaw(ctx.gitDir, ctx.commonDir, full) === undefined) continue;
    const r = resolveRefIn(ctx.gitDir, ctx.commonDir, full);
    if (r.oid !== null) return { ref: r.ref ?? full, oid: r.oid };
  }
  return null;
}

export interface ResolvedRevision {
  /** The object the revision names after its suffixes (a commit for resolveCommitish). */
  oid: string;
  /** The full ref the base name matched (`refs/heads/x`), or null for an object id. */
  ref: string | null;
}

/** Splits `base` from its `^`/`~` suffixes; ref names cannot contain either character. */
function splitSuffixes(rev: string): { base: string; ops: string[] } {
  const m = /[\^~]/.exec(rev);
  if (!m) return { base: rev, ops: [] };
  const base = rev.slice(0, m.index);
  const rest = rev.slice(m.index);
  const ops: string[] = [];
  const re = /\^\{[^}]*\}|\^\d*|~\d*/y;
  while (re.lastIndex < rest.length) {
    const start = re.lastIndex;
    const t = re.exec(rest);
    if (!t || t.index !== start) return { base: rev, ops: ["!bad"] };
    ops.push(t[0]);
  }
  return { base, ops };
}

function typeOf(store: ObjectStore, oid: string): string {
  return store.read(oid).type;
}

/** Follows tags to a non-tag object. */
function peelTags(store: ObjectStore, oid: string): string {
  let cur = oid;
  for (let i = 0; i < 64; i++) {
    const obj = store.read(cur);
    if (obj.type !== "tag") return cur;
    cur = parseTag(obj.data, cur).object;
  }
  throw new CorruptObjectError("tag chain too long", { path: oid });
}

function peelToCommitOid(store: ObjectStore, oid: string, rev: string): string {
  const peeled = peelTags(store, oid);
  if (typeOf(store, peeled) !== "commit") throw new UnknownRevisionError(rev, `${peeled.slice(0, 7)} is not a commit`);
  return peeled;
}

/**
 * git's interpret_branch_name for `@{-N}`: the previously checked-out branch
 * (or commit id) it stands for; `name` itself when it is not `@{-N}`; null
 * when HEAD's reflog has no N-th previous checkout.
 */
export function interpretBranchName(ctx: Pick<RevContext, "gitDir">, name: string): string | null {
  const n = parseNthPrior(name);
  return n === null ? name : nthPriorCheckout(ctx.gitDir, n);
}

function resolveBase(ctx: RevContext, base: string, rev: string): ResolvedRevision {
  // `@` alone is HEAD; an empty base (`^1`, `~`, "") names nothing.
  if (base === "") throw new UnknownRevisionError(rev);
  const prior = interpretBranchName(ctx, base);
  if (prior === null) throw new UnknownRevisionError(rev);
  // git's get_oid_basic: a previous detached checkout is its commit id, not a ref lookup.
  if (prior !== base && /^[0-9a-f]{40}$/.test(prior)) return { oid: prior, ref: null };
  const name = base === "@" ? "HEAD" : prior;
  if (/^[0-9a-fA-F]{40}$/.test(name)) return { oid: name.toLowerCase(), ref: null };
  if (name.includes("@{")) throw new UnknownRevisionError(rev, "reflog syntax is not supported");
  const found = dwimRef(ctx, name);
  if (found) return { oid: found.oid, ref: found.ref };
  if (/^[0-9a-fA-F]{4,39}$/.test(name)) {
    const all = findOidsByPrefix(ctx.objectDirs, name);
    if (all.length === 1) return { oid: all[0] as string, ref: null };
    if (all.length > 1) {
      // git's GET_OID_COMMITTISH disambiguation: prefer the one candidate that peels to a commit
      const commitish = all.filter((o) => {
        try {
          return typeOf(ctx.store, peelTags(ctx.store, o)) === "commit";
        } catch {
          return false;
        }
      });
      if (commitish.length === 1) return { oid: commitish[0] as string, ref: null };
      throw new AmbiguousRevisionError(name, all);
    }
  }
  throw new UnknownRevisionError(rev);
}

function applyOp(ctx: RevContext, oid: string, op: string, rev: string): string {
  const { store } = ctx;
  if (op.startsWith("^{")) {
    const want = op.slice(2, -1);
    if (want === "") return peelTags(store, oid);
    if (want === "object") return oid;
    if (want === "commit") return peelToCommitOid(store, oid, rev);
    if (want === "tag") {
      if (typeOf(store, oid) !== "tag") throw new UnknownRevisionError(rev, "not a tag");
      return oid;
    }
    throw new UnknownRevisionError(rev, `'^{${want}}' is not supported here`);
  }
  const n = op.length > 1 ? Number(op.slice(1)) : 1;
  const commitOid = peelToCommitOid(store, oid, rev);
  if (op.startsWith("^")) {
    if (n === 0) return commitOid;
    const parents = parseCommit(store.read(commitOid).data, commitOid).parents;
    const p = parents[n - 1];
    if (p === undefined) throw new UnknownRevisionError(rev, `${commitOid.slice(0, 7)} has no parent ${n}`);
    return p;
  }
  let cur = commitOid;
  for (let i = 0; i < n; i++) {
    const parents = parseCommit(store.read(cur).data, cur).parents;
    const p = parents[0];
    if (p === undefined) throw new UnknownRevisionError(rev, "not enough history");
    cur = p;
  }
  return cur;
}

/**
 * Resolves `rev` to an object (no peeling beyond what the suffixes ask).
 * Throws UnknownRevisionError / AmbiguousRevisionError.
 */
export function resolveRevision(ctx: RevContext, rev: string): ResolvedRevision {
  const { base, ops } = splitSuffixes(rev);
  if (ops[0] === "!bad") throw new UnknownRevisionError(rev);
  const start = resolveBase(ctx, base, rev);
  let oid = start.oid;
  try {
    for (const op of ops) oid = applyOp(ctx, oid, op, rev);
  } catch (e) {
    if (e instanceof ObjectNotFoundError || e instanceof UnexpectedObjectTypeError) throw new UnknownRevisionError(rev, e.message);
    throw e;
  }
  return { oid, ref: ops.length === 0 ? start.ref : null };
}

/**
 * Resolves `rev` and peels it to a commit, as git's
 * lookup_commit_reference_by_name: `oid` is the commit, `ref` the full ref
 * the name matched (null for ids and suffixed revisions).
 */
export function resolveCommitish(ctx: RevContext, rev: string): ResolvedRevision {
  const r = resolveRevision(ctx, rev);
  try {
    return { oid: peelToCommitOid(ctx.store, r.oid, rev), ref: r.ref };
  } catch (e) {
    if (e instanceof ObjectNotFoundError || e instanceof UnexpectedObjectTypeError) throw new UnknownRevisionError(rev, e.message);
    throw e;
  }
}
