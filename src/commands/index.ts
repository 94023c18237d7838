/**
 * The built-in command map. Modules are imported only when their command runs,
 * so `--version` and `--help` load none of them. Descriptions live here so the
 * root help can be printed without loading anything.
 */
import type { CommandDef } from "citty";

// biome-ignore lint/suspicious/noExplicitAny: commands have different argument shapes
export type AnyCommand = CommandDef<any>;

export interface BuiltinEntry {
  description: string;
  load: () => Promise<AnyCommand>;
  /** Shown in help under its main name only. */
  aliasOf?: string;
}

const worktree = () => import("./worktree/index.ts").then((m) => m.default);

export const builtins: Record<string, BuiltinEntry> = {
  worktree: { description: "Manage git worktrees (add, list, remove, lock, unlock, move, prune, repair)", load: worktree },
  wt: { description: "Alias of worktree", load: worktree, aliasOf: "worktree" },
  plugin: { description: "List, inspect, install and run plugins", load: () => import("./plugin/index.ts").then((m) => m.default) },
  context: {
    description: "Print the context document plugins receive",
    load: () => import("./context.ts").then((m) => m.default),
  },
  config: {
    description: "Show the configuration (config show) and the files it is read from (config path)",
    load: () => import("./config/index.ts").then((m) => m.default),
  },
  switch: {
    description: "Go to a branch's worktree, creating it at the worktree-path template if needed",
    load: () => import("./switch.ts").then((m) => m.default),
  },
  "shell-init": {
    description: "Print the shell function that lets switch change directory (bash, zsh, fish, powershell)",
    load: () => import("./shell-init.ts").then((m) => m.default),
  },
  shell: {
    description: "Install or uninstall the shell integration in your shell's rc file",
    load: () => import("./shell/index.ts").then((m) => m.default),
  },
  completion: {
    description: "Print a shell completion script (bash, zsh, fish, powershell)",
    load: () => import("./completion.ts").then((m) => m.default),
  },
};

/** Every name a plugin cannot take: the built-ins and `help`, which main.ts answers itself. */
export const builtinNames = (): string[] => [...Object.keys(builtins), "help"];
