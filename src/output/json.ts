/** Data goes to stdout. JSON is pretty-printed with a trailing newline, like `gh --json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Write raw text to stdout exactly as given (porcelain formats are byte-exact). */
export function writeOut(text: string | Uint8Array): void {
  process.stdout.write(text);
}
