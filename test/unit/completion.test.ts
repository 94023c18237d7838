// The completion engine on a synthetic tree, the real built-in tree, and the scripts' shape.
import { describe, expect, test } from "bun:test";
import { commandTree } from "../../src/commands/completion.ts";
import { type CompletionNode, completeWords, formatCandidates, SHELLS } from "../../src/core/completion.ts";
import { completionScript } from "../../src/core/completion-scripts.ts";

let loads = 0;
const leaf = (name: string, extra: Partial<CompletionNode> = {}): CompletionNode => ({
  name,
  description: `${name} it`,
  flags: async () => [
    { long: "force", shorts: ["f"], description: "Force", takesValue: false },
    { long: "reason", shorts: ["r"], description: "Why", takesValue: true },
    { long: "mode", shorts: [], description: "Mode", takesValue: true, values: ["fast", "slow"] },
  ],
  ...extra,
});
const tree: CompletionNode = {
  name: "prog",
  description: "",
  flags: async () => [
    { long: "json", shorts: [], description: "JSON", takesValue: false },
    { long: "", shorts: ["C"], description: "Dir", takesValue: true },
  ],
  children: async () => [
    {
      ...leaf("tree"),
      aliases: ["t"],
      children: async () => {
        loads++;
        return [leaf("add"), leaf("lock"), leaf("list"), { ...leaf("secret"), hidden: true }];
      },
    },
    { ...leaf("sh"), positionalValues: async (i) => (i === 0 ? ["bash", "zsh"] : []) },
    { name: "plug", description: "a plugin", flags: async () => [] },
  ],
};
const values = async (words: string[]) => (await completeWords(tree, words)).map((c) => c.value);

describe("completeWords", () => {
  test("command names at the root, filtered by the typed prefix", async () => {
    expect(await values([""])).toEqual(["tree", "sh", "plug"]);
    expect(await values(["t"])).toEqual(["tree"]);
  });

  test("sub-commands of a command or its alias; hidden ones are not offered", async () => {
    expect(await values(["tree", ""])).toEqual(["add", "lock", "list"]);
    expect(await values(["t", "l"])).toEqual(["lock", "list"]);
    expect(await values(["tree", "s"])).toEqual([]);
  });

  test("children load only when the walk enters the command", async () => {
    loads = 0;
    await values(["s"]);
    expect(loads).toBe(0);
    await values(["tree", ""]);
    expect(loads).toBe(1);
  });

  test("flags of the command under the cursor, with --help; global flags only before the command", async () => {
    expect(await values(["tree", "add", "--"])).toEqual(["--force", "--reason", "--mode", "--help"]);
    expect(await values(["tree", "add", "-"])).toEqual(["--force", "-f", "--reason", "-r", "--mode", "--help", "-h"]);
    expect(await values(["--j"])).toEqual(["--json"]);
    expect(await values(["-"])).toContain("-C");
    expect(await values(["-"])).not.toContain("--");
  });

  test("global options and their values are skipped before the command", async () => {
    expect(await values(["-C", "/some/dir", "--json", "tr"])).toEqual(["tree"]);
  });

  test("a flag's value: enum values, or nothing (file names) for free text", async () => {
    expect(await values(["tree", "add", "--mode", ""])).toEqual(["fast", "slow"]);
    expect(await values(["tree", "add", "--mode", "s"])).toEqual(["slow"]);
    expect(await values(["tree", "add", "--reason", ""])).toEqual([]);
    expect(await values(["tree", "add", "-fr", ""])).toEqual([]);
    // --reason=x does not consume the next word
    expect(await values(["tree", "add", "--reason=x", "--f"])).toEqual(["--force"]);
  });

  test("positional values by index; after '--' no flags are offered", async () => {
    expect(await values(["sh", ""])).toEqual(["bash", "zsh"]);
    expect(await values(["sh", "bash", ""])).toEqual([]);
    expect(await values(["tree", "add", "--", "-"])).toEqual([]);
  });

  test("positional values see the word being typed", async () => {
    let seen: [number, string] | undefined;
    const node: CompletionNode = {
      name: "p",
      description: "",
      flags: async () => [],
      children: async () => [{ name: "x", description: "", flags: async () => [], positionalValues: async (i, cur) => ((seen = [i, cur]), [`${cur}1`]) }],
    };
    expect((await completeWords(node, ["x", "a", "/ab"])).map((c) => c.value)).toEqual(["/ab1"]);
    expect(seen).toEqual([1, "/ab"]);
  });

  test("a plugin or unknown command: nothing, so the shell completes file names", async () => {
    expect(await values(["plug", ""])).toEqual([]);
    expect(await values(["nosuch", ""])).toEqual([]);
  });
});

describe("formatCandidates", () => {
  test("value TAB description per line; tabs and newlines in a description become spaces", () => {
    expect(formatCandidates([{ value: "a", description: "x\ty\nz" }, { value: "b", description: "" }])).toBe("a\tx y z\nb\t\n");
  });
});

describe("the built-in tree", () => {
  const real = async (words: string[]) => (await completeWords(commandTree(process.cwd(), process.env), words)).map((c) => c.value);

  test("root: built-ins and help, not the wt alias", async () => {
    const names = await real([""]);
    for (const n of ["worktree", "plugin", "context", "completion", "help"]) expect(names).toContain(n);
    expect(names).not.toContain("wt");
  });

  test("worktree sub-commands, also through the wt alias", async () => {
    const subs = await real(["worktree", ""]);
    for (const n of ["add", "list", "remove", "lock", "unlock", "move", "prune", "repair"]) expect(subs).toContain(n);
    expect(await real(["wt", "re"])).toEqual(expect.arrayContaining(["remove", "repair"]));
  });

  test("completion offers the shells; help offers the commands", async () => {
    expect(await real(["completion", ""])).toEqual([...SHELLS]);
    expect(await real(["help", "wor"])).toEqual(["worktree"]);
  });

  test("worktree add offers its flags, their short forms and the negation of a default-on flag", async () => {
    const flags = await real(["worktree", "add", "-"]);
    for (const f of ["--detach", "-d", "--force", "-f", "--lock", "--reason", "--no-checkout", "-b", "--help"]) expect(flags).toContain(f);
    expect(await real(["worktree", "add", "--no-c"])).toEqual(["--no-checkout"]);
    // -b takes a branch name: nothing to offer (the shell completes file names)
    expect(await real(["worktree", "add", "-b", ""])).toEqual([]);
  });

  test("a worktree sub-command offers its own flags and --help", async () => {
    const flags = await real(["worktree", "list", "--"]);
    expect(flags).toContain("--help");
    expect(flags.every((f) => f.startsWith("--"))).toBe(true);
  });
});

describe("completionScript", () => {
  test("every shell's script calls back '__complete' and registers for the program", () => {
    for (const shell of SHELLS) {
      const s = completionScript(shell);
      expect(s).toContain("completion __complete");
      expect(s).toContain("repo-manager");
    }
    expect(completionScript("bash")).toContain("complete -o default -F _repo_manager_complete repo-manager");
    expect(completionScript("zsh").startsWith("#compdef repo-manager\n")).toBe(true);
    expect(completionScript("fish")).toContain("complete -c repo-manager");
    expect(completionScript("powershell")).toContain("Register-ArgumentCompleter -Native");
  });
});
