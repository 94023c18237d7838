/**
 * The attributes engine against `git check-attr -a`: precedence (global <
 * root < deeper < info/attributes), later lines win, macros and `binary`,
 * `-attr`, `!attr`, values, directory-only patterns, `**`, quoted patterns.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AttributeMatcher, type Attributes, parseAttributesFile } from "../../src/git/patterns/attributes.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let dir: string;
const GLOBAL = "*.g global=yes\n*.txt text=global-loses\n";
const ROOT = [
  "[attr]mymacro text eol=crlf -diff",
  "*.txt text",
  "*.bin binary",
  "*.mac mymacro",
  "*.both text binary",
  "*.rev binary text",
  "*.unset text !text",
  "docs/ eol=lf",
  "docs/** filter=docs",
  "**/gen/*.c -text",
  '"with space.txt" spaced',
  "*.v custom=value other",
  "*.txt eol=lf",
  "",
].join("\n");
const SUB = "*.txt -text\n*.bin text\n[attr]ignored-macro text\n";
const INFO = "*.info info=wins\nsub/*.txt text=auto\n";
const PATHS = [
  "a.txt", "sub/a.txt", "sub/deeper/a.txt", "x.bin", "sub/x.bin", "m.mac", "b.both", "r.rev", "u.unset",
  "docs", "docs/x.md", "docs/y/z.md", "gen/a.c", "src/gen/a.c", "with space.txt", "v.v", "z.g", "i.info", "none",
];

beforeAll(() => {
  sb = createSandbox("rm-attr-");
  dir = join(sb.root, "repo");
  sb.git(["init", "-q", dir]);
  writeFileSync(join(dir, ".gitattributes"), ROOT);
  mkdirSync(join(dir, "sub"), { recursive: true });
  writeFileSync(join(dir, "sub", ".gitattributes"), SUB);
  writeFileSync(join(dir, ".git", "info", "attributes"), INFO);
  writeFileSync(join(sb.root, "global-attrs"), GLOBAL);
  sb.git(["config", "core.attributesFile", join(sb.root, "global-attrs")], { cwd: dir });
});
afterAll(() => sb.cleanup());

/** git check-attr -a output as "path: attr: value" lines, sorted. */
function gitAttrs(paths: string[]): string[] {
  const r = sb.gitRaw(["check-attr", "-a", "-z", "--stdin"], { cwd: dir, stdin: `${paths.join("\0")}\0` });
  const f = r.stdout.split("\0");
  const lines: string[] = [];
  for (let i = 0; i + 2 < f.length; i += 3) lines.push(`${f[i]}: ${f[i + 1]}: ${f[i + 2]}`);
  return lines.sort();
}
function show(path: string, a: Attributes): string[] {
  return [...a].map(([k, v]) => `${path}: ${k}: ${v === true ? "set" : v === false ? "unset" : v}`);
}

describe("AttributeMatcher agrees with git check-attr", () => {
  test("every fixture path", () => {
    const m = new AttributeMatcher({ gitDir: join(dir, ".git"), attributesFile: join(sb.root, "global-attrs") });
    m.addDirectory("", ROOT);
    m.addDirectory("sub/", SUB);
    const ours = PATHS.flatMap((p) => show(p, m.get(p))).sort();
    const theirs = gitAttrs(PATHS);
    expect(ours).toEqual(theirs);
    expect(theirs.length).toBeGreaterThan(30);
  });

  test("no sources: isEmpty, and every path has no attributes", () => {
    const m = new AttributeMatcher({ attributesFile: null });
    expect(m.isEmpty).toBe(true);
    expect(m.get("a.txt").size).toBe(0);
    m.addDirectory("", "*.x text\n");
    expect(m.isEmpty).toBe(false);
  });

  test("macros are only defined at the top level; negative patterns are ignored", () => {
    const f = parseAttributesFile("[attr]m text\n!*.x text\n*.y m\n", "sub/", false);
    expect(f.macros.size).toBe(0);
    expect(f.rules.length).toBe(1);
  });
});
