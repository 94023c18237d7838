/**
 * The `worktree-path` template: where `switch` puts a branch's new worktree.
 * `{repo}`, `{branch}` (made safe as one path component), `{main}` and
 * `{commit}`; the result is resolved against the main worktree and must
 * not land inside the git dir or on a non-empty directory.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { TemplateError } from "./errors.ts";

export const TEMPLATE_VARIABLES = ["repo", "branch", "main", "commit"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

// Unsafe in a file name on some OS we support: Windows' reserved characters, both separators, control characters.
const UNSAFE = /[/\\:*?"<>|\x00-\x1f\x7f]/g;

/** `feat/login` -> `feat-login`: a branch name as one path component safe on every OS. */
export function sanitizeBranch(name: string): string {
  // A trailing dot or space is dropped by Windows; `..` would climb.
  return name.replace(UNSAFE, "-").replace(/[. ]+$/, (m) => "-".repeat(m.length)).replace(/^\.+/, (m) => "-".repeat(m.length));
}

/** The six-hex-digit suffix of a branch whose sanitised name collides with another's. */
export const branchSuffix = (name: string): string => createHash("sha1").update(name).digest("hex").slice(0, 6);

/** `{repo}`: the main worktree's directory name; for `repo/.bare` (or `repo/.git`), `repo`. */
export function repoName(repo: Repository): string {
  const name = basename(repo.mainWorktree);
  if (!repo.mainIsBare) return name;
  if (name === ".bare" || name === ".git") return basename(dirname(repo.mainWorktree));
  return name.replace(/\.git$/, "") || name; // app.git -> app
}

/** Checks a template's variables before anything is done; throws TemplateError. */
export function checkTemplate(template: string, origin: string): void {
  for (const m of template.matchAll(/\{([^{}]*)\}|[{}]/g)) {
    if (m[1] === undefined) {
      throw new TemplateError(`worktree-path template '${template}' (from ${origin}) has an unmatched '${m[0]}'`, "write variables as {repo}, {branch}, {main}, {commit}", { template });
    }
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(m[1])) {
      throw new TemplateError(
        `worktree-path template '${template}' (from ${origin}) names an unknown variable '{${m[1]}}'`,
        `the variables are ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(", ")}`,
        { template, variable: m[1] },
      );
    }
  }
}

/** Replaces the variables; the template must have passed checkTemplate. */
export function expandTemplate(template: string, vars: Record<TemplateVariable, string>): string {
  return template.replace(/\{([a-z]+)\}/g, (_, name: TemplateVariable) => vars[name]);
}

const inside = (parent: string, child: string): boolean => {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

function isNonEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length > 0;
  } catch {
    return false;
  }
}

export interface WorktreePathInput {
  repo: Repository;
  template: string;
  /** Where the template came from, for messages (`default`, a file, a variable). */
  origin: string;
  branch: string;
  /** The start commit's id; called only when the template uses {commit}. */
  commit: () => string;
  /** The existing worktrees (asked for only when the path exists): a sanitised path already taken by another branch gets the suffix. */
  worktrees: () => readonly WorktreeInfo[];
}

/**
 * The absolute path of a new worktree for `branch`. Throws TemplateError for
 * an unknown variable, a path inside the git dir, or a non-empty directory.
 */
export function worktreePathFor(input: WorktreePathInput): string {
  const { repo, template, origin, branch } = input;
  checkTemplate(template, origin);
  const base = repo.mainWorktree;
  const at = (slug: string) =>
    resolve(base, expandTemplate(template, { repo: repoName(repo), branch: slug, main: repo.mainWorktree, commit: template.includes("{commit}") ? input.commit() : "" }));
  let path = at(sanitizeBranch(branch));
  // Listing 100 worktrees costs milliseconds: only a path that exists can be another branch's worktree.
  const taken = existsSync(path) && input.worktrees().find((w) => resolve(w.path) === path && w.branch !== `refs/heads/${branch}`);
  if (taken && template.includes("{branch}")) path = at(`${sanitizeBranch(branch)}-${branchSuffix(branch)}`);
  if (inside(resolve(repo.commonDir), path) || inside(resolve(repo.gitDir), path)) {
    throw new TemplateError(`worktree-path '${template}' (from ${origin}) resolves inside the repository's git directory: ${path}`, "set worktree-path to a directory outside .git (see docs/config.md)", { path });
  }
  if (isNonEmptyDir(path)) {
    throw new TemplateError(`worktree-path '${template}' (from ${origin}) resolves to an existing non-empty directory: ${path}`, "move that directory away, or set worktree-path (see docs/config.md)", { path });
  }
  return path;
}
