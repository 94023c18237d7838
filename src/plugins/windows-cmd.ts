/**
 * Running `.cmd` / `.bat` plugins on Windows without command injection (the
 * "BatBadBut" class, CVE-2024-24576 and friends).
 *
 * CreateProcess runs a batch file through cmd.exe, which re-parses the whole
 * command line: `&|<>^()` split or redirect commands, `%var%` and `!var!`
 * expand even inside double quotes, and a newline ends the command. There is
 * no quoting that makes `%` or a line break safe, and a `"` inside an argument
 * toggles cmd's quote state; so those are refused, and everything else is
 * wrapped in double quotes, where the remaining metacharacters are literal.
 *
 * Pure functions: unit-tested on every platform.
 */

/** Characters that cannot be passed safely to a batch file at all. */
const REFUSED = /[%!"\r\n\0]/;
/** Characters that make cmd.exe (or the batch file's own parser) split or act unless quoted. */
const NEEDS_QUOTES = /[\s&|<>^(),;=`']/;

export class UnsafeBatchArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly character: string,
  ) {
    super(`argument ${JSON.stringify(argument)} contains ${JSON.stringify(character)}, which cannot be passed safely to a .cmd/.bat file`);
    this.name = "UnsafeBatchArgumentError";
  }
}

/** Quotes one argument for a batch file's command line, or throws UnsafeBatchArgumentError. */
export function quoteBatchArgument(arg: string): string {
  const bad = REFUSED.exec(arg);
  if (bad) throw new UnsafeBatchArgumentError(arg, bad[0]);
  if (arg !== "" && !NEEDS_QUOTES.test(arg)) return arg;
  // A trailing backslash would escape our closing quote for a program the
  // batch file forwards %* to (MSVCRT rules): double the trailing run.
  const trailing = /\\+$/.exec(arg)?.[0].length ?? 0;
  return `"${arg}${"\\".repeat(trailing)}"`;
}

/**
 * The verbatim command line for `cmd.exe /d /s /c "<line>"` that runs `file`
 * with `args`. With /s, cmd strips exactly the outer quotes and runs the rest.
 * /d skips AutoRun registry commands (they are not the plugin's to run).
 */
export function batchCommandLine(file: string, args: string[]): string {
  if (REFUSED.test(file)) throw new UnsafeBatchArgumentError(file, REFUSED.exec(file)?.[0] ?? "");
  const parts = [`"${file}"`, ...args.map(quoteBatchArgument)];
  return `/d /s /c "${parts.join(" ")}"`;
}

/** True if `file` is run by cmd.exe on Windows (case-insensitive extension). */
export const isBatchFile = (file: string): boolean => /\.(cmd|bat)$/i.test(file);
