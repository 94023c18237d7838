/**
 * Walks citty sub-commands down to the command that will run. Options belong
 * to the command that takes them: `worktree --force move a b` is a usage
 * error, as git says (129) for `git worktree --force move`.
 */
import type { CommandMeta } from "citty";
import { UsageError } from "../errors.ts";
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
    const idx = rest.findIndex((a) => !a.startsWith("-") || a === "--");
    const name = idx === -1 ? undefined : rest[idx];
    const misplaced = rest.slice(0, idx === -1 ? undefined : idx).find((a) => a !== "--help" && a !== "-h");
    if (misplaced !== undefined) {
      const where = ["repo-manager", ...path].join(" ");
      throw new UsageError(`unknown option '${misplaced}' for '${where}'`, {
        hint: `options go after the command's name (e.g. '${where} <command> ${misplaced}'); see '${where} --help'`,
      });
    }
    if (name === undefined || name === "--") break;
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
