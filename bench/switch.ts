#!/usr/bin/env bun
/**
 * `npm run bench:switch`: on a repository with 100 linked worktrees, in one run, alternating:
 *   repo-manager switch <branch with a worktree>   vs   repo-manager worktree list   (goal <= 1.2x)
 *   repo-manager switch -c <new branch>            vs   repo-manager worktree add -b <new branch> <path>
 *                                                       (goal: no more than add + 10 ms)
 * Medians; the binary is dist/repo-manager (built first if missing). HOME,
 * XDG dirs and git's config are isolated in a temp dir.
 *
 *   bun bench/switch.ts [runs=30] [worktrees=100]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHost, hostBinaryPath } from "../scripts/build.ts";

const RUNS = Number(process.argv[2] ?? 30);
const WORKTREES = Number(process.argv[3] ?? 100);
const bin = hostBinaryPath();
if (!existsSync(bin)) {
  console.error("building dist/repo-manager ...");
  await buildHost();
}

const dir = mkdtempSync(join(tmpdir(), "rm-bench-switch-"));
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  HOME: dir,
  XDG_CONFIG_HOME: join(dir, "config"),
  XDG_STATE_HOME: join(dir, "state"),
  XDG_CACHE_HOME: join(dir, "cache"),
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@b",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@b",
};
for (const k of Object.keys(env)) if (k.startsWith("REPO_MANAGER_")) delete env[k];
const git = (args: string[], cwd = dir) => {
  const p = Bun.spawnSync(["git", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr.toString()}`);
  return p.stdout.toString();
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
function time(cmd: string[], cwd: string): number {
  const t0 = performance.now();
  const p = Bun.spawnSync(cmd, { cwd, env, stdout: "ignore", stderr: "pipe" });
  const ms = performance.now() - t0;
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} exited ${p.exitCode}: ${p.stderr.toString()}`);
  return ms;
}

const repo = join(dir, "repo");
try {
  git(["init", "-q", "-b", "main", repo]);
  // A small project: the checkout is part of both sides of the -c comparison.
  for (let i = 0; i < 50; i++) writeFileSync(join(repo, `file-${i}.txt`), `content ${i}\n`.repeat(20));
  git(["add", "."], repo);
  git(["commit", "-q", "-m", "init"], repo);
  for (let i = 0; i < WORKTREES; i++) git(["worktree", "add", "-q", "--no-checkout", "-b", `b${i}`, join(dir, `wt-${String(i).padStart(3, "0")}`)], repo);
  git(["gc", "-q"], repo);

  const target = `b${WORKTREES >> 1}`;
  const out = Bun.spawnSync([bin, "switch", target], { cwd: repo, env, stdout: "pipe" }).stdout.toString();
  if (out !== `${join(dir, `wt-${String(WORKTREES >> 1).padStart(3, "0")}`)}\n`) throw new Error(`switch printed ${JSON.stringify(out)}`);

  const existing: Record<string, number[]> = { list: [], switch: [] };
  for (let i = 0; i < 3; i++) time([bin, "worktree", "list"], repo), time([bin, "switch", target], repo);
  for (let i = 0; i < RUNS; i++) {
    existing.list?.push(time([bin, "worktree", "list"], repo));
    existing.switch?.push(time([bin, "switch", target], repo));
  }

  const create: Record<string, number[]> = { add: [], switch: [] };
  for (let i = 0; i < RUNS; i++) {
    create.add?.push(time([bin, "worktree", "add", "-q", "-b", `add-${i}`, join(dir, `add-${i}`)], repo));
    create.switch?.push(time([bin, "switch", "-c", `new-${i}`], repo));
  }

  const m = (xs: number[] | undefined) => median(xs as number[]);
  console.log(`${WORKTREES} worktrees, ${RUNS} runs each, alternating; bun ${Bun.version}, ${process.platform}-${process.arch}`);
  console.log(`  repo-manager worktree list            median ${m(existing.list).toFixed(2).padStart(7)} ms`);
  console.log(`  repo-manager switch ${target.padEnd(18)} median ${m(existing.switch).toFixed(2).padStart(7)} ms`);
  console.log(`  repo-manager worktree add -b          median ${m(create.add).toFixed(2).padStart(7)} ms`);
  console.log(`  repo-manager switch -c                median ${m(create.switch).toFixed(2).padStart(7)} ms`);
  const ratio = m(existing.switch) / m(existing.list);
  const extra = m(create.switch) - m(create.add);
  console.log(`switch to an existing worktree: ${ratio.toFixed(2)}x worktree list (goal <= 1.2) ${ratio <= 1.2 ? "ok" : "MISSED"}`);
  console.log(`switch -c: ${extra >= 0 ? "+" : ""}${extra.toFixed(2)} ms over worktree add (goal <= +10) ${extra <= 10 ? "ok" : "MISSED"}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
