/**
 * The hooks git 2.39 runs during `worktree add`, with the arguments,
 * standard input, working directory and environment git gives them
 * (recorded from git 2.39 itself; test/integration/worktree-add-hooks.test.ts
 * compares the two). git runs parts of `add` as child processes, and each
 * child's hooks see that child's setup; the phases below are those children:
 *
 * - `branch` (`git branch` for -b/-B or a DWIM'd new branch): a
 *   reference-transaction for `refs/heads/<b>`, run in the current worktree's
 *   top (a bare repository's own dir), GIT_DIR set as that child's discovery
 *   sets it (a linked worktree's git dir, `.` for a bare repository).
 * - `head` (`git update-ref HEAD <oid>`, detached only; a symbolic HEAD is
 *   written by `git symbolic-ref`, which runs no hook in 2.39): the same
 *   directory, GIT_DIR = the new admin dir, GIT_WORK_TREE = the path as given.
 * - `reset` (`git reset --hard`, unless --no-checkout): in the new worktree,
 *   GIT_DIR = its admin dir, GIT_WORK_TREE = `.`: one transaction for
 *   ORIG_HEAD, then one for HEAD (and its branch when symbolic).
 * - `post-checkout` (unless --no-checkout), from `add` itself, after the add
 *   is complete: in the new worktree, GIT_DIR and GIT_WORK_TREE removed,
 *   arguments `<null id> <new HEAD> 1`. Its failure does not undo the add;
 *   its exit status becomes ours, as in git.
 *
 * A reference-transaction hook that fails in `prepared` aborts: git runs it
 * again with `aborted` and fails with "ref updates aborted by hook"; we do
 * the same and then roll back the whole add (git leaves a created branch).
 * All hooks get GIT_PREFIX (the add's own, or "" in the children) and, from
 * a bare repository, GIT_IMPLICIT_WORK_TREE=0. Not reproduced: git's
 * GIT_EXEC_PATH and its exec dir at the front of PATH (there is no git here).
 */
import { isAbsolute, relative, sep } from "node:path";
import { RepoManagerError } from "../../errors.ts";
import type { GitConfig } from "../../git/config/config.ts";
import { findHook } from "../../git/hooks/find-hook.ts";
import type { Repository } from "../../git/repo/types.ts";
import { isQuietSignal, runHookProgram } from "../../platform/run-hook.ts";

/** A reference-transaction hook refused the update in its `prepared` state. */
export class HookAbortedError extends RepoManagerError {
  constructor(refs: string[]) {
    super("E_HOOK_ABORTED", "ref updates aborted by hook", {
      hint: "the reference-transaction hook refused the update; nothing was changed",
      data: { hook: "reference-transaction", refs },
    });
    this.name = "HookAbortedError";
  }
}

/** One ref update as the reference-transaction hook reads it: `<old> <new> <ref>`. */
export type RefUpdate = [oldOid: string, newOid: string, ref: string];

export type HookPhase = "branch" | "head" | "reset";

/** What the post-checkout hook did: its exit status, and git's message when a signal killed it. */
export interface PostCheckoutResult {
  exitCode: number;
  error: string | null;
}

interface Place {
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface AddHookContext {
  repo: Repository;
  config: GitConfig;
  env: NodeJS.ProcessEnv;
  /** The directory `add` was run from (after -C). */
  cwd: string;
  /** `advice.ignoredHook`-style hints ("The '...' hook was ignored ..."). */
  hint?: (message: string) => void;
}

/** Runs git 2.39's hooks for one `worktree add`. */
export class AddHookRunner {
  private readonly top: string;
  private readonly base: Record<string, string | undefined>;
  private readonly hinted = new Set<string>();
  private readonly hooksPath: string | undefined;

  constructor(private readonly c: AddHookContext) {
    const { repo } = c;
    // Where git works after its setup: the worktree's top, or the git dir of a bare repository.
    this.top = repo.worktree ?? repo.gitDir;
    const rel = repo.worktree === null ? "" : relative(repo.worktree, c.cwd);
    const prefix = rel === "" || rel.startsWith("..") ? "" : `${rel.split(sep).join("/")}/`;
    this.base = { ...c.env, GIT_PREFIX: prefix };
    if (repo.worktree === null) this.base.GIT_IMPLICIT_WORK_TREE = "0";
    this.hooksPath = c.config.getPath("core.hooksPath");
  }

