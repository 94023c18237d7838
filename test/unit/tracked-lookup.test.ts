import { describe, expect, test } from "bun:test";
import { trackedLookup } from "../../src/git/status/tracked-lookup.ts";
import { comparePaths } from "../../src/git/repo/fspath.ts";

const indexOrder = (paths: string[]) => [...paths].sort(comparePaths);

describe("trackedLookup", () => {
  // '-' (0x2d) and '.' sort before '/' (0x2f), '0' after: the neighbours a prefix search must step over.
  const paths = ["a-b", "a.txt", "a/b/c", "a/d", "a0", "sub", "z\u{1F600}/x", "z\uFFFD"];
  for (const ignoreCase of [false, true]) {
    test(`files and directories (ignoreCase=${ignoreCase})`, () => {
      const t = trackedLookup(indexOrder(paths), ignoreCase);
      for (const p of paths) expect(t.hasFile(p)).toBe(true);
      expect(t.hasFile("a")).toBe(false);
      expect(t.hasFile("a/b")).toBe(false);
      expect(t.hasDir("a")).toBe(true);
      expect(t.hasDir("a/b")).toBe(true);
      expect(t.hasDir("a/b/c")).toBe(false);
      expect(t.hasDir("a-b")).toBe(false);
      expect(t.hasDir("sub")).toBe(false); // a file (or gitlink), not a directory of entries
      expect(t.hasDir("z\u{1F600}")).toBe(true);
      expect(t.hasFile("A.TXT")).toBe(ignoreCase);
      expect(t.hasDir("A/B")).toBe(ignoreCase);
    });
  }
  test("an empty index", () => {
    const t = trackedLookup([], false);
    expect(t.hasFile("x")).toBe(false);
    expect(t.hasDir("x")).toBe(false);
  });
});
