import { describe, expect, test } from "bun:test";
import { CorruptObjectError } from "../../../src/git/objects/errors.ts";
import { hexToBytes } from "../../../src/git/objects/oid.ts";
import { PackIndex } from "../../../src/git/objects/pack-index.ts";

/** An idx v2 (or v1) for the given (oid, offset) pairs; offsets >= 2^31 go to the 64-bit table in v2. */
function buildIdx(entries: [string, number][], version: 1 | 2 = 2): Uint8Array {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const n = sorted.length;
  const parts: number[] = [];
  const u32 = (v: number) => parts.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  if (version === 2) {
    u32(0xff744f63);
    u32(2);
  }
  for (let b = 0; b < 256; b++) u32(sorted.filter(([o]) => parseInt(o.slice(0, 2), 16) <= b).length);
  if (version === 1) {
    for (const [oid, off] of sorted) {
      u32(off);
      parts.push(...hexToBytes(oid));
    }
  } else {
    for (const [oid] of sorted) parts.push(...hexToBytes(oid));
    for (let i = 0; i < n; i++) u32(0);
    const large: number[] = [];
    for (const [, off] of sorted) {
      if (off < 0x80000000) u32(off);
      else u32(0x80000000 | large.push(off) - 1);
    }
    for (const off of large) {
      u32(Math.floor(off / 0x100000000));
      u32(off % 0x100000000);
    }
  }
  for (let i = 0; i < 40; i++) parts.push(0); // pack + idx checksums (unchecked here)
  return Uint8Array.from(parts);
}

const ids = [
  "00aa000000000000000000000000000000000000",
  "7f00000000000000000000000000000000000001",
  "7f00000000000000000000000000000000000002",
  "ff00000000000000000000000000000000000000",
];

describe("PackIndex", () => {
  test("v2: finds every id, including offsets in the 64-bit table above 4 GiB", () => {
    const offsets = [12, 0x7fffffff, 5 * 2 ** 30, 2 ** 40 + 3];
    const idx = new PackIndex(buildIdx(ids.map((id, i) => [id, offsets[i]!])), "t.idx");
    expect(idx.version).toBe(2);
    expect(idx.count).toBe(4);
    ids.forEach((id, i) => expect(idx.find(hexToBytes(id))).toBe(offsets[i]!));
    expect(idx.find(hexToBytes("7f00000000000000000000000000000000000003"))).toBe(-1);
    expect(idx.find(hexToBytes("0000000000000000000000000000000000000000"))).toBe(-1);
  });

  test("v1: finds every id", () => {
    const idx = new PackIndex(buildIdx(ids.map((id, i) => [id, 100 + i]), 1), "t.idx");
    expect(idx.version).toBe(1);
    ids.forEach((id, i) => expect(idx.find(hexToBytes(id))).toBe(100 + i));
    expect(idx.find(hexToBytes("7f00000000000000000000000000000000000000"))).toBe(-1);
  });

  test("refuses truncated files, unknown versions and unsorted fan-out tables", () => {
    const good = buildIdx(ids.map((id, i) => [id, 12 + i]));
    expect(() => new PackIndex(good.subarray(0, 500), "t.idx")).toThrow(CorruptObjectError);
    expect(() => new PackIndex(good.subarray(0, good.length - 30), "t.idx")).toThrow(/truncated/);
    const v3 = Uint8Array.from(good);
    v3[7] = 3;
    expect(() => new PackIndex(v3, "t.idx")).toThrow(/version 3/);
    const unsorted = Uint8Array.from(good);
    unsorted.set([0, 0, 0, 9], 8 + 4 * 10); // fan-out[10] = 9 > fan-out[11]
    expect(() => new PackIndex(unsorted, "t.idx")).toThrow(/not sorted/);
  });
});
