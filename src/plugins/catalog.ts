/**
 * The full picture of installed plugins for `plugin list`, `plugin info` and
 * the root help: every candidate file with its status and, where it is safe
 * to ask, its metadata (from the cache, or a fresh handshake).
 *
 * A plugin that is shadowed, not executable or invalid is listed with the
 * reason; nothing about one plugin can break the listing.
 */
import { cachedResult, loadCache, pruneCache, saveCache, storeResult, type MetadataCache } from "./cache.ts";
import { scanPlugins, type PluginFile } from "./discover.ts";
import type { LockFile } from "./lock.ts";
import { runHandshake, type HandshakeResult, type PluginMetadata } from "./metadata.ts";
import { FRAME_COMMANDS, PLUGIN_NAME_RE, type Env, type PluginSource } from "./paths.ts";
import { pluginPolicy } from "./policy.ts";
import { isExecutable, unsafePermissionReason } from "./trust.ts";
import { checkIntegrity, managedEntry, refreshLockStamp, stampMatches, stampOf } from "./verify.ts";

export type PluginStatus = "ok" | "shadowed" | "invalid" | "disabled";

export interface PluginEntry {
  name: string;
  version: string | null;
  description: string | null;
  source: PluginSource;
  path: string;
  managed: boolean;
  status: PluginStatus;
  reason: string | null;
  /** Path of the plugin (or "builtin:<name>") that wins over this one. */
  shadowedBy: string | null;
  metadata: PluginMetadata | null;
}

export interface CatalogOptions {
  env?: Env;
  /** Names of built-in commands: they always win over plugins. */
  builtins: readonly string[];
  /** Ignore the cache and handshake every plugin again. */
  refresh?: boolean;
  /** Never run a plugin: take metadata from the cache only (for help). */
  cacheOnly?: boolean;
  /** Only this plugin name (for `plugin info`). */
  only?: string;
}


const CONCURRENCY = 8;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function loadLockSafely(env: Env, cache: MetadataCache): Promise<{ lock: LockFile; error: string | null }> {
  try {
    const { readLockStamped } = await import("./lock.ts");
    const { lock, stamp } = await readLockStamped(env, cache.lockStamp);
    if (stamp?.size !== cache.lockStamp?.size || stamp?.mtimeMs !== cache.lockStamp?.mtimeMs) {
      cache.lockStamp = stamp;
      cache.dirty = true;
    }
    return { lock, error: null };
  } catch (e) {
    return { lock: { schemaVersion: 1 as const, plugins: {} }, error: (e as Error).message };
  }
}

/** Lists plugins in search order with their status. Never throws for a plugin's fault. */
export async function listPlugins(opts: CatalogOptions): Promise<PluginEntry[]> {
  const env = opts.env ?? process.env;
  const cache = await loadCache(env);
  let files = await scanPlugins(env, undefined, opts.refresh ? undefined : cache);
  if (opts.only !== undefined) files = files.filter((f) => f.name === opts.only);
  const needsLock = files.some((f) => f.source === "config");
  const { lock, error: lockError } = needsLock ? await loadLockSafely(env, cache) : { lock: { schemaVersion: 1 as const, plugins: {} }, error: null };
  const winner = new Map<string, string>();
  const builtins = new Set([...opts.builtins, ...FRAME_COMMANDS]);

  const entries = files.map(
    (file): PluginEntry => ({
      name: file.name,
      version: null,
      description: null,
      source: file.source,
      path: file.path,
      managed: false,
      status: "ok",
      reason: null,
      shadowedBy: null,
      metadata: null,
    }),
  );
  // Shadowing depends on order only; decide it before any (parallel) handshake.
  files.forEach((file, i) => {
    const e = entries[i] as PluginEntry;
    const first = winner.get(file.name);
    if (first !== undefined) {
      e.status = "shadowed";
      e.shadowedBy = first;
      e.reason = `shadowed by ${first}`;
    } else {
      winner.set(file.name, file.path);
      if (builtins.has(file.name)) {
        e.status = "shadowed";
        e.shadowedBy = `builtin:${file.name}`;
        e.reason = `the built-in command '${file.name}' takes this name; run it with 'repo-manager plugin exec ${file.name}'`;
      }
    }
  });

  // Checks run in order (cheap: stats and cache look-ups); only the
  // handshakes that are really needed run, in parallel.
  const ctx: InspectContext = { cache, lock, lockError, env, managedOnly: pluginPolicy(env) === "managed", refresh: opts.refresh ?? false, cacheOnly: opts.cacheOnly ?? false };
  const handshakes: (() => Promise<void>)[] = [];
  for (let i = 0; i < files.length; i++) {
    const pending = inspect(files[i] as PluginFile, entries[i] as PluginEntry, ctx);
    if (pending) handshakes.push(pending);
  }
  await mapLimit(handshakes, CONCURRENCY, (run) => run());
  if (opts.only === undefined && !opts.cacheOnly) pruneCache(cache, new Set(files.map((f) => f.path)));
  // Help (cacheOnly) may save too: only listings and the lock stamp can have changed, never answers.
  await saveCache(cache, env);
  return entries;
}

