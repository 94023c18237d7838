import { describe, expect, test } from "bun:test";
import { parseConfig } from "../../src/git/config/config-parse.ts";
import { GitConfig, normalizeKey, parseBool } from "../../src/git/config/config.ts";

describe("parseConfig", () => {
  test("sections, subsections, legacy names, quoting, escapes, comments, continuations", () => {
    const text = [
      "[core]",
      "\tbare = false ; comment",
      "\tEditor = \"vim -f\" # comment",
      '[branch "Feature/X"]',
      "\tremote = origin",
      "[Remote.Origin]",
      "\turl = a\\",
      "b",
      '\tpath = "C:\\\\dir\\twith tab"',
      "[alias]",
      "\tflag",
      "\tspaced =   two   words  ",
    ].join("\n");
    const e = parseConfig(text);
    const c = new GitConfig(e.map((x) => ({ ...x, scope: "local" as const, file: null })));
    expect(c.get("core.bare")).toBe("false");
    expect(c.get("CORE.editor")).toBe("vim -f");
    expect(c.get("branch.Feature/X.remote")).toBe("origin");
    expect(c.get("branch.feature/x.remote")).toBeUndefined();
    expect(c.get("remote.origin.url")).toBe("ab");
    expect(c.get("remote.origin.path")).toBe("C:\\dir\twith tab");
    expect(c.get("alias.flag")).toBeNull();
    expect(c.getBool("alias.flag", false)).toBe(true);
    expect(c.get("alias.spaced")).toBe("two   words");
  });
  test("syntax errors name the line", () => {
    expect(() => parseConfig("[core]\n\tbad line here = 1\n[", "f")).toThrow("bad config line 2 in file f");
    expect(() => parseConfig('[core]\n x = "unterminated\n')).toThrow("line 2");
  });
  test("keys and booleans", () => {
    expect(normalizeKey("Branch.Foo.Remote")).toBe("branch.Foo.remote");
    expect(normalizeKey("Core.Bare")).toBe("core.bare");
    expect([parseBool("yes"), parseBool("off"), parseBool("2"), parseBool(""), parseBool("maybe")]).toEqual([true, false, true, false, undefined]);
  });
});
