/**
 * git's delta format (pack OFS_DELTA / REF_DELTA payloads): two varint sizes
 * (base, result), then instructions. A byte with the high bit set copies a
 * range of the base (its low 7 bits say which offset/size bytes follow; size 0
 * means 0x10000); a byte 1..127 inserts that many literal bytes; 0 is reserved.
 */

/** Thrown for a malformed delta; the caller adds where it came from. */
export class DeltaError extends Error {}

function readVarint(delta: Uint8Array, pos: { p: number }): number {
  let value = 0;
  let scale = 1;
  let byte: number;
  do {
    if (pos.p >= delta.length) throw new DeltaError("delta header truncated");
    byte = delta[pos.p++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte & 0x80);
  return value;
}

/** The result size a delta declares, without applying it. */
export function deltaResultSize(delta: Uint8Array): number {
  const pos = { p: 0 };
  readVarint(delta, pos);
  return readVarint(delta, pos);
}

/** Applies `delta` to `base`; throws DeltaError when the delta does not fit the base. */
export function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array {
  const pos = { p: 0 };
  const baseSize = readVarint(delta, pos);
  if (baseSize !== base.length) throw new DeltaError(`delta base size ${baseSize} != actual ${base.length}`);
  const resultSize = readVarint(delta, pos);
  let out: Uint8Array;
  try {
    out = new Uint8Array(resultSize);
  } catch {
    throw new DeltaError(`delta result size ${resultSize} cannot be allocated`);
  }
  let o = 0;
  let p = pos.p;
  const end = delta.length;
  while (p < end) {
    const op = delta[p++]!;
    if (op & 0x80) {
      let off = 0;
      let size = 0;
      // Offset bytes are little-endian; multiply instead of << so 4-byte offsets stay unsigned.
      if (op & 0x01) off = delta[p++]!;
      if (op & 0x02) off |= delta[p++]! << 8;
      if (op & 0x04) off |= delta[p++]! << 16;
      if (op & 0x08) off += delta[p++]! * 0x1000000;
      if (op & 0x10) size = delta[p++]!;
      if (op & 0x20) size |= delta[p++]! << 8;
      if (op & 0x40) size |= delta[p++]! << 16;
      if (size === 0) size = 0x10000;
      if (p > end || off + size > base.length || o + size > resultSize) {
        throw new DeltaError("delta copy out of range");
      }
      out.set(base.subarray(off, off + size), o);
      o += size;
    } else if (op !== 0) {
      if (p + op > end || o + op > resultSize) throw new DeltaError("delta insert out of range");
      out.set(delta.subarray(p, p + op), o);
      p += op;
      o += op;
    } else {
      throw new DeltaError("reserved delta opcode 0");
    }
  }
  if (o !== resultSize) throw new DeltaError(`delta produced ${o} bytes, declared ${resultSize}`);
  return out;
}
