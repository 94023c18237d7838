/**
 * Object ids: hex <-> raw bytes. Hot in tree parsing and index lookups:
 * bytes to hex goes through native Buffer hex, hex to bytes through a
 * nibble table.
 */
import { InvalidObjectIdError } from "./errors.ts";

/** SHA-1 raw length. SHA-256 repositories are not supported (they need idx/hash changes). */
export const OID_BYTES = 20;
export const OID_HEX = 40;


// Maps a char code to its hex value, or -1.
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[97 + i] = 10 + i;
  NIBBLE[65 + i] = 10 + i;
}

/**
 * Hex of `len` bytes of `buf` starting at `start` (lowercase). Native
 * Buffer hex, not `s += HEX[b]`: twenty concatenations make a JSC rope of
 * twenty nodes per id (measured 50,000 ids: 35 MB and 45 ms, against 4 MB
 * and 5 ms). Pass a Buffer to avoid even the view object.
 */
export function bytesToHex(buf: Uint8Array, start = 0, len = OID_BYTES): string {
  const view = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return view.toString("hex", start, start + len);
}

/** True for a 40-digit hex string (either case). */
export function isOid(oid: string): boolean {
  if (oid.length !== OID_HEX) return false;
  for (let i = 0; i < OID_HEX; i++) {
    const c = oid.charCodeAt(i);
    if (c >= 128 || NIBBLE[c]! < 0) return false;
  }
  return true;
}

/** Raw 20 bytes of a hex oid; throws InvalidObjectIdError for anything else. */
export function hexToBytes(oid: string, out: Uint8Array = new Uint8Array(OID_BYTES)): Uint8Array {
  if (oid.length !== OID_HEX) throw new InvalidObjectIdError(oid);
  for (let i = 0; i < OID_BYTES; i++) {
    const a = oid.charCodeAt(2 * i);
    const b = oid.charCodeAt(2 * i + 1);
    const hi = a < 128 ? NIBBLE[a]! : -1;
    const lo = b < 128 ? NIBBLE[b]! : -1;
    if (hi < 0 || lo < 0) throw new InvalidObjectIdError(oid);
    out[i] = (hi << 4) | lo;
  }
  return out;
}
