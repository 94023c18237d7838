/**
 * Reproducible synthetic repositories for benchmarks, generated with one
 * `git fast-import` stream and cached under .tmp/bench keyed by their
 * parameters (delete the directory to regenerate).
 *
 * Shape: `files` paths in directories of ~20 entries up to 4 levels deep;
 * sizes mostly small source-like text (70% 0.1-2 KiB, 25% 2-8 KiB, 4.5%
 * 8-32 KiB, 0.5% 32-256 KiB), 1% executable, 0.5% symlinks; then `commits`
 * more commits each editing 5% of the files, so the pack holds delta
 * chains; finally one `git repack -a -d` into a single pack, as a clone has.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { prng } from "../test/helpers/object-fixtures.ts";

export interface GenOptions {
  files: number;
  commits?: number;
  seed?: number;
  /** Parent directory of the cache (default <repo root>/.tmp/bench). */
  cacheDir?: string;
}

const FORMAT = 1; // bump when the generator changes, so old caches are not reused

const WORDS = "const let function return import export from if else for while class interface type async await new this null true false switch case break value index result error data".split(" ");

function sizeFor(r: number, rand: () => number): number {
  const span = (lo: number, hi: number) => Math.floor(lo + rand() * (hi - lo));
  if (r < 0.7) return span(100, 2048);
  if (r < 0.95) return span(2048, 8192);
  if (r < 0.995) return span(8192, 32768);
  return span(32768, 262144);
}

/** Source-like text from a pool of pre-built lines: compresses and deltas like code. */
function makeLinePool(rand: () => number): string[] {
  const pool: string[] = [];
  for (let i = 0; i < 4096; i++) {
    const n = 2 + Math.floor(rand() * 8);
    let line = "  ".repeat(Math.floor(rand() * 4));
    for (let w = 0; w < n; w++) line += `${WORDS[Math.floor(rand() * WORDS.length)]}${rand() < 0.3 ? `_${Math.floor(rand() * 1000)}` : ""} `;
    pool.push(`${line.trimEnd()};\n`);
  }
  return pool;
}

function text(size: number, pool: string[], rand: () => number): Buffer {
  const parts: string[] = [];
  let len = 0;
  while (len < size) {
    const l = pool[Math.floor(rand() * pool.length)] as string;
    parts.push(l);
    len += l.length;
  }
  return Buffer.from(parts.join(""));
}

function pathFor(i: number): string {
  // ~20 entries per directory, up to 4 levels: d3/d17/d5/f12.ts
  const parts: string[] = [];
  let n = Math.floor(i / 20);
  for (let depth = 0; depth < 4 && n > 0; depth++) {
    parts.push(`d${n % 20}`);
    n = Math.floor(n / 20);
  }
  const ext = [".ts", ".c", ".md", ".json", ".py"][i % 5];
  return [...parts.reverse(), `f${i % 20}${ext}`].join("/");
}

/** Path of the cached repository for these options, generating it first if needed. */
export function ensureRepo(opts: GenOptions): string {
  const commits = opts.commits ?? 4;
  const seed = opts.seed ?? 1;
  const cache = opts.cacheDir ?? join(import.meta.dir, "..", ".tmp", "bench");
  const dir = join(cache, `repo-f${opts.files}-c${commits}-s${seed}-v${FORMAT}`);
  if (existsSync(join(dir, ".generated"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: dir, GIT_CONFIG_GLOBAL: "/dev/null" };
  const git = (args: string[], input?: Buffer) => {
    const p = Bun.spawnSync(["git", ...args], { cwd: dir, env, stdin: input ?? "ignore", stdout: "pipe", stderr: "pipe" });
    if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr.toString()}`);
  };
  git(["init", "-q", "-b", "main", "."]);
  const rand = prng(seed);
  const pool = makeLinePool(rand);
  const chunks: Buffer[] = [];
  const push = (s: string | Buffer) => chunks.push(typeof s === "string" ? Buffer.from(s) : s);
  const sizes: number[] = [];
  for (let i = 0; i < opts.files; i++) sizes.push(sizeFor(rand(), rand));
  let when = 1_700_000_000;
  for (let c = 0; c <= commits; c++) {
    const msg = c === 0 ? "initial import" : `edit ${c}`;
    push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${when++} +0000\ndata ${msg.length}\n${msg}\n`);
    for (let i = 0; i < opts.files; i++) {
      if (c > 0 && rand() >= 0.05) continue;
      const path = pathFor(i);
      if (i % 200 === 199) {
        const target = Buffer.from(pathFor(i - 1).split("/").pop() as string);
        push(`M 120000 inline ${path}\ndata ${target.length}\n`);
        push(target);
        push("\n");
        continue;
      }
      const body = text(sizes[i] as number, pool, rand);
      push(`M ${i % 100 === 7 ? "100755" : "100644"} inline ${path}\ndata ${body.length}\n`);
      push(body);
      push("\n");
    }
  }
  git(["fast-import", "--quiet"], Buffer.concat(chunks));
  git(["repack", "-q", "-a", "-d"]);
  git(["reset", "-q", "--hard", "main"]);
  writeFileSync(join(dir, ".generated"), `${JSON.stringify({ ...opts, commits, seed, format: FORMAT })}\n`);
  return dir;
}

if (import.meta.main) {
  const files = Number(process.argv[2] ?? 5000);
  const t0 = performance.now();
  const dir = ensureRepo({ files });
  console.log(`${dir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
