/**
 * Pack index (.idx) lookup, in place: the fan-out table narrows an oid to one
 * bucket and a binary search over the sorted oid table finds it. Nothing is
 * copied into JS maps, so opening an index of 850k objects costs one mmap.
 *
 * v2 layout: "\377tOc", version 2, fan-out[256], oids[N], crc32[N],
 * offset32[N] (high bit set -> index into offset64[]), offset64[], pack
 * checksum, idx checksum. v1: fan-out[256], then N x (offset32, oid).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { CorruptObjectError } from "./errors.ts";
import { OID_BYTES } from "./oid.ts";

const V2_MAGIC = 0xff744f63;
/** The 4-byte version 2 header, then the fan-out table of 256 counts. */
const HEADER_BYTES = 8 + 256 * 4;

/** Where the sorted oid table starts and how far apart its oids are: v2 packs them after the fan-out, v1 interleaves a 4-byte offset. */
function oidTable(version: 1 | 2): { base: number; stride: number } {
  return version === 2 ? { base: 8 + 1024, stride: OID_BYTES } : { base: 1024 + 4, stride: OID_BYTES + 4 };
}

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
    this.oids = oidTable(this.version).base; // v1: oid of entry i at oids + 24*i
    if (this.version === 2) {
      this.off32 = this.oids + n * (OID_BYTES + 4);
      this.off64 = this.off32 + n * 4;
      if (buf.length < this.off64 + 2 * OID_BYTES) throw new CorruptObjectError("index file truncated", { path });
    } else {
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

/**
 * A pack index read through a file descriptor, a few bytes at a time: its
 * fan-out once, then single oids or one bucket's slice of the oid table. For
 * lookups that touch a handful of entries in each of many indexes
 * (abbreviated ids, prefix search), where mapping or reading whole indexes
 * (PackIndex) would cost more than the lookups.
 */
export class PackIndexReader {
  readonly count: number;
  private readonly base: number;
  private readonly stride: number;
  private readonly scratch = new Uint8Array(OID_BYTES);
  private fd: number | null;

  private constructor(
    fd: number,
    private readonly fanout: Uint32Array,
    version: 1 | 2,
  ) {
    this.fd = fd;
    this.count = fanout[255] as number;
    ({ base: this.base, stride: this.stride } = oidTable(version));
  }

  /** Opens an index; null when it cannot be opened or is too short to hold a fan-out table (a concurrent repack may have removed it). */
  static open(path: string): PackIndexReader | null {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch {
      return null;
    }
    const head = readFully(fd, 0, HEADER_BYTES);
    if (head.length < HEADER_BYTES) {
      closeSync(fd);
      return null;
    }
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const version = view.getUint32(0) === V2_MAGIC ? 2 : 1;
    const at = version === 2 ? 8 : 0;
    const fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) fanout[i] = view.getUint32(at + i * 4);
    return new PackIndexReader(fd, fanout, version);
  }

  /** The entries [lo, hi) whose oids start with byte `b`. */
  bucket(b: number): [number, number] {
    return [b === 0 ? 0 : (this.fanout[b - 1] as number), this.fanout[b] as number];
  }

  /** The raw oid of entry `i`, in a buffer the next call overwrites. */
  oidAt(i: number): Uint8Array {
    readSync(this.fd as number, this.scratch, 0, OID_BYTES, this.base + i * this.stride);
    return this.scratch;
  }

  /** Calls `fn` with the raw oid of each entry in [lo, hi) (one read for the whole range; views valid during the call only). */
  forEachOid(lo: number, hi: number, fn: (oid: Uint8Array) => void): void {
    if (hi <= lo) return;
    const slice = readFully(this.fd as number, this.base + lo * this.stride, (hi - lo) * this.stride);
    for (let i = 0; i + OID_BYTES <= slice.length; i += this.stride) fn(slice.subarray(i, i + OID_BYTES));
  }

  /** git's bsearch_pack(): the position of `oid` (raw bytes), or where it would be inserted. */
  search(oid: Uint8Array): { first: number; match: boolean } {
    let [lo, hi] = this.bucket(oid[0] as number);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = Buffer.compare(this.oidAt(mid), oid);
      if (c === 0) return { first: mid, match: true };
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return { first: lo, match: false };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** `len` bytes from `pos`, fewer at the end of the file. */
function readFully(fd: number, pos: number, len: number): Uint8Array {
  const buf = new Uint8Array(len);
  let off = 0;
  while (off < len) {
    const n = readSync(fd, buf, off, len - off, pos + off);
    if (n <= 0) break;
    off += n;
  }
  return off === len ? buf : buf.subarray(0, off);
}
