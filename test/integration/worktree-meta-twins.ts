/**
 * Twin repositories for the worktree metadata tests: the same scenario built
 * twice by the real git (fixed dates make the object ids equal), one for git
 * and one for us, so that outputs and admin files can be compared after
 * replacing the twin's root directory.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { snapshotTree, type RunResult, type Sandbox } from "../helpers/sandbox.ts";

export interface Twin {
  /** Root of this twin (inside the sandbox). */
  dir: string;
  /** Its main worktree (`<dir>/repo`). */
  repo: string;
}

export function makeTwins(sb: Sandbox, build: (sb: Sandbox, t: Twin) => void): { git: Twin; ours: Twin } {
  const mk = (name: string): Twin => {
    const dir = join(sb.root, name);
    const repo = join(dir, "repo");
    sb.git(["init", "-q", repo]);
    sb.git(["commit", "-q", "--allow-empty", "-m", "initial"], { cwd: repo });
    const t = { dir, repo };
    build(sb, t);
    return t;
  };
  return { git: mk("twin-git"), ours: mk("twin-ours") };
}

/** Output with the twin's root replaced by "<ROOT>", so both twins compare equal. */
export const norm = (s: string, t: Twin): string => s.split(t.dir).join("<ROOT>");

/** Every file under `<common>/worktrees` and each worktree's `.git` file, normalised: what git itself would have written. */
export function adminState(t: Twin): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = `${rel}/${name}`;
      if (name === "index" || name === "logs" || name === "ORIG_HEAD") continue; // index stat data differs by design
      if (lstatSync(p).isDirectory()) walk(p, r);
      else out[r] = norm(readFileSync(p, "utf8"), t);
    }
  };
  walk(join(t.repo, ".git", "worktrees"), "worktrees");
  for (const name of readdirSync(t.dir).sort()) {
    const dotgit = join(t.dir, name, ".git");
    if (existsSync(dotgit) && lstatSync(dotgit).isFile()) out[`${name}/.git`] = norm(readFileSync(dotgit, "utf8"), t);
  }
  return out;
}

/** Runs git and ours with the same arguments in the two twins; returns both results normalised. */
export function both(sb: Sandbox, twins: { git: Twin; ours: Twin }, args: string[], cwdRel = "repo"): { git: RunResult; ours: RunResult } {
  const g = sb.gitRaw(["worktree", ...args], { cwd: join(twins.git.dir, cwdRel) });
  const o = sb.run(["worktree", ...args], { cwd: join(twins.ours.dir, cwdRel) });
  return {
    git: { stdout: norm(g.stdout, twins.git), stderr: norm(g.stderr, twins.git), code: g.code },
    ours: { stdout: norm(o.stdout, twins.ours), stderr: norm(o.stderr, twins.ours), code: o.code },
  };
}

/** As both(), with our command run in-process (sb.exec) instead of as a child process. */
export async function bothInProcess(sb: Sandbox, twins: { git: Twin; ours: Twin }, args: string[], cwdRel = "repo"): Promise<{ git: RunResult; ours: RunResult }> {
  const g = sb.gitRaw(["worktree", ...args], { cwd: join(twins.git.dir, cwdRel) });
  const o = await sb.exec(["worktree", ...args], { cwd: join(twins.ours.dir, cwdRel) });
  return {
    git: { stdout: norm(g.stdout, twins.git), stderr: norm(g.stderr, twins.git), code: g.code },
    ours: { stdout: norm(o.stdout, twins.ours), stderr: norm(o.stderr, twins.ours), code: o.code },
  };
}

/** Snapshot of a whole twin (repository and worktrees), to prove a refusal changed nothing. */
export const snapshotTwin = (t: Twin): string => snapshotTree(t.dir);
