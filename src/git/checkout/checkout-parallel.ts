/**
 * The main-thread side of a parallel checkout: a Bun Worker
 * (checkout-worker.ts) writes part of the plain files, so file creation (on
 * ext4 the bulk of a checkout's time, and it scales across cores) runs on
 * two cores. The worker opens its own object store (the same object
 * directories) and is sent oids, not bytes: each thread reads and inflates
 * only its own half (inflate was ~half the main thread's CPU when it read
 * every blob). The worker only creates plain files in directories that
 * already exist; the main thread writes everything else.
 *
 * An object the worker cannot read is read again on the main thread, whose
 * store throws the same typed error (E_OBJECT_MISSING, E_OBJECT_CORRUPT,
 * E_BAD_TREE) a one-thread checkout would.
 *
 * Abort: a SharedArrayBuffer flag the worker reads before every file. The
 * caller always awaits `drain()` before it returns or throws, so when a
 * rollback starts, the worker has stopped writing.
 *
 * If the worker cannot be created or dies (e.g. its entry point is missing
 * from a compiled binary), the batches it did not answer are written on the
 * main thread instead: same files, same result, only slower.
 */
import { rmSync } from "node:fs";
import { RepoManagerError } from "../../errors.ts";
import { statDataFrom } from "../index/stat.ts";
import type { StatData } from "../index/types.ts";
import { writeFile } from "./checkout-write.ts";
import { CorruptObjectError } from "../objects/errors.ts";
import { workerUrl } from "../worker-url.ts";
import type { ObjectStore } from "../objects/types.ts";

const STAT_FIELDS = 9;
/**
 * How long drain() waits for the next answer of a worker that still has
 * batches before it calls it hung: it is then ended and its files written on
 * this thread. A batch is 32 files; no disk takes this long for that.
 */
const ANSWER_TIMEOUT_MS = 60_000;
/** How long drain() waits for the worker to close its object store (its pack files) before ending it anyway. */
const CLOSE_TIMEOUT_MS = 2_000;

/** Files for the worker: their indices in the checkout's item list, paths, exec bits, blob oids. */
interface Pending {
  indices: number[];
  paths: string[];
  exec: number[];
  oids: string[];
}

export interface WorkerWriteFailure {
  path: string;
  message: string;
  code?: string;
}

/**
 * Where the worker opens its object store: the store's object directories,
 * primary first, then its alternates in the order it resolved them
 * (resolving them again from this list gives the same list).
 */
export interface WorkerStoreSource {
  objectDirs: readonly string[];
  /** The worker's delta-base cache budget: the main store's (so core.deltaBaseCacheLimit applies to both threads). */
  baseCacheBytes?: number;
}

/** Reads a blob on the main thread (fallback writes, and re-reading an object the worker failed on). */
export type BlobReader = (oid: string, path: string) => Uint8Array;

/** The store source of `store`, or null when it has no object directories (the worker then stays off). */
export function workerStoreSource(store: ObjectStore): WorkerStoreSource | null {
  const { objectDirs: dirs, baseCacheBudget: budget } = store as { objectDirs?: unknown; baseCacheBudget?: unknown };
  if (!Array.isArray(dirs) || dirs.length === 0 || !dirs.every((d) => typeof d === "string")) return null;
  return typeof budget === "number" ? { objectDirs: dirs, baseCacheBytes: budget } : { objectDirs: dirs };
}

/** Stat data of the files the worker wrote, by item index, after drain(). */
export type StatSink = (index: number, stat: StatData) => void;

export class CheckoutWorkerPool {
  private readonly worker: Worker | null;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly sent = new Map<number, Pending>();
  private nextId = 0;
  private pending: Pending = emptyPending();
  private dead = false;
  /** Set when drain() ends the worker, whose "close" event then means nothing. */
  private ended = false;
  /** The worker has closed its object store (its answer to { close: true }). */
  private storeClosed = false;
  /** The worker thread has ended (its "close" event). */
  private exited = false;
  private failure: WorkerWriteFailure | RepoManagerError | null = null;
  private wake: (() => void) | null = null;
  /** Why the files meant for the worker were written on this thread (null: the worker wrote them). */
  fallbackReason: string | null = null;

