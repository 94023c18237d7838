// Bounded pretty-printing of a plugin's JSON (issue 14, item 13; reproduction r07).
// Before: 40 KB of nested arrays printed 800 MB (2.4 GB of memory); 100 KB ended in "internal error: Maximum
// call stack size exceeded". Now the depth (64) and the pretty-printed size (64 Mi characters) are checked first.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

const WINDOWS = process.platform === "win32";
if (WINDOWS) console.warn("skipping JSON bound tests: they use a #!/bin/sh plugin");

let sb: PluginSandbox;
let doc: string;
beforeAll(() => {
  if (WINDOWS) return;
  sb = createPluginSandbox();
  doc = join(sb.root, "doc.json");
  sb.addScript("deep", shellPlugin("deep", `cat '${doc}'`, { extra: { json: true } }));
});
afterAll(() => sb?.cleanup());

const nested = (depth: number, inner = "") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

function refusedJson(text: string, message: string): void {
  writeFileSync(doc, text);
  const t0 = performance.now();
  const r = sb.run(["--json", "deep"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(message);
  expect(r.stderr).toContain("hint: ");
  expect(noStackTrace(r.stderr)).toBe(true);
  expect(performance.now() - t0).toBeLessThan(10_000);
}

describe.skipIf(WINDOWS)("a plugin's JSON document is bounded before it is printed", () => {
  test("64 levels print; 65 and the reproduction's 20,000 and 50,000 are refused with a clear error", () => {
    writeFileSync(doc, nested(64, '"[{ brackets in a string do not count"'));
    const ok = sb.run(["--json", "deep"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${JSON.stringify(JSON.parse(nested(64, '"[{ brackets in a string do not count"')), null, 2)}\n`);
    for (const depth of [65, 20_000, 50_000]) refusedJson(nested(depth), "error: plugin 'deep' printed JSON nested more than 64 levels deep");
  }, 60_000);

  test("a shallow document that would pretty-print to more than 64 Mi characters is refused", () => {
    // 60 levels, then 600,000 zeros: 1.2 MB raw, each "0," indented by 120 spaces: ~74 Mi characters pretty.
    refusedJson(nested(60, Array(600_000).fill(0).join(",")), "printed JSON that would take more than 64 Mi characters pretty-printed");
  }, 60_000);

  test("a large but reasonable document still prints, byte for byte as before", () => {
    const value = Array.from({ length: 20_000 }, (_, i) => ({ path: `/w/${i}`, branch: `refs/heads/b${i}`, locked: i % 7 === 0, n: i * 1.5 }));
    writeFileSync(doc, JSON.stringify(value));
    const r = sb.run(["--json", "deep"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(value, null, 2)}\n`);
  }, 60_000);
});
