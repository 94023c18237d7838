/**
 * convert.c rules: which action applies, git's binary heuristic, LF to CRLF
 * on checkout, CRLF to LF when hashing, and ident. The byte-level result is
 * also checked against git in test/integration/checkout.test.ts.
 */
import { describe, expect, test } from "bun:test";
import type { Attributes } from "../../src/git/patterns/attributes.ts";
import { conversionPlan, gatherStats, identToGit, identToWorktree, isBinary, toGitEol, toWorktreeEol } from "../../src/git/checkout/eol.ts";

const attrs = (o: Record<string, true | false | string>): Attributes => new Map(Object.entries(o));
const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");
const lf = { nativeEol: "lf" as const };

describe("conversionPlan (convert_attrs)", () => {
  test.each([
    [{}, {}, "binary"],
    [{}, { autocrlf: true }, "auto-crlf"],
    [{}, { autocrlf: "input" as const }, "auto-input"],
    [{ text: true }, {}, "text-input"],
    [{ text: true }, { eol: "crlf" as const }, "text-crlf"],
    [{ text: true }, { eol: "native" as const, nativeEol: "crlf" as const }, "text-crlf"],
    [{ text: true }, { autocrlf: "input" as const, eol: "crlf" as const }, "text-input"],
    [{ text: "auto" }, {}, "auto"],
    [{ text: "auto", eol: "crlf" }, {}, "auto-crlf"],
    [{ text: "auto", eol: "lf" }, { autocrlf: true }, "auto-input"],
    [{ eol: "crlf" }, {}, "text-crlf"],
    [{ text: false, eol: "crlf" }, { autocrlf: true }, "binary"],
    [{ crlf: false }, { autocrlf: true }, "binary"],
    [{ crlf: "input" }, {}, "text-input"],
  ])("%p with %p is %p", (a, c, expected) => {
    expect(conversionPlan(attrs(a), { ...lf, ...c }).crlf).toBe(expected as never);
  });
  test("filter and ident", () => {
    expect(conversionPlan(attrs({ filter: "lfs", ident: true }), lf)).toEqual({ crlf: "binary", ident: true, filter: "lfs" });
    expect(conversionPlan(attrs({ filter: false }), lf).filter).toBeNull();
  });
});

describe("binary detection (gather_stats / convert_is_binary)", () => {
  test.each([
    ["plain text\n", false],
    ["nul\0inside\n", true],
    ["lone\rcr\n", true],
    ["crlf\r\nonly\r\n", false],
    ["x".repeat(128) + "\x01", false],
    ["x".repeat(127) + "\x01", true],
    ["ends with ctrl-z\n\x1a", false],
    ["\x7f\n", true],
    ["tab\tesc\x1bff\x0cbs\b\n", false],
  ])("%p binary=%p", (s, expected) => {
    expect(isBinary(gatherStats(bytes(s)))).toBe(expected);
  });
});

describe("toWorktreeEol (crlf_to_worktree)", () => {
  test("text-crlf converts every lone LF, keeps existing CRLF", () => {
    expect(text(toWorktreeEol(bytes("a\nb\r\nc\n"), "text-crlf", lf))).toBe("a\r\nb\r\nc\r\n");
    expect(text(toWorktreeEol(bytes("\n\n"), "text-crlf", lf))).toBe("\r\n\r\n");
  });
  test("auto leaves files that have CRs already, or look binary; input/binary never convert", () => {
    const mixed = bytes("a\nb\r\n");
    expect(toWorktreeEol(mixed, "auto-crlf", lf)).toBe(mixed);
    const bin = bytes("a\n\0b\n");
    expect(toWorktreeEol(bin, "auto-crlf", lf)).toBe(bin);
    expect(text(toWorktreeEol(bytes("a\nb\n"), "auto-crlf", lf))).toBe("a\r\nb\r\n");
    const plain = bytes("a\nb\n");
    expect(toWorktreeEol(plain, "text-input", lf)).toBe(plain);
    expect(toWorktreeEol(plain, "binary", lf)).toBe(plain);
    expect(toWorktreeEol(plain, "auto", lf)).toBe(plain);
    expect(text(toWorktreeEol(plain, "auto", { eol: "crlf" }))).toBe("a\r\nb\r\n");
  });
});

describe("toGitEol (crlf_to_git)", () => {
  test("text strips CR of CRLF only; auto skips binary and blobs that have CRs", () => {
    expect(text(toGitEol(bytes("a\r\nb\rc\r\n"), "text-input", () => false))).toBe("a\nb\rc\n");
    expect(text(toGitEol(bytes("a\r\nb\r\n"), "auto-crlf", () => false))).toBe("a\nb\n");
    const crlf = bytes("a\r\nb\r\n");
    expect(toGitEol(crlf, "auto-crlf", () => true)).toBe(crlf);
    const bin = bytes("a\r\n\0");
    expect(toGitEol(bin, "auto", () => false)).toBe(bin);
    expect(toGitEol(crlf, "binary", () => false)).toBe(crlf);
  });
});

describe("ident", () => {
  const oid = "0123456789abcdef0123456789abcdef01234567";
  test("expands $Id$ and git-style $Id: ... $, keeps foreign ones", () => {
    expect(text(identToWorktree(bytes("x $Id$ y"), oid))).toBe(`x $Id: ${oid} $ y`);
    expect(text(identToWorktree(bytes("$Id: old $"), oid))).toBe(`$Id: ${oid} $`);
    const foreign = bytes("$Id: file.c 1.2 2001/01/01 user $");
    expect(identToWorktree(foreign, oid)).toBe(foreign);
    const none = bytes("$Ident$ $Id");
    expect(identToWorktree(none, oid)).toBe(none);
  });
  test("collapses back when hashing", () => {
    expect(text(identToGit(bytes(`a $Id: ${oid} $ b $Id$`)))).toBe("a $Id$ b $Id$");
    expect(text(identToGit(bytes("$Id: line\nbreak $")))).toBe("$Id: line\nbreak $");
  });
});
