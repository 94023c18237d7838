// The GitHub workflows: every action pinned by full commit SHA, least privilege,
// the three CI runners, and the release steps that must not silently disappear.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dir, "..", "..", ".github", "workflows");
const ci = readFileSync(join(dir, "ci.yml"), "utf8");
const release = readFileSync(join(dir, "release.yml"), "utf8");

describe("workflows", () => {
  test("every action is pinned to a 40-hex commit with its tag in a comment", () => {
    for (const text of [ci, release]) {
      const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)];
      expect(uses.length).toBeGreaterThan(0);
      for (const [, ref, rest] of uses) {
        expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(rest).toMatch(/# v\d+/);
      }
    }
  });

  test("the default token is read-only; only the publish job may write", () => {
    for (const text of [ci, release]) expect(text).toMatch(/^permissions:\n {2}contents: read$/m);
    expect(ci).not.toContain("write");
    expect([...release.matchAll(/contents: write/g)]).toHaveLength(1);
    expect(release.indexOf("contents: write")).toBeGreaterThan(release.indexOf("  publish:"));
  });

  test("CI tests on Linux, macOS and Windows", () => {
    expect(ci).toContain("os: [ubuntu-latest, macos-latest, windows-latest]");
    expect(ci).toContain("npm test");
  });

  test("a release builds all targets strictly, smoke-tests each and attaches archives and SHA256SUMS", () => {
    expect(release).toContain("scripts/build-binaries.ts --strict");
    for (const t of ["linux-x64", "linux-x64-baseline", "linux-arm64", "linux-x64-musl", "darwin-x64", "darwin-arm64", "windows-x64"]) {
      expect(release).toContain(`target: ${t} `.replace(/ $/, ""));
    }
    expect(release).toContain("dist/repo-manager-* dist/SHA256SUMS install.sh");
    expect(release).toContain("packaging/generate.ts");
  });
});
