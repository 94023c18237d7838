/**
 * Random access to a pack (or idx) file: a memory map where that is safe, or
 * positioned reads. Windows always gets positioned reads: a mapped file there
 * cannot be deleted or renamed, and `git gc` replaces packs while we may still
 * hold them. Bun (like libuv) opens files on Windows with permissive share
 * flags, FILE_SHARE_DELETE included, so an open descriptor does not block git
 * the way a mapping does: the pack is deleted once we close it.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";

export type IoMode = "mmap" | "pread";

/** Whether mapping files is available and safe on this platform (not on Windows, see above). */
export function canMap(): boolean {
  return process.platform !== "win32" && typeof Bun.mmap === "function";
}

/**
 * Default for pack *data*: positioned reads everywhere. Measured with
 * bench/objects.ts (5,000 blobs, 27 MiB pack): as fast as the map (within
 * noise) and about half the peak RSS, because touched pages of a mapped pack
 * count as resident and Bun's GC runs later when no JS-allocated input
 * buffers add memory pressure.
 */
export function defaultDataIo(): IoMode {
  return "pread";
}

/**
 * Default for pack *indexes*: mapped where possible, so a lookup touches only
 * a few pages of a large idx (24 MiB for 850k objects); read whole and closed
 * on Windows.
 */
export function defaultIndexIo(): IoMode {
  return canMap() ? "mmap" : "pread";
}

export interface ByteSource {
  readonly size: number;
  /**
   * Bytes [pos, pos+len), clamped to the end of the file. A view into the map
   * (mmap) or a fresh buffer (pread); callers must not write to it.
   */
  read(pos: number, len: number): Uint8Array;
  /**
   * Like read(), but the bytes may live in a scratch buffer that the next
   * call overwrites: for input that is consumed at once (headers, zlib
   * streams). Saves one allocation per object on the positioned-read path.
   */
  readTransient(pos: number, len: number): Uint8Array;
  close(): void;
}

class MappedSource implements ByteSource {
  constructor(
    private map: Uint8Array,
    readonly size: number,
  ) {}
  read(pos: number, len: number): Uint8Array {
    return this.map.subarray(pos, Math.min(this.size, pos + len));
  }
  readTransient(pos: number, len: number): Uint8Array {
    return this.read(pos, len);
  }
  close(): void {
    // Bun unmaps when the buffer is collected; dropping the reference is all we can do.
    this.map = new Uint8Array(0);
  }
}

/** Largest scratch buffer kept between reads. */
const SCRATCH_MAX = 4 * 1024 * 1024;

class PreadSource implements ByteSource {
  private fd: number | null;
  constructor(
    fd: number,
    readonly size: number,
  ) {
    this.fd = fd;
  }
  read(pos: number, len: number): Uint8Array {
    const n = Math.max(0, Math.min(len, this.size - pos));
    return this.fill(Buffer.allocUnsafe(n), pos, n);
  }

  private scratch = Buffer.allocUnsafe(64 * 1024);
  // What the scratch buffer holds: [cachedPos, cachedPos + cachedLen) of the file.
  private cachedPos = -1;
  private cachedLen = 0;
  readTransient(pos: number, len: number): Uint8Array {
    const n = Math.max(0, Math.min(len, this.size - pos));
    // An entry's header read brings in the start of its data too: reuse it.
    if (pos >= this.cachedPos && pos + n <= this.cachedPos + this.cachedLen) {
      return this.scratch.subarray(pos - this.cachedPos, pos - this.cachedPos + n);
    }
    if (n > SCRATCH_MAX) return this.read(pos, n);
    if (n > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, 2 ** Math.ceil(Math.log2(n))));
    const got = this.fill(this.scratch, pos, n);
    this.cachedPos = pos;
    this.cachedLen = got.length;
    return got;
  }

  private fill(buf: Buffer, pos: number, n: number): Uint8Array {
    if (this.fd === null) throw new Error("byte source closed");
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, buf, done, n - done, pos + done);
      if (got === 0) break; // file shrank underneath us; the caller sees a short buffer
      done += got;
    }
    return buf.subarray(0, done);
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Opens `path` for random access. Throws the fs error (ENOENT etc.) unchanged. */
export function openByteSource(path: string, mode: IoMode): ByteSource {
  if (mode === "mmap") {
    const map = Bun.mmap(path, { shared: false });
    return new MappedSource(map, map.length);
  }
  const fd = openSync(path, "r");
  try {
    return new PreadSource(fd, fstatSync(fd).size);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * The whole of a small file (a pack .idx) in memory: mapped, or read once and
 * closed (so on Windows no handle stays open on it).
 */
export function loadWhole(path: string, mode: IoMode): Uint8Array {
  return mode === "mmap" ? Bun.mmap(path, { shared: false }) : readFileSync(path);
}
