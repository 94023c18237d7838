/** Runs a built-in command: resolve the sub-command, handle --help, check arguments, run. */
import { runCommand } from "citty";
import { writeErr, writeOut } from "../output/stdio.ts";
import { isPassthrough } from "./_args.ts";
import { checkArgs, hasSubCommands, resolve, resolveLeaf } from "./_resolve.ts";
import type { AnyCommand, BuiltinEntry } from "./index.ts";

function wantsHelp(cmdIsPassthrough: boolean, args: string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
    // For a passthrough command only flags before its first word are ours.
    if (cmdIsPassthrough && !a.startsWith("-")) return false;
  }
  return false;
}

async function acceptsJson(cmd: AnyCommand): Promise<boolean> {
  const args = cmd.args ? await resolve(cmd.args) : undefined;
  return args !== undefined && "json" in args;
}

export async function runBuiltin(name: string, entry: BuiltinEntry, args: string[], global: { json: boolean }): Promise<number> {
  const root = await entry.load();
  const leaf = await resolveLeaf(root, entry.aliasOf ?? name, args);
  if (wantsHelp(isPassthrough(leaf.cmd), leaf.args)) {
    const { renderCommandHelp } = await import("./_help.ts"); // only for help: the renderer and table code
    writeOut(await renderCommandHelp(leaf.cmd, leaf.path));
    return 0;
  }
  if (await hasSubCommands(leaf.cmd)) {
    const { renderCommandHelp } = await import("./_help.ts");
    writeErr(await renderCommandHelp(leaf.cmd, leaf.path));
    return 2;
  }
  const where = `repo-manager ${leaf.path.join(" ")}`;
  const rawArgs = [...leaf.args];
  if (global.json && !rawArgs.includes("--json") && (await acceptsJson(leaf.cmd))) rawArgs.unshift("--json");
  await checkArgs(leaf.cmd, rawArgs, where);
  const { result } = await runCommand(leaf.cmd, { rawArgs });
  return typeof result === "number" ? result : 0;
}
