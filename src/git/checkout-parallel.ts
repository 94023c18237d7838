/**
 * The main-thread side of a parallel checkout: a Bun Worker
 * (checkout-worker.ts) writes part of the plain files, so file creation (on
 * ext4 the bulk of a checkout's time, and it scales across cores) runs on
 * two cores. The main thread still reads every blob and writes everything
 * else; the worker only creates files in directories that already exist.
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
import { statDataFrom } from "./index/stat.ts";
import type { StatData } from "./index/types.ts";
import { writeFile } from "./checkout-write.ts";

const STAT_FIELDS = 9;

/** A file for the worker: its index in the checkout's item list, path, bytes, exec bit. */
interface Pending {
  indices: number[];
  paths: string[];
  exec: number[];
  datas: Uint8Array[];
  bytes: number;
}

export interface WorkerWriteFailure {
  path: string;
  message: string;
  code?: string;
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
  private failure: WorkerWriteFailure | null = null;
  private wake: (() => void) | null = null;
  /** Why the files meant for the worker were written on this thread (null: the worker wrote them). */
  fallbackReason: string | null = null;

  /** Where the files go (the worktree, with a trailing separator) and who takes their stat data: set by use(). */
  private root = "";
  private sink: StatSink = () => undefined;

  /**
   * Starts the worker at once: its start-up (~30 ms in the compiled binary)
   * then overlaps the tree walk. Call use() before add(), or discard().
   */
  /** `url` only for tests (a worker that cannot load); the default is the checkout worker. */
  constructor(url: URL = workerUrl()) {
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
        if (this.ended) return;
        this.fallbackReason ??= "exited early";
        this.dead = true;
        this.wake?.();
      });
      w.postMessage({ flag: this.flag.buffer });
    } catch (e) {
      w = null;
      this.dead = true;
      this.fallbackReason = `cannot start: ${(e as Error).message}`;
    }
    this.worker = w;
  }

  use(root: string, sink: StatSink): this {
    this.root = root;
    this.sink = sink;
    return this;
  }

  /** Ends a worker that turned out not to be needed (a small tree). */
  discard(): void {
    this.ended = true;
    this.worker?.terminate();
  }

  /** Tells the worker to stop before its next file (Ctrl-C, or an error on the main thread). */
  stop(): void {
    Atomics.store(this.flag, 0, 1);
  }

  /** Queues one file for the worker; sends a batch once `batchFiles` are queued. */
  add(index: number, path: string, data: Uint8Array, executable: boolean, batchFiles: number): void {
    const p = this.pending;
    p.indices.push(index);
    p.paths.push(path);
    p.exec.push(executable ? 1 : 0);
    p.datas.push(data);
    p.bytes += data.length;
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
    // One buffer per batch, transferred: copying views of a larger buffer would clone all of it.
    const data = new Uint8Array(p.bytes);
    const ends = new Uint32Array(p.indices.length);
    let off = 0;
    for (let i = 0; i < p.datas.length; i++) {
      const d = p.datas[i] as Uint8Array;
      data.set(d, off);
      off += d.length;
      ends[i] = off;
    }
    const id = this.nextId++;
    this.sent.set(id, p);
    // p.datas stay until the batch is answered: if the worker dies, they are written here.
    this.worker.postMessage({ id, root: this.root, paths: p.paths, exec: Uint8Array.from(p.exec), ends, data }, [data.buffer, ends.buffer]);
  }

  /**
   * Waits until the worker has answered every batch (or stopped, or died),
   * then ends it. Batches of a dead worker are written here (an fs error
   * doing so is thrown). Returns the worker's first write failure, if any.
   */
  async drain(): Promise<WorkerWriteFailure | null> {
    this.flush();
    while (this.sent.size > 0 && !this.dead) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    this.ended = true;
    this.worker?.terminate();
    if (this.sent.size > 0 && this.failure === null && Atomics.load(this.flag, 0) === 0) {
      // The worker died without answering: its files may be half written; write them again here.
      for (const p of this.sent.values()) {
        for (const path of p.paths) rmSync(this.root + path, { force: true });
        this.writeHere(p);
      }
    }
    this.sent.clear();
    return this.failure;
  }

  private onMessage(m: { id: number; stats?: Float64Array; stopped?: boolean; error?: WorkerWriteFailure }): void {
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
    if (this.sent.size === 0) this.wake?.();
  }

  /** Writes a batch on the main thread (no worker, or it died). */
  private writeHere(p: Pending): void {
    for (let i = 0; i < p.indices.length; i++) {
      const st = writeFile(this.root + (p.paths[i] as string), p.datas[i] as Uint8Array, p.exec[i] === 1);
      this.sink(p.indices[i] as number, statDataFrom(st));
    }
  }
}

/**
 * Where the worker's module is. From source, next to this file. In a
 * compiled binary every module is bundled into one whose import.meta.url is
 * the binary itself at the root of Bun's embedded file system (`/$bunfs/root/`,
 * `B:/~BUN/root/` on Windows), and the worker, an extra entry point of the
 * build (scripts/build.ts ENTRY_POINTS), sits at its path relative to the
 * entry points' common directory, src/: `git/checkout-worker.js`
 * (Bun also resolves the `.ts` name to it).
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith("/checkout-parallel.ts") ? new URL("./checkout-worker.ts", here) : new URL("./git/checkout-worker.ts", here);
}

function emptyPending(): Pending {
  return { indices: [], paths: [], exec: [], datas: [], bytes: 0 };
}
