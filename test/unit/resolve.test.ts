import { describe, expect, test } from "bun:test";
import { defineCommand } from "citty";
import { countFlag, variadic } from "../../src/commands/_args.ts";
import { checkArgs } from "../../src/commands/_resolve.ts";
import { UsageError } from "../../src/errors.ts";

const cmd = defineCommand({
  args: {
    path: { type: "positional" },
    reason: { type: "string" },
    force: { type: "boolean", alias: "f" },
    checkout: { type: "boolean", default: true },
    branch: { type: "string", alias: "b" },
  },
});

describe("checkArgs", () => {
  test("accepts known options, values, negations and clusters", async () => {
    await checkArgs(cmd, ["x", "--reason", "r", "--force", "--no-checkout", "-fb", "name"], "t");
    await checkArgs(cmd, ["--reason=why", "-b", "n", "--", "-not-an-option"], "t");
  });
  test("rejects unknown options, missing values and extra positionals", async () => {
    await expect(checkArgs(cmd, ["--nope"], "t")).rejects.toBeInstanceOf(UsageError);
    await expect(checkArgs(cmd, ["-x"], "t")).rejects.toThrow("unknown option '-x'");
    await expect(checkArgs(cmd, ["--reason"], "t")).rejects.toThrow("needs a value");
    await expect(checkArgs(cmd, ["a", "b"], "t")).rejects.toThrow("too many arguments");
  });
  test("variadic commands take any number of positionals", async () => {
    await checkArgs(variadic(defineCommand({ args: { paths: { type: "positional", required: false } } })), ["a", "b", "c"], "t");
  });
});

describe("countFlag", () => {
  test("counts -ff, -f -f and --force --force", () => {
    expect(countFlag(["-ff"], "force", "f")).toBe(2);
    expect(countFlag(["-f", "x", "--force"], "force", "f")).toBe(2);
    expect(countFlag(["--", "-f"], "force", "f")).toBe(0);
  });
});
