/**
 * Deleting a directory tree (a worktree being removed), on two threads when
 * it is large. On ext4, unlinking is kernel work per file that runs in
 * parallel across cores: deleting a 5,000-file worktree took 360 ms with one
 * `rm -rf` and 225 ms with two on halves of it (2-core VM). git 2.39 deletes
 * on one thread.
 *
 * The tree is cut into the entries one and two levels down; every other one
 * goes to a Bun Worker (remove-worker.ts), the rest is deleted here; then a
 * final pass deletes the root and whatever is left, and throws the fs error
 * of anything that could not be deleted, as a one-thread `rmSync` would. If
 * the worker cannot start or dies, the final pass deletes its share.
 */
import { type Dirent, lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { workerUrl } from "../worker-url.ts";

/**
 * Below this many entries (index entries of the worktree) the worker stays off. Measured with the
 * compiled binary (2-core VM, worker forced on vs off, 9-11 runs each, wall time): 200 files
 * 20-30 ms either way, 500 files 40-50 vs 50-70 ms, 1,000 files 70-90 vs 80-140 ms, 2,000 files
 * 120-150 vs 150-220 ms.
 */
export const PARALLEL_MIN_ENTRIES = 500;
/** How long remove() waits for the worker before it carries on without it. */
const WORKER_TIMEOUT_MS = 60_000;

const RM_OPTIONS = { recursive: true, force: true, maxRetries: process.platform === "win32" ? 3 : 0 } as const;

export interface TreeRemoverOptions {
  /** "auto" (default): the worker for PARALLEL_MIN_ENTRIES entries or more on 2+ CPUs; "on"/"off" force it. */
  parallel?: "auto" | "on" | "off";
  /** About how many files the tree holds (e.g. its index's entry count). */
  sizeHint?: number;
  /** Tests only: another worker module, and how long to wait for it. */
  url?: URL;
  timeoutMs?: number;
}

export class TreeRemover {
  private worker: Worker | null = null;
  private ended: Promise<void> | null = null;
  private readonly timeoutMs: number;
  /** Why the worker did not do its share (null: it did, or it was not wanted). */
  fallbackReason: string | null = null;

  /** Starts the worker at once, if it is wanted, so its start-up overlaps what the caller does next. */
  constructor(o: TreeRemoverOptions = {}) {
    this.timeoutMs = o.timeoutMs ?? WORKER_TIMEOUT_MS;
    const mode = o.parallel ?? "auto";
    const cpus = navigator.hardwareConcurrency ?? 1;
    if (mode === "off" || (mode === "auto" && ((o.sizeHint ?? 0) < PARALLEL_MIN_ENTRIES || cpus < 2))) return;
    try {
      const w = new Worker(o.url ?? workerUrl("remove/remove-worker.ts"));
      let answered = false;
      this.ended = new Promise<void>((resolve) => {
        w.onmessage = () => {
          answered = true; // it ends itself right after: that "close" is no failure
          resolve();
        };
        w.onerror = (e: Event) => {
          e.preventDefault?.();
          this.fallbackReason ??= `failed: ${(e as ErrorEvent).message ?? "unknown error"}`;
          resolve();
        };
        w.addEventListener("close", () => {
          if (!answered) this.fallbackReason ??= "exited early";
          resolve();
        });
      });
      this.worker = w;
    } catch (e) {
      this.fallbackReason = `cannot start: ${(e as Error).message}`;
    }
  }

  /** Whether a worker was started (and not yet used or discarded). */
  get parallel(): boolean {
    return this.worker !== null;
  }

  /** Ends a worker that will not be used (the removal was refused). */
  discard(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  /**
   * Deletes `root` and everything under it. Throws the fs error of what
   * could not be deleted (the caller reports it), after both threads stopped.
   */
  async remove(root: string): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w !== null && this.ended !== null) {
      const units = unitsOf(root);
      w.postMessage({ paths: units.filter((_, i) => i % 2 === 1) });
      for (let i = 0; i < units.length; i += 2) {
        try {
          rmSync(units[i] as string, RM_OPTIONS);
        } catch {
          // Left for the final pass, which reports it.
        }
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.fallbackReason ??= `stopped answering (nothing for ${this.timeoutMs / 1000} s)`;
          resolve();
        }, this.timeoutMs);
      });
      await Promise.race([this.ended, timedOut]);
      clearTimeout(timer);
      w.terminate();
    }
    rmSync(root, RM_OPTIONS);
  }
}

/** The entries one level down, and two levels down inside directories: pieces small enough to share out. */
function unitsOf(root: string): string[] {
  const units: string[] = [];
  let top: Dirent[];
  try {
    // A root that is a link (to a directory elsewhere) is the final pass's: it deletes the link, not what it points to.
    if (!lstatSync(root).isDirectory()) return units;
    top = readdirSync(root, { withFileTypes: true });
  } catch {
    return units; // the final pass reports it
  }
  for (const d of top) {
    const path = join(root, d.name);
    if (!d.isDirectory()) {
      units.push(path);
      continue;
    }
    try {
      for (const name of readdirSync(path)) units.push(join(path, name));
    } catch {
      units.push(path);
    }
  }
  return units;
}
