/**
 * Trees checkoutTree must refuse, made with git's plumbing (`git mktree`
 * accepts names git itself would never check out). Every refusal leaves
 * the target directory exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type CheckoutOptions, checkoutTree } from "../../src/git/checkout/checkout.ts";
import { openObjectStore } from "../../src/git/objects/store.ts";
import type { ObjectStore } from "../../src/git/objects/types.ts";
import { RepoManagerError } from "../../src/errors.ts";
import { makeRepo, type FixtureRepo } from "../helpers/checkout-fixtures.ts";
import { createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: FixtureRepo;
let store: ObjectStore;
let blob: string;
let counter = 0;

beforeAll(() => {
  sb = createSandbox("rm-refuse-");
  repo = makeRepo(sb, "repo", { "x.gitattributes-free": "hi\n" });
  store = openObjectStore(join(repo.gitDir, "objects"));
  blob = sb.git(["hash-object", "-w", "--stdin"], { cwd: repo.dir }).trim();
});
afterAll(() => {
  store.close();
  sb.cleanup();
});

/** `git mktree` from "mode type oid\tname" lines. */
function mktree(lines: string[]): string {
  return sb.gitRaw(["mktree"], { cwd: repo.dir, stdin: `${lines.join("\n")}\n` }).stdout.trim();
}
const file = (name: string, oid = blob) => `100644 blob ${oid}\t${name}`;
const dir = (name: string, oid: string) => `040000 tree ${oid}\t${name}`;

/** Runs a checkout that must throw `code`; proves the target is unchanged. */
function expectRefused(treeOid: string, code: string, extra: Partial<CheckoutOptions> = {}): RepoManagerError {
  const target = join(sb.root, `t${counter++}`);
  mkdirSync(target);
  const before = snapshotTree(target);
  let caught: unknown;
  try {
    checkoutTree({ store, treeOid, worktree: target, attributesFile: null, ...extra });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RepoManagerError);
  const err = caught as RepoManagerError;
  expect(err.code).toBe(code);
  expect(err.hint).toBeTruthy();
  expect(snapshotTree(target)).toBe(before);
  expect(readdirSync(target)).toEqual([]);
  return err;
}

