/**
 * Ctrl-C, SIGTERM and SIGHUP handling.
 *
 * The first signal aborts `interruptSignal`; long-running core code checks it
 * at safe points (`throwIfInterrupted`) and rolls back what it created before
 * main.ts exits with 130. A second signal gives up waiting and exits at once.
 * While a plugin runs, the runner takes over: signals are forwarded to it.
 *
 * SIGHUP (the terminal was closed, or `kill -HUP`) is handled like SIGTERM:
 * its default action would kill us mid-operation, leaving a half-made
 * worktree, or a plugin running on under pid 1 and its context file behind.
 */
import { InterruptedError } from "../errors.ts";

const controller = new AbortController();
export const interruptSignal: AbortSignal = controller.signal;

/** The signals that interrupt us (and are forwarded to a running plugin). Windows emits SIGHUP when the console closes. */
export const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

type Handler = (signal: NodeJS.Signals) => void;
let override: Handler | undefined;
let installed = false;

export function installInterruptHandlers(onSecond: () => void): void {
  if (installed) return;
  installed = true;
  const handle = (signal: NodeJS.Signals) => {
    if (override) return override(signal);
    if (controller.signal.aborted) return onSecond();
    controller.abort(new InterruptedError());
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, handle);
}

/** Route signals to `handler` (e.g. forward them to a child) until the returned function is called. */
export function overrideInterrupt(handler: Handler): () => void {
  override = handler;
  return () => {
    if (override === handler) override = undefined;
  };
}

export function throwIfInterrupted(signal: AbortSignal = interruptSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
