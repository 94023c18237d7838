/** JSON on stdout: pretty-printed with a trailing newline, like `gh --json`. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
