/**
 * Help text. Our own renderer (not citty's) so the usage line names the full
 * command path, colour follows the terminal, and the root help loads no
 * command module.
 */
import type { ArgsDef, CommandMeta } from "citty";
import type { Style } from "../output/style.ts";
import { renderTable } from "../output/table.ts";
import { isVariadic } from "./_args.ts";
import type { FrameContext } from "./_context.ts";
import { kebab } from "./_parse.ts";
import { resolve } from "./_resolve.ts";
import { builtinNames, builtins, type AnyCommand } from "./index.ts";

export async function renderRootHelp(frame: FrameContext): Promise<string> {
  const s = frame.io.style(1);
  const VERSION = frame.version;
  const rows = Object.entries(builtins)
    .filter(([, e]) => !e.aliasOf)
    .map(([name, e]) => [`  ${s.cyan(name)}`, e.description]);
  let text = `repo-manager ${VERSION}: manage git worktrees and run plugins\n\n`;
  text += `${s.bold("Usage:")} repo-manager [-C <dir>] [--json] [--debug] <command> [<args>]\n\n`;
  text += `${s.bold("Commands:")}\n${renderTable(rows)}\n`;
  const plugins = await pluginRows(frame);
  if (plugins.length > 0) text += `\n${s.bold("Plugin commands:")}\n${renderTable(plugins.map(([n, d]) => [`  ${s.cyan(n)}`, d]))}\n`;
  text += `\n${s.bold("Global options:")}\n${renderTable([
    ["  -C <dir>", "Run as if started in <dir>"],
    ["  --json", "Machine-readable output (also passed to plugins)"],
    ["  --debug", "Show stack traces and debug messages (or REPO_MANAGER_DEBUG=1)"],
    ["  --no-color", "No colour (or NO_COLOR=1)"],
    ["  -v, --version", "Print the version"],
    ["  -h, --help", "Print help; 'repo-manager <command> --help' for a command"],
  ])}\n`;
  return text;
}

async function pluginRows(frame: FrameContext): Promise<[string, string][]> {
  try {
    const { pluginHelpEntries } = await import("../plugins/catalog.ts");
    return (await pluginHelpEntries(builtinNames(), frame.env)).map((p): [string, string] => [p.name, p.description]);
  } catch {
    return []; // help must never fail because of a plugin
  }
}

export async function renderCommandHelp(cmd: AnyCommand, path: string[], s: Style): Promise<string> {
  const meta = (cmd.meta ? await resolve(cmd.meta) : {}) as CommandMeta;
  const args = (cmd.args ? await resolve(cmd.args) : {}) as ArgsDef;
  const subs = cmd.subCommands ? ((await resolve(cmd.subCommands)) as Record<string, AnyCommand>) : undefined;
  const usage = [`repo-manager ${path.join(" ")}`];
  const optionRows: string[][] = [];
  const positionalRows: string[][] = [];
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") {
      const required = def.required !== false && def.default === undefined;
      const label = isVariadic(cmd) && name === Object.keys(args).filter((k) => args[k]?.type === "positional").at(-1)
        ? `[<${name}>...]`
        : required ? `<${name}>` : `[<${name}>]`;
      usage.push(label);
      positionalRows.push([`  ${s.cyan(`<${name}>`)}`, def.description ?? ""]);
      continue;
    }
    const aliases = "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    const flags = [...aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`)), `--${kebab(name)}`].join(", ");
    const value = def.type === "string" ? ` <${def.valueHint ?? "value"}>` : def.type === "enum" ? ` <${(def.options ?? []).join("|")}>` : "";
    const dflt = def.default !== undefined && def.type !== "boolean" ? ` (default: ${def.default})` : "";
    optionRows.push([`  ${s.cyan(flags + value)}`, (def.description ?? "") + dflt]);
  }
  if (subs && Object.keys(subs).length > 0) usage.push("<command>");
  if (optionRows.length > 0) usage.splice(1, 0, "[options]");
  let text = `${meta.description ?? ""}\n\n${s.bold("Usage:")} ${usage.join(" ")}\n`;
  if (meta.alias) text += `${s.bold("Alias:")} ${[meta.alias].flat().join(", ")}\n`;
  if (subs && Object.keys(subs).length > 0) {
    const rows: string[][] = [];
    for (const [name, sub] of Object.entries(subs)) {
      const resolved = await resolve(sub);
      const sm = (resolved.meta ? await resolve(resolved.meta) : {}) as CommandMeta;
      if (!sm.hidden) rows.push([`  ${s.cyan(name)}`, sm.description ?? ""]);
    }
    text += `\n${s.bold("Commands:")}\n${renderTable(rows)}\n`;
  }
  if (positionalRows.length > 0) text += `\n${s.bold("Arguments:")}\n${renderTable(positionalRows)}\n`;
  if (optionRows.length > 0) text += `\n${s.bold("Options:")}\n${renderTable(optionRows)}\n`;
  return text;
}
