/**
 * The delta-base cache: recently reconstructed objects that other deltas are
 * built on, keyed by (pack, offset), evicted least-recently-used first once
 * their bytes exceed the budget. A Map keeps insertion order, so "touch" is
 * delete + set and the oldest entry is the first key.
 */
import type { ObjectType } from "./types.ts";

export interface CachedBase {
  type: ObjectType;
  data: Uint8Array;
}

export class BaseCache {
  private readonly entries = new Map<number, CachedBase>();
  private bytes = 0;

  constructor(readonly budget: number) {}

  /** Key of a pack entry: pack ids stay small, offsets below 2^40 (1 TiB packs). */
  static key(packId: number, offset: number): number {
    return packId * 0x10000000000 + offset;
  }

  get(key: number): CachedBase | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: number, value: CachedBase): void {
    // An object bigger than a quarter of the budget would flush everything else for one use.
    if (value.data.length > this.budget / 4) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.data.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += value.data.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(k);
      this.bytes -= v.data.length;
    }
  }

  /** Bytes currently held (for tests and benchmarks). */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
