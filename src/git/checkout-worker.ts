/**
 * The second thread of a parallel checkout (see checkout-parallel.ts): it
 * writes the plain files the main thread sends it, in batches, and answers
 * each batch with the stat data of what it wrote, so the index can be built
 * from both halves. It reads no objects: the main thread inflates every
 * blob and passes the bytes, so object store errors, caches and alternates
 * stay in one place.
 *
 * Message in:  { flag: SharedArrayBuffer } once, then batches
 *              { id, root, paths, exec: Uint8Array, ends: Uint32Array, data: Uint8Array }.
 * Message out: { id, stats: Float64Array (9 numbers per file) }
 *            | { id, stopped: true }            (the abort flag was set)
 *            | { id, error: { path, message, code } }.
 */
import { statDataFrom } from "./index/stat.ts";
import { writeFile } from "./checkout-write.ts";

/** Fields of StatData per file, in this order, in `stats` (checkout-parallel.ts reads them back). */
const STAT_FIELDS = 9;

export interface WorkerBatch {
  id: number;
  root: string;
  paths: string[];
  /** 1 = executable, per file. */
  exec: Uint8Array;
  /** End offset of each file's bytes in `data`. */
  ends: Uint32Array;
  data: Uint8Array;
}

// biome-ignore lint: the worker global scope has no type in this project's lib settings
declare const self: any;

let flag: Int32Array | null = null;

function runBatch(b: WorkerBatch): void {
  const stats = new Float64Array(b.paths.length * STAT_FIELDS);
  let start = 0;
  for (let i = 0; i < b.paths.length; i++) {
    // The main thread sets the flag on Ctrl-C or on its own error: stop within one file.
    if (flag !== null && Atomics.load(flag, 0) !== 0) {
      self.postMessage({ id: b.id, stopped: true });
      return;
    }
    const path = b.paths[i] as string;
    const end = b.ends[i] as number;
    try {
      const d = statDataFrom(writeFile(b.root + path, b.data.subarray(start, end), b.exec[i] === 1));
      const o = i * STAT_FIELDS;
      stats[o] = d.ctimeSec;
      stats[o + 1] = d.ctimeNsec;
      stats[o + 2] = d.mtimeSec;
      stats[o + 3] = d.mtimeNsec;
      stats[o + 4] = d.dev;
      stats[o + 5] = d.ino;
      stats[o + 6] = d.uid;
      stats[o + 7] = d.gid;
      stats[o + 8] = d.size;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      self.postMessage({ id: b.id, error: { path, message: String(err.message), code: err.code } });
      return;
    }
    start = end;
  }
  self.postMessage({ id: b.id, stats }, [stats.buffer]);
}

if (!Bun.isMainThread) {
  self.onmessage = (e: MessageEvent) => {
    const m = e.data as { flag?: SharedArrayBuffer } & Partial<WorkerBatch>;
    if (m.flag !== undefined) flag = new Int32Array(m.flag);
    else runBatch(m as WorkerBatch);
  };
}
