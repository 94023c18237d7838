#!/usr/bin/env bun
/**
 * `npm test`: builds the host binary (the end-to-end tests run it), runs
 * `bun test` with the JUnit reporter, and ends with the plain line
 * `N passed, M failed` that CI reads. Extra arguments go to `bun test`.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildHost, ROOT, warnIfBunPlaceholder } from "./build.ts";

const junit = join(ROOT, ".tmp", "junit.xml");
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
rmSync(junit, { force: true });

warnIfBunPlaceholder();
const t0 = performance.now();
await buildHost();
console.error(`built dist binary in ${Math.round(performance.now() - t0)} ms`);

const proc = Bun.spawn(
  // --timeout: bunfig.toml's [test] timeout is not applied by this Bun (a test measured at 5 s fails with
  // it set to 60000); integration tests spawn real git and our CLI, slow on a loaded 2-core machine.
  [process.execPath, "test", "--timeout=60000", "--reporter=junit", `--reporter-outfile=${junit}`, ...process.argv.slice(2)],
  { cwd: ROOT, stdio: ["inherit", "inherit", "inherit"] },
);
const code = await proc.exited;

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const xml = readFileSync(junit, "utf8");
  // The root <testsuites> element carries the totals.
  const root = xml.match(/<testsuites\b[^>]*>/)?.[0] ?? "";
  const attr = (name: string) => Number(root.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  const tests = attr("tests");
  failed = attr("failures") + attr("errors");
  skipped = attr("skipped");
  passed = tests - failed - skipped;
} catch {
  failed = 1; // no report at all: the runner itself broke
}
if (code !== 0 && failed === 0) failed = 1; // e.g. an error outside any test
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
