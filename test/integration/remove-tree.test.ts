// Deleting a worktree on two threads (src/git/remove/remove-tree.ts): the result is the same as one
// thread's (nothing left, nothing outside touched), a worker that cannot load or stops answering
// only costs the second core, and `worktree remove` with the worker forced on refuses and deletes
// exactly as without it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PARALLEL_MIN_ENTRIES, TreeRemover } from "../../src/git/remove/remove-tree.ts";
import { createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";
import { makeParallelRepo } from "./checkout-parallel-fixture.ts";

let sb: Sandbox;
let repo: string;
let outside: string;
beforeAll(() => {
  sb = createSandbox("rm-rmtree-");
  repo = makeParallelRepo(sb, "repo");
  outside = join(sb.root, "outside");
  mkdirSync(join(outside, "deep"), { recursive: true });
  writeFileSync(join(outside, "deep", "keep.txt"), "not ours to delete\n");
});
afterAll(() => sb.cleanup());

let n = 0;
/** A tree of `files` files in nested directories, with links to a directory and a file outside it. */
function makeTree(files: number): string {
  const root = join(sb.root, `tree${++n}`);
  for (let i = 0; i < files; i++) {
    const d = join(root, `a${i % 7}`, `b${i % 11}`, i % 3 === 0 ? "c" : "");
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `f${i}`), `file ${i}\n`);
  }
  writeFileSync(join(root, "top.txt"), "top\n");
  mkdirSync(join(root, "empty"));
  symlinkSync(outside, join(root, "link-to-outside"));
  symlinkSync(outside, join(root, "a1", "link-to-outside"));
  symlinkSync(join(outside, "deep", "keep.txt"), join(root, "a2", "b2", "file-link"));
  return root;
}

const outsideIntact = () => expect(Bun.file(join(outside, "deep", "keep.txt")).text()).resolves.toBe("not ours to delete\n");

describe("TreeRemover", () => {
  test("with the worker: everything goes, links are deleted and not followed", async () => {
    const root = makeTree(600);
    const r = new TreeRemover({ parallel: "on" });
    expect(r.parallel).toBe(true);
    await r.remove(root);
    expect(existsSync(root)).toBe(false);
    expect(r.fallbackReason).toBeNull();
    await outsideIntact();
  });

  test("on one thread, and for trees below the size the worker pays off at, the same", async () => {
    for (const r of [new TreeRemover({ parallel: "off" }), new TreeRemover({ sizeHint: PARALLEL_MIN_ENTRIES - 1 })]) {
      expect(r.parallel).toBe(false);
      const root = makeTree(50);
      await r.remove(root);
      expect(existsSync(root)).toBe(false);
    }
    expect(new TreeRemover({ sizeHint: PARALLEL_MIN_ENTRIES }).parallel).toBe(navigator.hardwareConcurrency >= 2);
    await outsideIntact();
  });

  test("a worker that cannot load: the main thread deletes its share, and the reason is kept", async () => {
    const root = makeTree(200);
    const r = new TreeRemover({ parallel: "on", url: new URL("./no-such-worker.ts", import.meta.url) });
    await r.remove(root);
    expect(existsSync(root)).toBe(false);
    expect(r.fallbackReason).not.toBeNull();
    await outsideIntact();
  });

  test("a worker that never answers: after the timeout the main thread deletes its share", async () => {
    const root = makeTree(200);
    const r = new TreeRemover({ parallel: "on", url: new URL("../fixtures/workers/silent-worker.ts", import.meta.url), timeoutMs: 300 });
    const t0 = performance.now();
    await r.remove(root);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(existsSync(root)).toBe(false);
    expect(r.fallbackReason).toContain("stopped answering");
  });

  test("a root that is a link to a directory: the link goes, what it points to stays", async () => {
    const target = makeTree(100);
    const link = join(sb.root, "link-root");
    symlinkSync(target, link);
    const before = snapshotTree(target);
    const r = new TreeRemover({ parallel: "on" });
    await r.remove(link);
    expect(existsSync(link)).toBe(false);
    expect(snapshotTree(target)).toBe(before);
    await outsideIntact();
  });

  test("a missing tree is no error (as rm -rf)", async () => {
    await new TreeRemover({ parallel: "on" }).remove(join(sb.root, "never-there"));
  });
});

describe("worktree remove with the remove worker forced on", () => {
  const add = (name: string) => {
    const wt = join(sb.root, name);
    expect(sb.run(["worktree", "add", "-q", "--detach", wt], { cwd: repo }).code).toBe(0);
    return wt;
  };

  test("deletes the worktree and its admin dir, quietly (the worker ran), as with it off", () => {
    for (const workers of ["1", "0"]) {
      const wt = add(`wt-rm-${workers}`);
      const r = sb.run(["worktree", "remove", wt], { cwd: repo, env: { REPO_MANAGER_REMOVE_WORKERS: workers } });
      expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(existsSync(wt)).toBe(false);
      expect(existsSync(join(repo, ".git", "worktrees"))).toBe(false);
      expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).not.toContain(wt);
    }
  });

  test("a dirty worktree is refused, and nothing changes on disk", () => {
    const wt = add("wt-dirty");
    writeFileSync(join(wt, "d1", "s1", "f1.dat"), "changed\n");
    const before = snapshotTree(sb.root);
    const r = sb.run(["worktree", "remove", wt], { cwd: repo, env: { REPO_MANAGER_REMOVE_WORKERS: "1" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("contains modified or untracked files");
    expect(snapshotTree(sb.root)).toBe(before);
    expect(readdirSync(join(wt, "d1")).length).toBeGreaterThan(0);
  });
});
