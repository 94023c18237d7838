import { describe, expect, test } from "bun:test";
import { BaseCache } from "../../../src/git/objects/base-cache.ts";
import { prng } from "../../helpers/object-fixtures.ts";
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
  const obj = (n: number, fill = 0) => ({ type: "blob" as const, data: new Uint8Array(n).fill(fill) });

  test("evicts the oldest first once the ring comes round", () => {
    const c = new BaseCache(100);
    for (let k = 1; k <= 5; k++) c.set(k, obj(20, k)); // 100 bytes: all fit
    expect(c.size).toBe(100);
    expect(c.count).toBe(5);
    c.set(6, obj(20, 6)); // wraps to the start: 1 is overwritten
    expect(c.get(1)).toBeUndefined();
    expect(c.get(2)?.data).toEqual(obj(20, 2).data);
    expect(c.get(6)?.data).toEqual(obj(20, 6).data);
    expect(c.size).toBe(100);
  });

  test("wrapping gives up the tail: entries there go, the rest stay intact", () => {
    const c = new BaseCache(100);
    c.set(1, obj(25, 1)); // [0,25)
    c.set(2, obj(25, 2)); // [25,50)
    c.set(3, obj(25, 3)); // [50,75)
    c.set(4, obj(20, 4)); // [75,95)
    c.set(5, obj(10, 5)); // does not fit in [95,100): wraps, evicts 1 ([0,25) overlaps [0,10))
    expect(c.get(1)).toBeUndefined();
    expect([2, 3, 4, 5].map((k) => c.get(k)?.data[0])).toEqual([2, 3, 4, 5]);
    c.set(6, obj(25, 6)); // [10,35): overwrites 2
    expect(c.get(2)).toBeUndefined();
    expect([3, 4, 5, 6].map((k) => c.get(k)?.data[0])).toEqual([3, 4, 5, 6]);
    c.set(7, obj(25, 7)); // [35,60): overwrites 3
    c.set(8, obj(25, 8)); // [60,85): overwrites 4
    c.set(9, obj(20, 9)); // wraps: [85,100) given up (nothing left there), [0,20) overwrites 5 and 6
    expect([5, 6, 7, 8, 9].map((k) => c.get(k)?.data[0])).toEqual([undefined, undefined, 7, 8, 9]);
    expect(c.size).toBe(70);
  });

  test("holds a copy: changing the object afterwards does not change the cache", () => {
    const c = new BaseCache(100);
    const o = obj(10, 7);
    c.set(1, o);
    o.data.fill(0);
    expect(c.get(1)?.data).toEqual(obj(10, 7).data);
  });

  test("does not hold objects over a quarter of the budget, or empty ones; replacing an entry re-counts it", () => {
    const c = new BaseCache(100);
    c.set(1, obj(26));
    expect(c.get(1)).toBeUndefined();
    c.set(3, obj(0));
    expect(c.get(3)).toBeUndefined();
    c.set(2, obj(10, 1));
    c.set(2, obj(20, 2));
    expect(c.size).toBe(20);
    expect(c.get(2)?.data).toEqual(obj(20, 2).data);
    c.clear();
    expect(c.size).toBe(0);
    expect(c.get(2)).toBeUndefined();
  });

  // A small budget (the ring is its full size at once) and one past the first ring size (it grows).
  test.each([
    [4096, 5000],
    [1024 * 1024, 400],
  ])("whatever it returns is exactly what was last stored under that key (budget %d, random sequence)", (budget, steps) => {
    const rand = prng(7);
    const c = new BaseCache(budget);
    const last = new Map<number, Uint8Array>();
    for (let i = 0; i < steps; i++) {
      const key = Math.floor(rand() * 200);
      const n = Math.floor((rand() * 1.1 * budget) / 4); // some over a quarter of the budget: not cached
      const data = new Uint8Array(n);
      for (let j = 0; j < n; j += 97) data[j] = Math.floor(rand() * 256);
      c.set(key, { type: "blob", data });
      if (n > 0 && n <= budget / 4) last.set(key, data); // a refused object leaves the key's older entry
      let held = 0;
      for (const [k, v] of last) {
        const got = c.get(k);
        if (got === undefined) continue;
        expect(got.data).toEqual(v);
        held += v.length;
      }
      expect(c.size).toBe(held);
      expect(c.size).toBeLessThanOrEqual(budget);
    }
    expect(c.count).toBeGreaterThan(3); // the ring is used, not emptied on every set
  });

  test("a huge budget (core.deltaBaseCacheLimit=1t) allocates only what it holds", () => {
    const c = new BaseCache(2 ** 40);
    c.set(1, obj(1000, 1));
    c.set(2, obj(300_000, 2)); // past the first ring: it grows
    expect(c.get(1)?.data).toEqual(obj(1000, 1).data);
    expect(c.get(2)?.data).toEqual(obj(300_000, 2).data);
    expect(c.size).toBe(301_000);
  });

  test("keys separate packs and offsets", () => {
    expect(BaseCache.key(1, 5)).not.toBe(BaseCache.key(0, 5));
    expect(BaseCache.key(2, 2 ** 39)).toBe(2 * 2 ** 40 + 2 ** 39);
  });
});
