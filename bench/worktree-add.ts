#!/usr/bin/env bun
/**
 * `repo-manager worktree add` / `remove` (the compiled binary) against
 * `git worktree add` / `remove` on generated repositories (bench/gen-repo.ts:
 * ~5,000 and ~50,000 files, realistic size mix, history with deltas),
 * alternating who goes first, one warm-up round each. Prints median wall
 * times, their ratio, and the peak RSS of both (GNU time's "Maximum
 * resident set size", which covers git's child processes too; else
 * getrusage of the child), and the median user CPU time: on a VM whose ext4
 * inode allocation dominates (perf: find_get_block_common, recently_deleted)
 * wall time varies 3-4x from run to run for git and us alike, so user CPU is
 * the stable comparison of the two programs' own work.
 *
 *   npm run bench                      # both sizes
 *   bun bench/worktree-add.ts --sizes 5000 --runs 9 [--no-build] [--compare-workers]
 *
 * --compare-workers adds a third contender to the rotation: ours with
 * REPO_MANAGER_CHECKOUT_WORKERS=0 (the checkout on one thread), printed as
 * the row "add 1T" (ours 1 thread vs git) and "1T/2T" (one thread vs worker).
 *
 * Goals (2-core CI machine): add <= 1.0x git, remove <= 1.0x git, peak memory <= 2x git.
 * The runtime's floors are measured in the same run (compiled Bun hello-worlds, and
 * `repo-manager --version`); a memory row whose goal (2x git's peak) lies below the
 * hello-world's own peak says FLOOR instead of HIGH.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureRepo } from "./gen-repo.ts";
import { buildHelloWorld } from "./hello-world.ts";

const ROOT = join(import.meta.dir, "..");
const BIN = join(ROOT, "dist", process.platform === "win32" ? "repo-manager.exe" : "repo-manager");
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const SIZES = (arg("--sizes") ?? "5000,50000").split(",").map(Number);
const RUNS_ARG = arg("--runs");
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
/** Peak RSS of a compiled Bun hello-world (set before the sizes run). */
let FLOOR_MB = 0;

interface Sample {
  ms: number;
  rssKb: number;
  /** User CPU seconds (GNU time only; NaN otherwise): stable where wall time is not. */
  userS: number;
}

