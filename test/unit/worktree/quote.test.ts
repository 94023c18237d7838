import { describe, expect, test } from "bun:test";
import { needsCQuote, quoteCStyle, writeNameQuoted } from "../../../src/git/repo/quote.ts";

describe("quoteCStyle (git's quote_c_style)", () => {
  test("plain text, spaces and printable punctuation stay unquoted", () => {
    expect(quoteCStyle("on a USB disk (#2) 'x'")).toBe("on a USB disk (#2) 'x'");
    expect(needsCQuote("a b")).toBe(false);
  });
  test("control characters use letter escapes or octal", () => {
    expect(quoteCStyle("a\tb\nc\rd\x07\x08\x0b\x0c")).toBe('"a\\tb\\nc\\rd\\a\\b\\v\\f"');
    expect(quoteCStyle("x\x01y\x1fz\x7f")).toBe('"x\\001y\\037z\\177"');
  });
  test("quote and backslash are escaped", () => {
    expect(quoteCStyle('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"');
  });
  test("non-ASCII: octal UTF-8 bytes with core.quotePath, raw without", () => {
    expect(quoteCStyle("ü")).toBe('"\\303\\274"');
    expect(quoteCStyle("日")).toBe('"\\346\\227\\245"');
    expect(quoteCStyle("ü", false)).toBe("ü");
    expect(quoteCStyle("ü\n", false)).toBe('"ü\\n"');
  });
  test("write_name_quoted: raw with NUL terminator", () => {
    expect(writeNameQuoted("a\nb", "\0")).toBe("a\nb\0");
    expect(writeNameQuoted("a\nb", "\n")).toBe('"a\\nb"\n');
  });
});
