/**
 * The delta-base cache: recently reconstructed objects that other deltas are
 * built on, keyed by (pack, offset), bounded by bytes.
 *
 * The bytes live in one ring buffer, not in one buffer per object: a cached
 * object is copied in, and once the ring has grown to the budget, the oldest
 * entries are overwritten when it comes round (first in, first out). It
 * starts small and doubles as needed, so a large core.deltaBaseCacheLimit
 * costs only what is cached. Measured with the compiled binary on the 5,000-file bench repository,
 * a per-object LRU of 2 MiB cost as much peak memory as one of 16 MiB (~12 MB
 * over no cache): every evicted buffer had lived long enough to reach the
 * garbage collector's old generation and stayed there until a full
 * collection. The ring costs its budget and nothing more.
 */
import type { ObjectType } from "./types.ts";

export interface CachedBase {
  type: ObjectType;
  data: Uint8Array;
}

interface Slot {
  type: ObjectType;
  start: number;
  length: number;
}

/** First size of the ring (it doubles up to the budget). */
const INITIAL_RING = 256 * 1024;

export class BaseCache {
  /** In insertion order, which is ring order: the first entry is the oldest. */
  private readonly entries = new Map<number, Slot>();
  private ring: Uint8Array | null = null;
  /** Where the next entry goes. */
  private head = 0;
  private bytes = 0;

  constructor(readonly budget: number) {}

  /** Key of a pack entry: pack ids stay small, offsets below 2^40 (1 TiB packs). */
  static key(packId: number, offset: number): number {
    return packId * 0x10000000000 + offset;
  }

  /**
   * The cached object, its data a view into the ring: valid until the next
   * set(), so use it (apply a delta to it, copy it) before caching anything.
   */
  get(key: number): CachedBase | undefined {
    const s = this.entries.get(key);
    if (s === undefined || this.ring === null) return undefined;
    return { type: s.type, data: this.ring.subarray(s.start, s.start + s.length) };
  }

  /** Copies `value` in, overwriting the oldest entries as needed. */
  set(key: number, value: CachedBase): void {
    const n = value.data.length;
    // An object bigger than a quarter of the budget would flush everything else for one use.
    if (n > this.budget / 4 || n === 0) return;
    this.delete(key);
    let ring = this.ring ?? new Uint8Array(Math.min(this.budget, INITIAL_RING));
    if (this.head + n > ring.length && ring.length < this.budget) {
      // Grow: offsets stay valid (views handed out before are void after a set() anyway).
      const grown = new Uint8Array(Math.min(this.budget, Math.max(2 * ring.length, this.head + n)));
      grown.set(ring.subarray(0, this.head));
      ring = grown;
    }
    this.ring = ring;
    if (this.head + n > ring.length) {
      // Wrap: the tail past `head` is given up, and the entries in it (the oldest) with it.
      this.evictWhile((s) => s.start >= this.head);
      this.head = 0;
    }
    const end = this.head + n;
    this.evictWhile((s) => s.start < end && s.start + s.length > this.head);
    ring.set(value.data, this.head);
    this.entries.set(key, { type: value.type, start: this.head, length: n });
    this.head = end;
    this.bytes += n;
  }

  /** Bytes currently held (for tests and benchmarks). */
  get size(): number {
    return this.bytes;
  }

  /** Number of objects held (for tests). */
  get count(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.ring = null;
    this.head = 0;
    this.bytes = 0;
  }

  private delete(key: number): void {
    const s = this.entries.get(key);
    if (s === undefined) return;
    this.entries.delete(key);
    this.bytes -= s.length;
  }

  /** Drops the oldest entries while `test` holds for the oldest. */
  private evictWhile(test: (s: Slot) => boolean): void {
    for (const [k, s] of this.entries) {
      if (!test(s)) return;
      this.entries.delete(k);
      this.bytes -= s.length;
    }
  }
}
