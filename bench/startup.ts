#!/usr/bin/env bun
/**
 * Start-up of the compiled binary, with and without `--bytecode`, against
 * `git --version` (a native floor) and an empty compiled Bun program (the
 * runtime's floor), in one run, alternating. This is the measurement that
 * decides whether release builds use --bytecode (scripts/build.ts).
 *
 *   bun bench/startup.ts [runs=60]
 *
 * Prints median and min per command, ratios to the floors, and binary sizes.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileArgs, ROOT } from "../scripts/build.ts";

const RUNS = Number(process.argv[2] ?? 60);
const dir = mkdtempSync(join(tmpdir(), "rm-bench-startup-"));
const exe = (name: string) => join(dir, process.platform === "win32" ? `${name}.exe` : name);

function build(entry: string, outfile: string, args: string[]) {
  const p = Bun.spawnSync([process.execPath, "build", entry, ...args, "--outfile", outfile], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`bun build failed: ${p.stderr.toString()}`);
}

try {
  const empty = join(dir, "empty.ts");
  writeFileSync(empty, "");
  build(join(ROOT, "src/main.ts"), exe("plain"), compileArgs(undefined, { bytecode: false }));
  build(join(ROOT, "src/main.ts"), exe("bytecode"), compileArgs());
  build(empty, exe("empty"), ["--compile", "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig"]);

  const cases: [string, string[]][] = [
    ["git --version", ["git", "--version"]],
    ["empty bun binary", [exe("empty")]],
    ["plain --version", [exe("plain"), "--version"]],
    ["bytecode --version", [exe("bytecode"), "--version"]],
    ["plain --help", [exe("plain"), "--help"]],
    ["bytecode --help", [exe("bytecode"), "--help"]],
  ];
  const times = new Map<string, number[]>(cases.map(([n]) => [n, []]));
  for (const [, cmd] of cases) for (let i = 0; i < 5; i++) Bun.spawnSync(cmd); // warm the page cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, cmd] of cases) {
      const t0 = performance.now();
      const p = Bun.spawnSync(cmd, { stdout: "ignore", stderr: "ignore" });
      (times.get(name) as number[]).push(performance.now() - t0);
      if (p.exitCode !== 0) throw new Error(`${name} exited ${p.exitCode}`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const git = median(times.get("git --version") as number[]);
  const floor = median(times.get("empty bun binary") as number[]);
  console.log(`runs: ${RUNS} each, alternating; bun ${Bun.version} ${process.platform}-${process.arch}`);
  for (const [name] of cases) {
    const xs = times.get(name) as number[];
    const m = median(xs);
    console.log(
      `${name.padEnd(20)} median ${m.toFixed(2).padStart(6)} ms  min ${Math.min(...xs).toFixed(2).padStart(6)} ms  ` +
        `x${(m / git).toFixed(1)} git  x${(m / floor).toFixed(2)} empty bun`,
    );
  }
  const plain = median(times.get("plain --version") as number[]);
  const bytecode = median(times.get("bytecode --version") as number[]);
  console.log(`bytecode/plain (--version): ${(bytecode / plain).toFixed(2)}`);
  const mib = (f: string) => `${(statSync(f).size / 1048576).toFixed(1)} MiB`;
  console.log(`sizes: plain ${mib(exe("plain"))}, bytecode ${mib(exe("bytecode"))}, empty ${mib(exe("empty"))}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
