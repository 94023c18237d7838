/**
 * The metadata handshake: `repo-manager-plugin-<name> __repo-manager-metadata`
 * prints one JSON object describing the plugin. Validated with valibot;
 * unknown fields are ignored (a newer plugin may say more than we read).
 */
import * as v from "valibot";
import { PLUGIN_NAME_RE } from "./paths.ts";
import { spawnArgsFor } from "./spawn-args.ts";
import { VERSION } from "../version.ts";

import { METADATA_ARG, METADATA_SCHEMA_VERSION, PROTOCOL, SUPPORTED_PROTOCOLS } from "./protocol.ts";

export { METADATA_ARG, METADATA_SCHEMA_VERSION, PROTOCOL, SUPPORTED_PROTOCOLS };
export const HANDSHAKE_TIMEOUT_MS = 2000;
/** Metadata is a small document; anything bigger is a broken plugin. */
export const HANDSHAKE_MAX_BYTES = 1024 * 1024;

const Command = v.object({
  name: v.pipe(v.string(), v.minLength(1)),
  summary: v.optional(v.string(), ""),
  usage: v.optional(v.string(), ""),
});

export const MetadataSchema = v.object({
  schemaVersion: v.literal(METADATA_SCHEMA_VERSION),
  name: v.pipe(v.string(), v.regex(PLUGIN_NAME_RE, "must match ^[a-z][a-z0-9-]*$")),
  version: v.pipe(v.string(), v.minLength(1)),
  description: v.string(),
  vendor: v.optional(v.string()),
  homepage: v.optional(v.string()),
  protocols: v.pipe(v.array(v.pipe(v.number(), v.integer())), v.minLength(1)),
  commands: v.optional(v.array(Command), []),
  json: v.optional(v.boolean(), false),
});

export type PluginMetadata = v.InferOutput<typeof MetadataSchema>;

/** The outcome of a handshake: metadata, or the reason the plugin is invalid. */
export type HandshakeResult = { ok: true; metadata: PluginMetadata } | { ok: false; reason: string; transient?: true };

/**
 * Validates a parsed metadata document for plugin `name`. Never throws.
 * A wrong schemaVersion and an unspoken protocol get their own messages,
 * since those are the likely mistakes of a plugin written for another version.
 */
export function validateMetadata(name: string | null, doc: unknown): HandshakeResult {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, reason: "metadata is not a JSON object" };
  const sv = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (sv !== METADATA_SCHEMA_VERSION) {
    return { ok: false, reason: `unsupported metadata schemaVersion ${JSON.stringify(sv ?? null)} (this repo-manager reads ${METADATA_SCHEMA_VERSION})` };
  }
  const parsed = v.safeParse(MetadataSchema, doc);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = v.getDotPath(issue) ?? "(root)";
    return { ok: false, reason: `invalid metadata: ${where}: ${issue.message}` };
  }
  const m = parsed.output;
  if (name !== null && m.name !== name) return { ok: false, reason: `metadata name '${m.name}' does not match the file name (plugin '${name}')` };
  if (!m.protocols.some((p) => (SUPPORTED_PROTOCOLS as readonly number[]).includes(p))) {
    return { ok: false, reason: `speaks protocol ${m.protocols.join(", ")}; this repo-manager speaks ${SUPPORTED_PROTOCOLS.join(", ")}` };
  }
  return { ok: true, metadata: m };
}

/** Reads a stream up to `max` bytes; returns undefined if it is longer. */
async function readBounded(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) return undefined;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks);
}

/**
 * Runs the handshake for the plugin file at `path` (expected name `name`; null
 * when installing a file whose name is not known yet), with a
 * timeout. Never throws: every failure is a reason. The process (group, on
 * Unix) is killed on timeout so a hanging plugin cannot keep us waiting.
 */
export async function runHandshake(name: string | null, path: string, opts: { timeoutMs?: number; env?: Record<string, string | undefined> } = {}): Promise<HandshakeResult> {
  const timeoutMs = opts.timeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  let proc: ReturnType<typeof Bun.spawn<"ignore", "pipe", "pipe">>;
  try {
    const { cmd, windowsVerbatimArguments } = spawnArgsFor(name ?? path, path, [METADATA_ARG]);
    proc = Bun.spawn(cmd, {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: { ...(opts.env ?? process.env), REPO_MANAGER_PROTOCOL: String(PROTOCOL), REPO_MANAGER_VERSION: VERSION, ...(name === null ? {} : { REPO_MANAGER_PLUGIN_NAME: name }) },
      windowsVerbatimArguments,
      // Own process group, so a timeout kills the plugin's children too.
      detached: process.platform !== "win32",
    });
  } catch (e) {
    return { ok: false, reason: `cannot run it: ${(e as Error).message}`, transient: true };
  }
  let timedOut = false;
  const kill = () => {
    try {
      if (process.platform !== "win32") process.kill(-proc.pid, "SIGKILL");
      else proc.kill("SIGKILL");
    } catch {
      proc.kill("SIGKILL");
    }
  };
  let timerHandle: ReturnType<typeof setTimeout> | undefined;
  const timer = new Promise<"timeout">((resolve) => {
    timerHandle = setTimeout(() => {
      timedOut = true;
      kill();
      resolve("timeout");
    }, timeoutMs);
  });
  const work = (async () => {
    const [out, err] = await Promise.all([readBounded(proc.stdout, HANDSHAKE_MAX_BYTES), readBounded(proc.stderr, 64 * 1024)]);
    if (out === undefined) kill();
    const code = await proc.exited;
    return { out, err, code };
  })();
  const raced = await Promise.race([work, timer]);
  clearTimeout(timerHandle);
  // Transient: a cold disk or a loaded machine can make a good plugin late once; not cached.
  if (raced === "timeout" || timedOut) return { ok: false, reason: `metadata handshake timed out after ${timeoutMs / 1000} s`, transient: true };
  const { out, err, code } = raced;
  const stderrLine = err ? new TextDecoder().decode(err).trim().split("\n")[0] : "";
  if (out === undefined) return { ok: false, reason: `metadata answer larger than ${HANDSHAKE_MAX_BYTES} bytes` };
  if (code !== 0) {
    const sig = proc.signalCode ? ` (killed by ${proc.signalCode})` : "";
    return { ok: false, reason: `metadata handshake exited with code ${code}${sig}${stderrLine ? `: ${stderrLine}` : ""}` };
  }
  const text = new TextDecoder().decode(out).trim();
  if (text === "") return { ok: false, reason: "no answer to the metadata handshake (empty output)" };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `metadata is not valid JSON: ${(e as Error).message}` };
  }
  return validateMetadata(name, doc);
}
