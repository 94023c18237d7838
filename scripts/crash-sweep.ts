/**
 * Crash sweep: kills `worktree add` (or `worktree move`) with SIGKILL at
 * every file-system-changing syscall it makes, one run per syscall, then runs
 * the recovery (`prune` after add; `repair` then `prune` after move) and
 * checks that the repository and the target are exactly as before the
 * command, or exactly as after an uninterrupted one.
 *
 *   bun scripts/crash-sweep.ts --op add|move [--files N] [--workers 0|1] [--stride K [--edge E]] [--bin path]
 *
 * How every syscall is reached: strace's `inject=<syscall>:signal=KILL:when=k`
 * stops the process on entry to the k-th call of that syscall, before it runs
 * (so run (S, k) sees every syscall before it done, none after). For each
 * syscall that can change a file (SYSCALLS), k goes from 1 until the command
 * completes without being killed. Syscalls that change nothing (reads, stat,
 * close) need no run of their own: a kill there leaves the same state as a
 * kill at the next changing syscall. strace counts per thread, so with the
 * checkout worker (--workers 1) a run kills at whichever thread makes its
 * k-th call first. --stride K > 1 runs only every K-th k in the middle of
 * long runs of calls (the first and last E, default 200, of each syscall always run).
 *
 * "Exactly": every file under `.git` and under the target compared by type,
 * mode and content (sha1; symlinks by target), with one normalisation: the
 * new worktree's index is compared without its stat data (inode, times),
 * which differ between any two checkouts. The reference "after" state is an
 * uninterrupted run with the same fixed dates (GIT_COMMITTER_DATE).
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseIndex } from "../src/git/index/read.ts";

/** Syscalls that create, write, rename, link, truncate, chmod or delete (x86-64 and aarch64 names). */
export const SYSCALLS = [
  "open", "openat", "creat", "write", "pwrite64", "writev", "pwritev", "rename", "renameat", "renameat2", "unlink", "unlinkat",
  "mkdir", "mkdirat", "rmdir", "symlink", "symlinkat", "link", "linkat", "ftruncate", "truncate", "fchmod", "fchmodat", "fallocate",
];

export interface SweepOptions {
  op: "add" | "move";
  files: number;
  workers: 0 | 1;
  stride: number;
  /** With a stride: how many calls at each end of a syscall's run always get their own kill (default 200). */
  edge?: number;
  bin: string;
  log?: (line: string) => void;
}

export interface SweepResult {
  runs: number;
  failures: string[];
  perSyscall: Record<string, number>;
  ms: number;
}

export function hasStrace(): boolean {
  try {
    return Bun.spawnSync(["strace", "-V"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
  } catch {
    return false;
  }
}

const sha1 = (b: Uint8Array) => createHash("sha1").update(b).digest("hex");

/** The index without stat data: entries (path, mode, oid, flags) and extensions. */
function indexDigest(file: string): string {
  const ix = parseIndex(readFileSync(file));
  const entries = ix.entries.map((e) => `${e.mode.toString(8)} ${e.oid} ${e.stage} ${e.skipWorktree} ${e.intentToAdd} ${e.path}`);
  return sha1(Buffer.from(`${ix.version}\n${entries.join("\n")}\n${ix.extensions.map((x) => `${x.signature}:${sha1(x.data)}`).join(",")}`));
}

/** Every entry under `dir`: type, mode, content hash. Missing dir: "absent". */
export function snapshot(dir: string): string {
  if (!existsSync(dir)) return "absent";
  const lines: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        lines.push(`d ${(st.mode & 0o777).toString(8)} ${r}`);
        walk(p, r);
      } else if (st.isSymbolicLink()) lines.push(`l ${readlinkSync(p)} ${r}`);
      else if (/^worktrees\/[^/]+\/index$/.test(r)) lines.push(`f ${(st.mode & 0o777).toString(8)} index:${indexDigest(p)} ${r}`);
      else lines.push(`f ${(st.mode & 0o777).toString(8)} ${sha1(readFileSync(p))} ${r}`);
    }
  };
  walk(dir, "");
  return lines.join("\n");
}

interface Fixture {
  env: Record<string, string>;
  base: string;
  repo: string;
  git: (args: string[], cwd: string) => string;
}

