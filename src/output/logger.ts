/**
 * Human messages go to stderr, always: stdout is reserved for data.
 *
 * We use `consola/core` (not the full entry, which costs tens of milliseconds
 * at start-up) with a small reporter of our own that prints git-style lines.
 */
import { createConsola, type ConsolaInstance, type LogObject } from "consola/core";
import { writeErr } from "./stdio.ts";
import { colorEnabledFor, makeStyle } from "./tty.ts";

const quiet = () => process.env.REPO_MANAGER_QUIET === "1";

function formatArgs(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(" ");
}

let instance: ConsolaInstance | undefined;

export function logger(): ConsolaInstance {
  if (instance) return instance;
  const style = makeStyle(colorEnabledFor(2));
  instance = createConsola({
    level: quiet() ? 1 : process.env.REPO_MANAGER_DEBUG === "1" ? 4 : 3,
    reporters: [
      {
        log(obj: LogObject) {
          const text = formatArgs(obj.args);
          let prefix = "";
          if (obj.type === "error" || obj.type === "fatal") prefix = style.red("error: ");
          else if (obj.type === "warn") prefix = style.yellow("warning: ");
          else if (obj.type === "success") prefix = style.green("✓ ");
          else if (obj.type === "debug" || obj.type === "trace") prefix = style.dim("debug: ");
          writeErr(`${prefix}${text}\n`);
        },
      },
    ],
  });
  return instance;
}
