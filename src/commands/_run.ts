/**
 * Runs a built-in command: resolve the sub-command, answer --help, parse the
 * command line once (src/commands/_parse.ts), build the command's context and
 * call its `run`. citty provides the definitions; it runs nothing here.
 */
import type { ArgsDef } from "citty";
import { isPassthrough, isVariadic } from "./_args.ts";
import { commandContext, type FrameContext } from "./_context.ts";
import { parseCommandLine } from "./_parse.ts";
import { hasSubCommands, resolve, resolveLeaf } from "./_resolve.ts";
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

export async function runBuiltin(frame: FrameContext, name: string, entry: BuiltinEntry, args: string[]): Promise<number> {
  const root = await entry.load();
  const leaf = await resolveLeaf(root, entry.aliasOf ?? name, args);
  const helpAsked = wantsHelp(isPassthrough(leaf.cmd), leaf.args);
  if (helpAsked || (await hasSubCommands(leaf.cmd))) {
    const { renderCommandHelp } = await import("./_help.ts"); // only for help: the renderer and table code
    const text = await renderCommandHelp(leaf.cmd, leaf.path, frame.io.style(1));
    // `repo-manager worktree` alone is a usage error (like git); `--help` is a request.
    if (helpAsked) {
      frame.io.out(text);
      return 0;
    }
    frame.io.err(text);
    return 2;
  }
  const where = `repo-manager ${leaf.path.join(" ")}`;
  const defs = (leaf.cmd.args ? await resolve(leaf.cmd.args) : {}) as ArgsDef;
  // A passthrough command (plugin run/exec) reads its words itself: its plugin's arguments are not ours.
  const words = isPassthrough(leaf.cmd) ? [] : leaf.args;
  const parsed = parseCommandLine(defs, words, { where, variadic: isVariadic(leaf.cmd) });
  // The global --json reaches every command that reports.
  if (frame.global.json && "json" in defs && parsed.values.json !== false) parsed.values.json = true;
  const ctx = commandContext(frame, parsed, where);
  if (!leaf.cmd.run) return 0;
  const result = await leaf.cmd.run({ rawArgs: leaf.args, args: parsed.values as never, cmd: leaf.cmd, data: ctx });
  return typeof result === "number" ? result : 0;
}
