/**
 * `worktree repair [<path>...]`: as git's repair_worktree_at_path() for each
 * path (fixing `<admin>/gitdir` from the worktree's `.git` file), then
 * repair_worktrees() (fixing each linked worktree's `.git` file from the
 * admin dir). Reports use git's words, in git's order.
 */
import { isAbsolute, join, relative, resolve } from "node:path";
import type { GitConfig } from "../../git/config/config.ts";
import type { Repository } from "../../git/repo/types.ts";
import {
  gitRtrim,
  hasRelativeGitdir,
  readDotGitText,
  readGitdirText,
  listAdminIds,
  readGitFileGently,
  worktreeAdminDir,
  writeDotGitFile,
  writeGitdirLink,
} from "../../git/worktree/worktree-admin.ts";
import { ignoreCaseOf, listWorktreesSync } from "./list.ts";
import { fileExists, isDirectory, realpathForgiving, samePath, stripDotGit, toGitPath } from "../../git/repo/fspath.ts";
import { findInterruptedMove } from "./move-recovery.ts";

export interface RepairEvent {
  /** "repair": something was fixed; "error": it could not be (the command then exits 1). */
  kind: "repair" | "error";
  /** git's message, e.g. "gitdir incorrect", ".git file broken". */
  message: string;
  path: string;
}

/**
 * Repairs the links between worktrees and the repository. `paths` are
 * worktree paths (absolute or relative to `cwd`); none means the current
 * worktree (git's ".").
 */
export async function repairWorktrees(repo: Repository, paths: string[], opts: { cwd: string; config?: GitConfig }): Promise<RepairEvent[]> {
  const cwd = opts.cwd;
  const mode: Mode = {
    ignoreCase: ignoreCaseOf(repo, opts.config),
    useRelativePaths: opts.config?.getBool("worktree.userelativepaths", false) ?? false,
  };
  const events: RepairEvent[] = [];
  // Not git's: first finish moves killed between their rename and their gitdir rewrite
  // (move-recovery.ts); otherwise their stale gitdir.lock would make the repair below fail.
  for (const id of listAdminIds(repo).sort()) {
    const move = findInterruptedMove(repo, id);
    if (move === null || move.running) continue;
    move.finish();
    if (move.outcome === "moved") events.push({ kind: "repair", message: "interrupted move finished", path: toGitPath(move.path) });
  }
  const targets = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [repo.worktree ?? cwd];
  for (const p of targets) repairAtPath(repo, p, events, mode);
  for (const wt of listWorktreesSync(repo, { config: opts.config }).slice(1)) {
    if (wt.id !== null) repairGitfile(repo, wt.path, wt.id, events, mode);
  }
  return events;
}

/** How paths compare (core.ignorecase) and whether new links are written relative (worktree.useRelativePaths, newer git). */
interface Mode {
  ignoreCase: boolean;
  useRelativePaths: boolean;
}

function realGitPath(p: string): string | null {
  const r = realpathForgiving(p);
  return r === null ? null : toGitPath(r);
}

/** repair_gitfile(): the worktree's `.git` must name `<common>/worktrees/<id>`. */
function repairGitfile(repo: Repository, wtPath: string, id: string, events: RepairEvent[], mode: Mode): void {
  if (!fileExists(wtPath)) return; // a missing worktree cannot be repaired
  if (!isDirectory(wtPath)) {
    events.push({ kind: "error", message: "not a directory", path: wtPath });
    return;
  }
  const admin = realGitPath(worktreeAdminDir(repo, id)) ?? toGitPath(worktreeAdminDir(repo, id));
  const dotgit = join(wtPath, ".git");
  const r = readGitFileGently(dotgit);
  let repair: string | null = null;
  if (r.error === "not-a-file") events.push({ kind: "error", message: ".git is not a file", path: wtPath });
  else if (r.error !== null) repair = ".git file broken";
  else if (!samePath(r.gitDir, admin, mode.ignoreCase)) repair = ".git file incorrect";
  if (repair) {
    events.push({ kind: "repair", message: repair, path: wtPath });
    const relativeLinks = mode.useRelativePaths || hasRelativeGitdir(worktreeAdminDir(repo, id));
    writeDotGitFile(wtPath, relativeLinks ? relative(realGitPath(wtPath) ?? wtPath, admin) : admin);
  }
}

/**
 * infer_backlink(): a `.git` naming `<elsewhere>/worktrees/<id>` probably
 * means our `worktrees/<id>`. git names it through its own common dir, which
 * is ".git" (relative) when it runs in the main worktree; so do we, so the
 * report reads the same.
 */
function inferBacklink(repo: Repository, gitfile: string): { dir: string; shown: string } | null {
  const text = readDotGitText(gitfile);
  if (text === null || !text.startsWith("gitdir:")) return null;
  const trimmed = text.trim();
  const sep = Math.max(trimmed.lastIndexOf("/"), process.platform === "win32" ? trimmed.lastIndexOf("\\") : -1);
  if (sep < 0) return null;
  const id = trimmed.slice(sep + 1);
  if (id === "") return null;
  const inferred = worktreeAdminDir(repo, id);
  if (!isDirectory(inferred)) return null;
  const shown = !repo.isLinked && repo.worktree !== null && !process.env.GIT_DIR ? `.git/worktrees/${id}` : inferred;
  return { dir: inferred, shown };
}

/** repair_worktree_at_path(): `<admin>/gitdir` must name this worktree's `.git`. */
function repairAtPath(repo: Repository, path: string, events: RepairEvent[], mode: Mode): void {
  const target = realGitPath(path);
  const main = stripDotGit(realGitPath(repo.commonDir) ?? repo.commonDir);
  if (target !== null && samePath(stripDotGit(target), main, mode.ignoreCase)) return;
  const realdotgit = realGitPath(join(path, ".git"));
  if (realdotgit === null) {
    events.push({ kind: "error", message: "not a valid path", path });
    return;
  }
  const r = readGitFileGently(realdotgit);
  let backlink: string;
  let shown: string;
  if (r.error === "not-a-file") {
    events.push({ kind: "error", message: "unable to locate repository; .git is not a file", path: realdotgit });
    return;
  } else if (r.error === "not-a-repo") {
    const inferred = inferBacklink(repo, realdotgit);
    if (inferred === null) {
      events.push({ kind: "error", message: "unable to locate repository; .git file does not reference a repository", path: realdotgit });
      return;
    }
    backlink = inferred.dir;
    shown = inferred.shown;
  } else if (r.error !== null) {
    events.push({ kind: "error", message: "unable to locate repository; .git file broken", path: realdotgit });
    return;
  } else {
    backlink = r.gitDir;
    shown = r.gitDir;
  }

  let repair: string | null = null;
  let wasRelative = false;
  const text = readGitdirText(backlink);
  if (text === null) repair = "gitdir unreadable";
  else {
    let recorded = gitRtrim(text);
    // A relative link (newer git) names the same place relative to the admin dir.
    if (!isAbsolute(recorded)) {
      wasRelative = true;
      recorded = realGitPath(join(backlink, recorded)) ?? recorded;
    }
    if (!samePath(recorded, realdotgit, mode.ignoreCase)) repair = "gitdir incorrect";
  }
  if (repair) {
    events.push({ kind: "repair", message: repair, path: toGitPath(join(shown, "gitdir")) });
    const relativeLinks = wasRelative || mode.useRelativePaths;
    writeGitdirLink(backlink, relativeLinks ? relative(realGitPath(backlink) ?? backlink, realdotgit) : realdotgit);
  }
}
