/**
 * Pack index (.idx) lookup, in place: the fan-out table narrows an oid to one
 * bucket and a binary search over the sorted oid table finds it. Nothing is
 * copied into JS maps, so opening an index of 850k objects costs one mmap.
 *
 * v2 layout: "\377tOc", version 2, fan-out[256], oids[N], crc32[N],
 * offset32[N] (high bit set -> index into offset64[]), offset64[], pack
 * checksum, idx checksum. v1: fan-out[256], then N x (offset32, oid).
 */
import { CorruptObjectError } from "./errors.ts";
import { OID_BYTES } from "./oid.ts";

const V2_MAGIC = 0xff744f63;

export class PackIndex {
  readonly count: number;
  readonly version: 1 | 2;
  private readonly view: DataView;
  private readonly fanout: number; // byte offset of the fan-out table
  private readonly oids: number; // byte offset of the oid table (v2)
  private readonly off32: number;
  private readonly off64: number;

  constructor(
    private readonly buf: Uint8Array,
    readonly path: string,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (buf.length < 8 + 256 * 4 + 2 * OID_BYTES) throw new CorruptObjectError("index file too small", { path });
    if (this.view.getUint32(0) === V2_MAGIC) {
      const version = this.view.getUint32(4);
      if (version !== 2) {
        throw new CorruptObjectError(`unsupported pack index version ${version}`, { path });
      }
      this.version = 2;
      this.fanout = 8;
    } else {
      this.version = 1;
      this.fanout = 0;
    }
    // A non-monotonic fan-out would send the binary search outside the table.
    for (let b = 1; b < 256; b++) {
      if (this.view.getUint32(this.fanout + b * 4) < this.view.getUint32(this.fanout + (b - 1) * 4)) {
        throw new CorruptObjectError("index fan-out table is not sorted", { path });
      }
    }
    this.count = this.view.getUint32(this.fanout + 255 * 4);
    const n = this.count;
    if (this.version === 2) {
      this.oids = this.fanout + 1024;
      this.off32 = this.oids + n * (OID_BYTES + 4);
      this.off64 = this.off32 + n * 4;
      if (buf.length < this.off64 + 2 * OID_BYTES) throw new CorruptObjectError("index file truncated", { path });
    } else {
      this.oids = this.fanout + 1024 + 4; // oid of entry i at oids + 24*i
      this.off32 = this.off64 = 0;
      if (buf.length < 1024 + n * 24 + 2 * OID_BYTES) throw new CorruptObjectError("index file truncated", { path });
    }
  }

  /** The checksum of the pack this index describes (must equal the pack's trailer). */
  packChecksum(): Uint8Array {
    return this.buf.subarray(this.buf.length - 2 * OID_BYTES, this.buf.length - OID_BYTES);
  }

  /** Byte position of the i-th oid inside the index. */
  private oidPos(i: number): number {
    return this.version === 2 ? this.oids + i * OID_BYTES : this.oids + i * 24;
  }

  /** Pack offset of `oid` (20 raw bytes at `at`), or -1 when this pack lacks it. */
  find(oid: Uint8Array, at = 0): number {
    const first = oid[at]!;
    let lo = first === 0 ? 0 : this.view.getUint32(this.fanout + (first - 1) * 4);
    let hi = this.view.getUint32(this.fanout + first * 4);
    const buf = this.buf;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.oidPos(mid);
      let cmp = 0;
      // Byte 0 is equal inside a bucket; compare from byte 1.
      for (let k = 1; k < OID_BYTES; k++) {
        const d = buf[p + k]! - oid[at + k]!;
        if (d !== 0) {
          cmp = d;
          break;
        }
      }
      if (cmp === 0) return this.offsetAt(mid);
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Pack offset of the i-th entry (sorted by oid). */
  offsetAt(i: number): number {
    if (this.version === 1) return this.view.getUint32(this.fanout + 1024 + i * 24);
    const v = this.view.getUint32(this.off32 + i * 4);
    if ((v & 0x80000000) === 0) return v;
    // Large-offset entry: index into the 64-bit table (packs over 2 GiB, or --idx-version=2,<n>).
    const j = v & 0x7fffffff;
    const p = this.off64 + j * 8;
    if (p + 8 > this.buf.length - 2 * OID_BYTES) {
      throw new CorruptObjectError(`64-bit offset entry ${j} out of range`, { path: this.path });
    }
    const high = this.view.getUint32(p);
    const low = this.view.getUint32(p + 4);
    const off = high * 0x100000000 + low;
    if (!Number.isSafeInteger(off)) throw new CorruptObjectError("pack offset too large", { path: this.path });
    return off;
  }
}
