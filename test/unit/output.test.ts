import { describe, expect, test } from "bun:test";
import { RepoManagerError, UsageError } from "../../src/errors.ts";
import { renderTable, visibleWidth } from "../../src/output/table.ts";
import { wantsColor } from "../../src/output/io.ts";
import { makeStyle } from "../../src/output/style.ts";

const colorEnabled = (s: { isTTY: boolean }, env: Record<string, string>) => wantsColor(env, () => s.isTTY);

describe("colour detection", () => {
  test("only on a terminal; NO_COLOR wins; FORCE_COLOR forces; TERM=dumb disables", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });
});

describe("tables", () => {
  test("columns align, ignoring colour escapes and counting code points", () => {
    const red = makeStyle(true).red;
    expect(visibleWidth(red("äb"))).toBe(2);
    expect(renderTable([[red("a"), "x"], ["long", "y"]])).toBe(`${red("a")}     x\nlong  y`);
  });
});

describe("errors", () => {
  test("code, hint, exit code and JSON form", () => {
    const e = new RepoManagerError("E_X", "went wrong", { hint: "do this", data: { a: 1 } });
    expect(e.exitCode).toBe(1);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: "E_X", message: "went wrong", hint: "do this", data: { a: 1 } });
    expect(new UsageError("bad").exitCode).toBe(2);
  });
});
