// comparePaths (src/git/repo/fspath.ts): git's byte order of UTF-8 paths, checked against Buffer.compare.
import { describe, expect, test } from "bun:test";
import { comparePaths } from "../../src/git/repo/fspath.ts";

const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const sign = (n: number) => Math.sign(n);

describe("comparePaths", () => {
  test("equal, prefix, ASCII, and case folding only with ignoreCase", () => {
    expect(comparePaths("a/b", "a/b")).toBe(0);
    expect(comparePaths("a", "a/b")).toBeLessThan(0);
    expect(comparePaths("a/b", "a")).toBeGreaterThan(0);
    expect(comparePaths("B", "a")).toBeLessThan(0);
    expect(comparePaths("B", "a", true)).toBeGreaterThan(0);
    expect(comparePaths("ABC", "abc", true)).toBe(0);
  });

  test("a character above U+FFFF sorts after U+E000..U+FFFF, as in UTF-8 (both or only one side beyond U+D7FF)", () => {
    expect(comparePaths("x\u{10000}", "x\uffff")).toBeGreaterThan(0);
    expect(comparePaths("\uE000", "\u{1F600}")).toBeLessThan(0);
    expect(comparePaths("\u{1F600}", "z")).toBeGreaterThan(0);
    expect(comparePaths("\u00e9", "\u{1F600}")).toBeLessThan(0);
  });

  test("agrees with Buffer.compare of the UTF-8 bytes on random paths", () => {
    const alphabet = ["a", "B", "/", ".", "-", "\u00e9", "\u0800", "\ud7ff", "\ue000", "\uffff", "\u{10000}", "\u{1F600}"];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const word = () => Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join("");
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = rand(4) === 0 ? a + word() : word();
      expect([a, b, sign(comparePaths(a, b))]).toEqual([a, b, sign(byUtf8(a, b))]);
    }
  });
});
