/**
 * Shared by `plugin run` and `plugin exec`: they parse their own command line
 * (they are passthrough commands) so the plugin's arguments reach it untouched.
 */
import { UsageError } from "../../errors.ts";

export interface PluginInvocation {
  name: string;
  json: boolean;
  args: string[];
}

/**
 * `[--json] <name> [args...]`. With `ownFlagsAfterName` (plugin run), a
 * `--json` after the name but before `--` is ours too, and the first `--` is
 * dropped: `plugin run x --json -- --json` passes one `--json` to the plugin.
 */
export function parseInvocation(rawArgs: string[], where: string, ownFlagsAfterName: boolean): PluginInvocation {
  let json = false;
  let i = 0;
  for (; i < rawArgs.length; i++) {
    const a = rawArgs[i] as string;
    if (a === "--json") json = true;
    else if (a === "--") {
      i++;
      break;
    } else if (a.startsWith("-")) throw new UsageError(`unknown option '${a}' for '${where}'`, { hint: `see '${where} --help'` });
    else break;
  }
  const name = rawArgs[i];
  if (name === undefined) throw new UsageError(`'${where}' needs a plugin name`, { hint: `see '${where} --help'` });
  const rest = rawArgs.slice(i + 1);
  if (!ownFlagsAfterName) return { name, json, args: rest };
  const args: string[] = [];
  for (let j = 0; j < rest.length; j++) {
    const a = rest[j] as string;
    if (a === "--") {
      args.push(...rest.slice(j + 1));
      break;
    }
    if (a === "--json") json = true;
    else args.push(a);
  }
  return { name, json, args };
}

/** Resolves and runs the plugin; a missing one is an error here (not "unknown command"). */
export async function invokePlugin(inv: PluginInvocation): Promise<number> {
  const [{ resolveRunnable }, { executePlugin }, { PluginError, PluginErrorCode }] = await Promise.all([
    import("../../plugins/resolve.ts"),
    import("../../plugins/execute.ts"),
    import("../../plugins/errors.ts"),
  ]);
  const plugin = await resolveRunnable(inv.name);
  if (!plugin) {
    throw new PluginError(PluginErrorCode.notFound, `no plugin named '${inv.name}'`, {
      hint: `looked for 'repo-manager-plugin-${inv.name}' in REPO_MANAGER_PLUGIN_PATH, the config plugins dir and PATH; see 'repo-manager plugin list'`,
    });
  }
  return executePlugin(plugin, inv.args, { json: inv.json });
}