function makeFixture(root: string, files: number): Fixture {
  const home = join(root, "home");
  mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Sweep",
    GIT_AUTHOR_EMAIL: "sweep@example.com",
    GIT_COMMITTER_NAME: "Sweep",
    GIT_COMMITTER_EMAIL: "sweep@example.com",
    GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
    LANG: "C",
    LC_ALL: "C",
  };
  const git = (args: string[], cwd: string) => {
    const p = Bun.spawnSync(["git", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
    if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr.toString()}`);
    return p.stdout.toString();
  };
  const base = join(root, "base");
  mkdirSync(base);
  git(["init", "-q", "-b", "main", "."], base);
  // Files in nested directories, an executable and a symlink: every kind of write checkout makes.
  for (let i = 0; i < files; i++) {
    const dir = join(base, `d${i % 7}`, `e${i % 3}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.txt`), `file ${i}\n${"x".repeat((i * 37) % 3000)}\n`, { mode: i % 50 === 7 ? 0o755 : 0o644 });
  }
  symlinkSync("d0/e0/f0.txt", join(base, "link"));
  git(["add", "-A"], base);
  git(["commit", "-qm", "base"], base);
  git(["repack", "-adq"], base);
  const repo = join(root, "repo");
  return { env, base, repo, git };
}

/** Resets `repo` to the base repository (its .git; the main worktree's files are not needed). */
function resetRepo(f: Fixture): void {
  rmSync(f.repo, { recursive: true, force: true });
  mkdirSync(f.repo);
  cpSync(join(f.base, ".git"), join(f.repo, ".git"), { recursive: true, verbatimSymlinks: true });
}

function run(f: Fixture, cmd: string[], extraEnv: Record<string, string> = {}) {
  const p = Bun.spawnSync(cmd, { cwd: f.repo, env: { ...f.env, ...extraEnv }, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, signal: p.signalCode, stderr: p.stderr.toString() };
}

/** How many calls of each syscall the uninterrupted command makes (the busiest thread's count). */
function countSyscalls(f: Fixture, cmd: string[], extraEnv: Record<string, string>, logFile: string): Record<string, number> {
  const r = run(f, ["strace", "-f", "-qq", "-o", logFile, "-e", `trace=${SYSCALLS.join(",")}`, ...cmd], extraEnv);
  if (r.code !== 0) throw new Error(`uninterrupted run failed: ${r.stderr}`);
  const perThread = new Map<string, number>();
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const m = /^(\d+)\s+(\w+)\(/.exec(line);
    if (m) perThread.set(`${m[1]} ${m[2]}`, (perThread.get(`${m[1]} ${m[2]}`) ?? 0) + 1);
  }
  const counts: Record<string, number> = {};
  for (const [key, n] of perThread) {
    const name = key.split(" ")[1] as string;
    counts[name] = Math.max(counts[name] ?? 0, n);
  }
  return counts;
}

/** Runs the sweep; failures name the syscall, its ordinal and what was wrong. */
export function sweep(o: SweepOptions): SweepResult {
  const t0 = performance.now();
  const root = realpathSync(mkdtempSync(join(tmpdir(), `crash-sweep-${o.op}-`)));
  const log = o.log ?? (() => {});
  try {
    const f = makeFixture(root, o.files);
    const env = { REPO_MANAGER_CHECKOUT_WORKERS: String(o.workers) };
    const wt = join(root, "wt");
    const wt2 = join(root, "wt2");
    const gitDir = join(f.repo, ".git");
    let cmd: string[];
    let recover: string[][];
    let prepare: () => void;
    let state: () => string;
    if (o.op === "add") {
      cmd = [o.bin, "worktree", "add", "-q", wt, "-b", "x"];
      recover = [[o.bin, "worktree", "prune"]];
      prepare = () => {
        resetRepo(f);
        rmSync(wt, { recursive: true, force: true });
      };
      state = () => `${snapshot(gitDir)}\n--- target\n${snapshot(wt)}`;
    } else {
      cmd = [o.bin, "worktree", "move", wt, wt2];
      recover = [
        [o.bin, "worktree", "repair"],
        [o.bin, "worktree", "prune"],
      ];
      // Made once with git, then copied back before each run (same paths, so the links stay right).
      resetRepo(f);
      f.git(["worktree", "add", "-q", wt, "-b", "x"], f.repo);
      writeFileSync(join(wt, "d0", "e0", "f0.txt"), "staged change\n");
      f.git(["add", "d0/e0/f0.txt"], wt); // staged work that a wrong prune would lose
      const saved = { repo: join(root, "saved-repo"), wt: join(root, "saved-wt") };
      cpSync(f.repo, saved.repo, { recursive: true, verbatimSymlinks: true });
      cpSync(wt, saved.wt, { recursive: true, verbatimSymlinks: true });
      prepare = () => {
        for (const d of [f.repo, wt, wt2]) rmSync(d, { recursive: true, force: true });
        cpSync(saved.repo, f.repo, { recursive: true, verbatimSymlinks: true });
        cpSync(saved.wt, wt, { recursive: true, verbatimSymlinks: true });
      };
      state = () => `${snapshot(gitDir)}\n--- from\n${snapshot(wt)}\n--- to\n${snapshot(wt2)}`;
    }
    prepare();
    const before = state();
    const counts = countSyscalls(f, cmd, env, join(root, "strace.log"));
    const after = state();
    if (after === before) throw new Error("the uninterrupted command changed nothing");
    log(`${o.op}, ${o.files} files, workers=${o.workers}: syscalls ${JSON.stringify(counts)}`);
    const failures: string[] = [];
    let runs = 0;
    const perSyscall: Record<string, number> = {};
    for (const sc of SYSCALLS) {
      const total = counts[sc] ?? 0;
      if (total === 0) continue;
      for (let k = 1; k <= total + 1; k++) {
        const edge = k <= (o.edge ?? 200) || k > total - (o.edge ?? 200);
        if (!edge && o.stride > 1 && k % o.stride !== 0) continue;
        prepare();
        const r = run(f, ["strace", "-f", "-qq", "-o", "/dev/null", "-e", `trace=${sc}`, "-e", `inject=${sc}:signal=KILL:when=${k}`, ...cmd], env);
        runs++;
        perSyscall[sc] = (perSyscall[sc] ?? 0) + 1;
        if (runs % 250 === 0) log(`  ${runs} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s, at ${sc}#${k}/${total}, ${failures.length} failures`);
        const killed = r.code !== 0;
        if (!killed && k <= total) {
          // Thread timing can shift a call from one thread to another; not a failure of the command.
          log(`  ${sc}#${k}: completed without being killed`);
        }
        const rec = recover.map((c) => run(f, c));
        const bad = rec.find((x) => x.code !== 0);
        const now = state();
        const what = now === before ? "before" : now === after ? "after" : "neither";
        if (bad !== undefined || what === "neither") {
          const msg = `${sc}#${k}: ${bad !== undefined ? `recovery exit ${bad.code}: ${bad.stderr.trim()}` : "state is neither as before nor as after"}`;
          failures.push(msg);
          log(`  FAIL ${msg}`);
          if (what === "neither" && failures.length <= 3) log(diff(before, after, now));
        }
        if (!killed) break;
      }
    }
    return { runs, failures, perSyscall, ms: performance.now() - t0 };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The lines of `now` in neither reference state, and the ones it lacks from the closer one. */
