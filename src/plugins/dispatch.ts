/**
 * The two entry points src/main.ts and the root help use. Kept small and
 * lazy: `repo-manager <plugin>` loads only discovery, the trust checks and
 * the runner (valibot only for managed plugins or JSON mode).
 */
import { executePlugin } from "./execute.ts";
import { resolveRunnable } from "./resolve.ts";

/** Runs plugin `name` if one is found; returns its exit code, or undefined if there is none. */
export async function dispatchPlugin(name: string, args: string[], opts: { json: boolean }): Promise<number | undefined> {
  const plugin = await resolveRunnable(name);
  if (!plugin) return undefined;
  return executePlugin(plugin, args, { json: opts.json });
}

/**
 * Plugin commands for the root help and completion, from the metadata cache
 * (never runs a plugin, never throws). `builtins` are the names that shadow
 * plugins; the caller (the command layer) knows them.
 */
export async function pluginHelpEntries(builtins: readonly string[]): Promise<{ name: string; description: string }[]> {
  try {
    const { listPlugins } = await import("./catalog.ts");
    const entries = await listPlugins({ builtins: [...builtins], cacheOnly: true });
    return entries
      .filter((e) => e.status === "ok" && e.metadata !== null)
      .map((e) => ({ name: e.name, description: e.description ?? "" }));
  } catch {
    return [];
  }
}
