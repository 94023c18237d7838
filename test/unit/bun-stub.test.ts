// scripts/bun-stub.mjs: telling npm's placeholder for bun from the real binary.
import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunBinIn, bunPlaceholderProblem, isBunPlaceholder } from "../../scripts/bun-stub.mjs";

const ROOT = join(import.meta.dir, "..", "..");
// What bun 1.4.5's package ships as bin/bun.exe before its postinstall runs (450 bytes).
const PLACEHOLDER = `echo "Error: Bun's postinstall script was not run." >&2
echo "" >&2
echo "This occurs when using --ignore-scripts during installation, or when using a" >&2
echo "package manager like pnpm that does not run postinstall scripts by default." >&2
echo "" >&2
echo "To fix this, run the postinstall script manually:" >&2
echo "  cd node_modules/bun && node install.js" >&2
echo "" >&2
echo "Or reinstall bun without the --ignore-scripts flag." >&2
exit 1
`;

const dirs: string[] = [];
function fakeProject(bin?: string | Uint8Array): string {
  const root = mkdtempSync(join(tmpdir(), "rm-bunstub-"));
  dirs.push(root);
  if (bin !== undefined) {
    mkdirSync(join(root, "node_modules", "bun", "bin"), { recursive: true });
    writeFileSync(bunBinIn(root), bin);
  }
  return root;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("npm's placeholder for bun", () => {
  test("the placeholder script is found, with what to do", () => {
    const root = fakeProject(PLACEHOLDER);
    expect(isBunPlaceholder(bunBinIn(root))).toBe(true);
    const problem = bunPlaceholderProblem(root);
    expect(problem?.[0]).toContain("placeholder");
    expect(problem?.[1]).toContain("npm rebuild bun");
    expect(problem?.[1]).toContain("node node_modules/bun/install.js");
  });

  test("a real bun binary is not the placeholder", () => {
    // The bun running this test: a real one, whatever installed it.
    const root = fakeProject();
    mkdirSync(join(root, "node_modules", "bun", "bin"), { recursive: true });
    copyFileSync(process.execPath, bunBinIn(root));
    expect(isBunPlaceholder(bunBinIn(root))).toBe(false);
    expect(bunPlaceholderProblem(root)).toBeNull();
  });

  test("a small file that is not the placeholder, or no bun at all, is not reported", () => {
    expect(bunPlaceholderProblem(fakeProject("#!/bin/sh\nexec /usr/local/bin/bun \"$@\"\n"))).toBeNull();
    expect(bunPlaceholderProblem(fakeProject())).toBeNull();
  });

  test("`node scripts/bun-stub.mjs` exits 1 with an error and a hint for the placeholder, 0 otherwise", () => {
    const node = Bun.which("node");
    if (!node) {
      console.warn("skipped: node not on PATH");
      return;
    }
    const root = fakeProject(PLACEHOLDER);
    mkdirSync(join(root, "scripts"));
    copyFileSync(join(ROOT, "scripts", "bun-stub.mjs"), join(root, "scripts", "bun-stub.mjs"));
    const bad = Bun.spawnSync([node, join(root, "scripts", "bun-stub.mjs")], { stdout: "pipe", stderr: "pipe" });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout.toString()).toBe("");
    expect(bad.stderr.toString()).toMatch(/^error: node_modules\/bun is only npm's placeholder.*\nhint: run 'npm rebuild bun'.*\n$/);
    copyFileSync(process.execPath, bunBinIn(root)); // now a real bun
    const ok = Bun.spawnSync([node, join(root, "scripts", "bun-stub.mjs")], { stdout: "pipe", stderr: "pipe" });
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr.toString()).toBe("");
  });
});