  /** Where the files go (the worktree, with a trailing separator) and who takes their stat data: set by use(). */
  private root = "";
  private sink: StatSink = () => undefined;
  private read: BlobReader = () => {
    throw new Error("CheckoutWorkerPool.use() was not called");
  };

  /**
   * Starts the worker at once: its start-up (~30 ms in the compiled binary)
   * then overlaps the tree walk. Call use() before add(), or discard().
   */
  /** `url` and `answerTimeoutMs` only for tests (a worker that cannot load, or hangs). */
  constructor(
    source: WorkerStoreSource,
    url: URL = workerUrl("checkout/checkout-worker.ts"),
    private readonly answerTimeoutMs = ANSWER_TIMEOUT_MS,
  ) {
    let w: Worker | null = null;
    try {
      w = new Worker(url);
      w.onmessage = (e: MessageEvent) => this.onMessage(e.data);
      w.onerror = (e: Event) => {
        e.preventDefault?.();
        this.fallbackReason ??= `failed: ${(e as ErrorEvent).message ?? "unknown error"}`;
        this.dead = true;
        this.wake?.();
      };
      w.addEventListener("close", () => {
        this.exited = true;
        this.wake?.();
        if (this.ended) return;
        this.fallbackReason ??= "exited early";
        this.dead = true;
        this.wake?.();
      });
      // The worker opens its store now, while the main thread walks the tree.
      w.postMessage({ flag: this.flag.buffer, objectDirs: [...source.objectDirs], baseCacheBytes: source.baseCacheBytes });
    } catch (e) {
      w = null;
      this.dead = true;
      this.fallbackReason = `cannot start: ${(e as Error).message}`;
    }
    this.worker = w;
  }

  use(root: string, sink: StatSink, read: BlobReader): this {
    this.root = root;
    this.sink = sink;
    this.read = read;
    return this;
  }

  /**
   * Ends a worker that turned out not to be needed (a small tree): it closes
   * its object store and exits by itself; unref'd, it cannot hold up the
   * process meanwhile.
   */
  discard(): void {
    this.ended = true;
    if (this.worker === null) return;
    this.worker.postMessage({ close: true, exit: true });
    this.worker.unref();
  }

  /** Tells the worker to stop before its next file (Ctrl-C, or an error on the main thread). */
  stop(): void {
    Atomics.store(this.flag, 0, 1);
  }

  /** Queues one file (its blob's oid) for the worker; sends a batch once `batchFiles` are queued. */
  add(index: number, path: string, oid: string, executable: boolean, batchFiles: number): void {
    const p = this.pending;
    p.indices.push(index);
    p.paths.push(path);
    p.exec.push(executable ? 1 : 0);
    p.oids.push(oid);
    if (p.indices.length >= batchFiles) this.flush();
  }

  /** Sends what is queued. */
  flush(): void {
    const p = this.pending;
    if (p.indices.length === 0) return;
    this.pending = emptyPending();
    if (this.dead || this.worker === null) {
      this.fallbackReason ??= "not running";
      this.writeHere(p);
      return;
    }
    const id = this.nextId++;
    // Kept until the batch is answered: if the worker dies, its files are written here.
    this.sent.set(id, p);
    this.worker.postMessage({ id, root: this.root, paths: p.paths, exec: Uint8Array.from(p.exec), oids: p.oids });
  }

