/**
 * Parsers and peeling against git: every tree parsed equals `git ls-tree -z`,
 * every commit's fields equal `git log`'s, and tags peel as `^{commit}` and
 * `^{tree}` do.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { UnexpectedObjectTypeError } from "../../src/git/objects/errors.ts";
import { parseCommit } from "../../src/git/objects/parse-commit.ts";
import { parseTree } from "../../src/git/objects/parse-tree.ts";
import { peelToCommit, peelToTree, readBlob, readTree } from "../../src/git/objects/peel.ts";
import { openObjectStore } from "../../src/git/objects/store.ts";
import type { GitObjectStore } from "../../src/git/objects/store.ts";
import { historyRepo } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let dir: string;
let store: GitObjectStore;
beforeAll(() => {
  sb = createSandbox("rm-objparse-");
  dir = historyRepo(sb, "repo", { commits: 15 });
  // A merge commit, so parents > 1 is covered.
  sb.git(["checkout", "-q", "-b", "side", "main~3"], { cwd: dir });
  sb.git(["commit", "-q", "--allow-empty", "-m", "side\n\nwith a body\nof two lines"], { cwd: dir });
  sb.git(["checkout", "-q", "main"], { cwd: dir });
  sb.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], { cwd: dir });
  sb.git(["tag", "-a", "-m", "inner", "v1"], { cwd: dir });
  sb.git(["tag", "-a", "-m", "outer", "v1-outer", "v1"], { cwd: dir });
  store = openObjectStore(join(dir, ".git", "objects"));
});
afterAll(() => {
  store.close();
  sb.cleanup();
});

const objectsOfType = (type: string) =>
  sb
    .git(["cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"], { cwd: dir })
    .trim()
    .split("\n")
    .map((l) => l.split(" "))
    .filter(([, t]) => t === type)
    .map(([oid]) => oid!);

describe("parsers vs git", () => {
  test("parseTree equals git ls-tree -z for every tree", () => {
    const trees = objectsOfType("tree");
    expect(trees.length).toBeGreaterThan(20);
    let names = 0;
    for (const tree of trees) {
      const want = sb
        .git(["ls-tree", "-z", tree], { cwd: dir })
        .split("\0")
        .filter((l) => l !== "")
        .map((l) => {
          const [meta, name] = l.split("\t") as [string, string];
          const [mode, , oid] = meta.split(" ") as [string, string, string];
          return { mode: parseInt(mode, 8), name, oid };
        });
      const got = parseTree(store.read(tree).data, tree);
      expect(got).toEqual(want);
      names += got.length;
    }
    expect(names).toBeGreaterThan(50);
    const root = parseTree(store.read(peelToTree(store, sb.git(["rev-parse", "v1"], { cwd: dir }).trim())).data);
    expect(root.map((e) => e.name)).toContain("space name.md");
    expect(root.find((e) => e.name === "link-to-readme")?.mode).toBe(0o120000);
  });

  test("parseCommit equals git log's fields for every commit", () => {
    const log = sb.git(["log", "--all", "--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B%x01"], {
      cwd: dir,
    });
    const records = log.split("\x01").map((r) => r.replace(/^\n/, "")).filter((r) => r !== "");
    expect(records.length).toBe(17);
    for (const record of records) {
      const [oid, tree, parents, an, ae, at, cn, ce, ct, body] = record.split("\0") as string[];
      const c = parseCommit(store.read(oid!).data, oid);
      expect(c.tree).toBe(tree!);
      expect(c.parents.join(" ")).toBe(parents!);
      expect([c.author.name, c.author.email, String(c.author.timestamp)]).toEqual([an!, ae!, at!]);
      expect([c.committer.name, c.committer.email, String(c.committer.timestamp)]).toEqual([cn!, ce!, ct!]);
      expect(c.message.trimEnd()).toBe(body!.trimEnd());
    }
  });

  test("peeling a tag of a tag to the commit and the tree; wrong types refused", () => {
    const outer = sb.git(["rev-parse", "v1-outer"], { cwd: dir }).trim();
    expect(store.read(outer).type).toBe("tag");
    const { oid, commit } = peelToCommit(store, outer);
    expect(oid).toBe(sb.git(["rev-parse", "v1-outer^{commit}"], { cwd: dir }).trim());
    expect(commit.parents.length).toBe(2);
    expect(peelToTree(store, outer)).toBe(sb.git(["rev-parse", "v1-outer^{tree}"], { cwd: dir }).trim());
    const tree = sb.git(["rev-parse", "main^{tree}"], { cwd: dir }).trim();
    expect(peelToTree(store, tree)).toBe(tree);
    const blob = sb.git(["rev-parse", "main:space name.md"], { cwd: dir }).trim();
    expect(() => peelToTree(store, blob)).toThrow(UnexpectedObjectTypeError);
    expect(() => peelToCommit(store, tree)).toThrow(/is a tree, not a commit/);
    expect(readTree(store, tree).map((e) => e.name)).toContain("space name.md");
    expect(new TextDecoder().decode(readBlob(store, blob))).toBe(sb.git(["cat-file", "blob", blob], { cwd: dir }));
    expect(() => readTree(store, blob)).toThrow(UnexpectedObjectTypeError);
    expect(() => readBlob(store, tree)).toThrow(/is a tree, not a blob/);
  });
});
