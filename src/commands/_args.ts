/**
 * Argument fragments shared by commands, and the markers main.ts reads to
 * decide how strictly a command's command line is checked.
 */
import type { ArgsDef, CommandDef } from "citty";

export const jsonArg = {
  json: { type: "boolean", description: "Print machine-readable JSON on stdout" },
} as const satisfies ArgsDef;

export const verboseArg = {
  verbose: { type: "boolean", alias: "v", description: "Say more about what is done" },
} as const satisfies ArgsDef;

export const quietArg = {
  quiet: { type: "boolean", alias: "q", description: "Print nothing but errors" },
} as const satisfies ArgsDef;

export const forceArg = {
  force: { type: "boolean", alias: "f", description: "Override the safety checks" },
} as const satisfies ArgsDef;

// biome-ignore lint/suspicious/noExplicitAny: citty's CommandDef is generic over its args
type AnyCommand = CommandDef<any>;
const variadicCommands = new WeakSet<AnyCommand>();
const passthroughCommands = new WeakSet<AnyCommand>();

/** The command takes any number of positionals (e.g. `repair [<path>...]`); read them from `args._`. */
export function variadic<T extends AnyCommand>(cmd: T): T {
  variadicCommands.add(cmd);
  return cmd;
}

/** The command parses its own raw arguments (e.g. `plugin exec <name> [args...]`): no checking at all. */
export function passthrough<T extends AnyCommand>(cmd: T): T {
  passthroughCommands.add(cmd);
  return cmd;
}

export const isVariadic = (cmd: AnyCommand): boolean => variadicCommands.has(cmd);
export const isPassthrough = (cmd: AnyCommand): boolean => passthroughCommands.has(cmd);
