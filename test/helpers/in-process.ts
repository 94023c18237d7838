/**
 * Runs a built-in command in this process, as the frame would, with a
 * context over buffers: no child process, no Bun start-up, stdout, stderr and
 * exit code captured. The words are those after the global options; `-C`
 * becomes `cwd`, the global `--json` becomes `json`.
 */
import { createFrameContext } from "../../src/commands/_context.ts";
import { dispatch } from "../../src/commands/_dispatch.ts";
import { reportError } from "../../src/commands/_report.ts";
import { bufferIO } from "../../src/output/io.ts";
import { VERSION } from "../../src/version.ts";

export interface InProcessResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface InProcessOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  json?: boolean;
  /** Pretend stdout and stderr are terminals (colour, progress). */
  tty?: boolean;
}

export async function runInProcess(words: string[], opts: InProcessOptions): Promise<InProcessResult> {
  const io = bufferIO({ tty: opts.tty, env: opts.env });
  const frame = createFrameContext({ global: { debug: false, json: opts.json === true }, env: opts.env, cwd: opts.cwd, io, version: VERSION });
  let code: number;
  try {
    code = await dispatch(frame, words, false);
  } catch (error) {
    code = reportError(error, io, false);
  }
  return { stdout: io.stdout(), stderr: io.stderr(), code };
}
