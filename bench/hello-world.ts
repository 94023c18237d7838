/**
 * The runtime's floor for the benchmarks: a compiled Bun program that does
 * next to nothing, built with the same flags as dist/repo-manager (bytecode,
 * no dotenv/bunfig auto-load) into .tmp/. What it costs (start-up time, peak
 * memory) no program on this runtime can go below.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileArgs, ROOT } from "../scripts/build.ts";

/** Builds `.tmp/<name>` from `source` and returns its path. */
export function buildHelloWorld(name: string, source: string): string {
  const tmp = join(ROOT, ".tmp");
  mkdirSync(tmp, { recursive: true });
  const out = join(tmp, process.platform === "win32" ? `${name}.exe` : name);
  const src = join(tmp, `${name}.ts`);
  writeFileSync(src, source);
  const p = Bun.spawnSync([process.execPath, "build", src, ...compileArgs(), "--outfile", out], { stdout: "pipe", stderr: "pipe" });
  if (p.exitCode !== 0) throw new Error(`building ${name} failed: ${p.stderr.toString()}`);
  return out;
}
