/**
 * checkoutTree + writeIndexFile against the real git: the files equal what
 * `git worktree add` writes, `git status` is clean with our index, the
 * index lists exactly the commit's tree, and the TREE extension equals git's.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SparseMatcher } from "../../src/git/patterns/ignore.ts";
import { readIndexFile } from "../../src/git/index/read.ts";
import { describeTree, type FixtureRepo, gitWorktree, makeRepo, ourWorktree } from "../helpers/checkout-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-checkout-");
});
afterAll(() => sb.cleanup());

/** The oracle checks every "must show" item for one fixture. */
function expectSameAsGit(repo: FixtureRepo, name: string, extra = {}) {
  const theirs = gitWorktree(sb, repo, `${name}-git`);
  const ours = ourWorktree(sb, repo, `${name}-ours`, extra);
  expect(describeTree(ours.path)).toEqual(describeTree(theirs));
  expect(sb.git(["status", "--porcelain", "--ignored"], { cwd: ours.path })).toBe("");
  expect(sb.gitRaw(["diff", "--quiet"], { cwd: ours.path }).code).toBe(0);
  const lsFiles = sb.git(["ls-files", "-s"], { cwd: ours.path });
  const lsTree = sb
    .git(["ls-tree", "-r", repo.commit], { cwd: ours.path })
    .replace(/^(\d+) \w+ ([0-9a-f]+)\t/gm, "$1 $2 0\t");
  expect(lsFiles).toBe(lsTree);
  // Same entries (mode, oid, size) and the same cache tree as git's own index.
  const gitIndex = readIndexFile(join(repo.gitDir, "worktrees", `${name}-git`, "index"));
  const ourIndex = readIndexFile(ours.indexPath);
  const key = (e: { path: string; mode: number; oid: string; size: number }) => `${e.path} ${e.mode.toString(8)} ${e.oid} ${e.size}`;
  expect(ourIndex.entries.map(key)).toEqual(gitIndex.entries.map(key));
  if (gitIndex.tree) expect(ourIndex.tree).toEqual(gitIndex.tree);
  return ours;
}

