/**
 * From the words after the global options to a command: the root help, a
 * built-in, or a plugin (`repo-manager <name>`). Built-ins always win.
 */
import { UsageError } from "../errors.ts";
import type { FrameContext } from "./_context.ts";
import { runBuiltin } from "./_run.ts";
import { builtins } from "./index.ts";

/** Runs what `words` name; resolves with the exit code. */
export async function dispatch(frame: FrameContext, words: string[], help: boolean): Promise<number> {
  const [name, ...args] = words;
  if (name === undefined || (name === "help" && args.length === 0)) {
    const { renderRootHelp } = await import("./_help.ts");
    const text = await renderRootHelp(frame);
    // `repo-manager` alone is a usage error (like git); `--help` is a request.
    if (help || name === "help") {
      frame.io.out(text);
      return 0;
    }
    frame.io.err(text);
    return 2;
  }
  if (name === "help") return dispatch(frame, args, true);
  const entry = builtins[name];
  if (entry) {
    return runBuiltin(frame, name, entry, help ? [...args, "--help"] : args);
  }
  const { runPluginNamed } = await import("./plugin/_invoke.ts");
  // `repo-manager --help <plugin>` asks the plugin for its own help.
  const code = await runPluginNamed(frame, { name, args: help ? [...args, "--help"] : args, json: frame.global.json });
  if (code !== undefined) return code;
  throw new UsageError(`'${name}' is not a repo-manager command or an installed plugin`, {
    hint: "see 'repo-manager --help' for commands and 'repo-manager plugin list' for plugins",
  });
}