  /** The directory and environment of the git child process `phase` (see the module comment). */
  private place(phase: HookPhase, adminDir: string, worktree: string, pathArg: string): Place {
    const env: Record<string, string | undefined> = { ...this.base, GIT_PREFIX: "" };
    if (phase === "branch") {
      if (this.c.repo.worktree === null) env.GIT_DIR = relative(this.top, this.c.repo.gitDir) || ".";
      else if (this.c.repo.isLinked) env.GIT_DIR = this.c.repo.gitDir;
      return { cwd: this.top, env };
    }
    env.GIT_DIR = adminDir;
    // git's `path` is prefix_filename(prefix, <path>): the argument as given, under the add's prefix.
    if (phase === "head") return { cwd: this.top, env: { ...env, GIT_WORK_TREE: isAbsolute(pathArg) ? pathArg : `${this.base.GIT_PREFIX}${pathArg}` } };
    return { cwd: worktree, env: { ...env, GIT_WORK_TREE: "." } };
  }

  private find(name: string, baseDir: string, group: string): string | null {
    // The children with GIT_DIR set to the new admin dir, and any git in a linked worktree, know it absolute.
    const absoluteGitDir = group === "head" || group === "reset" || this.c.repo.isLinked;
    const found = findHook({ name, commonDir: this.c.repo.commonDir, hooksPath: this.hooksPath, baseDir, absoluteGitDir });
    if (found.ignored !== null && !this.hinted.has(`${group}:${name}`) && this.c.config.getBool("advice.ignoredHook", true)) {
      // Once per hook and git process, as git's advise_if_enabled in find_hook.
      this.hinted.add(`${group}:${name}`);
      this.c.hint?.(`The '${found.ignored}' hook was ignored because it's not set as executable.`);
      this.c.hint?.("You can disable this warning with `git config advice.ignoredHook false`.");
    }
    return found.path;
  }

  /**
   * Runs `apply` inside a reference transaction as git's files backend does:
   * the hook with `prepared` (a failure runs it with `aborted` and throws
   * HookAbortedError before anything is applied), then `apply`, then the
   * hook with `committed` (whose status git ignores).
   */
  transaction(phase: HookPhase, where: { adminDir: string; worktree: string; pathArg: string }, updates: RefUpdate[], apply: () => void): void {
    const place = this.place(phase, where.adminDir, where.worktree, where.pathArg);
    const hook = this.find("reference-transaction", place.cwd, phase);
    if (hook === null) return apply();
    const stdin = updates.map(([o, n, r]) => `${o} ${n} ${r}\n`).join("");
    const run = (state: string) => runHookProgram({ path: hook, args: [state], cwd: place.cwd, env: place.env, stdin });
    if (run("prepared").exitCode !== 0) {
      run("aborted");
      throw new HookAbortedError(updates.map((u) => u[2]));
    }
    apply();
    run("committed");
  }

  /** Runs post-checkout for the completed add; null when there is no hook. */
  postCheckout(worktree: string, newHead: string): PostCheckoutResult | null {
    const hook = this.find("post-checkout", this.top, "add");
    if (hook === null) return null;
    const env = { ...this.base };
    // git: strvec_pushl(&opt.env, "GIT_DIR", "GIT_WORK_TREE"): both removed, so the hook's own
    // git commands find the new worktree from its working directory.
    delete env.GIT_DIR;
    delete env.GIT_WORK_TREE;
    const r = runHookProgram({ path: hook, args: ["0".repeat(40), newHead, "1"], cwd: worktree, env, stdin: null });
    if (r.notStarted !== null) return { exitCode: r.exitCode, error: `cannot run ${hook}: ${r.notStarted}` };
    if (r.signal !== null && !isQuietSignal(r.signal)) return { exitCode: r.exitCode, error: `${hook} died of signal ${r.signal}` };
    return { exitCode: r.exitCode & 0xff, error: null };
  }
}
