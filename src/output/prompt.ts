/**
 * Questions to the user on the terminal (yes/no, one of several), for the
 * commands that need an approval before they act (e.g. running a
 * repository's hooks).
 *
 * consola's prompt does the drawing, but it is imported only when a question
 * is really asked: the full `consola` entry costs tens of milliseconds, which
 * no command should pay for a prompt it does not show.
 *
 * A question is asked only when stdin and stdout are both terminals: consola
 * draws on stdout (it has no option for another stream), so with stdout
 * redirected the question would end up in the data, and without a terminal
 * on stdin nobody can answer (CI, pipes, scripts). Then PromptUnavailableError
 * says which flag or setting gives the answer instead; nothing is guessed.
 * Ctrl-C on the question is an InterruptedError (exit 130), as anywhere else.
 */
import { InterruptedError, RepoManagerError } from "../errors.ts";
import { isTTY } from "./stdio.ts";

/** A question could not be asked: no terminal to ask on. */
export class PromptUnavailableError extends RepoManagerError {
  constructor(question: string, instead: string) {
    super("E_PROMPT_UNAVAILABLE", `cannot ask "${question}": not on a terminal`, {
      hint: `answer it with ${instead}`,
      data: { question, instead },
    });
    this.name = "PromptUnavailableError";
  }
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** The subset of consola's prompt() we call: resolves to the answer, or the cancel symbol. */
type PromptFn = (message: string, opts: Record<string, unknown>) => Promise<unknown>;

/** What the prompts need from the outside world; tests replace it. */
export interface PromptDeps {
  /** Whether a question can be shown and answered (stdin and stdout are terminals). */
  interactive: () => boolean;
  /** Loads consola's prompt; called only when a question is asked. */
  load: () => Promise<PromptFn>;
}

const CANCEL = Symbol.for("cancel"); // consola's kCancel, with `cancel: "symbol"`

function stdinIsTTY(): boolean {
  // As stdio.ts: the stream's isTTY on Windows (console handles), isatty() elsewhere.
  if (process.platform === "win32") return process.stdin.isTTY === true;
  return (require("node:tty") as typeof import("node:tty")).isatty(0);
}

export const terminalPromptDeps: PromptDeps = {
  interactive: () => stdinIsTTY() && isTTY(1),
  load: async () => {
    const { consola } = await import("consola");
    return (message, opts) => consola.prompt(message, opts as Parameters<typeof consola.prompt>[1]);
  },
};

async function ask(message: string, opts: Record<string, unknown>, instead: string, deps: PromptDeps): Promise<unknown> {
  if (!deps.interactive()) throw new PromptUnavailableError(message, instead);
  const prompt = await deps.load();
  const answer = await prompt(message, { ...opts, cancel: "symbol" });
  if (answer === CANCEL) throw new InterruptedError();
  return answer;
}

/**
 * Asks a yes/no question. `instead` names what answers it without a
 * terminal (a flag or a setting, e.g. "--yes, or hooks.allow in the config").
 */
export async function confirm(message: string, opts: { instead: string; initial?: boolean }, deps: PromptDeps = terminalPromptDeps): Promise<boolean> {
  const answer = await ask(message, { type: "confirm", initial: opts.initial ?? false }, opts.instead, deps);
  if (typeof answer !== "boolean") throw new RepoManagerError("E_PROMPT", `unexpected answer to "${message}"`);
  return answer;
}

/** Asks the user to pick one of `choices`; returns its value. */
export async function select<T extends string>(
  message: string,
  choices: readonly Choice<T>[],
  opts: { instead: string; initial?: T },
  deps: PromptDeps = terminalPromptDeps,
): Promise<T> {
  const answer = await ask(message, { type: "select", options: choices.map((c) => ({ ...c })), initial: opts.initial }, opts.instead, deps);
  // consola resolves a select to the chosen option's value.
  const picked = choices.find((c) => c.value === answer);
  if (!picked) throw new RepoManagerError("E_PROMPT", `unexpected answer to "${message}"`);
  return picked.value;
}
