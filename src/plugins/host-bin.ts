/**
 * REPO_MANAGER_BIN: the absolute path a plugin runs to call the core back.
 *
 * - Compiled binary: `process.execPath` (the binary itself).
 * - From source (`bun src/main.ts`, tests, development): there is no single
 *   executable, so we write a tiny wrapper into the cache dir that runs
 *   `<bun> <main.ts> "$@"` (`repo-manager.cmd` on Windows), and point at it.
 *   It is rewritten only when its content would change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./fs-atomic.ts";
import { cacheDir, type Env } from "./paths.ts";

/** True inside a `bun build --compile` binary (its modules live in a virtual /$bunfs or B:\~BUN tree). */
export function isCompiledBinary(main: string = Bun.main): boolean {
  return main.startsWith("/$bunfs/") || /^[A-Za-z]:[\\/]~BUN[\\/]/.test(main);
}

const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The wrapper script's text for a source checkout (pure, for tests). */
export function wrapperScript(bun: string, main: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return `@echo off\r\n"${bun}" "${main}" %*\r\n`;
  return `#!/bin/sh\n# Written by repo-manager (running from source) so plugins can call it back.\nexec ${shQuote(bun)} ${shQuote(main)} "$@"\n`;
}

/** The absolute path plugins get as REPO_MANAGER_BIN. */
export async function hostBin(env: Env = process.env): Promise<string> {
  if (isCompiledBinary()) return process.execPath;
  const file = join(cacheDir(env), "bin", process.platform === "win32" ? "repo-manager.cmd" : "repo-manager");
  const text = wrapperScript(process.execPath, Bun.main);
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== text) await writeFileAtomic(file, text, 0o755);
  return file;
}
