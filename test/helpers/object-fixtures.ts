/**
 * Fixtures for the object store tests: small repositories made by the real
 * git (fast-import, so a history of dozens of commits takes milliseconds),
 * and `git cat-file --batch` as the oracle for what every object contains.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { openObjectStore, type ObjectStoreOptions } from "../../src/git/objects/store.ts";
import type { Sandbox } from "./sandbox.ts";

/** Deterministic PRNG (mulberry32) so fixtures are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs git with raw byte stdin/stdout (sb.git decodes as text, which breaks binary objects). */
export function gitBytes(sb: Sandbox, args: string[], cwd: string, stdin?: Uint8Array): Uint8Array {
  const p = Bun.spawnSync(["git", ...args], {
    cwd,
    env: sb.env,
    stdin: stdin === undefined ? "ignore" : stdin,
    stdout: "pipe",
    stderr: "pipe",
  });
  if (p.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed: ${p.stderr.toString()}`);
  return new Uint8Array(p.stdout);
}

export interface HistoryOptions {
  commits?: number;
  files?: number;
  linesPerFile?: number;
  seed?: number;
  /** Appended to refs/heads/main if the repository already has commits. */
  append?: boolean;
}

/**
 * Creates (or extends) a repository whose files are edited a little in every
 * commit, which is what gives git long delta chains. Includes an executable,
 * a symlink, a binary file and unicode / space-containing paths.
 */
export function writeHistory(sb: Sandbox, dir: string, opts: HistoryOptions = {}): void {
  const { commits = 40, files = 6, linesPerFile = 120, seed = 1 } = opts;
  const rand = prng(seed);
  const enc = new TextEncoder();
  const contents: string[][] = [];
  for (let f = 0; f < files; f++) {
    contents.push(Array.from({ length: linesPerFile }, (_, i) => `file ${f} line ${i} ${Math.floor(rand() * 1e9)}`));
  }
  const names = Array.from({ length: files }, (_, f) =>
    f === 0 ? "dir/ünï cødé.txt" : f === 1 ? "space name.md" : `src/m${f % 3}/file${f}.ts`,
  );
  const chunks: Uint8Array[] = [];
  const push = (s: string | Uint8Array) => chunks.push(typeof s === "string" ? enc.encode(s) : s);
  const data = (body: Uint8Array) => {
    push(`data ${body.length}\n`);
    push(body);
    push("\n");
  };
  let t = opts.append ? 1_700_100_000 : 1_700_000_000;
  for (let c = 0; c < commits; c++) {
    push(`commit refs/heads/main\ncommitter T <t@example.com> ${t++} +0000\n`);
    data(enc.encode(`commit ${c} (seed ${seed})\n`));
    if (c === 0 && opts.append) push("from refs/heads/main^0\n");
    const touched = c === 0 ? contents.map((_, i) => i) : [Math.floor(rand() * files), Math.floor(rand() * files)];
    for (const f of new Set(touched)) {
      const lines = contents[f]!;
      for (let e = 0; e < 3; e++) {
        const at = Math.floor(rand() * lines.length);
        lines.splice(at, rand() < 0.5 ? 1 : 0, `edit ${c}.${e} ${Math.floor(rand() * 1e9)}`);
      }
      push(`M ${f === 2 ? "100755" : "100644"} inline ${names[f]}\n`);
      data(enc.encode(`${lines.join("\n")}\n`));
    }
    if (c === 0) {
      push("M 120000 inline link-to-readme\n");
      data(enc.encode("space name.md"));
      const bin = new Uint8Array(3000);
      for (let i = 0; i < bin.length; i++) bin[i] = Math.floor(rand() * 256);
      push("M 100644 inline assets/blob.bin\n");
      data(bin);
    }
  }
  const stream = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    stream.set(c, o);
    o += c.length;
  }
  gitBytes(sb, ["fast-import", "--quiet"], dir, stream);
}

/** A fresh repository (not bare) with a history written by writeHistory. */
export function historyRepo(sb: Sandbox, name: string, opts: HistoryOptions = {}): string {
  const dir = join(sb.root, name);
  sb.git(["init", "-q", dir]);
  writeHistory(sb, dir, opts);
  sb.git(["reset", "-q", "--hard", "main"], { cwd: dir });
  return dir;
}

/** Turns every pack of the repository into loose objects. */
export function explodePacks(sb: Sandbox, dir: string): void {
  const packDir = join(dir, ".git", "objects", "pack");
  for (const name of readdirSync(packDir).filter((n) => n.endsWith(".pack"))) {
    const pack = readFileSync(join(packDir, name));
    for (const ext of [".pack", ".idx", ".rev"]) rmSync(join(packDir, name.replace(/\.pack$/, ext)), { force: true });
    gitBytes(sb, ["unpack-objects", "-q"], dir, pack);
  }
}

/** Every object id git can see in the repository (alternates included). */
export function allObjectIds(sb: Sandbox, dir: string): string[] {
  return sb
    .git(["cat-file", "--batch-all-objects", "--batch-check=%(objectname)"], { cwd: dir })
    .trim()
    .split("\n")
    .filter((l) => l !== "");
}

export interface OracleObject {
  type: string;
  data: Uint8Array;
}

/** What `git cat-file --batch` says each object is. */
export function catFileBatch(sb: Sandbox, dir: string, oids: string[]): Map<string, OracleObject> {
  const out = gitBytes(sb, ["cat-file", "--batch"], dir, new TextEncoder().encode(`${oids.join("\n")}\n`));
  const result = new Map<string, OracleObject>();
  const dec = new TextDecoder();
  let p = 0;
  while (p < out.length) {
    const nl = out.indexOf(10, p);
    const [oid = "", type = "", size = ""] = dec.decode(out.subarray(p, nl)).split(" ");
    if (type === "missing") {
      p = nl + 1;
      continue;
    }
    const n = Number(size);
    result.set(oid, { type, data: out.subarray(nl + 1, nl + 1 + n) });
    p = nl + 1 + n + 1; // content is followed by a newline
  }
  return result;
}

/** Pack files (.pack paths) of a repository's objects dir. */
export function packFiles(objectsDir: string): string[] {
  return readdirSync(join(objectsDir, "pack"))
    .filter((n) => n.endsWith(".pack"))
    .map((n) => join(objectsDir, "pack", n));
}

/**
 * Reads every object git can see through our store (with each I/O mode) and
 * returns the differences from `git cat-file --batch` (empty when all agree)
 * and how many objects were compared.
 */
export function diffStoreWithGit(
  sb: Sandbox,
  dir: string,
  objectsDir: string,
  opts: ObjectStoreOptions = {},
): { compared: number; mismatches: string[] } {
  const oids = allObjectIds(sb, dir);
  const oracle = catFileBatch(sb, dir, oids);
  const mismatches: string[] = [];
  // Both code paths: mapped idx + mapped pack, and whole-read idx + positioned reads (Windows).
  for (const io of ["mmap", "pread"] as const) {
    const store = openObjectStore(objectsDir, { ...opts, io, indexIo: io });
    try {
      for (const oid of oids) {
        const want = oracle.get(oid);
        const got = store.read(oid);
        if (want === undefined) mismatches.push(`${io} ${oid}: git has no such object`);
        else if (got.type !== want.type) mismatches.push(`${io} ${oid}: type ${got.type} != ${want.type}`);
        else if (!Buffer.from(got.data).equals(want.data)) mismatches.push(`${io} ${oid}: data differs`);
        if (!store.has(oid)) mismatches.push(`${io} ${oid}: has() false`);
      }
    } finally {
      store.close();
    }
  }
  return { compared: oids.length, mismatches };
}