  /**
   * Waits until the worker has answered every batch (or stopped, or died),
   * then ends it. Batches of a dead worker are written here (an fs error
   * doing so is thrown). Returns the worker's first failure, if any: a
   * write failure, or the typed error of an object it could not read.
   */
  async drain(): Promise<WorkerWriteFailure | RepoManagerError | null> {
    this.flush();
    if (!(await this.waitFor(() => this.sent.size === 0 || this.dead, this.answerTimeoutMs))) {
      this.fallbackReason ??= `stopped answering (nothing for ${this.answerTimeoutMs / 1000} s)`;
      this.dead = true;
    }
    if (!this.dead && this.worker !== null) {
      // Its pack files are open in this process: closed by it, or they would outlive the checkout.
      this.worker.postMessage({ close: true });
      await this.waitFor(() => this.storeClosed || this.exited, CLOSE_TIMEOUT_MS);
    }
    this.ended = true;
    this.worker?.terminate();
    if (this.sent.size > 0 && this.failure === null && Atomics.load(this.flag, 0) === 0) {
      // A hung worker may still be inside a write: its files are rewritten only once it has ended.
      if (!(await this.waitFor(() => this.exited || this.worker === null, CLOSE_TIMEOUT_MS))) {
        throw new Error(`the checkout worker ${this.fallbackReason ?? "failed"} and did not stop`);
      }
      // The worker died without answering: its files may be half written; write them again here.
      for (const p of this.sent.values()) {
        for (const path of p.paths) rmSync(this.root + path, { force: true });
        this.writeHere(p);
      }
    }
    this.sent.clear();
    return this.failure;
  }

  /** Waits until `done()`, waking on every message or exit of the worker; false when `ms` passed with no news. */
  private async waitFor(done: () => boolean, ms: number): Promise<boolean> {
    while (!done()) {
      const news = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = null;
      if (!news && !done()) return false;
    }
    return true;
  }

  private onMessage(m: { id: number; stats?: Float64Array; stopped?: boolean; error?: WorkerWriteFailure; object?: { oid: string; path: string; message: string }; closed?: boolean }): void {
    if (m.closed === true) {
      this.storeClosed = true;
      this.wake?.();
      return;
    }
    const p = this.sent.get(m.id);
    this.sent.delete(m.id);
    if (p !== undefined && m.stats !== undefined) {
      const s = m.stats;
      for (let i = 0; i < p.indices.length; i++) {
        const o = i * STAT_FIELDS;
        this.sink(p.indices[i] as number, {
          ctimeSec: s[o] as number,
          ctimeNsec: s[o + 1] as number,
          mtimeSec: s[o + 2] as number,
          mtimeNsec: s[o + 3] as number,
          dev: s[o + 4] as number,
          ino: s[o + 5] as number,
          uid: s[o + 6] as number,
          gid: s[o + 7] as number,
          size: s[o + 8] as number,
        });
      }
    }
    if (m.error !== undefined && this.failure === null) {
      this.failure = m.error;
      this.stop(); // the checkout fails: no point writing the rest
    }
    if (m.object !== undefined && this.failure === null) {
      this.failure = this.objectFailure(m.object);
      this.stop();
    }
    this.wake?.(); // every answer is news: drain() waits for silence, not for the whole backlog
  }

  /**
   * The worker could not read an object: read it here, so the error is the
   * typed one of the main thread's store (with its partial-clone wording).
   * Should this thread read it fine, the worker's message is kept.
   */
  private objectFailure(o: { oid: string; path: string; message: string }): RepoManagerError {
    try {
      this.read(o.oid, o.path);
    } catch (e) {
      if (e instanceof RepoManagerError) return e;
    }
    return new CorruptObjectError(`checkout worker: ${o.message}`, { path: o.path, oid: o.oid });
  }

  /** Writes a batch on the main thread (no worker, or it died). */
  private writeHere(p: Pending): void {
    for (let i = 0; i < p.indices.length; i++) {
      const path = p.paths[i] as string;
      const st = writeFile(this.root + path, this.read(p.oids[i] as string, path), p.exec[i] === 1);
      this.sink(p.indices[i] as number, statDataFrom(st));
    }
  }
}

function emptyPending(): Pending {
  return { indices: [], paths: [], exec: [], oids: [] };
}
