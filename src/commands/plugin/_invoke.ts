/**
 * Shared by `plugin run` and `plugin exec`: they parse their own command line
 * (they are passthrough commands) so the plugin's arguments reach it untouched.
 */
import { UsageError } from "../../errors.ts";
import { pluginNotFound, runPluginCommand } from "../../core/plugins/run.ts";
import { formatJson } from "../../output/json.ts";
import type { FrameContext } from "../_context.ts";

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

/**
 * Runs the plugin through the core use case and renders its outcome: its exit
 * status passes through; in JSON mode its validated document is printed.
 * Resolves with undefined when no plugin has that name.
 */
export async function runPluginNamed(frame: FrameContext, inv: PluginInvocation): Promise<number | undefined> {
  const outcome = await runPluginCommand({
    name: inv.name,
    args: inv.args,
    json: inv.json,
    env: frame.env,
    cwd: frame.cwd,
    color: frame.io.color(1),
    version: frame.version,
    discover: frame.repo,
  });
  if (outcome === undefined) return undefined;
  if (outcome.kind === "exit") return outcome.code;
  frame.io.out(formatJson(outcome.value));
  return 0;
}

/** `plugin run` and `plugin exec`: a missing plugin is an error here (not "unknown command"). */
export async function invokePlugin(frame: FrameContext, inv: PluginInvocation): Promise<number> {
  const code = await runPluginNamed(frame, inv);
  if (code !== undefined) return code;
  throw pluginNotFound(inv.name);
}
