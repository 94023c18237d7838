/**
 * stdout and stderr by file descriptor, written synchronously.
 *
 * Not `process.stdout` / `process.stderr`: the first touch of either makes
 * Bun build Node's stream objects, which costs ~7 ms of start-up and ~9 MB of
 * memory (compiled Bun programs on the CI machine: 2.8 ms to print a line
 * with console.log, 3.5 ms with fs.writeSync(1), 10.2 ms with
 * process.stderr.write). Synchronous writes also keep stdout and stderr in
 * the order the code wrote them.
 *
 * A reader that went away makes a write throw EPIPE (Bun ignores SIGPIPE);
 * commands/_report.ts turns that into the quiet exit 141 a shell shows for
 * SIGPIPE. On Windows the Node streams stay: they write to a console with
 * WriteConsoleW, which keeps non-ASCII text intact where a raw UTF-8 write
 * to a console handle would not.
 */
import { writeSync } from "node:fs";
import { type IO, type KeyInput, makeIO } from "./io.ts";

const WINDOWS = process.platform === "win32";

/** The IO of the process: fds 1 and 2, colour decided from `env` and the terminal. */
export function processIO(env: Record<string, string | undefined>): IO {
  return makeIO({ out: writeOut, err: writeErr, isTTY, keys: openKeys }, env);
}

/**
 * stdin as raw keys, when it is a terminal (see KeyInput). When the handler
 * is done the terminal mode is restored and the stream ended, so the process
 * can exit; fd 0 stays open (a command run after the picker, `switch -x`,
 * still gets the terminal: checked with Bun 1.4).
 */
export function openKeys(): KeyInput | null {
  const tty = require("node:tty") as typeof import("node:tty");
  if (!tty.isatty(0)) return null;
  return {
    listen: (onChunk) =>
      new Promise<void>((resolve) => {
        const stream = new tty.ReadStream(0);
        stream.setRawMode(true);
        const finish = () => {
          if (stream.destroyed) return;
          stream.setRawMode(false);
          stream.destroy();
          resolve();
        };
        stream.on("data", (buf: Buffer) => {
          let done = true;
          try {
            done = onChunk(buf.toString("utf8"));
          } finally {
            if (done) finish();
          }
        });
        stream.on("end", finish);
        stream.on("error", finish);
      }),
  };
}
export function writeOut(text: string | Uint8Array): void {
  if (WINDOWS) process.stdout.write(text);
  else writeAll(1, text);
}

export function writeErr(text: string | Uint8Array): void {
  if (WINDOWS) process.stderr.write(text);
  else writeAll(2, text);
}

const ttys = new Map<number, boolean>();

/** Whether fd 1 or 2 is a terminal. Loads node:tty (~2 ms) on first use, so callers ask only when it matters. */
export function isTTY(fd: 1 | 2): boolean {
  let t = ttys.get(fd);
  if (t === undefined) {
    t = WINDOWS ? (fd === 1 ? process.stdout : process.stderr).isTTY === true : (require("node:tty") as typeof import("node:tty")).isatty(fd);
    ttys.set(fd, t);
  }
  return t;
}

function writeAll(fd: number, text: string | Uint8Array): void {
  const buf = typeof text === "string" ? Buffer.from(text) : text;
  let done = 0;
  while (done < buf.length) {
    try {
      done += writeSync(fd, buf, done, buf.length - done);
    } catch (e) {
      // A non-blocking pipe that is full: wait for the reader, as a blocking write would.
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Bun.sleepSync(1);
    }
  }
}
