#!/usr/bin/env bun
/**
 * `bun bench/objects.ts [--files N] [--commits N] [--runs N] [--fresh]`
 *
 * Reads every blob of HEAD's tree of a generated, packed repository through
 * our object store and through `git cat-file --batch` fed the same oids,
 * alternating runs, and prints medians, ratios and peak RSS.
 *
 * The repository is synthetic and reproducible (seeded): N files with a
 * source-like size mix and a history where each commit edits a few files,
 * packed by `git repack -adf` (window 10, depth 50: git gc's defaults). It is
 * cached in the temp dir between runs (--fresh regenerates it).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openObjectStore } from "../src/git/objects/store.ts";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};

// ---- worker modes: run in a child so each side's peak RSS is its own ----
if (process.argv[2] === "--worker") {
  const [, , , mode = "", objectsDir = "", oidFile = "", limitText = "0"] = process.argv;
  const oids = readFileSync(oidFile, "utf8").trim().split("\n");
  const limit = Number(limitText) || oids.length;
  const list = oids.slice(0, limit);
  let bytes = 0;
  const t0 = performance.now();
  const store = openObjectStore(objectsDir, { io: mode === "pread" ? "pread" : "mmap" });
  for (const oid of list) bytes += store.read(oid).data.length;
  store.close();
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, bytes }));
  process.exit(0);
}

// ---- repository generation ----
const FILES = arg("files", 5000);
const COMMITS = arg("commits", 300);
const RUNS = arg("runs", 7);
const repo = join(tmpdir(), `repo-manager-bench-objects-${FILES}-${COMMITS}-v1`);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: tmpdir(), LC_ALL: "C" };

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(): void {
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  const run = (args: string[], stdin?: Uint8Array) => {
    const p = Bun.spawnSync(["git", ...args], { cwd: repo, env, stdin: stdin ?? "ignore", stderr: "pipe" });
    if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr.toString()}`);
  };
  run(["init", "-q", "-b", "main", "."]);
  const rand = rng(42);
  const words = "const let function return if else for while import export from type interface class new this await async value index result error data path name size count".split(" ");
  const line = () => {
    const n = 2 + Math.floor(rand() * 10);
    let s = "  ".repeat(Math.floor(rand() * 4));
    for (let i = 0; i < n; i++) s += `${words[Math.floor(rand() * words.length)]}${rand() < 0.2 ? Math.floor(rand() * 1000) : ""} `;
    return s;
  };
  // Size mix: mostly small sources, some medium, a few large, 1% binary.
  const files: { path: string; lines: string[] | null; bin?: Uint8Array }[] = [];
  for (let f = 0; f < FILES; f++) {
    const r = rand();
    const path = `src/d${f % 50}/s${Math.floor(f / 50) % 10}/file${f}.${r < 0.01 ? "bin" : "ts"}`;
    if (r < 0.01) {
      const bin = new Uint8Array(50_000 + Math.floor(rand() * 250_000));
      for (let i = 0; i < bin.length; i++) bin[i] = Math.floor(rand() * 256);
      files.push({ path, lines: null, bin });
    } else {
      const n = r < 0.6 ? 10 + Math.floor(rand() * 100) : r < 0.9 ? 100 + Math.floor(rand() * 400) : 500 + Math.floor(rand() * 2000);
      files.push({ path, lines: Array.from({ length: n }, line) });
    }
  }
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const put = (s: string | Uint8Array) => parts.push(typeof s === "string" ? enc.encode(s) : s);
  const blob = (f: (typeof files)[number]) => {
    const body = f.bin ?? enc.encode(`${f.lines!.join("\n")}\n`);
    put(`M 100644 inline ${f.path}\ndata ${body.length}\n`);
    put(body);
    put("\n");
  };
  for (let c = 0; c < COMMITS; c++) {
    put(`commit refs/heads/main\ncommitter Bench <b@example.com> ${1_700_000_000 + c} +0000\ndata 10\ncommit ${String(c).padStart(3, "0")}\n`);
    const touched = c === 0 ? files : Array.from({ length: 15 }, () => files[Math.floor(rand() * FILES)]!);
    for (const f of touched) {
      if (c > 0 && f.lines !== null) {
        for (let e = 0; e < 4; e++) f.lines.splice(Math.floor(rand() * f.lines.length), rand() < 0.5 ? 1 : 0, line());
      }
      blob(f);
    }
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const stream = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    stream.set(p, o);
    o += p.length;
  }
  run(["fast-import", "--quiet"], stream);
  run(["repack", "-adfq", "--window=10", "--depth=50"]);
  run(["prune-packed"]);
  writeFileSync(join(repo, ".bench-ready"), "1");
}

if (process.argv.includes("--fresh") || !existsSync(join(repo, ".bench-ready"))) {
  const t = performance.now();
  console.error(`generating ${FILES} files x ${COMMITS} commits in ${repo} ...`);
  generate();
  console.error(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const objectsDir = join(repo, ".git", "objects");
const ls = Bun.spawnSync(["git", "ls-tree", "-r", "-z", "main"], { cwd: repo, env }).stdout.toString();
const oids = ls.split("\0").filter(Boolean).map((l) => l.split("\t")[0]!.split(" ")[2]!);
const oidFile = join(repo, ".bench-oids");
writeFileSync(oidFile, `${oids.join("\n")}\n`);
const count = Bun.spawnSync(["git", "count-objects", "-v"], { cwd: repo, env }).stdout.toString();
console.log(`repository: ${oids.length} blobs at HEAD, ${count.match(/in-pack: (\d+)/)?.[1]} objects, pack ${count.match(/size-pack: (\d+)/)?.[1]} KiB`);

interface Sample { wall: number; inner: number; rss: number }
const self = [process.execPath, import.meta.path];
// GNU time reports each child's own peak RSS (Bun's resourceUsage.maxRSS is not per child here).
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const rssFile = join(repo, ".bench-rss");
function timeChild(cmd: string[], stdin?: string): Sample {
  const isGit = cmd[0] === "git";
  const full = TIME === null ? cmd : [TIME, "-f", "%M", "-o", rssFile, ...cmd];
  const t = performance.now();
  const p = Bun.spawnSync(full, {
    env,
    stdin: stdin === undefined ? "ignore" : Bun.file(stdin),
    stdout: isGit ? "ignore" : "pipe", // git's output goes to /dev/null; ours produces none
    stderr: "inherit",
  });
  const wall = performance.now() - t;
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed`);
  const inner = isGit ? wall : (JSON.parse(String(p.stdout)) as { ms: number }).ms;
  const rss = TIME === null ? p.resourceUsage.maxRSS : Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) * 1024;
  return { wall, inner, rss };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const gitCmd = ["git", "-C", repo, "cat-file", "--batch"];
const samples: Record<string, Sample[]> = { git: [], mmap: [], pread: [], floor: [] };
// Warm the page cache once for both sides.
timeChild(gitCmd, oidFile);
timeChild([...self, "--worker", "mmap", objectsDir, oidFile]);
for (let r = 0; r < RUNS; r++) {
  samples.git!.push(timeChild(gitCmd, oidFile));
  samples.mmap!.push(timeChild([...self, "--worker", "mmap", objectsDir, oidFile]));
  samples.pread!.push(timeChild([...self, "--worker", "pread", objectsDir, oidFile]));
  samples.floor!.push(timeChild([process.execPath, "-e", "process.stdout.write('{\"ms\":0}')"]));
}
const m = (k: string, f: keyof Sample) => median(samples[k]!.map((s) => s[f]));
const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
const gitMs = m("git", "wall");
console.log(`git cat-file --batch:      ${gitMs.toFixed(1)} ms wall, peak RSS ${mib(m("git", "rss"))}`);
for (const k of ["mmap", "pread"]) {
  console.log(
    `ours (${k === "pread" ? "pread, default" : "mmap"}): ${m(k, "wall").toFixed(1)} ms wall (${m(k, "inner").toFixed(1)} ms reading), peak RSS ${mib(m(k, "rss"))}` +
      `  ratio wall ${(m(k, "wall") / gitMs).toFixed(2)}x, reading-only ${(m(k, "inner") / gitMs).toFixed(2)}x, RSS ${(m(k, "rss") / m("git", "rss")).toFixed(2)}x`,
  );
}
console.log(`bun startup floor:         ${m("floor", "wall").toFixed(1)} ms wall, peak RSS ${mib(m("floor", "rss"))}`);

// Every object of the repository: all delta chains, the base cache at work.
const allFile = join(repo, ".bench-all-oids");
writeFileSync(
  allFile,
  Bun.spawnSync(["git", "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"], { cwd: repo, env }).stdout.toString(),
);
const all: Record<string, Sample[]> = { git: [], ours: [] };
for (let r = 0; r < Math.max(3, Math.floor(RUNS / 2)); r++) {
  all.git!.push(timeChild(gitCmd, allFile));
  all.ours!.push(timeChild([...self, "--worker", "pread", objectsDir, allFile]));
}
const am = (k: string, f: keyof Sample) => median(all[k]!.map((s) => s[f]));
console.log(
  `all ${readFileSync(allFile, "utf8").trim().split("\n").length} objects: git ${am("git", "wall").toFixed(1)} ms, ${mib(am("git", "rss"))}; ` +
    `ours ${am("ours", "wall").toFixed(1)} ms (${am("ours", "inner").toFixed(1)} ms reading), ${mib(am("ours", "rss"))}` +
    `  ratio wall ${(am("ours", "wall") / am("git", "wall")).toFixed(2)}x, RSS ${(am("ours", "rss") / am("git", "rss")).toFixed(2)}x`,
);
