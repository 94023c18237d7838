/**
 * Shell completion, the part every shell shares: given the words typed so far
 * (the last one being the word under the cursor, possibly empty), which
 * candidates fit. The shell scripts (completion-scripts.ts) are thin: they call
 * `repo-manager completion __complete <words...>` and show what it prints, so
 * the logic lives here once, with the command tree, instead of four times in
 * four shell languages (the cobra model).
 *
 * The command tree is data handed in by the caller (built from the built-in
 * command definitions and the plugin metadata cache); nothing here loads a
 * command or runs a plugin.
 */

export interface CompletionFlag {
  /** Long name without dashes, e.g. "force"; empty for a short-only flag (-C). */
  long: string;
  /** One-letter aliases without the dash. */
  shorts: string[];
  description: string;
  /** The flag consumes the next word (`--reason <text>`). */
  takesValue: boolean;
  /** Known values for that word (an enum), completed after the flag. */
  values?: string[];
}

export interface CompletionNode {
  name: string;
  description: string;
  aliases?: string[];
  /** Hidden nodes are never offered but still recognised when typed. */
  hidden?: boolean;
  flags: () => Promise<CompletionFlag[]>;
  /** Sub-commands, loaded only when the completion walks into this node. */
  children?: () => Promise<CompletionNode[]>;
  /**
   * Candidates for the n-th positional argument (`current` is the word being
   * typed, for candidates whose form depends on it); none means "let the
   * shell complete file names".
   */
  positionalValues?: (index: number, current: string) => Promise<string[] | Candidate[]>;
}

export interface Candidate {
  value: string;
  description: string;
}

export type Shell = "bash" | "zsh" | "fish" | "powershell";
export const SHELLS: readonly Shell[] = ["bash", "zsh", "fish", "powershell"];

const startsWith = (prefix: string) => (c: Candidate) => c.value.startsWith(prefix);

function flagCandidates(flags: CompletionFlag[]): Candidate[] {
  const out: Candidate[] = [];
  for (const f of flags) {
    if (f.long) out.push({ value: `--${f.long}`, description: f.description });
    for (const s of f.shorts) out.push({ value: `-${s}`, description: f.description });
  }
  return out;
}

function findFlag(flags: CompletionFlag[], word: string): CompletionFlag | undefined {
  if (word.startsWith("--")) {
    const name = word.slice(2).split("=")[0];
    return flags.find((f) => f.long === name);
  }
  // A cluster like -fv: only its last letter can take the next word.
  const last = word.at(-1);
  return flags.find((f) => last !== undefined && f.shorts.includes(last));
}

async function findChild(children: CompletionNode[], word: string): Promise<CompletionNode | undefined> {
  return children.find((c) => c.name === word || (c.aliases ?? []).includes(word));
}

const toCandidates = (values: string[] | Candidate[]): Candidate[] =>
  values.map((v) => (typeof v === "string" ? { value: v, description: "" } : v));

/**
 * Candidates for the last word of `words` (the words after the program name).
 * The root node's flags are the global options, accepted only before the
 * command name, as main.ts parses them. An empty result means "no idea": the
 * scripts then fall back to the shell's file-name completion.
 */
export async function completeWords(root: CompletionNode, words: string[]): Promise<Candidate[]> {
  const typed = words.slice(0, -1);
  const current = words.at(-1) ?? "";
  let node = root;
  let flags = await root.flags();
  let positional = 0;
  let afterDoubleDash = false;
  let expectValueOf: CompletionFlag | undefined;

  for (const word of typed) {
    if (expectValueOf) {
      expectValueOf = undefined;
      continue;
    }
    if (!afterDoubleDash && word === "--") {
      afterDoubleDash = true;
      continue;
    }
    if (!afterDoubleDash && word.startsWith("-") && word.length > 1) {
      const flag = findFlag(flags, word);
      if (flag?.takesValue && !word.includes("=")) expectValueOf = flag;
      continue;
    }
    const children = node.children && !afterDoubleDash ? await node.children() : [];
    const child = children.length > 0 && positional === 0 ? await findChild(children, word) : undefined;
    if (child) {
      node = child;
      flags = await child.flags();
      continue;
    }
    if (node === root) return []; // an unknown command or a plugin: its arguments are its own business
    positional++;
  }

  if (expectValueOf) return toCandidates(expectValueOf.values ?? []).filter(startsWith(current));
  if (!afterDoubleDash && current.startsWith("-")) {
    return flagCandidates([...flags, HELP_FLAG]).filter(startsWith(current));
  }
  const children = node.children && !afterDoubleDash && positional === 0 ? await node.children() : [];
  if (children.length > 0) {
    return children.filter((c) => !c.hidden).map((c) => ({ value: c.name, description: c.description })).filter(startsWith(current));
  }
  if (node.positionalValues) return toCandidates(await node.positionalValues(positional, current)).filter(startsWith(current));
  return [];
}

const HELP_FLAG: CompletionFlag = { long: "help", shorts: ["h"], description: "Show help", takesValue: false };

/**
 * What `__complete` prints: one candidate per line, `value<TAB>description`.
 * Tabs and newlines inside a description would break the line protocol, so
 * they become spaces.
 */
export function formatCandidates(candidates: Candidate[]): string {
  return candidates.map((c) => `${c.value}\t${c.description.replace(/[\t\r\n]+/g, " ")}\n`).join("");
}