describe("checkoutTree matches git", () => {
  test("exec bits, symlinks, unicode and spaces, nested dirs, a submodule gitlink", () => {
    const repo = makeRepo(sb, "plain", {
      "README.md": "hello\n",
      "bin/run.sh": { exec: "#!/bin/sh\necho hi\n" },
      "link-to-readme": { link: "README.md" },
      "dangling": { link: "nowhere/at/all" },
      "dir with space/file name.txt": "spaces\n",
      "ünïcödé/日本語.txt": "unicode\n",
      "a-b": "dash\n",
      "a/b": "slash\n",
      "a.c/d": "dot\n",
      "deep/er/and/deeper/x.bin": new Uint8Array([0, 1, 2, 255, 10, 13]),
      "empty": "",
    });
    // A gitlink (submodule entry) made with plumbing: no .gitmodules needed for the oracle.
    sb.git(["update-index", "--add", "--cacheinfo", `160000,${repo.commit},sub/module`], { cwd: repo.dir });
    sb.git(["commit", "-q", "-m", "gitlink"], { cwd: repo.dir });
    repo.commit = sb.git(["rev-parse", "HEAD"], { cwd: repo.dir }).trim();
    repo.tree = sb.git(["rev-parse", "HEAD^{tree}"], { cwd: repo.dir }).trim();
    const ours = expectSameAsGit(repo, "plain");
    // And the same files as `git archive` of the commit (tar keeps modes and link targets).
    const archived = join(sb.root, "plain-archive");
    mkdirSync(archived);
    const tar = Bun.spawnSync(["sh", "-c", `git -C '${repo.dir}' archive ${repo.commit} | tar -x -C '${archived}'`], { env: sb.env });
    expect(tar.exitCode).toBe(0);
    expect(describeTree(ours.path)).toEqual(describeTree(archived));
    const sub = ours.result.entries.find((e) => e.path === "sub/module");
    expect(sub?.mode).toBe(0o160000);
    // After an edit, git commit works in our worktree (index and cache tree are sound).
    sb.git(["commit", "-q", "-am", "edit", "--allow-empty"], { cwd: ours.path });
    expect(sb.git(["fsck", "--no-dangling"], { cwd: ours.path })).toBe("");
  });

  test("core.symlinks=false writes links as files holding the target", () => {
    const repo = makeRepo(sb, "nolinks", { target: "t\n", l: { link: "target" } }, { "core.symlinks": "false" });
    expectSameAsGit(repo, "nolinks", { symlinks: false });
  });

  const eolFiles = {
    ".gitattributes": "*.crlf text eol=crlf\n*.lf text eol=lf\n*.bin binary\n*.raw -text\n*.auto text=auto\n*.txt text\n*.id ident\n",
    "a.crlf": "one\ntwo\n",
    "a.lf": "one\ntwo\n",
    "a.bin": "one\ntwo\n",
    "a.raw": "one\ntwo\n",
    "a.auto": "one\ntwo\n",
    "b.auto": new Uint8Array([104, 0, 10, 105, 10]),
    "a.txt": "plain\ntext\n",
    "mixed.txt": "crlf\r\nlf\n",
    "none": "no attributes\nhere\n",
    "nul": new Uint8Array([1, 0, 10, 2, 10]),
    "id.id": "$Id$\nkeep $Id: foreign thing $\n",
    "sub/.gitattributes": "*.lf text eol=crlf\n",
    "sub/a.lf": "deeper file wins\n",
  };

  test("core.autocrlf=true with eol/text/binary/-text/text=auto/ident attributes", () => {
    const repo = makeRepo(sb, "crlf", eolFiles);
    sb.git(["config", "core.autocrlf", "true"], { cwd: repo.dir });
    expectSameAsGit(repo, "crlf", { autocrlf: true });
  });

  test("core.eol=crlf without autocrlf, and autocrlf=input", () => {
    const repo = makeRepo(sb, "eol", eolFiles);
    sb.git(["config", "core.eol", "crlf"], { cwd: repo.dir });
    expectSameAsGit(repo, "eolcrlf", { eol: "crlf" });
    sb.git(["config", "--unset", "core.eol"], { cwd: repo.dir });
    sb.git(["config", "core.autocrlf", "input"], { cwd: repo.dir });
    expectSameAsGit(repo, "eolinput", { autocrlf: "input" });
  });

  test("a smudge filter runs through the shell with %f", () => {
    const repo = makeRepo(sb, "smudge", {
      ".gitattributes": "*.up filter=upper\n*.named filter=named\n",
      "a.up": "hello world\n",
      "dir/b c.up": "more text\n",
      "x.named": "content\n",
    });
    const cfg = {
      "filter.upper.smudge": "tr a-z A-Z",
      "filter.upper.clean": "tr A-Z a-z",
      "filter.named.smudge": "cat; echo %f",
      "filter.named.clean": "head -n 1",
    };
    for (const [k, v] of Object.entries(cfg)) sb.git(["config", k, v], { cwd: repo.dir });
    const ours = expectSameAsGit(repo, "smudge", {
      filters: { upper: { smudge: cfg["filter.upper.smudge"], clean: cfg["filter.upper.clean"] }, named: { smudge: cfg["filter.named.smudge"] } },
    });
    expect(describeTree(ours.path).find((l) => l.startsWith("a.up"))).toContain(Buffer.from("HELLO WORLD\n").toString("base64"));
  });

  test.each([
    ["cone-style", "/*\n!/*/\n/b/\n"],
    ["non-cone", "*.md\n/a/x\n!b/c/\n"],
  ])("sparse checkout (%s patterns) matches git: skipped files unwritten, skip-worktree bits", (name, patterns) => {
    const repo = makeRepo(sb, `sparse-${name}`, {
      "README.md": "r\n",
      "top.txt": "t\n",
      "a/x": "x\n",
      "a/y.md": "y\n",
      "b/z": "z\n",
      "b/c/d": "d\n",
      "b/c/e.md": "e\n",
    });
    // Oracle: a clone with core.sparseCheckout and the same patterns, checked out by git.
    const clone = join(sb.root, `sparse-${name}-git`);
    sb.git(["clone", "-q", "--no-checkout", repo.dir, clone]);
    sb.git(["config", "core.sparseCheckout", "true"], { cwd: clone });
    mkdirSync(join(clone, ".git", "info"), { recursive: true });
    writeFileSync(join(clone, ".git", "info", "sparse-checkout"), patterns);
    sb.git(["checkout", "-q", "main"], { cwd: clone });
    const ours = ourWorktree(sb, repo, `sparse-${name}-ours`, { sparse: new SparseMatcher(patterns) });
    expect(describeTree(ours.path)).toEqual(describeTree(clone));
    expect(sb.git(["ls-files", "-t"], { cwd: ours.path })).toBe(sb.git(["ls-files", "-t"], { cwd: clone }));
    expect(sb.git(["ls-files", "-t"], { cwd: ours.path })).toContain("S ");
    expect(sb.git(["status", "--porcelain"], { cwd: ours.path })).toBe("");
  });
});
