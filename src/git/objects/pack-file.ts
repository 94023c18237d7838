/**
 * One pack: its index plus its data, and the decoding of a single entry
 * (header, then a zlib stream). Delta chains are resolved in store.ts.
 *
 * An entry's compressed length is not stored anywhere, so inflation is given
 * "enough" input and stops at the zlib stream end: with a map that is simply
 * the rest of the pack (free); with positioned reads it is zlib's worst-case
 * bound for the declared size, grown if a stream turns out longer.
 */
import { CorruptObjectError } from "./errors.ts";
import { type ByteSource, type IoMode, loadWhole, openByteSource } from "./byte-source.ts";
import { PackIndex } from "./pack-index.ts";
import { OID_BYTES } from "./oid.ts";

export const OBJ_COMMIT = 1;
export const OBJ_TREE = 2;
export const OBJ_BLOB = 3;
export const OBJ_TAG = 4;
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

/** A decoded entry header. */
export interface EntryHeader {
  /** 1..4 for whole objects, 6 OFS_DELTA, 7 REF_DELTA. */
  kind: number;
  /** Inflated size of this entry's data (for deltas: of the delta itself). */
  size: number;
  /** Where the zlib stream starts. */
  dataStart: number;
  /** OFS_DELTA: pack offset of the base. */
  baseOffset: number;
  /** REF_DELTA: the base oid (20 raw bytes). */
  baseOid: Uint8Array | null;
}

const HEADER_READ = 4096;

// zlib's deflateBound() for its own encoder, plus slack for the header/trailer.
const inflateBound = (size: number) => size + (size >>> 12) + (size >>> 14) + 64;

export class PackFile {
  readonly index: PackIndex;
  private readonly data: ByteSource;
  /** End of entry data: the 20-byte trailer checksum follows. */
  private readonly end: number;

  constructor(
    readonly id: number,
    readonly packPath: string,
    idxPath: string,
    readonly mode: IoMode,
    indexMode: IoMode = mode,
  ) {
    this.index = new PackIndex(loadWhole(idxPath, indexMode), idxPath);
    this.data = openByteSource(packPath, mode);
    try {
      const head = this.data.read(0, 12);
      const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
      if (head.length < 12 || dv.getUint32(0) !== 0x5041434b /* PACK */) {
        throw new CorruptObjectError("not a pack file (bad signature)", { path: packPath });
      }
      const version = dv.getUint32(4);
      if (version !== 2 && version !== 3) {
        throw new CorruptObjectError(`unsupported pack version ${version}`, { path: packPath });
      }
      if (dv.getUint32(8) !== this.index.count) {
        throw new CorruptObjectError(`pack has ${dv.getUint32(8)} objects but its index ${this.index.count}`, {
          path: packPath,
        });
      }
      this.end = this.data.size - OID_BYTES;
      const trailer = this.data.read(this.end, OID_BYTES);
      const expected = this.index.packChecksum();
      for (let i = 0; i < OID_BYTES; i++) {
        if (trailer[i] !== expected[i]) throw new CorruptObjectError("pack does not match its index", { path: packPath });
      }
    } catch (e) {
      this.data.close();
      throw e;
    }
  }

  private corrupt(detail: string, offset: number, cause?: unknown): CorruptObjectError {
    return new CorruptObjectError(detail, { path: this.packPath, offset }, cause);
  }

  /** Decodes the entry header at `offset`. */
  header(offset: number): EntryHeader {
    if (offset < 12 || offset >= this.end) throw this.corrupt("entry offset outside the pack", offset);
    // The header is at most 30 bytes (type+size varint, then an offset varint or a 20-byte
    // oid); reading a few KiB brings in all of a small entry's data with the same call.
    const b = this.data.readTransient(offset, HEADER_READ);
    let p = 0;
    let c = b[p++]!;
    const kind = (c >> 4) & 7;
    let size = c & 15;
    let scale = 16;
    while (c & 0x80) {
      if (p >= b.length || scale > 2 ** 53) throw this.corrupt("bad entry header", offset);
      c = b[p++]!;
      size += (c & 0x7f) * scale;
      scale *= 128;
    }
    let baseOffset = -1;
    let baseOid: Uint8Array | null = null;
    if (kind === OBJ_OFS_DELTA) {
      // Big-endian base-128 with an implicit +1 per continuation byte (git's offset encoding).
      if (p >= b.length) throw this.corrupt("bad delta offset", offset);
      c = b[p++]!;
      let rel = c & 0x7f;
      while (c & 0x80) {
        if (p >= b.length || rel > 2 ** 45) throw this.corrupt("bad delta offset", offset);
        c = b[p++]!;
        rel = (rel + 1) * 128 + (c & 0x7f);
      }
      baseOffset = offset - rel;
      if (rel <= 0 || baseOffset < 12) throw this.corrupt("delta base offset outside the pack", offset);
    } else if (kind === OBJ_REF_DELTA) {
      if (p + OID_BYTES > b.length) throw this.corrupt("truncated delta base id", offset);
      baseOid = Uint8Array.from(b.subarray(p, p + OID_BYTES));
      p += OID_BYTES;
    } else if (kind < OBJ_COMMIT || kind > OBJ_TAG) {
      throw this.corrupt(`unknown entry type ${kind}`, offset);
    }
    return { kind, size, dataStart: offset + p, baseOffset, baseOid };
  }

  /** Inflates the entry's zlib stream and checks it has the declared size. */
  inflate(h: EntryHeader, offset: number): Uint8Array {
    const available = this.end - h.dataStart;
    // Input is zlib's bound for the declared size (a free view when mapped), so a damaged
    // stream cannot inflate half the pack. Positioned reads of big entries start at half
    // the size (text compresses well) and grow; a stream longer than the bound (an odd
    // encoder) gets the rest of the pack.
    const bound = inflateBound(h.size);
    let want = Math.min(available, this.mode === "mmap" || h.size <= 1 << 20 ? bound : (h.size >>> 1) + 4096);
    for (;;) {
      const input = this.data.readTransient(h.dataStart, want);
      if (want >= available) return this.inflateFrom(input, h.size, offset);
      try {
        const out = Bun.inflateSync(input as Uint8Array<ArrayBuffer>, { windowBits: 15 });
        if (out.length === h.size) return out;
      } catch {
        // Most likely a stream longer than `want`: read more below.
      }
      want = Math.min(available, want < bound ? bound : want * 2);
    }
  }

  private inflateFrom(input: Uint8Array, size: number, offset: number): Uint8Array {
    let out: Uint8Array;
    try {
      out = Bun.inflateSync(input as Uint8Array<ArrayBuffer>, { windowBits: 15 });
    } catch (e) {
      throw this.corrupt(`zlib: ${(e as Error).message}`, offset, e);
    }
    if (out.length !== size) throw this.corrupt(`inflated to ${out.length} bytes, header says ${size}`, offset);
    return out;
  }

  close(): void {
    this.data.close();
  }
}
