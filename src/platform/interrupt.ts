/**
 * Ctrl-C and SIGTERM handling.
 *
 * The first signal aborts `interruptSignal`; long-running core code checks it
 * at safe points (`throwIfInterrupted`) and rolls back what it created before
 * main.ts exits with 130. A second signal gives up waiting and exits at once.
 * While a plugin runs, the runner takes over: signals are forwarded to it.
 */
import { InterruptedError } from "../errors.ts";

const controller = new AbortController();
export const interruptSignal: AbortSignal = controller.signal;

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
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
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