function diff(before: string, after: string, now: string): string {
  const set = (s: string) => new Set(s.split("\n"));
  const b = set(before);
  const a = set(after);
  const n = set(now);
  const extra = [...n].filter((l) => !b.has(l) && !a.has(l));
  const missingB = [...b].filter((l) => !n.has(l));
  const missingA = [...a].filter((l) => !n.has(l));
  const missing = missingB.length <= missingA.length ? missingB : missingA;
  return [...extra.map((l) => `    + ${l}`), ...missing.slice(0, 10).map((l) => `    - ${l}`)].join("\n");
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : (args[i + 1] as string);
  };
  if (!hasStrace()) {
    console.error("strace is not installed: nothing to do");
    process.exit(2);
  }
  const res = sweep({
    op: opt("--op", "add") as "add" | "move",
    files: Number(opt("--files", "3000")),
    workers: opt("--workers", "0") === "1" ? 1 : 0,
    stride: Number(opt("--stride", "1")),
    edge: Number(opt("--edge", "200")),
    bin: opt("--bin", join(import.meta.dir, "..", "dist", "repo-manager")),
    log: (l) => console.log(l),
  });
  console.log(`runs ${res.runs}, failures ${res.failures.length}, ${(res.ms / 1000).toFixed(1)} s, per syscall ${JSON.stringify(res.perSyscall)}`);
  process.exit(res.failures.length === 0 ? 0 : 1);
}
