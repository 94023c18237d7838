/**
 * The context document a plugin receives (REPO_MANAGER_CONTEXT) and that
 * `repo-manager context --json` prints: who is calling, from where, and the
 * repository there, with its worktrees in the `worktree list --json` schema.
 */
import type { GitConfig } from "../git/config/config.ts";
import { readHead } from "../git/refs/refs.ts";
import type { Repository, WorktreeJson } from "../git/repo/types.ts";
import { NotARepositoryError, isRepoManagerError } from "../errors.ts";
import { listWorktreesSync, toWorktreeJson } from "./worktree/list.ts";

/** Finds the repository (the command context's lazy, once-per-process discovery). */
export type Discover = () => { repo: Repository; config: GitConfig };

export const CONTEXT_SCHEMA_VERSION = 1;

export interface ContextRepo {
  /** Root of the worktree the cwd is in; null in a bare repository. */
  root: string | null;
  gitDir: string;
  commonDir: string;
  bare: boolean;
  head: { oid: string | null; ref: string | null };
  worktrees: WorktreeJson[];
}

export interface ContextDocument {
  schemaVersion: number;
  host: { version: string; bin: string; platform: NodeJS.Platform };
  cwd: string;
  output: "text" | "json";
  color: boolean;
  /** null outside a repository (or when it cannot be read: see repoError). */
  repo: ContextRepo | null;
  /** Why `repo` is null although a repository seems to be there (e.g. an unsupported format); else null. */
  repoError: { code: string; message: string } | null;
}

export interface ContextOptions {
  version: string;
  bin: string;
  cwd: string;
  output: "text" | "json";
  color: boolean;
  env: Record<string, string | undefined>;
  discover: Discover;
  platform?: NodeJS.Platform;
}

/**
 * Builds the context document. Outside a repository `repo` is null; a
 * repository we cannot read also gives null, with the reason in `repoError`,
 * so a plugin that does not care about the repository still runs.
 */
export async function buildContext(opts: ContextOptions): Promise<ContextDocument> {
  let repo: ContextRepo | null = null;
  let repoError: ContextDocument["repoError"] = null;
  try {
    const { repo: r, config } = opts.discover();
    const [head, worktrees] = [await readHead(r), listWorktreesSync(r, { config })];
    repo = {
      root: r.worktree,
      gitDir: r.gitDir,
      commonDir: r.commonDir,
      bare: r.bare,
      head: { oid: head.oid, ref: head.ref },
      worktrees: worktrees.map(toWorktreeJson),
    };
  } catch (e) {
    if (e instanceof NotARepositoryError) repo = null;
    else if (isRepoManagerError(e)) repoError = { code: e.code, message: e.message };
    else repoError = { code: "E_INTERNAL", message: (e as Error).message };
  }
  return {
    schemaVersion: CONTEXT_SCHEMA_VERSION,
    host: { version: opts.version, bin: opts.bin, platform: opts.platform ?? process.platform },
    cwd: opts.cwd,
    output: opts.output,
    color: opts.color,
    repo,
    repoError,
  };
}
