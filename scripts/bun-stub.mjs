/**
 * Is the bun in node_modules npm's placeholder?
 *
 * The `bun` package ships `bin/bun.exe` as a ~450-byte shell script that only
 * prints an error; its postinstall (`node install.js`) replaces it with the
 * real ~100 MB binary. When install scripts do not run (`npm ci
 * --ignore-scripts`, pnpm's default, an install-script policy that skips
 * bun) the placeholder stays, and every `bun` from node_modules fails: on
 * Unix with the placeholder's own message, on Windows with a cryptic "not a
 * valid application". package.json approves bun's postinstall
 * (`allowScripts`) so npm 11 runs it without a warning; this file says what
 * to do when it did not run anyway.
 *
 * Plain JavaScript because it must run under node, before any bun works:
 * `npm run build` and `npm test` run it first (`prebuild`, `pretest`), and
 * scripts/build.ts and scripts/test.ts call it under whatever bun runs them.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** No real bun binary is anywhere near this small; the placeholder is under 1 KiB. */
const MAX_PLACEHOLDER_BYTES = 64 * 1024;

/** The file node_modules/.bin/bun points at (the package's `bin` entry, same name on every platform). */
export const bunBinIn = (root) => join(root, "node_modules", "bun", "bin", "bun.exe");

/** True when `file` is the placeholder: small, and a script talking about the postinstall. */
export function isBunPlaceholder(file) {
  let st;
  try {
    st = statSync(file);
  } catch {
    return false; // no bun in node_modules at all: not this problem
  }
  if (!st.isFile() || st.size > MAX_PLACEHOLDER_BYTES) return false;
  const buf = Buffer.alloc(st.size);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buf, 0, st.size, 0);
  } finally {
    closeSync(fd);
  }
  return /postinstall/i.test(buf.toString("latin1"));
}

/** The two lines to print when node_modules/bun under `root` is the placeholder, else null. */
export function bunPlaceholderProblem(root) {
  if (!isBunPlaceholder(bunBinIn(root))) return null;
  return [
    "node_modules/bun is only npm's placeholder: its install script did not run (--ignore-scripts, pnpm)",
    "run 'npm rebuild bun' (or 'node node_modules/bun/install.js') to install the real bun",
  ];
}

// `node scripts/bun-stub.mjs`: exit 1 with the message if the placeholder is there.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = bunPlaceholderProblem(join(dirname(fileURLToPath(import.meta.url)), ".."));
  if (problem) {
    process.stderr.write(`error: ${problem[0]}\nhint: ${problem[1]}\n`);
    process.exit(1);
  }
}
