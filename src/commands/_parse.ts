/**
 * The one argument parse of a command line, from the command's citty `args`
 * description. citty's own parser (node:util's parseArgs with strict: false)
 * accepts unknown options silently and cannot count `-ff`; this one follows
 * git's conventions instead:
 * - unknown options, missing values and surplus positionals are usage errors (exit 2);
 * - `--` ends the options; `--name=value` and `--name value`; `--no-<flag>` for every boolean;
 * - short clusters: `-ff` counts twice, `-b<value>` and `-fb <value>` attach the value;
 * - a lone `-` is a positional (git's "previous branch").
 */
import type { ArgDef, ArgsDef } from "citty";
import { UsageError } from "../errors.ts";

/** What a command's run sees as `args`: citty's shape (`_` holds every positional). */
export type ParsedValues = Record<string, unknown> & { _: string[] };

export interface ParsedCommandLine {
  values: ParsedValues;
  /** How often each boolean option was given, by its declared name (`-ff` is 2; `--no-f` resets to 0). */
  counts: Record<string, number>;
  /** Declared names of the options the user typed (with or without `--no-`). */
  given: Set<string>;
}

export interface ParseOptions {
  /** `repo-manager worktree add`: named in the messages. */
  where: string;
  /** Any number of positionals (the last declared one collects the rest). */
  variadic?: boolean;
}

/** Options are typed in kebab-case whatever the key's spelling. */
export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const aliasesOf = (def: ArgDef): string[] =>
  "alias" in def && def.alias ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];

const takesValue = (def: ArgDef) => def.type === "string" || def.type === "enum";

/** Parses `argv` (the words after the command's name) against `defs`. Throws UsageError. */
export function parseCommandLine(defs: ArgsDef, argv: readonly string[], opts: ParseOptions): ParsedCommandLine {
  const longs = new Map<string, string>();
  const shorts = new Map<string, string>();
  const positionalNames: string[] = [];
  for (const [name, def] of Object.entries(defs)) {
    if (def.type === "positional") {
      positionalNames.push(name);
      continue;
    }
    longs.set(name, name);
    longs.set(kebab(name), name);
    for (const a of aliasesOf(def)) (a.length === 1 ? shorts : longs).set(a, name);
  }
  const hint = `see '${opts.where} --help'`;
  const values: ParsedValues = { _: [] };
  const counts: Record<string, number> = {};
  const given = new Set<string>();
  const set = (name: string, def: ArgDef, value: string | boolean, typed: string) => {
    given.add(name);
    if (def.type === "boolean") {
      counts[name] = value === false ? 0 : (counts[name] ?? 0) + 1;
    } else if (def.type === "enum" && !(def.options ?? []).map(String).includes(value as string)) {
      throw new UsageError(`invalid value '${value}' for option '${typed}'`, { hint: `one of: ${(def.options ?? []).join(", ")}` });
    }
    values[name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      values._.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const word = arg.slice(2, eq === -1 ? undefined : eq);
      let name = longs.get(word);
      let negated = false;
      if (name === undefined && word.startsWith("no-")) {
        const positive = longs.get(word.slice(3));
        if (positive !== undefined && defs[positive]?.type === "boolean") [name, negated] = [positive, true];
      }
      const def = name === undefined ? undefined : defs[name];
      if (name === undefined || def === undefined) throw new UsageError(`unknown option '--${word}' for '${opts.where}'`, { hint });
      if (!takesValue(def)) {
        if (eq !== -1) throw new UsageError(`option '--${word}' takes no value`, { hint });
        set(name, def, !negated, `--${word}`);
      } else if (eq !== -1) set(name, def, arg.slice(eq + 1), `--${word}`);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`option '--${word}' needs a value`, { hint });
        set(name, def, argv[++i] as string, `--${word}`);
      }
    } else if (arg.startsWith("-") && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j] as string;
        const name = shorts.get(c);
        const def = name === undefined ? undefined : defs[name];
        if (name === undefined || def === undefined) throw new UsageError(`unknown option '-${c}' for '${opts.where}'`, { hint });
        if (!takesValue(def)) {
          set(name, def, true, `-${c}`);
          continue;
        }
        // The rest of the cluster is the value (-bname), else the next word (-fb name).
        if (j + 1 < arg.length) set(name, def, arg.slice(j + 1), `-${c}`);
        else {
          if (i + 1 >= argv.length) throw new UsageError(`option '-${c}' needs a value`, { hint });
          set(name, def, argv[++i] as string, `-${c}`);
        }
        break;
      }
    } else values._.push(arg);
  }
  assignPositionals(defs, positionalNames, values, opts, hint);
  for (const [name, def] of Object.entries(defs)) {
    if (def.type !== "positional" && !(name in values) && def.default !== undefined) values[name] = def.default;
  }
  return { values, counts, given };
}

function assignPositionals(defs: ArgsDef, names: string[], values: ParsedValues, opts: ParseOptions, hint: string): void {
  const words = values._;
  if (words.length > names.length && !opts.variadic) throw new UsageError(`too many arguments for '${opts.where}'`, { hint });
  names.forEach((name, k) => {
    const def = defs[name] as ArgDef;
    const word = words[k];
    if (word !== undefined) values[name] = word;
    else if (def.default !== undefined) values[name] = def.default;
    // citty's rule: a positional is required unless it says `required: false`.
    else if (def.required !== false) throw new UsageError(`missing <${name}> for '${opts.where}'`, { hint });
  });
  for (const [name, def] of Object.entries(defs)) {
    if (def.type !== "positional" && def.required === true && !(name in values)) {
      throw new UsageError(`missing option '--${kebab(name)}' for '${opts.where}'`, { hint });
    }
  }
}
