/**
 * Running a plugin: the environment of the protocol, the context file, signal
 * forwarding, and exit codes (the plugin's own; 128+n when killed by signal n,
 * as shells report it).
 *
 * Text mode inherits stdio, so interactive plugins work. JSON mode captures
 * stdout (bounded) and returns the one JSON document it must contain; stderr
 * still passes through so the plugin's messages reach the user.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { overrideInterrupt, throwIfInterrupted } from "../platform/interrupt.ts";
import { VERSION } from "../version.ts";
import { PluginError, PluginErrorCode } from "./errors.ts";
import { MAX_JSON_DEPTH, MAX_PRETTY_CHARS, nestsDeeperThan, prettyJsonLength } from "./json-bounds.ts";
import { PROTOCOL } from "./protocol.ts";
import type { Env } from "./paths.ts";
import { spawnArgsFor } from "./spawn-args.ts";

/** Upper bound of a plugin's JSON output. */
export const JSON_OUTPUT_MAX_BYTES = 32 * 1024 * 1024;

export interface RunOptions {
  output: "text" | "json";
  /** The context document, serialised to a temp file for REPO_MANAGER_CONTEXT. */
  context: unknown;
  /** REPO_MANAGER_BIN. */
  bin: string;
  env?: Env;
  /** The plugin's working directory (default: ours). */
  cwd?: string;
  /** Override the output limit (tests). */
  maxOutputBytes?: number;
}

/** Exit status as a shell would report it: the code, or 128 + signal number. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | number | null): number {
  if (signal !== null && signal !== undefined) {
    const n = typeof signal === "number" ? signal : (constants.signals as Record<string, number>)[signal];
    return 128 + (n ?? 0);
  }
  return code ?? 1;
}

/** The protocol's environment variables on top of the user's. */
export function pluginEnv(name: string, opts: { output: "text" | "json"; bin: string; contextPath: string; env?: Env }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) out[k] = v;
  Object.assign(out, {
    REPO_MANAGER_BIN: opts.bin,
    REPO_MANAGER_VERSION: VERSION,
    REPO_MANAGER_PROTOCOL: String(PROTOCOL),
    REPO_MANAGER_PLUGIN_NAME: name,
    REPO_MANAGER_OUTPUT: opts.output,
  });
  out.REPO_MANAGER_CONTEXT = opts.contextPath;
  return out;
}

// Synchronous: three tiny file-system calls on the dispatch path cost less
// than the promise round-trips (measured: about 0.5 ms of the overhead).
function writeContextFile(context: unknown): { path: string; dispose: () => void } {
  // A private directory (0700 on Unix) so no other user can read or swap the file.
  const dir = mkdtempSync(join(tmpdir(), "repo-manager-ctx-"));
  const path = join(dir, "context.json");
  try {
    writeFileSync(path, `${JSON.stringify(context, null, 2)}\n`, { mode: 0o600 });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export type RunResult = { kind: "exit"; code: number } | { kind: "json"; value: unknown };

/**
 * Runs plugin `name` (file `path`) with `args` exactly as given.
 * Text mode: resolves with its exit status. JSON mode: resolves with the
 * parsed document, or throws a PluginError naming the plugin and the problem.
 */
export async function runPlugin(name: string, path: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const { cmd, windowsVerbatimArguments } = spawnArgsFor(name, path, args);
  // A signal that came while we prepared (before the runner forwards them) means: do not start it.
  throwIfInterrupted();
  const ctx = writeContextFile(opts.context);
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    proc = Bun.spawn(cmd, {
      cwd: opts.cwd,
      stdin: "inherit",
      stdout: opts.output === "json" ? "pipe" : "inherit",
      stderr: "inherit",
      env: pluginEnv(name, { output: opts.output, bin: opts.bin, contextPath: ctx.path, env: opts.env }),
      windowsVerbatimArguments,
    });
  } catch (e) {
    ctx.dispose();
    throw new PluginError(PluginErrorCode.spawn, `cannot run plugin '${name}' (${path}): ${(e as Error).message}`, {
      hint: "check that the file is a valid executable for this system (and its #! interpreter exists)",
    });
  }
  // Ctrl-C at a terminal reaches the plugin directly (same process group), so
  // forwarding SIGINT then would deliver it twice; without a terminal it was
  // sent to us alone and is forwarded. SIGTERM and SIGHUP are always
  // forwarded (a hang-up may reach the plugin from the kernel too; a second
  // one is harmless where the first ends it). Either way we wait for the
  // plugin to end, report its status and remove the context file.
  // (Windows: the console delivers Ctrl-C to every attached process; there is no SIGTERM.)
  const restore = overrideInterrupt((signal) => {
    if (signal !== "SIGINT" || process.stdin.isTTY !== true) proc.kill(signal);
  });
  try {
    if (opts.output === "text") {
      await proc.exited;
      return { kind: "exit", code: exitStatus(proc.exitCode, proc.signalCode) };
    }
    return { kind: "json", value: await collectJson(name, proc, opts.maxOutputBytes ?? JSON_OUTPUT_MAX_BYTES) };
  } finally {
    restore();
    ctx.dispose();
  }
}

async function collectJson(name: string, proc: ReturnType<typeof Bun.spawn>, max: number): Promise<unknown> {
  const stdout = proc.stdout as ReadableStream<Uint8Array>;
  const reader = stdout.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooBig = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      tooBig = true;
      proc.kill("SIGKILL");
      reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
  }
  await proc.exited;
  if (tooBig) {
    throw new PluginError(PluginErrorCode.badOutput, `plugin '${name}' printed more than ${Math.round(max / 1024 / 1024)} MiB of JSON output; it was stopped`, {
      hint: "a plugin's --json output must be one JSON document within the limit",
    });
  }
  const status = exitStatus(proc.exitCode, proc.signalCode);
  if (status !== 0) {
    throw new PluginError(PluginErrorCode.failed, `plugin '${name}' failed in JSON mode (exit status ${status}${proc.signalCode ? `, ${proc.signalCode}` : ""})`, {
      exitCode: status,
      hint: "its own messages, if any, are above",
    });
  }
  const bytes = Buffer.concat(chunks);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === "") {
    throw new PluginError(PluginErrorCode.badOutput, `plugin '${name}' printed nothing in JSON mode; one JSON document was expected`);
  }
  // Bounded before parsing and printing: see json-bounds.ts.
  if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
    throw new PluginError(PluginErrorCode.badOutput, `plugin '${name}' printed JSON nested more than ${MAX_JSON_DEPTH} levels deep`, {
      hint: `a plugin's --json document may nest arrays and objects at most ${MAX_JSON_DEPTH} deep; see docs/plugins.md`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PluginError(PluginErrorCode.badOutput, `plugin '${name}' printed invalid JSON: ${(e as Error).message}`, {
      hint: "in JSON mode (REPO_MANAGER_OUTPUT=json) a plugin must print exactly one JSON document on stdout",
    });
  }
  if (prettyJsonLength(value, MAX_PRETTY_CHARS) === undefined) {
    throw new PluginError(PluginErrorCode.badOutput, `plugin '${name}' printed JSON that would take more than ${MAX_PRETTY_CHARS / 1024 / 1024} Mi characters pretty-printed`, {
      hint: "its document is too large to print indented; see docs/plugins.md for the limits",
    });
  }
  return value;
}
