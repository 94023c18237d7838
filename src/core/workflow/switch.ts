/**
 * `switch`: from a target (branch, worktree path or name, `-`, `@`, `^`) to
 * the worktree to go to, or the worktree to create there first. Planning
 * reads only; creating goes through `addWorktree` (the `worktree add` use
 * case), so a failed switch leaves the repository as it was.
 */
import { resolve } from "node:path";
import type { GitConfig } from "../../git/config/config.ts";
import { openRepositoryObjectStore } from "../../git/objects/index.ts";
import { refExists, resolveRefIn } from "../../git/refs/refs.ts";
import { UnknownRevisionError } from "../../git/refs/errors.ts";
import { resolveCommitish } from "../../git/refs/revparse.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import type { Env } from "../../plugins/paths.ts";
import { type AddHooks, type AddResult, addWorktree } from "../worktree/add.ts";
import type { AddOptions } from "../worktree/add-plan.ts";
import { uniqueTrackingName } from "../worktree/add-tracking.ts";
import { findInList } from "../worktree/find.ts";
import { ignoreCaseOf, listWorktreesSync } from "../worktree/list.ts";
import type { ConfigValue } from "./config.ts";
import { SwitchError } from "./errors.ts";
import { readPrevious, writePrevious } from "./state.ts";
import { worktreePathFor } from "./template.ts";

export interface SwitchRequest {
  /** A branch, a worktree path or directory name, `-`, `@` or `^`. */
  target: string;
  /** -c: create `target` as a new branch from `base`. */
  create: boolean;
  /** --base <commit-ish>, with -c (default HEAD). */
  base?: string;
  cwd: string;
  env: Env;
  /** The effective `worktree-path`. */
  worktreePath: ConfigValue;
}

export type SwitchPlan =
  | { kind: "existing"; path: string; branch: string | null }
  | { kind: "create"; path: string; branch: string; add: AddOptions; tracking: string | null };

export interface SwitchResult {
  path: string;
  /** Short branch name, or null for a detached worktree. */
  branch: string | null;
  created: boolean;
  /** The branch was created by this switch (-c, or from a remote-tracking branch). */
  createdBranch: boolean;
  /** `origin/x` when the new branch tracks it. */
  tracking: string | null;
  /** The worktree switched from, recorded for `switch -` (null when there was none). */
  previous: string | null;
  add: AddResult | null;
}

