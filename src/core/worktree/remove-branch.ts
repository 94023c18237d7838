/**
 * `worktree remove --delete-branch` / `-D`: after the worktree is gone, its
 * branch is deleted as `git branch -d` would (the ref, packed or loose, its
 * reflog and its `[branch "<name>"]` config), but with `--delete-branch` only
 * when the branch is integrated (core/branch/integration.ts: ancestor, same
 * tree, or every change present, which catches squash and rebase merges)
 * into its upstream or the default branch. Otherwise the branch is kept and
 * the outcome says why: a kept branch is never an error (exit 0).
 */
import type { GitConfig } from "../../git/config/config.ts";
import { removeConfigSection } from "../../git/config/config-write.ts";
import { CommitReader } from "../../git/graph/commits.ts";
import { openRepositoryObjectStore } from "../../git/objects/index.ts";
import { deleteBranchRef } from "../../git/refs/ref-delete.ts";
import { resolveRefIn } from "../../git/refs/refs.ts";
import type { Repository } from "../../git/repo/types.ts";
import { join } from "node:path";
import { type IntegrationReason, integrationOf } from "../branch/integration.ts";
import { listWorktreesSync } from "./list.ts";

export interface BranchOutcome {
  /** The short name (`feature/x`). */
  branch: string;
  deleted: boolean;
  /** Why it was deleted or kept, in a few words. */
  reason: string;
  /** The ref it was found integrated into, when that decided it. */
  integratedInto: string | null;
  integration: IntegrationReason | null;
}

const shortName = (ref: string) => ref.replace(/^refs\/(heads|remotes)\//, "");

function oidOf(repo: Repository, ref: string): string | null {
  try {
    return resolveRefIn(repo.commonDir, repo.commonDir, ref).oid;
  } catch {
    return null;
  }
}

/** The branch's upstream ref (`branch.<name>.remote` and `.merge`), when configured. */
function upstreamOf(config: GitConfig, name: string): string | null {
  const remote = config.getString(`branch.${name}.remote`);
  const merge = config.getString(`branch.${name}.merge`);
  if (!remote || !merge) return null;
  if (remote === ".") return merge;
  return `refs/remotes/${remote}/${merge.replace(/^refs\/heads\//, "")}`;
}

/** The default branch: `<remote>/HEAD` (the branch's remote, else origin), else init.defaultBranch, else main, else master. */
export function defaultBranchRef(repo: Repository, config: GitConfig, remote: string | null): string | null {
  for (const r of [remote, "origin"]) {
    if (!r || r === ".") continue;
    try {
      const head = resolveRefIn(repo.commonDir, repo.commonDir, `refs/remotes/${r}/HEAD`);
      if (head.ref && head.oid) return head.ref;
    } catch {
      // no such remote HEAD
    }
  }
  const configured = config.getString("init.defaultBranch");
  for (const name of [configured, "main", "master"]) {
    if (name && oidOf(repo, `refs/heads/${name}`)) return `refs/heads/${name}`;
  }
  return null;
}

/**
 * Deletes `branchRef` (whose tip is `tip`) when allowed; `force` skips the
 * integration check (`-D`). Never deletes a branch checked out in a worktree.
 */
export function deleteBranchAfterRemove(repo: Repository, config: GitConfig, branchRef: string, tip: string, opts: { force: boolean; env: Record<string, string | undefined> }): BranchOutcome {
  const name = shortName(branchRef);
  const kept = (reason: string): BranchOutcome => ({ branch: name, deleted: false, reason, integratedInto: null, integration: null });
  const elsewhere = listWorktreesSync(repo, { config }).find((w) => w.branch === branchRef);
  if (elsewhere) return kept(`it is checked out at '${elsewhere.path}'`);
  if (oidOf(repo, branchRef) !== tip) return kept("it was moved meanwhile");
  let integratedInto: string | null = null;
  let integration: IntegrationReason | null = null;
  if (!opts.force) {
    const upstream = upstreamOf(config, name);
    const targets = [upstream, defaultBranchRef(repo, config, config.getString(`branch.${name}.remote`) ?? null)].filter(
      (t, i, all): t is string => t !== null && t !== branchRef && all.indexOf(t) === i,
    );
    const present = targets.filter((t) => oidOf(repo, t) !== null);
    if (present.length === 0) return kept("it has no upstream and there is no default branch to compare it with");
    const store = openRepositoryObjectStore(repo.commonDir, config, opts.env);
    try {
      const reader = new CommitReader(store, repo.commonDir);
      for (const target of present) {
        const r = integrationOf(store, reader, tip, oidOf(repo, target) as string);
        if (r.integrated) {
          integratedInto = target;
          integration = r.reason;
          break;
        }
      }
    } finally {
      store.close();
    }
    if (integratedInto === null) return kept(`it is not integrated into ${present.map(shortName).join(" or ")}`);
  }
  deleteBranchRef(repo.commonDir, branchRef, tip);
  removeConfigSection(join(repo.commonDir, "config"), "branch", name);
  const reason = integratedInto === null ? "deleted without checking (-D)" : `integrated into ${shortName(integratedInto)} (${integration})`;
  return { branch: name, deleted: true, reason, integratedInto, integration };
}
