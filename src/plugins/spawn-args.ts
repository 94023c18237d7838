/**
 * How to start a plugin file with arguments, per platform: the argv for
 * Bun.spawn and whether Windows must take the command line verbatim.
 */
import { posix, win32 } from "node:path";
import { batchCommandLine, isBatchFile, UnsafeBatchArgumentError } from "./windows-cmd.ts";
import { PluginError, PluginErrorCode } from "./errors.ts";

export interface SpawnArgs {
  cmd: string[];
  windowsVerbatimArguments: boolean;
}

/**
 * Throws PluginError(E_PLUGIN_UNSAFE_ARGUMENTS) when a batch plugin would get an argument cmd.exe could misread.
 *
 * The file is always spawned by its absolute path: a bare name (what
 * `join("./", name)` gives) would make the spawn search PATH and run some
 * other file than the one the trust checks looked at.
 */
export function spawnArgsFor(
  name: string,
  file: string,
  args: string[],
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
): SpawnArgs {
  file = platform === "win32" ? win32.resolve(file) : posix.resolve(file);
  if (platform === "win32" && isBatchFile(file)) {
    try {
      const comspec = env.ComSpec ?? env.COMSPEC ?? "cmd.exe";
      return { cmd: [comspec, batchCommandLine(file, args)], windowsVerbatimArguments: true };
    } catch (e) {
      if (e instanceof UnsafeBatchArgumentError) {
        throw new PluginError(PluginErrorCode.unsafeArgs, `plugin '${name}' is a batch file and ${e.message}`, {
          hint: "batch plugins cannot take %, !, \" or line breaks safely; ask its author for an .exe, or avoid those characters",
        });
      }
      throw e;
    }
  }
  return { cmd: [file, ...args], windowsVerbatimArguments: false };
}
