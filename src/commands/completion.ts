/**
 * `repo-manager completion bash|zsh|fish|powershell` prints a completion script;
 * `repo-manager completion __complete <words...>` (hidden; what the scripts
 * call) prints the candidates for the last word, `value<TAB>description` per
 * line. The command tree is built here from the citty definitions of the
 * built-ins and from pluginHelpEntries() (the plugin metadata cache); no
 * plugin is ever run to complete.
 */
import type { ArgsDef, CommandMeta } from "citty";
import { defineCommand } from "citty";
import { isAbsolute, relative, resolve as resolvePath } from "node:path";
import type { WorktreeInfo } from "../git/repo/types.ts";
import { type Candidate, type CompletionFlag, type CompletionNode, completeWords, formatCandidates, SHELLS, type Shell } from "../core/completion.ts";
import { completionScript } from "../core/completion-scripts.ts";
import { UsageError } from "../errors.ts";
import { passthrough } from "./_args.ts";
import { contextOf, type Env } from "./_context.ts";
import { kebab } from "./_parse.ts";
import { resolve } from "./_resolve.ts";
import { type AnyCommand, builtinNames, builtins } from "./index.ts";

const GLOBAL_FLAGS: CompletionFlag[] = [
  { long: "json", shorts: [], description: "Machine-readable output", takesValue: false },
  { long: "debug", shorts: [], description: "Show stack traces and debug messages", takesValue: false },
  { long: "no-color", shorts: [], description: "No colour", takesValue: false },
  { long: "version", shorts: ["v"], description: "Print the version", takesValue: false },
  // -C <dir>: no values, so the shell completes directory/file names.
  { long: "", shorts: ["C"], description: "Run as if started in <dir>", takesValue: true },
];

function flagsOf(args: ArgsDef): CompletionFlag[] {
  const flags: CompletionFlag[] = [];
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const aliases = "alias" in def && def.alias ? [def.alias].flat() : [];
    const long = kebab(name);
    // The negation is what a user types for a flag that is on by default (--no-checkout),
    // or one whose help names it (--no-track); _parse.ts accepts --no-<flag> for every boolean.
    if (def.type === "boolean" && (def.default === true || (def.description ?? "").includes(`--no-${long}`))) {
      flags.push({ long: `no-${long}`, shorts: [], description: def.description ?? "", takesValue: false });
    }
    flags.push({
      long,
      shorts: aliases.filter((a) => a.length === 1),
      description: def.description ?? "",
      takesValue: def.type === "string" || def.type === "enum",
      ...(def.type === "enum" ? { values: [...(def.options ?? [])].map(String) } : {}),
    });
  }
  return flags;
}

/** A completion node for a citty command; its module is loaded only when completion walks into it. */
function cittyNode(name: string, description: string, load: () => Promise<AnyCommand>, aliases: string[] = []): CompletionNode {
  let cached: Promise<AnyCommand> | undefined;
  const cmd = () => (cached ??= load());
  return {
    name,
    description,
    aliases,
    flags: async () => flagsOf(((await cmd()).args ? await resolve((await cmd()).args) : {}) as ArgsDef),
    children: async () => {
      const c = await cmd();
      const subs = c.subCommands ? ((await resolve(c.subCommands)) as Record<string, unknown>) : {};
      const nodes: CompletionNode[] = [];
      for (const [subName, value] of Object.entries(subs)) {
        const sub = await resolve(value as AnyCommand);
        const meta = (sub.meta ? await resolve(sub.meta) : {}) as CommandMeta;
        const node = cittyNode(subName, meta.description ?? "", async () => sub, meta.alias ? [meta.alias].flat() : []);
        nodes.push(meta.hidden ? { ...node, hidden: true } : node);
      }
      return nodes;
    },
  };
}

async function pluginNodes(env: Env): Promise<CompletionNode[]> {
  try {
    const { pluginHelpEntries } = await import("../plugins/catalog.ts");
    // A plugin's arguments are its own: no flags, no children, file names after it.
    return (await pluginHelpEntries(builtinNames(), env))
      .filter((p) => !(p.name in builtins))
      .map((p) => ({ name: p.name, description: p.description, flags: async () => [] }));
  } catch {
    return []; // completion must never fail because of a plugin
  }
}

type PositionalValues = NonNullable<CompletionNode["positionalValues"]>;

/** Gives the named sub-commands of `node` candidates for their first positional argument. */
function withFirstArg(node: CompletionNode, values: Record<string, (current: string) => Promise<Candidate[]>>): CompletionNode {
  const wrap = (f: (current: string) => Promise<Candidate[]>): PositionalValues => async (i, current) => (i === 0 ? f(current) : []);
  return {
    ...node,
    children: async () =>
      ((await node.children?.()) ?? []).map((c) => {
        const f = values[c.name];
        return f ? { ...c, positionalValues: wrap(f) } : c;
      }),
  };
}

// `plugin info|uninstall|exec|run <name>` complete installed plugin names.
const pluginNames = (env: Env) => async (): Promise<Candidate[]> => (await pluginNodes(env)).map((p) => ({ value: p.name, description: p.description }));

/**
 * Linked worktrees of the repository at `cwd` (none outside one), for
 * `worktree lock|unlock|remove|move <worktree>`: relative to the cwd, or
 * absolute once the user has started typing an absolute path.
 */
