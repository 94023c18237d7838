/**
 * Running a resolved plugin end to end: metadata check for JSON mode, the
 * context document, the run itself, and printing its JSON result. Shared by
 * `repo-manager <name>`, `plugin run` and `plugin exec`.
 */
import { colorEnabledFor } from "../output/tty.ts";
import { VERSION } from "../version.ts";
import { PluginError, PluginErrorCode } from "./errors.ts";
import type { Env } from "./paths.ts";
import type { RunnablePlugin } from "./resolve.ts";

/** Metadata of a plugin from the cache, or a fresh handshake (cached afterwards). Throws if invalid. */
async function metadataFor(plugin: RunnablePlugin, env: Env) {
  const cache = await import("./cache.ts");
  const { runHandshake } = await import("./metadata.ts");
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

/** Runs the plugin; returns the exit code main should use. In JSON mode prints the validated document. */
export async function executePlugin(plugin: RunnablePlugin, args: string[], opts: { json: boolean; env?: Env }): Promise<number> {
  const env = opts.env ?? process.env;
  const output = opts.json ? "json" : "text";
  if (opts.json) {
    const metadata = await metadataFor(plugin, env);
    if (!metadata.json) {
      throw new PluginError(PluginErrorCode.noJson, `plugin '${plugin.name}' does not support JSON output`, {
        hint: `run it without --json (its metadata says "json": false)`,
      });
    }
  }
  const [{ buildContext }, { hostBin }, { runPlugin }] = await Promise.all([
    import("../core/context.ts"),
    import("./host-bin.ts"),
    import("./runner.ts"),
  ]);
  const bin = await hostBin(env);
  const context = await buildContext({ version: VERSION, bin, cwd: process.cwd(), output, color: colorEnabledFor(1, env), env });
  const result = await runPlugin(plugin.name, plugin.path, args, { output, context, bin, env });
  if (result.kind === "exit") return result.code;
  const { printJson } = await import("../output/json.ts");
  printJson(result.value);
  return 0;
}
