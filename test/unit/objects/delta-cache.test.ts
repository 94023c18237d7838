import { describe, expect, test } from "bun:test";
import { BaseCache } from "../../../src/git/objects/base-cache.ts";
import { applyDelta, DeltaError, deltaResultSize } from "../../../src/git/objects/delta.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A delta: varint sizes, then raw instruction bytes. */
function delta(baseSize: number, resultSize: number, ops: number[]): Uint8Array {
  const varint = (n: number) => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      out.push(b);
    } while (n > 0);
    return out;
  };
  return Uint8Array.from([...varint(baseSize), ...varint(resultSize), ...ops]);
}

describe("applyDelta", () => {
  const base = enc.encode("hello, wonderful world");

  test("copies and inserts", () => {
    // copy base[0..7) "hello, ", insert "big ", copy base[17..22) "world"
    const d = delta(base.length, 16, [0x91, 0, 7, 4, ...enc.encode("big "), 0x91, 17, 5]);
    expect(dec.decode(applyDelta(base, d))).toBe("hello, big world");
    expect(deltaResultSize(d)).toBe(16);
  });

  test("a copy with size bytes omitted means 0x10000", () => {
    const big = new Uint8Array(0x10000 + 10).map((_, i) => i & 0xff);
    const d = delta(big.length, 0x10000, [0x80 | 0x01, 5]); // offset 5, no size byte
    const out = applyDelta(big, d);
    expect(out.length).toBe(0x10000);
    expect(out[0]).toBe(5);
    expect(out[0xffff]).toBe((0xffff + 5) & 0xff);
  });

  test("multi-byte offsets and sizes", () => {
    const big = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    // offset 0x010203 (3 bytes), size 0x0100 (second size byte only)
    const d = delta(big.length, 256, [0x80 | 0x07 | 0x20, 0x03, 0x02, 0x01, 0x01]);
    const out = applyDelta(big, d);
    expect(Array.from(out.subarray(0, 3))).toEqual(Array.from(big.subarray(0x010203, 0x010206)));
  });

  test.each([
    ["base size mismatch", delta(5, 1, [1, 65])],
    ["copy past the base", delta(22, 30, [0x91, 10, 30])],
    ["insert past the delta end", delta(22, 5, [5, 65])],
    ["result longer than declared", delta(22, 2, [3, 65, 66, 67])],
    ["result shorter than declared", delta(22, 9, [1, 65])],
    ["reserved opcode 0", delta(22, 1, [0])],
    ["truncated header", Uint8Array.from([0x80])],
    ["an absurd result size", delta(22, 2 ** 52, [1, 65])],
  ])("rejects %s", (_name, d) => {
    expect(() => applyDelta(base, d)).toThrow(DeltaError);
  });
});

describe("BaseCache", () => {
  const obj = (n: number) => ({ type: "blob" as const, data: new Uint8Array(n) });

  test("evicts least recently used first once over budget", () => {
    const c = new BaseCache(100);
    c.set(1, obj(20));
    c.set(2, obj(20));
    c.set(3, obj(20));
    expect(c.get(1)).toBeDefined(); // 1 is now the most recent
    c.set(4, obj(20));
    c.set(5, obj(20)); // 100 bytes: still fits
    expect(c.size).toBe(100);
    c.set(6, obj(20)); // over: the oldest (2) goes
    expect(c.get(2)).toBeUndefined();
    expect(c.get(1)).toBeDefined();
    expect(c.size).toBe(100);
  });

  test("does not hold objects over a quarter of the budget; replacing an entry re-counts it", () => {
    const c = new BaseCache(100);
    c.set(1, obj(26));
    expect(c.get(1)).toBeUndefined();
    c.set(2, obj(10));
    c.set(2, obj(20));
    expect(c.size).toBe(20);
    c.clear();
    expect(c.size).toBe(0);
  });

  test("keys separate packs and offsets", () => {
    expect(BaseCache.key(1, 5)).not.toBe(BaseCache.key(0, 5));
    expect(BaseCache.key(2, 2 ** 39)).toBe(2 * 2 ** 40 + 2 ** 39);
  });
});
