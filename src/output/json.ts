import { writeOut } from "./stdio.ts";

/** Data goes to stdout. JSON is pretty-printed with a trailing newline, like `gh --json`. */
export function printJson(value: unknown): void {
  writeOut(`${JSON.stringify(value, null, 2)}\n`);
}
