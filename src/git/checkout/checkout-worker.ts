/**
 * The second thread of a parallel checkout (see checkout-parallel.ts): it
 * opens its own object store over the main thread's object directories,
 * reads and inflates the blobs of the plain files it is sent (by oid) and
 * writes them, in batches, answering each batch with the stat data of what
 * it wrote, so the index can be built from both halves. So each thread
 * inflates only its own half.
 *
 * An object it cannot read is reported by oid; the main thread reads it
 * again to throw its own typed error (see CheckoutWorkerPool.objectFailure).
 *
 * Message in:  { flag: SharedArrayBuffer, objectDirs: string[], baseCacheBytes?: number } once, then batches
 *              { id, root, paths, exec: Uint8Array, oids: string[] }.
 * Message out: { id, stats: Float64Array (9 numbers per file) }
 *            | { id, stopped: true }            (the abort flag was set)
 *            | { id, error: { path, message, code } }   (a write failed)
 *            | { id, object: { oid, path, message } }   (an object could not be read).
 * Last:        { close: true, exit?: true } in, { closed: true } out: the store (its
 *              open pack files) is closed; with `exit`, the worker also ends itself.
 */
import { RepoManagerError } from "../../errors.ts";
import { readTyped } from "./checkout-walk.ts";
import { writeFile } from "./checkout-write.ts";
import { statDataFrom } from "../index/stat.ts";
import { type GitObjectStore, openObjectStore } from "../objects/store.ts";
import { fullJit } from "../../platform/jit.ts";

/** Fields of StatData per file, in this order, in `stats` (checkout-parallel.ts reads them back). */
const STAT_FIELDS = 9;
/**
 * Delta-base cache of the worker's store when the main thread sends none
 * (add.ts's checkout budget): each thread resolves its own half's chains
 * with its own cache, normally of the main store's budget, which
 * checkout-parallel.ts sends.
 */
const WORKER_BASE_CACHE = 2 * 1024 * 1024;

export interface WorkerBatch {
  id: number;
  root: string;
  paths: string[];
  /** 1 = executable, per file. */
  exec: Uint8Array;
  /** The blob of each file. */
  oids: string[];
}

// biome-ignore lint: the worker global scope has no type in this project's lib settings
declare const self: any;

let flag: Int32Array | null = null;
let store: GitObjectStore | null = null;
let storeError: Error | null = null;

/** Opens the store over the main thread's directories: primary first, then its resolved alternates. */
function openStore(objectDirs: string[], baseCacheBytes = WORKER_BASE_CACHE): void {
  try {
    store = openObjectStore(objectDirs[0] as string, { alternateObjectDirectories: objectDirs.slice(1), baseCacheBytes });
  } catch (e) {
    storeError = e as Error;
  }
}

function runBatch(b: WorkerBatch): void {
  const stats = new Float64Array(b.paths.length * STAT_FIELDS);
  for (let i = 0; i < b.paths.length; i++) {
    // The main thread sets the flag on Ctrl-C or on its own error: stop within one file.
    if (flag !== null && Atomics.load(flag, 0) !== 0) {
      self.postMessage({ id: b.id, stopped: true });
      return;
    }
    const path = b.paths[i] as string;
    const oid = b.oids[i] as string;
    let data: Uint8Array;
    try {
      if (store === null) throw storeError ?? new Error("no object store");
      data = readTyped(store, oid, "blob", path);
    } catch (e) {
      self.postMessage({ id: b.id, object: { oid, path, message: String((e as Error).message) } });
      return;
    }
    try {
      const d = statDataFrom(writeFile(b.root + path, data, b.exec[i] === 1));
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
      // A RepoManagerError here would be ours, not the fs's: report it as a write failure all the same.
      self.postMessage({ id: b.id, error: { path, message: String(err.message), code: e instanceof RepoManagerError ? e.code : err.code } });
      return;
    }
  }
  self.postMessage({ id: b.id, stats }, [stats.buffer]);
}

if (!Bun.isMainThread) {
  fullJit(); // this thread's VM: it only runs the hot loop
  self.onmessage = (e: MessageEvent) => {
    const m = e.data as { flag?: SharedArrayBuffer; objectDirs?: string[]; baseCacheBytes?: number; close?: boolean; exit?: boolean } & Partial<WorkerBatch>;
    if (m.close === true) {
      store?.close();
      store = null;
      self.postMessage({ closed: true });
      if (m.exit === true) self.close();
    } else if (m.flag !== undefined) {
      flag = new Int32Array(m.flag);
      if (m.objectDirs !== undefined) openStore(m.objectDirs, m.baseCacheBytes);
    } else runBatch(m as WorkerBatch);
  };
}
