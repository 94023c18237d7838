/**
 * The ignore engine against `git check-ignore --no-index` on a fixture with
 * many pattern kinds (negation, anchoring, directory-only, `**`, brackets,
 * escapes, trailing spaces, nested .gitignore files, info/exclude,
 * core.excludesFile), plus wildmatch translation details.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { IgnoreMatcher, parsePattern, patternMatches, wildmatchToRegex } from "../../src/git/patterns/ignore.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let dir: string;

const ROOT_IGNORE = [
  "# a comment",
  "*.log",
  "!important.log",
  "/root-only",
  "doc/*.txt",
  "**/foo",
  "a/**/b",
  "logs/**",
  "build/",
  "[abc].c",
  "[!x]y.z",
  "?.q",
  "\\#lit",
  "\\!bang",
  "trailing   ",
  "esc\\ ",
  "*.[oa]",
  "[[:digit:]]*.num",
  "foo*bar",
  "excl/",
  "!excl/keep",
  "mid**dle",
  "ünï*",
  "",
].join("\n");

const PATHS: [string, "f" | "d"][] = [
  ["x.log", "f"], ["important.log", "f"], ["sub/x.log", "f"], ["sub/important.log", "f"],
  ["root-only", "f"], ["sub/root-only", "f"],
  ["doc/a.txt", "f"], ["doc/deeper/a.txt", "f"], ["sub/doc/a.txt", "f"],
  ["foo", "f"], ["x/y/foo", "f"], ["foo2", "f"],
  ["a/b", "f"], ["a/x/b", "f"], ["a/x/y/b", "f"], ["a/bb", "f"],
  ["logs/x", "f"], ["logs/deep/y", "f"], ["logs", "d"],
  ["build", "d"], ["build/out.js", "f"], ["sub/build", "d"], ["sub/build/o", "f"], ["notdir/build", "f"],
  ["a.c", "f"], ["d.c", "f"], ["ay.z", "f"], ["xy.z", "f"], ["1.q", "f"], ["12.q", "f"],
  ["#lit", "f"], ["!bang", "f"], ["trailing", "f"], ["trailing   ", "f"], ["esc ", "f"], ["esc", "f"],
  ["m.o", "f"], ["m.a", "f"], ["m.b", "f"], ["7x.num", "f"], ["x7.num", "f"],
  ["foobar", "f"], ["foo-x-bar", "f"], ["q/foo/x/bar", "f"], ["r/fooxbar/z", "f"],
  ["excl", "d"], ["excl/keep", "f"], ["excl/other", "f"],
  ["middle", "f"], ["mid-x-dle", "f"], ["mid/dle", "f"], ["build-not/x", "f"],
  ["ünïcode", "f"], ["unicode", "f"],
  ["nested/x.log", "f"], ["nested/y.tmp", "f"], ["nested/anch", "f"], ["nested/deep/anch", "f"], ["nested/deep/z.tmp", "f"],
  ["nested/deep/keep.tmp", "f"],
  ["e.excluded", "f"], ["g.global", "f"], ["plain.txt", "f"],
];

beforeAll(() => {
  sb = createSandbox("rm-ignore-");
  dir = join(sb.root, "repo");
  sb.git(["init", "-q", dir]);
  writeFileSync(join(dir, ".gitignore"), ROOT_IGNORE);
  mkdirSync(join(dir, "nested", "deep"), { recursive: true });
  writeFileSync(join(dir, "nested", ".gitignore"), "!*.log\n*.tmp\n/anch\n");
  writeFileSync(join(dir, "nested", "deep", ".gitignore"), "!keep.tmp\n");
  writeFileSync(join(dir, ".git", "info", "exclude"), "*.excluded\n");
  writeFileSync(join(sb.root, "global-ignore"), "*.global\n");
  sb.git(["config", "core.excludesFile", join(sb.root, "global-ignore")], { cwd: dir });
  for (const [p, t] of PATHS) {
    const full = join(dir, p);
    if (t === "d") mkdirSync(full, { recursive: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, "");
    }
  }
});
afterAll(() => sb.cleanup());

