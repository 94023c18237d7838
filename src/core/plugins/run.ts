/**
 * Running a plugin, the one use case behind `repo-manager <name>`,
 * `plugin run` and `plugin exec`: find it and apply the trust checks, check
 * its metadata in JSON mode, build the context document, run it. Returns what
 * the command layer prints or the exit code it passes on; prints nothing.
 */
import { PluginError, PluginErrorCode } from "../../plugins/errors.ts";
import { hostBin } from "../../plugins/host-bin.ts";
import type { Env } from "../../plugins/paths.ts";
import { type RunnablePlugin, resolveRunnable } from "../../plugins/resolve.ts";
import { type RunResult, runPlugin } from "../../plugins/runner.ts";
import { buildContext, type Discover } from "../context.ts";

export interface PluginRunRequest {
  name: string;
  /** The plugin's arguments, exactly as typed. */
  args: string[];
  json: boolean;
  env: Env;
  cwd: string;
  /** Whether the plugin's stdout may be coloured (the context document's `color`). */
  color: boolean;
  version: string;
  /** The repository for the context document (the frame's lazy discovery). */
  discover: Discover;
}

/** What running a plugin comes to: its exit status (text mode) or its validated JSON document. */
export type PluginRunOutcome = RunResult;

/** The plugin's metadata from the cache, or a fresh handshake (cached afterwards). Throws if invalid. */
async function metadataFor(plugin: RunnablePlugin, env: Env) {
  const [cache, { runHandshake }] = await Promise.all([import("../../plugins/cache.ts"), import("../../plugins/metadata.ts")]);
  const c = await cache.loadCache(env);
  let result = cache.cachedResult(c, plugin.path, plugin.stat.size, plugin.stat.mtimeMs);
  if (!result) {
    result = await runHandshake(plugin.name, plugin.path, { env });
    cache.storeResult(c, plugin.path, plugin.stat.size, plugin.stat.mtimeMs, result);
    await cache.saveCache(c, env);
  }
  if (!result.ok) {
    throw new PluginError(PluginErrorCode.metadata, `plugin '${plugin.name}' is invalid: ${result.reason}`, {
      hint: `see 'repo-manager plugin info ${plugin.name}'`,
    });
  }
  return result.metadata;
}

/**
 * Runs plugin `req.name`. Resolves with undefined when no plugin has that
 * name (the caller decides whether that is "unknown command" or "no such
 * plugin"); throws a PluginError when the file found must not run.
 */
export async function runPluginCommand(req: PluginRunRequest): Promise<PluginRunOutcome | undefined> {
  // Static imports above: every run needs them, and one chunk loads faster than several.
  const plugin = await resolveRunnable(req.name, req.env);
  if (!plugin) return undefined;
  const output = req.json ? "json" : "text";
  if (req.json) {
    const metadata = await metadataFor(plugin, req.env);
    if (!metadata.json) {
      throw new PluginError(PluginErrorCode.noJson, `plugin '${plugin.name}' does not support JSON output`, {
        hint: `run it without --json (its metadata says "json": false)`,
      });
    }
  }
  const bin = await hostBin(req.env);
  const context = await buildContext({ version: req.version, bin, cwd: req.cwd, output, color: req.color, env: req.env, discover: req.discover });
  return runPlugin(plugin.name, plugin.path, req.args, { output, context, bin, env: req.env, cwd: req.cwd });
}

/** The error for a plugin name that `plugin run`/`exec`/`info` cannot find. */
export function pluginNotFound(name: string): PluginError {
  return new PluginError(PluginErrorCode.notFound, `no plugin named '${name}'`, {
    hint: `looked for 'repo-manager-plugin-${name}' in REPO_MANAGER_PLUGIN_PATH, the config plugins dir and PATH; see 'repo-manager plugin list'`,
  });
}
