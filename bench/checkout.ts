#!/usr/bin/env bun
/**
 * Checkout of a generated tree (~5,000 files, realistic size mix, packed)
 * into an empty directory plus index write: our checkoutTree +
 * writeIndexFile (in process) against `git checkout -f <commit> -- .` into
 * an empty work tree with its own index file (a git process). Runs
 * alternate; prints medians and the ratio. Then the clean check
 * (worktreeStatus) against `git status --porcelain` on the result.
 *
 *   bun bench/checkout.ts [files=5000] [runs=7]      (BENCH_KEEP=1 keeps the temp repo)
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkoutTree } from "../src/git/checkout/checkout.ts";
import { writeIndexFile } from "../src/git/index/write.ts";
import { openObjectStore } from "../src/git/objects/store.ts";
import { worktreeStatus } from "../src/git/status/status.ts";

const FILES = Number(process.argv[2] ?? 5000);
const RUNS = Number(process.argv[3] ?? 7);
const root = mkdtempSync(join(tmpdir(), "rm-bench-checkout-"));
const repo = join(root, "repo");
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: root, XDG_CONFIG_HOME: join(root, "xdg") };

function git(args: string[], extraEnv: Record<string, string> = {}) {
  const p = Bun.spawnSync(["git", ...args], { cwd: repo, env: { ...env, ...extraEnv }, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr.toString()}`);
  return p.stdout.toString().trim();
}

// Reproducible content: xorshift32 (exact in 32-bit integer arithmetic), sizes mostly 1-8 KiB,
// some 32-128 KiB, a few exec files; every file distinct.
let seed = 42;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const WORDS = "const let function return import export from if else for while class interface type".split(" ");
function content(size: number): string {
  let s = "";
  while (s.length < size) s += `${WORDS[Math.floor(rand() * WORDS.length)]} x${Math.floor(rand() * 1e6)};\n`;
  return s;
}

mkdirSync(repo);
git(["init", "-q"]);
const t0 = performance.now();
for (let i = 0; i < FILES; i++) {
  const d = `src/mod${i % 50}/sub${i % 7}`;
  mkdirSync(join(repo, d), { recursive: true });
  const r = rand();
  const size = r < 0.9 ? 1024 + Math.floor(rand() * 7168) : r < 0.99 ? 32768 + Math.floor(rand() * 98304) : 200;
  writeFileSync(join(repo, d, `file${i}.ts`), content(size), { mode: i % 97 === 0 ? 0o755 : 0o644 });
}
git(["add", "-A"]);
git(["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "bench"]);
git(["gc", "-q"]);
const commit = git(["rev-parse", "HEAD"]);
const tree = git(["rev-parse", "HEAD^{tree}"]);
console.error(`generated ${FILES} files in ${Math.round(performance.now() - t0)} ms (${root})`);

// Flush the previous run's dirty pages first, so its writeback does not land in the next timing.
const settle = () => Bun.spawnSync(["sync"]);

function timeGit(n: number): number {
  const wt = join(root, `git-${n}`);
  mkdirSync(wt);
  settle();
  const start = performance.now();
  git(["--work-tree", wt, "checkout", "-q", "-f", commit, "--", "."], { GIT_INDEX_FILE: join(root, `git-${n}.index`) });
  return performance.now() - start;
}

function timeOurs(n: number): number {
  const wt = join(root, `ours-${n}`);
  mkdirSync(wt);
  settle();
  const start = performance.now();
  const store = openObjectStore(join(repo, ".git", "objects"));
  const r = checkoutTree({ store, treeOid: tree, worktree: wt, gitDir: join(repo, ".git"), attributesFile: null });
  writeIndexFile(join(root, `ours-${n}.index`), r.entries, { tree: r.tree, sorted: true });
  store.close();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const g: number[] = [];
const o: number[] = [];
timeOurs(-1); // warm the page cache and the JIT once each
timeGit(-1);
for (let i = 0; i < RUNS; i++) {
  if (i % 2 === 0) {
    o.push(timeOurs(i));
    g.push(timeGit(i));
  } else {
    g.push(timeGit(i));
    o.push(timeOurs(i));
  }
}
// Sanity: git agrees our checkout is clean.
const st = Bun.spawnSync(["git", "--work-tree", join(root, "ours-0"), "status", "--porcelain"], {
  cwd: repo,
  env: { ...env, GIT_INDEX_FILE: join(root, "ours-0.index") },
});
const clean = st.stdout.toString() === "";
const mg = median(g);
const mo = median(o);
console.log(`checkout of ${FILES} files, median of ${RUNS}: git ${mg.toFixed(1)} ms, repo-manager ${mo.toFixed(1)} ms, ratio ${(mo / mg).toFixed(2)}x (git status clean: ${clean})`);

// The clean check worktree remove needs, on a worktree whose index is not racy (as any worktree
// older than a second): worktreeStatus (index vs HEAD, worktree vs index, untracked walk)
// against `git status --porcelain`.
const wt = join(root, "ours-0");
const indexPath = join(root, "ours-0.index");
const later = Date.now() / 1000 + 60;
utimesSync(indexPath, later, later);
const sg: number[] = [];
const so: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  const p = Bun.spawnSync(["git", "--work-tree", wt, "status", "--porcelain"], { cwd: repo, env: { ...env, GIT_INDEX_FILE: indexPath } });
  sg.push(performance.now() - t);
  if (p.stdout.toString() !== "") throw new Error("git status not clean");
  utimesSync(indexPath, later, later);
  t = performance.now();
  const store = openObjectStore(join(repo, ".git", "objects"));
  const r = worktreeStatus({ worktree: wt, indexPath, commonDir: join(repo, ".git"), excludesFile: null, attributesFile: null, head: { treeOid: tree, store } });
  store.close();
  so.push(performance.now() - t);
  if (!r.clean || r.rehashed !== 0) throw new Error("our status not clean or rehashed");
}
const msg = median(sg);
const mso = median(so);
console.log(`clean check of ${FILES} files, median of ${RUNS}: git status ${msg.toFixed(1)} ms, repo-manager ${mso.toFixed(1)} ms, ratio ${(mso / msg).toFixed(2)}x`);
if (process.env.BENCH_KEEP) console.error(`kept ${root}`);
else rmSync(root, { recursive: true, force: true });