describe("IgnoreMatcher agrees with git check-ignore", () => {
  test("every fixture path", () => {
    const input = PATHS.map(([p]) => p).join("\0");
    const r = sb.gitRaw(["check-ignore", "--no-index", "-z", "--stdin"], { cwd: dir, stdin: `${input}\0` });
    const gitIgnored = r.stdout.split("\0").filter(Boolean).sort();
    const m = new IgnoreMatcher({ root: dir, gitDir: join(dir, ".git"), excludesFile: join(sb.root, "global-ignore") });
    const ours = PATHS.filter(([p, t]) => m.isIgnored(p, t === "d")).map(([p]) => p).sort();
    expect(ours).toEqual(gitIgnored);
    // The fixture really exercises both outcomes.
    expect(ours.length).toBeGreaterThan(30);
    expect(PATHS.length - ours.length).toBeGreaterThan(15);
  });

  test("git status --ignored lists the same ignored files", () => {
    const out = sb.git(["status", "--porcelain", "-z", "--ignored=matching", "-uall"], { cwd: dir });
    const gitIgnored = out.split("\0").filter((l) => l.startsWith("!! ")).map((l) => l.slice(3).replace(/\/$/, ""));
    const m = new IgnoreMatcher({ root: dir, gitDir: join(dir, ".git"), excludesFile: join(sb.root, "global-ignore") });
    for (const p of gitIgnored) expect([p, m.isIgnored(p, PATHS.find(([q]) => q === p)?.[1] === "d" || p === "build" || p === "logs" || p === "excl")]).toEqual([p, true]);
  });

  test("a symlinked .gitignore is not followed (git 2.32+); a BOM is skipped", () => {
    const d = join(sb.root, "links");
    mkdirSync(join(d, "sub"), { recursive: true });
    writeFileSync(join(d, "real-ignore"), "*.x\n");
    symlinkSync("../real-ignore", join(d, "sub", ".gitignore"));
    writeFileSync(join(d, ".gitignore"), "\ufeff*.bom\n");
    const m = new IgnoreMatcher({ root: d, excludesFile: null });
    expect(m.isIgnored("sub/a.x")).toBe(false);
    expect(m.isIgnored("a.bom")).toBe(true);
    sb.git(["init", "-q", d]);
    writeFileSync(join(d, "sub", "a.x"), "");
    writeFileSync(join(d, "a.bom"), "");
    const r = sb.gitRaw(["check-ignore", "--no-index", "sub/a.x", "a.bom"], { cwd: d });
    expect(r.stdout).toBe("a.bom\n");
  });

  test("default excludes file is $XDG_CONFIG_HOME/git/ignore", () => {
    const xdg = join(sb.root, "xdg");
    mkdirSync(join(xdg, "git"), { recursive: true });
    writeFileSync(join(xdg, "git", "ignore"), "plain.txt\n");
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = xdg;
    try {
      expect(new IgnoreMatcher({ root: dir }).isIgnored("plain.txt")).toBe(true);
      expect(new IgnoreMatcher({ root: dir, excludesFile: null }).isIgnored("plain.txt")).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });
});

describe("wildmatch translation", () => {
  const match = (pattern: string, path: string, isDir = false) => {
    const p = parsePattern(pattern, "");
    if (!p) return false;
    return patternMatches(p, path, path.lastIndexOf("/") + 1, isDir);
  };
  test.each([
    ["**", "a/b/c", true],
    ["**/c", "c", true],
    ["a/**", "a", false],
    ["a/**", "a/x/y", true],
    ["a/*", "a/x/y", false],
    ["a?b", "a/b", false],
    ["[a-c]x", "bx", true],
    ["[c-a]x", "bx", false],
    ["[]]x", "]x", true],
    ["[!]]x", "ax", true],
    ["a[/]b", "a/b", false],
    ["\\*", "*", true],
    ["\\*", "x", false],
    ["[[:upper:]]", "Q", true],
    ["[[:bogus:]]", "Q", false],
    ["ab[", "ab[", false],
  ])("%p against %p is %p", (pattern, path, expected) => {
    expect(match(pattern, path)).toBe(expected);
  });

  test("blank lines, comments and a lone ! are not patterns; case folding with ignoreCase", () => {
    expect(parsePattern("", "")).toBeNull();
    expect(parsePattern("# x", "")).toBeNull();
    expect(parsePattern("!", "")).toBeNull();
    const p = parsePattern("*.LOG", "", true);
    expect(p && patternMatches(p, "x.log", 0, false)).toBe(true);
    expect(wildmatchToRegex("a\\")).toBeNull();
  });
});
