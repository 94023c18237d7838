/**
 * Terminal detection. Colour only on a terminal, never when NO_COLOR is set
 * (https://no-color.org), forced on with FORCE_COLOR; `--no-color` sets NO_COLOR.
 */
import { isTTY } from "./stdio.ts";

type Stream = { isTTY?: boolean };

export function colorEnabled(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/**
 * colorEnabled for stdout (1) or stderr (2): the environment decides first,
 * so the terminal check (which loads node:tty) runs only when it must.
 */
export function colorEnabledFor(fd: 1 | 2, env: NodeJS.ProcessEnv = process.env): boolean {
  return colorEnabled({ get isTTY() { return isTTY(fd); } }, env);
}

export const stdoutIsTTY = (): boolean => isTTY(1);
export const stderrIsTTY = (): boolean => isTTY(2);

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) =>
  on ? `\x1b[${open}m${s}\x1b[${close}m` : s;

export function makeStyle(on: boolean): Style {
  return {
    bold: wrap(on, 1, 22),
    dim: wrap(on, 2, 22),
    red: wrap(on, 31, 39),
    green: wrap(on, 32, 39),
    yellow: wrap(on, 33, 39),
    cyan: wrap(on, 36, 39),
  };
}

/** Styles for stdout (data) and stderr (messages), decided once per process. */
export const styleOut = (): Style => makeStyle(colorEnabledFor(1));
export const styleErr = (): Style => makeStyle(colorEnabledFor(2));