const short = (ref: string | null): string | null => (ref === null ? null : ref.replace(/^refs\/heads\//, ""));

function byRef(list: WorktreeInfo[], ref: string): WorktreeInfo | undefined {
  return list.find((w) => w.branch === ref && !w.prunable && !w.bare); // a bare repository's HEAD is no worktree
}

const existing = (w: WorktreeInfo): SwitchPlan => ({ kind: "existing", path: w.path, branch: short(w.branch) });

/** Where `switch` goes. Reads only; throws SwitchError, TemplateError. */
export function planSwitch(repo: Repository, config: GitConfig, req: SwitchRequest): SwitchPlan {
  const { target } = req;
  if (target === "") throw new SwitchError("E_SWITCH_TARGET", "an empty target", "name a branch or a worktree");
  if (req.base !== undefined && !req.create) throw new SwitchError("E_SWITCH_USAGE", "--base needs -c", "use 'switch -c <branch> --base <commit-ish>'");
  // -c lists the worktrees only if it must (addWorktree lists them again): `switch -c` costs what `worktree add` does.
  if (req.create) return planCreate(repo, config, req, () => listWorktreesSync(repo, { config }));
  const list = listWorktreesSync(repo, { config });
  const ignoreCase = ignoreCaseOf(repo, config);
  if (target === "-") {
    const previous = readPrevious(req.env, repo.commonDir);
    if (previous === null) throw new SwitchError("E_NO_PREVIOUS", "no previous worktree to switch back to in this repository", "switch somewhere first; 'switch -' then goes back");
    const w = findInList(list, previous, { cwd: req.cwd, ignoreCase });
    if (!w || w.prunable) throw new SwitchError("E_PREVIOUS_GONE", `the previous worktree is gone: ${previous}`, "see 'repo-manager worktree list'", { path: previous });
    return existing(w);
  }
  if (target === "@" || target === "^") {
    const w = target === "@" ? list.find((x) => x.isCurrent) : list[0];
    if (!w || w.bare || (target === "@" && repo.worktree === null)) {
      throw new SwitchError("E_SWITCH_TARGET", target === "@" ? "not inside a worktree" : "the main worktree is bare", "name a branch or a worktree");
    }
    return existing(w);
  }
  const checkedOut = byRef(list, `refs/heads/${target}`);
  if (checkedOut) return existing(checkedOut);
  const byPath = findInList(list, target, { cwd: req.cwd, ignoreCase });
  if (byPath && !byPath.bare && !byPath.prunable) return existing(byPath);
  if (refExists(repo.commonDir, `refs/heads/${target}`)) {
    const commit = () => resolveRefIn(repo.gitDir, repo.commonDir, `refs/heads/${target}`).oid ?? "";
    const path = newPath(repo, req, target, commit, list);
    return { kind: "create", path, branch: target, add: { path, commitish: target, cwd: req.cwd }, tracking: null };
  }
  const remote = uniqueTrackingName(config, repo.commonDir, target);
  if (remote) {
    const commit = () => resolveRefIn(repo.gitDir, repo.commonDir, remote.ref).oid ?? "";
    const path = newPath(repo, req, target, commit, list);
    // As `worktree add <path> <branch>` does for a branch only a remote has: a new branch tracking it.
    return { kind: "create", path, branch: target, add: { path, commitish: target, cwd: req.cwd }, tracking: remote.ref.replace(/^refs\/remotes\//, "") };
  }
  throw new SwitchError("E_SWITCH_TARGET", `no branch or worktree named '${target}'`, `create the branch with 'repo-manager switch -c ${target}'`, { target });
}

function planCreate(repo: Repository, config: GitConfig, req: SwitchRequest, list: () => WorktreeInfo[]): SwitchPlan {
  const name = req.target;
  if (refExists(repo.commonDir, `refs/heads/${name}`)) {
    throw new SwitchError("E_BRANCH_EXISTS", `a branch named '${name}' already exists`, `switch to it without -c: 'repo-manager switch ${name}'`, { branch: name });
  }
  const base = req.base ?? "HEAD";
  // Only a template with {commit} pays for opening the object store.
  const commit = () => {
    const store = openRepositoryObjectStore(repo.commonDir, config, req.env as NodeJS.ProcessEnv);
    try {
      return resolveCommitish({ gitDir: repo.gitDir, commonDir: repo.commonDir, store, objectDirs: store.objectDirs }, base).oid;
    } catch (error) {
      if (error instanceof UnknownRevisionError) {
        throw new SwitchError("E_UNKNOWN_REVISION", `not a valid object name: '${base}'`, "name a branch, tag or commit that exists", { rev: base });
      }
      throw error;
    } finally {
      store.close();
    }
  };
  const path = newPath(repo, req, name, commit, list);
  return { kind: "create", path, branch: name, add: { path, newBranch: name, commitish: req.base, cwd: req.cwd }, tracking: null };
}

function newPath(repo: Repository, req: SwitchRequest, branch: string, commit: () => string, list: WorktreeInfo[] | (() => WorktreeInfo[])): string {
  const { value, origin, source } = req.worktreePath;
  return worktreePathFor({ repo, template: value, origin: origin ?? source, branch, commit, worktrees: typeof list === "function" ? list : () => list });
}

/**
 * Runs a plan: creates the worktree if needed (through addWorktree), then
 * records the worktree we came from for `switch -` unless `remember` is false.
 */
export async function runSwitch(
  repo: Repository,
  config: GitConfig,
  plan: SwitchPlan,
  opts: { env: Env; remember: boolean; hooks?: AddHooks },
): Promise<SwitchResult> {
  let add: AddResult | null = null;
  if (plan.kind === "create") add = await addWorktree(repo, config, plan.add, { ...opts.hooks, env: opts.env });
  const path = add ? add.path : plan.path;
  const from = repo.worktree;
  let previous: string | null = null;
  if (opts.remember && from !== null && resolve(from) !== resolve(path)) {
    try {
      writePrevious(opts.env, repo.commonDir, from);
      previous = from;
    } catch (error) {
      // The switch itself succeeded: a state dir we cannot write costs only `switch -`.
      opts.hooks?.warn?.(`cannot remember the previous worktree for 'switch -': ${(error as Error).message}`);
    }
  }
  return {
    path,
    branch: plan.branch,
    created: add !== null,
    createdBranch: add?.createdBranch != null,
    tracking: plan.kind === "create" ? plan.tracking : null,
    previous,
    add,
  };
}
