#!/usr/bin/env bun
/**
 * `npm run bench:list`: on a repository with 100 linked worktrees,
 *   dist/repo-manager worktree list --porcelain   vs   git worktree list --porcelain
 * and, as the runtime's floor,
 *   dist/repo-manager --version                   vs   a compiled Bun hello-world (.tmp/)
 * in one run, alternating, printing medians and ratios. Goals: list <= 1.5x
 * git (and never over 2.0x), --version <= 1.1x the hello-world. Builds dist/repo-manager first if it
 * is missing.
 *
 *   bun bench/list.ts [runs=40] [worktrees=100]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHost, hostBinaryPath } from "../scripts/build.ts";
import { buildHelloWorld } from "./hello-world.ts";

const RUNS = Number(process.argv[2] ?? 40);
const WORKTREES = Number(process.argv[3] ?? 100);
const bin = hostBinaryPath();
if (!existsSync(bin)) {
  console.error("building dist/repo-manager ...");
  await buildHost();
}

// The hello-world floor, compiled with the same flags as ours: the cheapest way to print in Bun
// (console.log; process.stdout.write alone costs ~7 ms more, see src/output/stdio.ts).
const hello = buildHelloWorld("hello-bun-log", 'console.log("hello");\n');
// The floor for any program that reads a file: the same, reading one through node:fs (whose
// first import costs Bun more than all of list's file reads; bench/README in docs/worktree.md).
const helloFs = buildHelloWorld("hello-bun-fs", 'import { readFileSync } from "node:fs";\nconsole.log(readFileSync(".git/HEAD", "utf8").length);\n');

// A repository with WORKTREES worktrees, made by git, isolated from the user's config.
const dir = mkdtempSync(join(tmpdir(), "rm-bench-list-"));
const env = { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@b", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@b" };
const git = (args: string[], cwd = dir) => {
  const p = Bun.spawnSync(["git", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr.toString()}`);
  return p.stdout.toString();
};
const repo = join(dir, "repo");
try {
  git(["init", "-q", "-b", "main", repo]);
  writeFileSync(join(repo, "README"), "bench\n");
  git(["add", "README"], repo);
  git(["commit", "-q", "-m", "init"], repo);
  for (let i = 0; i < WORKTREES; i++) {
    // --no-checkout keeps set-up fast; list does not look at the files.
    git(["worktree", "add", "-q", "--no-checkout", "-b", `b${i}`, join(dir, `wt-${String(i).padStart(3, "0")}`)], repo);
  }
  git(["gc", "-q"], repo); // packed refs, as a long-lived repository has

  const ours = Bun.spawnSync([bin, "worktree", "list", "--porcelain"], { cwd: repo, env, stdout: "pipe" }).stdout.toString();
  if (ours !== git(["worktree", "list", "--porcelain"], repo)) throw new Error("outputs differ: the comparison would be meaningless");

  const cases: [string, string[]][] = [
    ["git worktree list --porcelain", ["git", "worktree", "list", "--porcelain"]],
    ["repo-manager worktree list --porcelain", [bin, "worktree", "list", "--porcelain"]],
    ["hello-world (compiled bun)", [hello]],
    ["repo-manager --version", [bin, "--version"]],
    ["hello-world reading a file (node:fs)", [helloFs]],
  ];
  const times = new Map<string, number[]>(cases.map(([n]) => [n, []]));
  for (const [, cmd] of cases) for (let i = 0; i < 3; i++) Bun.spawnSync(cmd, { cwd: repo, env, stdout: "ignore" });
  for (let i = 0; i < RUNS; i++) {
    for (const [name, cmd] of cases) {
      const t0 = performance.now();
      const p = Bun.spawnSync(cmd, { cwd: repo, env, stdout: "ignore", stderr: "ignore" });
      (times.get(name) as number[]).push(performance.now() - t0);
      if (p.exitCode !== 0) throw new Error(`${name} exited ${p.exitCode}`);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  };
  const med = (n: string) => median(times.get(n) as number[]);
  console.log(`${WORKTREES} worktrees, ${RUNS} runs each, alternating; bun ${Bun.version}, ${git(["--version"]).trim()}, ${process.platform}-${process.arch}`);
  for (const [name] of cases) console.log(`  ${name.padEnd(40)} median ${med(name).toFixed(2).padStart(7)} ms`);
  const listRatio = med(cases[1]?.[0] as string) / med(cases[0]?.[0] as string);
  const versionRatio = med(cases[3]?.[0] as string) / med(cases[2]?.[0] as string);
  console.log(`list --porcelain: ${listRatio.toFixed(2)}x git (goal <= 1.5, limit 2.0) ${listRatio <= 1.5 ? "ok" : listRatio <= 2 ? "OVER GOAL" : "MISSED"}`);
  console.log(`--version: ${versionRatio.toFixed(2)}x the hello-world (goal <= 1.1) ${versionRatio <= 1.1 ? "ok" : "MISSED"}`);
  // The floor in git's terms: no Bun program starts faster than the hello-world.
  const floorRatio = med(cases[2]?.[0] as string) / med(cases[0]?.[0] as string);
  const overFloor = med(cases[1]?.[0] as string) - med(cases[2]?.[0] as string);
  console.log(`runtime floor: the hello-world alone is ${floorRatio.toFixed(2)}x git; list costs ${overFloor.toFixed(2)} ms over it`);
  const fsFloor = med(cases[4]?.[0] as string) / med(cases[0]?.[0] as string);
  console.log(`file-reading floor: a hello-world that reads one file through node:fs is ${fsFloor.toFixed(2)}x git`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