function run(cmd: string[], cwd: string, env: Record<string, string | undefined>): Sample {
  // Flush dirty pages first: otherwise whoever runs while the kernel writes back the
  // previous checkout pays for it, and that noise dwarfs the difference measured.
  Bun.spawnSync(["sync"]);
  const full = GNU_TIME ? [GNU_TIME, "-f", "RSS_KB=%M USER_S=%U", ...cmd] : cmd;
  const t0 = performance.now();
  const p = Bun.spawnSync(full, { cwd, env, stdout: "pipe", stderr: "pipe" });
  const ms = performance.now() - t0;
  const err = p.stderr.toString();
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed (${p.exitCode}): ${err}`);
  const m = /RSS_KB=(\d+)/.exec(err);
  const rssKb = m ? Number(m[1]) : Math.round((p.resourceUsage?.maxRSS ?? 0) / 1024);
  const u = /USER_S=([\d.]+)/.exec(err);
  return { ms, rssKb, userS: u ? Number(u[1]) : Number.NaN };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function benchSize(files: number, runs: number) {
  const t0 = performance.now();
  const repo = ensureRepo({ files });
  const genS = (performance.now() - t0) / 1000;
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", HOME: repo, NO_COLOR: "1" };
  const wtRoot = join(repo, "..", `wt-f${files}`);
  rmSync(wtRoot, { recursive: true, force: true });
  Bun.spawnSync(["git", "worktree", "prune"], { cwd: repo, env });
  const compareWorkers = process.argv.includes("--compare-workers");
  const oneThread = { add: [] as Sample[] };
  const addOurs1T = (p: string) => run([BIN, "worktree", "add", "--detach", "--quiet", p, "HEAD"], repo, { ...env, REPO_MANAGER_CHECKOUT_WORKERS: "0" });
  const ours = { add: [] as Sample[], remove: [] as Sample[] };
  const git = { add: [] as Sample[], remove: [] as Sample[] };
  const addOurs = (p: string) => run([BIN, "worktree", "add", "--detach", "--quiet", p, "HEAD"], repo, env);
  const addGit = (p: string) => run(["git", "worktree", "add", "--detach", "--quiet", p, "HEAD"], repo, env);
  const rmOurs = (p: string) => run([BIN, "worktree", "remove", p], repo, env);
  const rmGit = (p: string) => run(["git", "worktree", "remove", p], repo, env);
  // The first add of a round follows the previous round's removes, and on this VM's ext4 that
  // slot is often several times slower (inode reuse): rotate who goes first so each contender
  // gets it equally often (runs a multiple of the number of contenders).
  const contenders = compareWorkers ? ["ours", "git", "1T"] : ["ours", "git"];
  for (let i = -1; i < runs; i++) {
    const k = (i + 1) % contenders.length;
    const order = [...contenders.slice(k), ...contenders.slice(0, k)];
    const path = (who: string) => join(wtRoot, `${who}-${i + 1}`);
    const adds: Record<string, Sample> = {};
    const rms: Record<string, Sample> = {};
    for (const who of order) adds[who] = who === "ours" ? addOurs(path(who)) : who === "git" ? addGit(path(who)) : addOurs1T(path(who));
    for (const who of order) rms[who] = who === "git" ? rmGit(path(who)) : rmOurs(path(who));
    if (i < 0) continue; // warm-up
    ours.add.push(adds.ours as Sample);
    git.add.push(adds.git as Sample);
    ours.remove.push(rms.ours as Sample);
    git.remove.push(rms.git as Sample);
    if (compareWorkers) oneThread.add.push(adds["1T"] as Sample);
  }
  rmSync(wtRoot, { recursive: true, force: true });
  if (process.argv.includes("--verbose")) {
    for (const [k, v] of Object.entries({ "ours add": ours.add, "git add": git.add, "ours 1T add": oneThread.add, "ours remove": ours.remove, "git remove": git.remove })) {
      console.log(`${k.padEnd(12)} ${v.map((s) => s.ms.toFixed(0)).join(" ")}`);
    }
  }
  const row = (what: string, o: Sample[], g: Sample[]) => {
    const om = median(o.map((s) => s.ms));
    const gm = median(g.map((s) => s.ms));
    const ou = median(o.map((s) => s.userS));
    const gu = median(g.map((s) => s.userS));
    const omin = Math.min(...o.map((s) => s.ms));
    const gmin = Math.min(...g.map((s) => s.ms));
    const orss = Math.max(...o.map((s) => s.rssKb)) / 1024;
    const grss = Math.max(...g.map((s) => s.rssKb)) / 1024;
    const timeOk = om / gm <= 1.0;
    const memOk = orss / grss <= 2.0;
    // Below the floor: the goal (2x git) is less than a compiled Bun hello-world's own peak.
    const memNote = memOk ? "ok  " : 2 * grss < FLOOR_MB ? "FLOOR" : "HIGH";
    console.log(
      `${what.padEnd(7)} ${om.toFixed(0).padStart(7)} ms ${gm.toFixed(0).padStart(7)} ms ${(om / gm).toFixed(2).padStart(6)}x ${timeOk ? "ok  " : "SLOW"}` +
        `  ${orss.toFixed(0).padStart(5)} MB ${grss.toFixed(0).padStart(5)} MB ${(orss / grss).toFixed(2).padStart(5)}x ${memNote.padEnd(5)}` +
        `  best ${omin.toFixed(0)} / ${gmin.toFixed(0)} ms = ${(omin / gmin).toFixed(2)}x` +
        `  user CPU ${ou.toFixed(2)} / ${gu.toFixed(2)} s = ${(ou / gu).toFixed(2)}x`,
    );
    return { what, oursMs: om, gitMs: gm, ratio: om / gm, oursBestMs: omin, gitBestMs: gmin, oursUserS: ou, gitUserS: gu, oursRssMb: orss, gitRssMb: grss, rssRatio: orss / grss };
  };
  console.log(`\n${files} files (repository ${genS < 1 ? "cached" : `generated in ${genS.toFixed(1)} s`}), ${runs} runs each, medians:`);
  console.log(`        ${"ours".padStart(10)} ${"git".padStart(10)}  ratio        ${"ours RSS".padStart(8)} ${"git RSS".padStart(8)} ratio`);
  const rows = [row("add", ours.add, git.add), row("remove", ours.remove, git.remove)];
  if (compareWorkers) rows.push(row("add 1T", oneThread.add, git.add), row("1T/2T", oneThread.add, ours.add));
  return rows;
}

if (!process.argv.includes("--no-build") || !existsSync(BIN)) {
  const b = Bun.spawnSync([process.execPath, join(ROOT, "scripts", "build.ts")], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if (b.exitCode !== 0) process.exit(1);
}
console.log(`repo-manager ${BIN} vs ${Bun.spawnSync(["git", "--version"]).stdout.toString().trim()}; peak RSS via ${GNU_TIME ? "GNU time" : "getrusage"}`);
// The runtime's floors, measured in this run: the peak RSS of compiled Bun programs that do next to
// nothing (most of it is the runtime's own code paged in from the executable), and ours doing nothing.
const peakMb = (cmd: string[]) => Math.max(...[0, 1, 2].map(() => run(cmd, ROOT, process.env).rssKb)) / 1024;
const helloMb = peakMb([buildHelloWorld("hello-bun-log", 'console.log("hello");\n')]);
const helloFsMb = peakMb([buildHelloWorld("hello-bun-fs", 'import { statSync } from "node:fs";\nconsole.log(statSync(process.execPath).size > 0);\n')]);
FLOOR_MB = helloMb;
console.log(
  `runtime floors (peak RSS): a compiled Bun hello-world ${helloMb.toFixed(0)} MB, the same loading node:fs ${helloFsMb.toFixed(0)} MB, ` +
    `\`repo-manager --version\` ${peakMb([BIN, "--version"]).toFixed(0)} MB`,
);
const results = SIZES.map((files) => benchSize(files, Number(RUNS_ARG ?? (files > 20000 ? 5 : 9))));
if (process.argv.includes("--json")) console.log(JSON.stringify(results.flat(), null, 2));