describe("hostile trees are refused before anything is written", () => {
  const inner = () => mktree([file("x")]);
  test.each([
    ["..", "'..' path component"],
    [".git", "'.git' path component"],
    [".GIT", "'.git' path component"],
    ["git~1", "NTFS"],
    [".git. .", "NTFS"],
  ])("a directory named %p", (name, reason) => {
    const tree = mktree([file("a-good-file"), dir(name, inner())]);
    const err = expectRefused(tree, "E_UNSAFE_PATH");
    expect(err.message).toContain(reason);
    expect(err.message).toContain(`unsafe path '${name}'`);
  });

  test(".git nested deeper (a/.git/config), and HFS aliases when protectHfs", () => {
    const tree = mktree([dir("a", mktree([dir(".git", mktree([file("config")]))]))]);
    expect(expectRefused(tree, "E_UNSAFE_PATH").message).toContain("unsafe path 'a/.git'");
    const hfs = mktree([dir(".g\u200cit", inner())]);
    expectRefused(hfs, "E_UNSAFE_PATH", { pathSafety: { protectHfs: true } });
  });

  test("Windows names when the Windows rules apply", () => {
    for (const name of ["CON", "aux.txt", "trailing.", "a:b", "q?"]) {
      expectRefused(mktree([file(name)]), "E_UNSAFE_PATH", { pathSafety: { windows: true } });
    }
  });

  test("names that collide on a case-insensitive file system", () => {
    const tree = mktree([file("README"), file("readme")]);
    const err = expectRefused(tree, "E_PATH_COLLISION", { caseInsensitive: true });
    expect(err.message).toContain("README");
    // A directory and a file that fold together collide too.
    expectRefused(mktree([file("Docs"), dir("docs", inner())]), "E_PATH_COLLISION", { caseInsensitive: true });
  });

  test("a required filter that is not configured, and a process-only filter", () => {
    const attrs = sb.gitRaw(["hash-object", "-w", "--stdin"], { cwd: repo.dir, stdin: "*.big filter=lfs\n" }).stdout.trim();
    const tree = mktree([file(".gitattributes", attrs), file("a.txt"), file("z.big")]);
    const err = expectRefused(tree, "E_FILTER_MISSING", { filters: { lfs: { required: true } } });
    expect(err.message).toBe("required filter 'lfs' for 'z.big' has no smudge command");
    expectRefused(tree, "E_FILTER_PROCESS_UNSUPPORTED", { filters: { lfs: { process: "git-lfs filter-process" } } });
  });

  test("a tree entry whose object is missing", () => {
    const missing = "0123456789abcdef0123456789abcdef01234567";
    // mktree refuses unknown objects unless --missing.
    const t = sb.gitRaw(["mktree", "--missing"], { cwd: repo.dir, stdin: `${file("a")}\n040000 tree ${missing}\tsub\n` }).stdout.trim();
    const target = join(sb.root, `t${counter++}`);
    mkdirSync(target);
    expect(() => checkoutTree({ store, treeOid: t, worktree: target, attributesFile: null })).toThrow(RepoManagerError);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe("failures midway", () => {
  test("a required filter that fails throws FilterError with the command; non-required warns and passes through", () => {
    const attrs = sb.gitRaw(["hash-object", "-w", "--stdin"], { cwd: repo.dir, stdin: "*.f filter=bad\n" }).stdout.trim();
    const tree = mktree([file(".gitattributes", attrs), file("a.f")]);
    const target = join(sb.root, `t${counter++}`);
    mkdirSync(target);
    let err: RepoManagerError | undefined;
    try {
      checkoutTree({ store, treeOid: tree, worktree: target, attributesFile: null, filters: { bad: { smudge: "exit 3", required: true } } });
    } catch (e) {
      err = e as RepoManagerError;
    }
    expect(err?.code).toBe("E_FILTER_FAILED");
    expect(err?.message).toContain("exit code 3");
    const target2 = join(sb.root, `t${counter++}`);
    mkdirSync(target2);
    const warnings: string[] = [];
    const r = checkoutTree({
      store,
      treeOid: tree,
      worktree: target2,
      attributesFile: null,
      filters: { bad: { smudge: "exit 3" } },
      warn: (m) => warnings.push(m),
    });
    expect(r.entries.map((e) => e.path)).toEqual([".gitattributes", "a.f"]);
    expect(warnings).toEqual(["external filter 'exit 3' failed (exit code 3); 'a.f' left unfiltered"]);
  });

  test("a missing blob fails midway with the store's error and leaves the files before it for the caller", () => {
    const missing = "89abcdef0123456789abcdef0123456789abcdef";
    const t = sb.gitRaw(["mktree", "--missing"], { cwd: repo.dir, stdin: `${file("a")}\n100644 blob ${missing}\tb\n${file("c")}\n` }).stdout.trim();
    const target = join(sb.root, `t${counter++}`);
    mkdirSync(target);
    let err: unknown;
    try {
      checkoutTree({ store, treeOid: t, worktree: target, attributesFile: null });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RepoManagerError);
    expect((err as RepoManagerError).message).toContain(missing);
    expect(readdirSync(target)).toEqual(["a"]);
  });

  test("an aborted signal stops with InterruptedError; a non-empty target is a clear write error", () => {
    const target = join(sb.root, `t${counter++}`);
    mkdirSync(target);
    const ac = new AbortController();
    ac.abort();
    expect(() => checkoutTree({ store, treeOid: repo.tree, worktree: target, attributesFile: null, signal: ac.signal })).toThrow(
      expect.objectContaining({ code: "E_INTERRUPTED" }),
    );
    const progress: number[][] = [];
    checkoutTree({ store, treeOid: repo.tree, worktree: target, attributesFile: null, onProgress: (d, t) => progress.push([d, t]) });
    expect(progress).toEqual([[1, 1]]);
    expect(() => checkoutTree({ store, treeOid: repo.tree, worktree: target, attributesFile: null })).toThrow(
      expect.objectContaining({ code: "E_CHECKOUT_WRITE", hint: "the target directory must be empty" }),
    );
  });
});
