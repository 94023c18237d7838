/**
 * The IO a command writes through: stdout (data) and stderr (messages), and
 * whether each is a terminal that wants colour. The frame builds one over the
 * process's file descriptors; tests build one over buffers and run commands
 * in-process.
 */
import type { Env } from "../platform/env.ts";
import { makeStyle, type Style } from "./style.ts";

export interface IO {
  out(text: string | Uint8Array): void;
  err(text: string | Uint8Array): void;
  /** Whether fd 1 (stdout) or 2 (stderr) is a terminal. */
  isTTY(fd: 1 | 2): boolean;
  /** Whether to colour what goes to fd 1 or 2 (NO_COLOR, FORCE_COLOR, TERM=dumb, terminal). */
  color(fd: 1 | 2): boolean;
  /** Styles that colour only when color(fd) says so. */
  style(fd: 1 | 2): Style;
  /** Keys typed on the terminal (stdin in raw mode), or null when stdin is not a terminal. For the picker. */
  keys?(): KeyInput | null;
}

/**
 * Keys from the terminal: `listen` calls `onChunk` with each chunk read
 * (several keys may come in one) until it returns true, then restores the
 * terminal and resolves. The handler runs synchronously in the read event:
 * the input must be closed there, or a read left pending on the terminal
 * keeps the process alive until the next key (Bun 1.4).
 */
export interface KeyInput {
  listen(onChunk: (chunk: string) => boolean): Promise<void>;
}


/**
 * Colour only on a terminal, never when NO_COLOR is set (https://no-color.org),
 * forced on with FORCE_COLOR. The environment decides first so the terminal
 * check (which may load node:tty) runs only when it must.
 */
export function wantsColor(env: Env, isTTY: () => boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  if (env.TERM === "dumb") return false;
  return isTTY();
}

/** Adds color() and style() (decided once per fd) to writers and a terminal check. */
export function makeIO(base: Pick<IO, "out" | "err" | "isTTY" | "keys">, env: Env): IO {
  const colors = new Map<1 | 2, boolean>();
  const color = (fd: 1 | 2) => {
    let c = colors.get(fd);
    if (c === undefined) colors.set(fd, (c = wantsColor(env, () => base.isTTY(fd))));
    return c;
  };
  return { ...base, color, style: (fd) => makeStyle(color(fd)) };
}

export interface BufferIO extends IO {
  stdout(): string;
  stderr(): string;
}

/** An IO over buffers, for running commands in-process (tests, and callers that capture output). */
export function bufferIO(opts: { tty?: boolean; env?: Env } = {}): BufferIO {
  const out: string[] = [];
  const err: string[] = [];
  const text = (t: string | Uint8Array) => (typeof t === "string" ? t : new TextDecoder().decode(t));
  const io = makeIO({ out: (t) => out.push(text(t)), err: (t) => err.push(text(t)), isTTY: () => opts.tty === true }, opts.env ?? {});
  return { ...io, stdout: () => out.join(""), stderr: () => err.join("") };
}