interface InspectContext {
  cache: MetadataCache;
  lock: LockFile;
  lockError: string | null;
  env: Env;
  managedOnly: boolean;
  refresh: boolean;
  cacheOnly: boolean;
}

/**
 * Fills status, reason and metadata of one entry, synchronously when it can
 * (the common, cached case). Slow work (re-hashing a managed plugin whose
 * mtime changed, a handshake) is returned as a task to run later, in parallel.
 */
function inspect(file: PluginFile, e: PluginEntry, ctx: InspectContext): (() => Promise<void>) | undefined {
  const invalid = (reason: string): undefined => {
    if (e.status !== "shadowed") {
      e.status = "invalid";
      e.reason = reason;
    }
    return undefined;
  };
  const applyMetadata = (r: HandshakeResult | undefined): undefined => {
    if (r?.ok) {
      e.metadata = r.metadata;
      e.version = r.metadata.version;
      e.description = r.metadata.description;
    } else if (r && !r.ok) invalid(r.reason);
    return undefined;
  };
  const { size, mtimeMs } = file.stat;
  const cached = ctx.refresh ? undefined : cachedResult(ctx.cache, file.path, size, mtimeMs);
  if (!PLUGIN_NAME_RE.test(file.name)) return invalid(`bad plugin name '${file.name}': must match ^[a-z][a-z0-9-]*$`);
  const managed = ctx.lockError === null ? managedEntry(file, ctx.lock) : undefined;
  e.managed = managed !== undefined;
  // A plugin shadowed by another plugin is never run by us: show what the cache knows.
  if (e.status === "shadowed" && !e.shadowedBy?.startsWith("builtin:")) return applyMetadata(cached?.ok ? cached : undefined);
  if (!isExecutable(file.path, file.stat)) return invalid(`not executable (run 'chmod +x ${file.path}')`);
  const unsafe = unsafePermissionReason(file.path, file.entry);
  if (unsafe) return invalid(unsafe.reason);
  if (file.source === "config" && ctx.lockError !== null) return invalid(ctx.lockError);
  if (managed && !stampMatches(file, managed)) {
    return async () => {
      const integrity = await checkIntegrity(file, managed);
      if (!integrity.ok) return void invalid(integrity.reason);
      if (!ctx.cacheOnly) await refreshLockStamp(file, ctx.env);
      await inspect(file, e, { ...ctx, lock: { ...ctx.lock, plugins: { ...ctx.lock.plugins, [file.name]: { ...managed, ...stampOf(file.stat) } } } })?.();
    };
  }
  if (ctx.managedOnly && !managed) {
    if (e.status !== "shadowed") {
      e.status = "disabled";
      e.reason = "not a managed plugin, and only managed plugins may run (REPO_MANAGER_PLUGINS or config.json)";
    }
    return applyMetadata(cached?.ok ? cached : undefined);
  }
  if (cached || ctx.cacheOnly) return applyMetadata(cached);
  return async () => {
    const fresh = await runHandshake(file.name, file.path, { env: ctx.env });
    storeResult(ctx.cache, file.path, size, mtimeMs, fresh);
    applyMetadata(fresh);
  };
}

/**
 * Plugin commands for the root help and completion, from the metadata cache
 * (never runs a plugin, never throws). `builtins` are the names that shadow
 * plugins; the caller (the command layer) knows them.
 */
export async function pluginHelpEntries(builtins: readonly string[], env: Env): Promise<{ name: string; description: string }[]> {
  try {
    const entries = await listPlugins({ builtins: [...builtins], cacheOnly: true, env });
    return entries
      .filter((e) => e.status === "ok" && e.metadata !== null)
      .map((e) => ({ name: e.name, description: e.description ?? "" }));
  } catch {
    return [];
  }
}
