import { describe, expect, test } from "bun:test";
import { CorruptObjectError } from "../../../src/git/objects/errors.ts";
import { hashObject } from "../../../src/git/objects/hash.ts";
import { bytesToHex, hexToBytes, isOid } from "../../../src/git/objects/oid.ts";
import { parseCommit, parseSignature, parseTag } from "../../../src/git/objects/parse-commit.ts";
import { parseTree } from "../../../src/git/objects/parse-tree.ts";
import { parseAlternates } from "../../../src/git/objects/alternates.ts";

const enc = new TextEncoder();
const A = "a".repeat(40);
const B = "0123456789abcdef0123456789abcdef01234567";

function treeBytes(entries: [string, string, string][]): Uint8Array {
  const parts: number[] = [];
  for (const [mode, name, oid] of entries) parts.push(...enc.encode(`${mode} ${name}\0`), ...hexToBytes(oid));
  return Uint8Array.from(parts);
}

describe("oids and hashing", () => {
  test("hex round trip, validation", () => {
    expect(bytesToHex(hexToBytes(B))).toBe(B);
    expect(bytesToHex(hexToBytes(B.toUpperCase()))).toBe(B);
    expect(isOid(B)).toBe(true);
    expect(isOid(`${B.slice(0, 39)}g`)).toBe(false);
    expect(isOid(B.slice(1))).toBe(false);
    expect(() => hexToBytes("zz".repeat(20))).toThrow(/not a valid object id/);
  });

  test("hashObject gives git's well-known ids", () => {
    expect(hashObject("blob", new Uint8Array(0))).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    expect(hashObject("tree", new Uint8Array(0))).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    expect(hashObject("blob", enc.encode("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });
});

describe("parseTree", () => {
  test("modes, ASCII, unicode and long names", () => {
    const long = "x".repeat(100);
    const data = treeBytes([
      ["100644", "a b.txt", A],
      ["100755", "run.sh", B],
      ["120000", "link", A],
      ["160000", "sub", B],
      ["40000", "dïr ✓", A],
      ["100644", long, B],
    ]);
    expect(parseTree(data)).toEqual([
      { mode: 0o100644, name: "a b.txt", oid: A },
      { mode: 0o100755, name: "run.sh", oid: B },
      { mode: 0o120000, name: "link", oid: A },
      { mode: 0o160000, name: "sub", oid: B },
      { mode: 0o40000, name: "dïr ✓", oid: A },
      { mode: 0o100644, name: long, oid: B },
    ]);
    expect(parseTree(new Uint8Array(0))).toEqual([]);
  });

  test("modes are canonicalised as git's canon_mode (what git ls-tree prints for them)", () => {
    const odd: [string, number][] = [
      ["123456", 0o120000],
      ["100664", 0o100644],
      ["100700", 0o100755],
      ["100000", 0o100644],
      ["40755", 0o40000],
      ["0", 0o160000],
      ["777", 0o160000],
      ["140000", 0o160000],
      ["170000", 0o160000],
    ];
    const got = parseTree(treeBytes(odd.map(([mode], i) => [mode, `e${i}`, A])));
    expect(got.map((e) => e.mode)).toEqual(odd.map(([, want]) => want));
  });

  test.each([
    ["a truncated oid", treeBytes([["100644", "f", A]]).subarray(0, 20)],
    ["a bad mode digit", enc.encode("10x644 f\0")],
    ["no NUL after the name", enc.encode("100644 name")],
    ["an empty name", Uint8Array.from([...enc.encode("100644 \0"), ...hexToBytes(A)])],
  ])("rejects %s", (_name, data) => {
    expect(() => parseTree(data, "t")).toThrow(CorruptObjectError);
  });
});

describe("parseCommit / parseTag", () => {
  const sig = "Ann Author <ann@example.com> 1700000000 +0130";
  test("headers, multi-line gpgsig, mergetag, encoding, message", () => {
    const text =
      `tree ${A}\nparent ${B}\nparent ${A}\nauthor ${sig}\ncommitter C <c@x> 1700000001 -0700\n` +
      `encoding ISO-8859-1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n` +
      `mergetag object ${B}\n type commit\n\nsubject\n\nbody line\n`;
    const c = parseCommit(enc.encode(text));
    expect(c.tree).toBe(A);
    expect(c.parents).toEqual([B, A]);
    expect(c.author).toEqual({ name: "Ann Author", email: "ann@example.com", timestamp: 1700000000, timezone: "+0130" });
    expect(c.committer.timezone).toBe("-0700");
    expect(c.encoding).toBe("ISO-8859-1");
    expect(c.gpgsig).toBe("-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----");
    expect(c.headers.find(([k]) => k === "mergetag")?.[1]).toBe(`object ${B}\ntype commit`);
    expect(c.message).toBe("subject\n\nbody line\n");
  });

  test("a root commit with an empty message", () => {
    const c = parseCommit(enc.encode(`tree ${A}\nauthor ${sig}\ncommitter ${sig}\n\n`));
    expect(c.parents).toEqual([]);
    expect(c.message).toBe("");
  });

  test.each([
    ["no tree", `author ${sig}\ncommitter ${sig}\n\nm`],
    ["bad tree id", `tree xyz\nauthor ${sig}\ncommitter ${sig}\n\nm`],
    ["bad parent", `tree ${A}\nparent 123\nauthor ${sig}\ncommitter ${sig}\n\nm`],
    ["no committer", `tree ${A}\nauthor ${sig}\n\nm`],
    ["a continuation first", ` x\ntree ${A}\n\nm`],
  ])("rejects a commit with %s", (_n, text) => {
    expect(() => parseCommit(enc.encode(text), "c1")).toThrow(CorruptObjectError);
  });

  test("tags, with and without a tagger", () => {
    const t = parseTag(enc.encode(`object ${A}\ntype commit\ntag v1\ntagger ${sig}\n\nrelease\n`));
    expect(t).toMatchObject({ object: A, type: "commit", tag: "v1", message: "release\n" });
    expect(t.tagger?.email).toBe("ann@example.com");
    expect(parseTag(enc.encode(`object ${A}\ntype tree\ntag t\n\n`)).tagger).toBeNull();
    expect(() => parseTag(enc.encode("type commit\n\n"))).toThrow(CorruptObjectError);
  });

  test("odd signatures do not throw", () => {
    expect(parseSignature("no email here")).toMatchObject({ name: "no email here", email: "" });
    expect(parseSignature("X <x@y>")).toMatchObject({ email: "x@y", timestamp: 0 });
  });
});

describe("parseAlternates", () => {
  test("comments, blank lines, CRLF and C-quoted paths", () => {
    const text = '# comment\n\n/abs/objects\r\n../rel/objects\n"/with\\ttab/\\303\\251/objects"\n';
    expect(parseAlternates(text)).toEqual(["/abs/objects", "../rel/objects", "/with\ttab/é/objects"]);
  });
});