async function worktreeArgs(cwd: string, env: Env, keep: (w: WorktreeInfo) => boolean, current: string): Promise<Candidate[]> {
  try {
    const { discoverRepositorySync } = await import("../git/repo/discovery.ts");
    const { listWorktreesSync } = await import("../core/worktree/list.ts");
    const { repo, config } = discoverRepositorySync(cwd, env);
    return listWorktreesSync(repo, { config })
      .filter((w) => !w.isMain && keep(w))
      .map((w) => ({
        // git prints forward slashes on Windows too; relative() gives the native separator, which every Windows shell takes.
        value: isAbsolute(current) ? w.path : relative(cwd, w.path) || ".",
        description: `${w.branch ? w.branch.replace(/^refs\/heads\//, "") : w.detached ? "detached HEAD" : ""}${w.locked ? " (locked)" : ""}`,
      }));
  } catch {
    return []; // not in a repository, or a damaged one: the shell completes file names
  }
}

/** `switch <target>`: worktrees by branch (or directory name) and the local branches, for the repository at `cwd`. */
async function switchTargetArgs(cwd: string, env: Env): Promise<Candidate[]> {
  try {
    const { discoverRepositorySync } = await import("../git/repo/discovery.ts");
    const { switchTargets } = await import("../core/workflow/targets.ts");
    const { repo, config } = discoverRepositorySync(cwd, env);
    return switchTargets(repo, config).map((t) => ({ value: t.target, description: t.path === null ? "branch, no worktree yet" : t.path }));
  } catch {
    return [];
  }
}

/** The directory the completed command will run in: the cwd after the global `-C <dir>` options. */
function effectiveCwd(start: string, words: string[]): string {
  let cwd = start;
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i] as string;
    if (w === "-C" && i + 1 < words.length - 1) cwd = resolvePath(cwd, words[++i] as string);
    else if (w.startsWith("-C") && w.length > 2) cwd = resolvePath(cwd, w.slice(2));
    else if (!w.startsWith("-")) break;
  }
  return cwd;
}

/** The whole command tree: built-ins (aliases recognised, not offered), `help`, and cached plugins. */
export function commandTree(cwd: string, env: Env): CompletionNode {
  const worktrees = (keep: (w: WorktreeInfo) => boolean) => (current: string) => worktreeArgs(cwd, env, keep, current);
  const plugins = pluginNames(env);
  const rootChildren = async (): Promise<CompletionNode[]> => {
    const nodes: CompletionNode[] = [];
    for (const [name, entry] of Object.entries(builtins)) {
      const node = cittyNode(name, entry.description, entry.load);
      if (name === "plugin") {
        nodes.push(withFirstArg(node, { info: plugins, uninstall: plugins, exec: plugins, run: plugins }));
      } else if (entry.load === builtins.worktree?.load) {
        const all = worktrees(() => true);
        const withArgs = withFirstArg(node, { lock: worktrees((w) => !w.locked), unlock: worktrees((w) => w.locked), remove: all, move: all });
        nodes.push(entry.aliasOf ? { ...withArgs, hidden: true } : withArgs);
      } else if (name === "switch") {
        nodes.push({ ...node, positionalValues: async (i) => (i === 0 ? switchTargetArgs(cwd, env) : []) });
      } else if (name === "completion" || name === "shell-init") {
        nodes.push({ ...node, flags: async () => [], children: undefined, positionalValues: async (i) => (i === 0 ? [...SHELLS] : []) });
      } else nodes.push(entry.aliasOf ? { ...node, hidden: true } : node);
    }
    const commandNames = async (i: number): Promise<Candidate[]> =>
      i === 0 ? nodes.filter((n) => !n.hidden).map((n) => ({ value: n.name, description: n.description })) : [];
    nodes.push({ name: "help", description: "Show help for a command", flags: async () => [], positionalValues: commandNames });
    nodes.push(...(await pluginNodes(env)));
    return nodes;
  };
  return { name: "repo-manager", description: "", flags: async () => GLOBAL_FLAGS, children: rootChildren };
}

export default passthrough(
  defineCommand({
    meta: { name: "completion", description: "Print a shell completion script (bash, zsh, fish, powershell)" },
    args: {
      shell: { type: "positional", description: `One of: ${SHELLS.join(", ")}`, required: false },
    },
    async run({ rawArgs, data }) {
      const ctx = contextOf(data);
      const [first, ...rest] = rawArgs;
      if (first === "__complete") {
        ctx.io.out(formatCandidates(await completeWords(commandTree(effectiveCwd(ctx.cwd, rest), ctx.env), rest)));
        return 0;
      }
      if (first === undefined) {
        throw new UsageError("'repo-manager completion' needs a shell", { hint: `choose one of: ${SHELLS.join(", ")}` });
      }
      if (!SHELLS.includes(first as Shell)) {
        throw new UsageError(`unsupported shell '${first}'`, { hint: `choose one of: ${SHELLS.join(", ")}` });
      }
      if (rest.length > 0) throw new UsageError("too many arguments for 'repo-manager completion'", { hint: "see 'repo-manager completion --help'" });
      ctx.io.out(completionScript(first as Shell));
      return 0;
    },
  }),
);
