import { describe, expect, test } from "bun:test";
import { nestsDeeperThan, prettyJsonLength } from "../../../src/plugins/json-bounds.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("nestsDeeperThan", () => {
  test("counts arrays and objects, not brackets inside strings or after escaped quotes", () => {
    expect(nestsDeeperThan(bytes("[[[]]]"), 3)).toBe(false);
    expect(nestsDeeperThan(bytes("[[[[]]]]"), 3)).toBe(true);
    expect(nestsDeeperThan(bytes('[{"a":[1]}]'), 3)).toBe(false);
    expect(nestsDeeperThan(bytes('[{"a":{"b":[]}}]'), 3)).toBe(true);
    expect(nestsDeeperThan(bytes('["[[[[[[", "\\"[[[[", "\\\\", "{{{{"]'), 1)).toBe(false);
    expect(nestsDeeperThan(bytes('["\\\\"[[]]'), 2)).toBe(true); // the string ends after the escaped backslash
    expect(nestsDeeperThan(bytes('"ü日本[[[[" '), 0)).toBe(false);
  });
});

describe("prettyJsonLength", () => {
  test("equals the length of JSON.stringify(value, null, 2)", () => {
    const docs = [
      null, true, 0, -1.5e-7, 1e21, "", "a\"b\\c\n\u0001ü日本\ud800", [], {}, [[]], [{}], { a: [] },
      { "": { "k\"ey": [1, "two", null, { x: false }] }, ü: [[[["deep"]]]] },
      JSON.parse('{"__proto__": {"a": 1}, "toJSON": 3}'),
      Array.from({ length: 50 }, (_, i) => (i % 3 ? { i, s: "x".repeat(i) } : [i, [i]])),
    ];
    for (const d of docs) expect([d, prettyJsonLength(d, 1e9)]).toEqual([d, JSON.stringify(d, null, 2).length]);
  });

  test("undefined as soon as the limit is passed", () => {
    const v = { a: "x".repeat(100) };
    const n = JSON.stringify(v, null, 2).length;
    expect(prettyJsonLength(v, n)).toBe(n);
    expect(prettyJsonLength(v, n - 1)).toBeUndefined();
  });
});
