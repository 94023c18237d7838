/**
 * Repository discovery, as git's setup.c does it: from a directory upwards,
 * find `.git` (a directory, or a file saying `gitdir: <path>`) or a bare
 * repository; follow `commondir` to the shared git dir (git libraries
 * often do not); honour GIT_DIR, GIT_WORK_TREE, GIT_COMMON_DIR and
 * GIT_CEILING_DIRECTORIES; and refuse repository formats we cannot handle
 * safely (reftable, sha256, unknown extensions).
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { NotARepositoryError, RepoManagerError } from "../../errors.ts";
import { type GitConfig, loadConfig } from "../config/config.ts";
import type { Repository } from "./types.ts";
import { isDirectory, stripDotGit } from "./fspath.ts";
import { BrokenGitDirError, UnsupportedRepositoryError } from "./errors.ts";

/** Extensions (repositoryformatversion 1) we understand; see Documentation/config/extensions.txt. */
const KNOWN_EXTENSIONS = new Set(["noop", "noop-v1", "preciousobjects", "partialclone", "worktreeconfig", "objectformat", "refstorage", "relativeworktrees"]);

const isFile = (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() === true;

export function realpath(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}

/** Reads a `.git` file (`gitdir: <path>`); relative paths are relative to the file's directory. */
export function readGitFile(file: string): string {
  const text = readFileSync(file, "utf8");
  const m = /^gitdir: (.*?)\r?\n?$/.exec(text.split("\n")[0] ?? "");
  if (!m || !m[1]) throw new RepoManagerError("E_BAD_GITFILE", `invalid gitfile format: ${file}`, { hint: "run 'repo-manager worktree repair' from the main worktree" });
  return resolve(dirname(file), m[1]);
}

/** A directory is a git dir if it has HEAD, objects/ and refs/ (objects/refs may come from commondir). */
export function isGitDir(dir: string): boolean {
  if (!existsSync(join(dir, "HEAD"))) return false;
  const common = readCommonDir(dir);
  return isDirectory(join(common, "objects")) && isDirectory(join(common, "refs"));
}


/** The `commondir` file, resolved (relative to the git dir), or the git dir itself. */
export function readCommonDir(gitDir: string): string {
  try {
    // git strips every trailing CR and LF (get_common_dir_noenv)
    const text = readFileSync(join(gitDir, "commondir"), "utf8").replace(/[\r\n]+$/, "");
    return resolve(gitDir, text);
  } catch {
    return gitDir;
  }
}

interface Found {
  gitDir: string;
  worktree: string | null;
  /** Whether gitDir came from a `.git` file (so a bad one is a broken link, not "no repository here"). */
  viaGitFile?: boolean;
}

function walkUp(start: string, env: NodeJS.ProcessEnv): Found | null {
  const ceilings = (env.GIT_CEILING_DIRECTORIES ?? "")
    .split(process.platform === "win32" ? ";" : ":")
    .filter((d) => d !== "" && isAbsolute(d))
    .map((d) => realpath(d));
  let dir = start;
  for (;;) {
    const dotgit = join(dir, ".git");
    if (isFile(dotgit)) return { gitDir: readGitFile(dotgit), worktree: dir, viaGitFile: true };
    if (isDirectory(dotgit) && isGitDir(dotgit)) return { gitDir: dotgit, worktree: dir };
    if (isGitDir(dir)) return { gitDir: dir, worktree: null };
    const parent = dirname(dir);
    if (parent === dir || ceilings.includes(parent)) return null;
    dir = parent;
  }
}

/** Finds the repository that `cwd` belongs to, as git would. Throws NotARepositoryError. */
export async function discoverRepository(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<Repository> {
  return discoverRepositorySync(cwd, env).repo;
}

/** The same, synchronously, also returning the configuration it had to read anyway. */
export function discoverRepositorySync(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): { repo: Repository; config: GitConfig } {
  const start = realpath(cwd);
  let gitDir: string;
  let worktree: string | null;
  if (env.GIT_DIR) {
    gitDir = realpath(resolve(start, env.GIT_DIR));
    if (isFile(gitDir)) gitDir = realpath(readGitFile(gitDir));
    if (!isGitDir(gitDir)) throw new BrokenGitDirError(`'${env.GIT_DIR}'`, "GIT_DIR must name a git directory; fix or unset it");
    worktree = null; // decided below from GIT_WORK_TREE / core.worktree / core.bare
  } else {
    const found = walkUp(start, env);
    if (!found) throw new NotARepositoryError(cwd);
    gitDir = realpath(found.gitDir);
    worktree = found.worktree === null ? null : realpath(found.worktree);
    if (!isGitDir(gitDir)) {
      if (!found.viaGitFile || worktree === null) throw new NotARepositoryError(cwd);
      throw new BrokenGitDirError(
        found.gitDir,
        `this worktree's .git file names a git dir that is gone (was the repository moved?); run 'repo-manager worktree repair ${worktree}' in the main worktree`,
      );
    }
  }
  const commonDir = realpath(env.GIT_COMMON_DIR ? resolve(start, env.GIT_COMMON_DIR) : readCommonDir(gitDir));
  const config = loadConfig({ commonDir, gitDir, env });
  checkFormat(config, commonDir);

  const isLinked = commonDir !== gitDir;
  const coreBare = config.get("core.bare") !== undefined ? config.getBool("core.bare", false) : undefined;
  if (env.GIT_WORK_TREE) worktree = realpath(resolve(start, env.GIT_WORK_TREE));
  else if (!isLinked && config.getString("core.worktree")) worktree = realpath(resolve(gitDir, config.getString("core.worktree") as string));
  else if (env.GIT_DIR) worktree = coreBare === true ? null : start;
  else if (!isLinked && coreBare === true) worktree = null;
  if (worktree !== null && worktree.endsWith(sep) && worktree.length > 1) worktree = worktree.slice(0, -1);

  const mainWorktree = stripDotGit(commonDir);
  const mainIsBare = coreBare === true || (coreBare === undefined && !commonDir.endsWith(`${sep}.git`));
  return {
    repo: { worktree, gitDir, commonDir, bare: worktree === null, mainWorktree, mainIsBare, isLinked },
    config,
  };
}

function checkFormat(config: GitConfig, commonDir: string): void {
  const version = Number(config.getString("core.repositoryformatversion") ?? "0");
  if (!Number.isInteger(version) || version > 1 || version < 0) {
    throw new UnsupportedRepositoryError(
      `unsupported repository format version ${config.getString("core.repositoryformatversion")} in ${commonDir}`,
      "this repository was made by a newer git; use git itself for it",
      { version },
    );
  }
  const objectFormat = (config.getString("extensions.objectformat") ?? "sha1").toLowerCase();
  if (objectFormat !== "sha1") {
    throw new UnsupportedRepositoryError(`repositories with ${objectFormat} object ids are not supported yet: ${commonDir}`, "use git itself for this repository", { objectFormat });
  }
  const refStorage = (config.getString("extensions.refstorage") ?? "files").toLowerCase();
  if (refStorage !== "files") {
    throw new UnsupportedRepositoryError(`the '${refStorage}' ref storage is not supported yet: ${commonDir}`, "use git itself for this repository", { refStorage });
  }
  if (version === 1) {
    for (const e of config.entries) {
      if (e.section === "extensions" && e.scope === "local" && !KNOWN_EXTENSIONS.has(e.name)) {
        throw new UnsupportedRepositoryError(`unknown repository extension '${e.name}' in ${commonDir}`, "this repository needs a newer tool; use git itself for it", { extension: e.name });
      }
    }
  }
}
