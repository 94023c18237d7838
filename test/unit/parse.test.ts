import { describe, expect, test } from "bun:test";
import { defineCommand } from "citty";
import type { ArgsDef } from "citty";
import { parseCommandLine } from "../../src/commands/_parse.ts";
import { resolveLeaf } from "../../src/commands/_resolve.ts";
import { UsageError } from "../../src/errors.ts";

const defs = {
  path: { type: "positional", required: false },
  reason: { type: "string" },
  force: { type: "boolean", alias: "f" },
  checkout: { type: "boolean", default: true },
  branch: { type: "string", alias: "b" },
  "dry-run": { type: "boolean", alias: "n" },
  mode: { type: "enum", options: ["a", "b"] },
} as const satisfies ArgsDef;

const parse = (argv: string[], variadic = false) => parseCommandLine(defs, argv, { where: "t", variadic });

describe("parseCommandLine", () => {
  test("accepts known options, values, negations and clusters", () => {
    const a = parse(["x", "--reason", "r", "--force", "--no-checkout", "-fb", "name"]);
    expect(a.values).toMatchObject({ path: "x", reason: "r", force: true, checkout: false, branch: "name", _: ["x"] });
    expect(a.counts.force).toBe(2);
    const b = parse(["--reason=why", "-b", "n", "--", "-not-an-option"]);
    expect(b.values).toMatchObject({ reason: "why", branch: "n", path: "-not-an-option", checkout: true });
  });

  test("rejects unknown options, missing values and extra positionals", () => {
    expect(() => parse(["--nope"])).toThrow(UsageError);
    expect(() => parse(["-x"])).toThrow("unknown option '-x'");
    expect(() => parse(["--reason"])).toThrow("needs a value");
    expect(() => parse(["a", "b"])).toThrow("too many arguments");
    expect(() => parse(["--force=yes"])).toThrow("takes no value");
    expect(() => parse(["--mode", "c"])).toThrow("invalid value 'c'");
    expect(() => parse(["--no-reason"])).toThrow("unknown option '--no-reason'");
  });

  test("a value attached to a short option (-bname), and -b at the end of a cluster takes the next word", () => {
    expect(parse(["-bname"]).values.branch).toBe("name");
    expect(parse(["-fbname"]).values).toMatchObject({ force: true, branch: "name" });
    expect(parse(["-fb", "next"]).values).toMatchObject({ force: true, branch: "next" });
    expect(() => parse(["-fb"])).toThrow("option '-b' needs a value");
  });

  test("variadic commands take any number of positionals", () => {
    const r = parseCommandLine({ paths: { type: "positional", required: false } }, ["a", "b", "c"], { where: "t", variadic: true });
    expect(r.values._).toEqual(["a", "b", "c"]);
  });

  test("a positional is required unless it says required: false (citty's rule)", () => {
    expect(() => parseCommandLine({ path: { type: "positional" } }, [], { where: "t" })).toThrow("missing <path> for 't'");
    expect(() => parseCommandLine({ name: { type: "string", required: true } }, [], { where: "t" })).toThrow("missing option '--name'");
  });

  test("a lone - is a positional (the previous branch), -- ends options", () => {
    expect(parse(["-"]).values.path).toBe("-");
    expect(parse(["--", "--force"]).values).toMatchObject({ path: "--force" });
    expect(parse(["--", "--force"]).counts.force).toBeUndefined();
  });

  test("given() tells a typed option from its default; kebab-case keys", () => {
    const r = parse(["--no-checkout", "-n"]);
    expect(r.given.has("checkout")).toBe(true);
    expect(r.given.has("force")).toBe(false);
    expect(r.values["dry-run"]).toBe(true);
    expect(parse([]).given.has("checkout")).toBe(false);
  });
});

describe("counting repeated flags", () => {
  test("counts -ff, -f -f and --force --force", () => {
    expect(parse(["-ff"]).counts.force).toBe(2);
    expect(parse(["-f", "x", "--force"]).counts.force).toBe(2);
    expect(parse(["--", "-f"]).counts.force).toBeUndefined();
    expect(parse(["-ff", "--no-force"]).counts.force).toBe(0);
  });
});

describe("resolveLeaf", () => {
  const root = defineCommand({
    meta: { name: "worktree" },
    subCommands: { move: defineCommand({ meta: { name: "move" }, args: { force: { type: "boolean", alias: "f" } } }) },
  });
  test("options belong after the sub-command's name, as git says for 'git worktree --force move'", async () => {
    await expect(resolveLeaf(root, "worktree", ["--force", "move", "a", "b"])).rejects.toThrow("unknown option '--force' for 'repo-manager worktree'");
    const leaf = await resolveLeaf(root, "worktree", ["move", "--force", "a", "b"]);
    expect(leaf.path).toEqual(["worktree", "move"]);
    expect(leaf.args).toEqual(["--force", "a", "b"]);
    expect((await resolveLeaf(root, "worktree", ["--help", "move"])).args).toEqual(["--help"]);
  });
});
