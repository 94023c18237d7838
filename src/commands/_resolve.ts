/**
 * Walks citty sub-commands down to the command that will run, and checks its
 * command line strictly: citty (like node's parseArgs with strict: false)
 * silently accepts unknown options, which a careful user would not expect.
 */
import type { ArgsDef, CommandMeta } from "citty";
import { UsageError } from "../errors.ts";
import { isPassthrough, isVariadic } from "./_args.ts";
import type { AnyCommand } from "./index.ts";

/** citty lets meta, args and sub-commands be values, promises or functions of either. */
export const resolve = async <T>(v: T | Promise<T> | (() => T) | (() => Promise<T>)): Promise<T> =>
  typeof v === "function" ? await (v as () => T | Promise<T>)() : await v;

export interface ResolvedCommand {
  cmd: AnyCommand;
  parent: AnyCommand | undefined;
  /** The words that named it, e.g. ["worktree", "list"]. */
  path: string[];
  args: string[];
}

export async function resolveLeaf(root: AnyCommand, rootName: string, args: string[]): Promise<ResolvedCommand> {
  let cmd = root;
  let parent: AnyCommand | undefined;
  const path = [rootName];
  let rest = args;
  for (;;) {
    const subs = cmd.subCommands ? await resolve(cmd.subCommands) : undefined;
    if (!subs || Object.keys(subs).length === 0) break;
    const idx = rest.findIndex((a) => !a.startsWith("-"));
    const name = idx === -1 ? undefined : rest[idx];
    if (name === undefined || rest.slice(0, idx).includes("--")) break;
    const sub = await findSub(subs as Record<string, unknown>, name);
    if (!sub) {
      throw new UsageError(`unknown command '${[...path, name].join(" ")}'`, {
        hint: `see '${["repo-manager", ...path].join(" ")} --help' for the list of commands`,
      });
    }
    parent = cmd;
    cmd = sub;
    path.push(name);
    rest = [...rest.slice(0, idx), ...rest.slice(idx + 1)];
  }
  return { cmd, parent, path, args: rest };
}

async function findSub(subs: Record<string, unknown>, name: string): Promise<AnyCommand | undefined> {
  if (name in subs) return resolve(subs[name] as AnyCommand);
  for (const value of Object.values(subs)) {
    const sub = await resolve(value as AnyCommand);
    const meta = (sub.meta ? await resolve(sub.meta) : {}) as CommandMeta;
    const aliases = meta.alias === undefined ? [] : Array.isArray(meta.alias) ? meta.alias : [meta.alias];
    if (aliases.includes(name)) return sub;
  }
  return undefined;
}

export const hasSubCommands = async (cmd: AnyCommand): Promise<boolean> =>
  cmd.subCommands !== undefined && Object.keys(await resolve(cmd.subCommands)).length > 0;

/** Options are typed in kebab-case whatever the key's spelling (citty accepts both). */
export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Throws a UsageError for unknown options, missing option values and surplus positionals. */
export async function checkArgs(cmd: AnyCommand, rawArgs: string[], where: string): Promise<void> {
  if (isPassthrough(cmd)) return;
  const defs = (cmd.args ? await resolve(cmd.args) : {}) as ArgsDef;
  const longs = new Map<string, ArgsDef[string]>();
  const shorts = new Map<string, ArgsDef[string]>();
  let positionalSlots = 0;
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") {
      positionalSlots++;
      continue;
    }
    longs.set(name, def);
    longs.set(kebab(name), def);
    const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    for (const a of aliases) (a.length === 1 ? shorts : longs).set(a, def);
  }
  const takesValue = (def: ArgsDef[string] | undefined) => def?.type === "string" || def?.type === "enum";
  let positionals = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--") {
      positionals += rawArgs.length - i - 1;
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      let def = longs.get(name);
      if (!def && name.startsWith("no-")) {
        const positive = longs.get(name.slice(3));
        if (positive?.type === "boolean") def = positive;
      }
      if (!def) throw new UsageError(`unknown option '--${name}' for '${where}'`, { hint: `see '${where} --help'` });
      if (takesValue(def) && eq === -1) {
        if (i + 1 >= rawArgs.length) throw new UsageError(`option '--${name}' needs a value`, { hint: `see '${where} --help'` });
        i++;
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      const letters = arg.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const c = letters[j] as string;
        const def = shorts.get(c);
        if (!def) throw new UsageError(`unknown option '-${c}' for '${where}'`, { hint: `see '${where} --help'` });
        if (takesValue(def)) {
          if (j === letters.length - 1) {
            if (i + 1 >= rawArgs.length) throw new UsageError(`option '-${c}' needs a value`, { hint: `see '${where} --help'` });
            i++;
          }
          break; // the rest of the cluster is the value
        }
      }
    } else positionals++;
  }
  if (positionals > positionalSlots && !isVariadic(cmd)) {
    throw new UsageError(`too many arguments for '${where}'`, { hint: `see '${where} --help'` });
  }
}
