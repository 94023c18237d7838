import { describe, expect, test } from "bun:test";
import { checkArgvBytes } from "../../src/platform/argv.ts";

describe("checkArgvBytes (D7)", () => {
  test("an argument whose bytes were not UTF-8 is refused, shown with its bytes escaped", () => {
    const raw = [Buffer.from("worktree"), Buffer.from([0x77, 0x74, 0xff])];
    expect(() => checkArgvBytes(["worktree", "wt\uFFFD"], raw)).toThrow("argument 'wt\\xff' is not valid UTF-8");
  });
  test("a real U+FFFD (EF BF BD) round-trips and passes; plain arguments are not even checked", () => {
    expect(() => checkArgvBytes(["wt\uFFFD"], [Buffer.from("wt\uFFFD")])).not.toThrow();
    expect(() => checkArgvBytes(["a", "b"], [])).not.toThrow();
  });
  test("where the raw bytes are unknown, U+FFFD cannot be told from a replaced byte: refused", () => {
    const unknown: Buffer[] = [];
    expect(() => checkArgvBytes(["x\uFFFD"], unknown)).toThrow("is not valid UTF-8");
  });
});
