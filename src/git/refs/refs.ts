/**
 * Reading refs the way git stores them with the `files` backend: loose files
 * under the right git dir (per-worktree refs such as HEAD, refs/bisect/,
 * refs/worktree/ and refs/rewritten/ live in the worktree's own git dir,
 * everything else in the common dir) and `packed-refs`.
 *
 * Ours rather than a library's because the one we tried does not follow
 * `commondir` (docs/design/02), and because `worktree list` resolves one HEAD per worktree:
 * packed-refs is parsed once per process here, not once per lookup.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { RepoManagerError } from "../../errors.ts";
import { isValidRefname } from "./refname.ts";
import type { Repository } from "../repo/types.ts";

const OID = /^[0-9a-f]{40}$/;

/** True for refs that git keeps per worktree (see git's path.c common_list and refs.c). */
export function isPerWorktreeRef(ref: string): boolean {
  if (!ref.includes("/")) return true; // HEAD, ORIG_HEAD, MERGE_HEAD, ...
  return ref.startsWith("refs/bisect/") || ref.startsWith("refs/worktree/") || ref.startsWith("refs/rewritten/");
}

/** The file that holds a loose ref for the given worktree git dir. */
export function looseRefPath(gitDir: string, commonDir: string, ref: string): string {
  return join(isPerWorktreeRef(ref) ? gitDir : commonDir, ref);
}

interface PackedRefs {
  mtimeMs: number;
  size: number;
  refs: Map<string, string>;
  peeled: Map<string, string>;
}

const packedCache = new Map<string, PackedRefs>();

/** Parses `<commonDir>/packed-refs`, cached by mtime and size. */
export function readPackedRefs(commonDir: string): PackedRefs {
  const file = join(commonDir, "packed-refs");
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return { mtimeMs: 0, size: 0, refs: new Map(), peeled: new Map() };
  const cached = packedCache.get(file);
  if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
  const refs = new Map<string, string>();
  const peeled = new Map<string, string>();
  let last = "";
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("^")) {
      peeled.set(last, line.slice(1, 41));
      continue;
    }
    const oid = line.slice(0, 40);
    const name = line.slice(41).replace(/\r$/, "");
    refs.set(name, oid);
    last = name;
  }
  const parsed = { mtimeMs: st.mtimeMs, size: st.size, refs, peeled };
  packedCache.set(file, parsed);
  return parsed;
}

export type RefValue = { kind: "oid"; oid: string } | { kind: "symbolic"; target: string };

/** Reads one ref without following it; undefined when it does not exist. */
export function readRefRaw(gitDir: string, commonDir: string, ref: string): RefValue | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(looseRefPath(gitDir, commonDir, ref), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR" && code !== "EISDIR") throw error;
  }
  if (text !== undefined) {
    const t = text.trim();
    if (t.startsWith("ref:")) return { kind: "symbolic", target: t.slice(4).trim() };
    const oid = t.slice(0, 40);
    if (OID.test(oid)) return { kind: "oid", oid };
    throw new RepoManagerError("E_BAD_REF", `ref '${ref}' is corrupt: ${looseRefPath(gitDir, commonDir, ref)}`, {
      hint: "inspect the file; 'git fsck' reports what else is damaged",
    });
  }
  if (isPerWorktreeRef(ref) && !ref.startsWith("refs/")) return undefined;
  const packed = readPackedRefs(commonDir).refs.get(ref);
  return packed === undefined ? undefined : { kind: "oid", oid: packed };
}

export interface ResolvedRef {
  /** The commit (or object) id, null when the chain ends in a ref that does not exist (an unborn branch). */
  oid: string | null;
  /** The last ref in the symbolic chain (`refs/heads/main`), or null when `ref` itself holds an oid. */
  ref: string | null;
}

/** Follows symbolic refs (at most 5 levels, as git) to an object id. */
export function resolveRefIn(gitDir: string, commonDir: string, ref: string): ResolvedRef {
  let name = ref;
  let lastSymbolic: string | null = null;
  for (let depth = 0; depth < 6; depth++) {
    const v = readRefRaw(gitDir, commonDir, name);
    if (v === undefined) return { oid: null, ref: lastSymbolic };
    if (v.kind === "oid") return { oid: v.oid, ref: lastSymbolic };
    // As git's files backend: a target that is no valid ref name (e.g. one
    // climbing out of refs/ with "..") is never turned into a path and read.
    if (!isValidRefname(v.target, { allowOneLevel: true })) {
      throw new RepoManagerError("E_BAD_REF", `symbolic ref '${name}' points to a bad name '${v.target}'`, {
        hint: "fix the ref file (e.g. 'git symbolic-ref'); 'git fsck' reports what else is damaged",
      });
    }
    lastSymbolic = v.target;
    name = v.target;
  }
  throw new RepoManagerError("E_BAD_REF", `symbolic ref '${ref}' nests too deeply`, { hint: "check the ref files for a loop" });
}

/** HEAD of the repository's current worktree: `{ oid, ref }`; `ref` is null when detached. */
export async function readHead(repo: Repository): Promise<ResolvedRef> {
  return resolveRefIn(repo.gitDir, repo.commonDir, "HEAD");
}

/** Whether a ref exists (loose or packed) in the shared ref namespace. */
export function refExists(commonDir: string, ref: string): boolean {
  return readRefRaw(commonDir, commonDir, ref) !== undefined;
}
