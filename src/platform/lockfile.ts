/**
 * git's lock-file protocol: to change `<file>`, create `<file>.lock` with
 * O_CREAT|O_EXCL, write the new content into it, then rename it over `<file>`.
 * A second writer (git or us) fails to create the lock instead of corrupting
 * the file. Lock files still held when the process exits are removed, as
 * git's tempfile.c does, so an interrupted command leaves no stale lock.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { RepoManagerError } from "../errors.ts";

export class LockedError extends RepoManagerError {
  constructor(lockPath: string) {
    super("E_LOCKED", `unable to create '${lockPath}': file exists`, {
      hint: "another git process seems to be running in this repository; if none is, remove the file and try again",
      data: { lockPath },
    });
    this.name = "LockedError";
  }
}

const held = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const lock of held) {
      try {
        unlinkSync(lock);
      } catch {
        // already gone
      }
    }
  });
}

export class LockFile {
  readonly path: string;
  readonly lockPath: string;
  private fd: number | undefined;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.lockPath = `${path}.lock`;
    this.fd = fd;
  }

  /** Takes the lock, retrying for up to `timeoutMs` (git's default for most files is 0: fail at once). */
  static acquire(path: string, opts: { timeoutMs?: number; mode?: number } = {}): LockFile {
    const lockPath = `${path}.lock`;
    const deadline = Date.now() + (opts.timeoutMs ?? 0);
    let wait = 1;
    for (;;) {
      try {
        const fd = openSync(lockPath, "wx", opts.mode ?? 0o666);
        installExitHook();
        held.add(lockPath);
        return new LockFile(path, fd);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") throw error;
        if (Date.now() >= deadline) throw new LockedError(lockPath);
        Bun.sleepSync(wait);
        wait = Math.min(wait * 2, 100);
      }
    }
  }

  write(data: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error(`lock ${this.lockPath} is no longer held`);
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
  }

  /** Renames the lock over the file. */
  commit(opts: { fsync?: boolean } = {}): void {
    if (this.fd === undefined) throw new Error(`lock ${this.lockPath} is no longer held`);
    if (opts.fsync) fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    try {
      renameSync(this.lockPath, this.path);
    } finally {
      held.delete(this.lockPath);
    }
  }

  /** Drops the lock and leaves the file as it was. Safe to call twice. */
  rollback(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    if (held.delete(this.lockPath)) {
      try {
        unlinkSync(this.lockPath);
      } catch {
        // already gone
      }
    }
  }
}

/** Replaces `path` with `data` under the lock protocol. */
export function writeFileLocked(path: string, data: string | Uint8Array, opts: { timeoutMs?: number } = {}): void {
  const lock = LockFile.acquire(path, opts);
  try {
    lock.write(data);
    lock.commit();
  } catch (error) {
    lock.rollback();
    throw error;
  }
}
