#!/usr/bin/env bun
/**
 * Builds the host binary: dist/repo-manager (dist/repo-manager.exe on Windows).
 * `bun scripts/build.ts [--outfile <path>]`. Release builds for every target
 * live in scripts/build-binaries.ts; both share compileArgs().
 */
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { bunPlaceholderProblem } from "./bun-stub.mjs";

export const ROOT = join(import.meta.dir, "..");

/**
 * Flags every compiled binary gets: version baked in, no .env / bunfig.toml read
 * from the user's cwd, JavaScriptCore bytecode (ESM) precompiled into the
 * binary (measured 9.6 ms vs 11.2 ms for `--version` on the CI machine, see
 * docs/distribution.md; on unless `bytecode: false` is asked for), and code
 * splitting: each lazily imported command is its own chunk, loaded only when
 * run, instead of one bundle whose every module is loaded at start-up
 * (`--version` 6.2 -> 3.0 ms, a compiled hello-world being 2.8 ms).
 */
export function compileArgs(version: string = pkg.version, opts: { bytecode?: boolean } = {}): string[] {
  return [
    "--compile",
    "--minify",
    "--format=esm",
    "--splitting",
    // Start-up code stays interpreted; hot loops call fullJit() (src/platform/jit.ts).
    "--compile-jit-policy=30",
    ...(opts.bytecode === false ? [] : ["--bytecode"]),
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    `--define=__REPO_MANAGER_VERSION__=${JSON.stringify(version)}`,
  ];
}

/**
 * Entry points of every binary: the CLI, and the workers of `worktree add`
 * and `worktree remove` (src/git/worker-url.ts: `new Worker(...)` in a
 * compiled binary finds only a module given here).
 */
export const ENTRY_POINTS = ["src/main.ts", "src/git/checkout/checkout-worker.ts", "src/git/remove/remove-worker.ts"].map((p) => join(ROOT, p));

export function hostBinaryPath(): string {
  return join(ROOT, "dist", process.platform === "win32" ? "repo-manager.exe" : "repo-manager");
}

/**
 * We run, so some real bun runs us; but if node_modules/bun is npm's
 * placeholder, it is not the pinned one (a global bun, `bun scripts/build.ts`),
 * and `npm run build` / `npm test` / CI's `./node_modules/.bin/bun` fail.
 * Says so, with the fix, on stderr; the build goes on with this bun.
 */
export function warnIfBunPlaceholder(root = ROOT): void {
  const problem = bunPlaceholderProblem(root);
  if (problem) console.error(`warning: ${problem[0]}; using ${process.execPath} (bun ${Bun.version}) instead\nhint: ${problem[1]}`);
}

export async function buildHost(outfile = hostBinaryPath()): Promise<string> {
  const proc = Bun.spawn([process.execPath, "build", ...ENTRY_POINTS, ...compileArgs(), "--outfile", outfile], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  if (code !== 0) throw new Error(`bun build failed (${code}):\n${err}`);
  return outfile;
}

if (import.meta.main) {
  warnIfBunPlaceholder();
  const i = process.argv.indexOf("--outfile");
  const out = await buildHost(i === -1 ? undefined : process.argv[i + 1]);
  console.error(`built ${out}`);
}
