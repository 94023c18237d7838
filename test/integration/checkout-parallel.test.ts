// The checkout worker (src/git/checkout-parallel.ts): `worktree add` with the worker forced on
// and off gives the same files and the same index as git expects (git itself checks it), a
// write error in the worker is the usual E_CHECKOUT_WRITE, and an abort stops the worker
// before the checkout returns, so a rollback never races it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CheckoutError, checkoutTreeAsync } from "../../src/git/checkout.ts";
import { CheckoutWorkerPool } from "../../src/git/checkout-parallel.ts";
import { openObjectStore, peelToTree } from "../../src/git/objects/index.ts";
import { InterruptedError } from "../../src/errors.ts";
import { createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";
import { FIXTURE_FILES, makeParallelRepo } from "./checkout-parallel-fixture.ts";

let sb: Sandbox;
let repo: string;
beforeAll(() => {
  sb = createSandbox("rm-ckpar-");
  repo = makeParallelRepo(sb, "repo");
});
afterAll(() => sb.cleanup());

const countFiles = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).length;

function addWith(workers: "0" | "1", name: string): string {
  const wt = join(sb.root, name);
  const r = sb.run(["worktree", "add", "-q", "--detach", wt], { cwd: repo, env: { REPO_MANAGER_CHECKOUT_WORKERS: workers } });
  expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  return wt;
}

describe("worktree add with and without the checkout worker", () => {
  test("same files, same index; git finds the worktree clean without refreshing", () => {
    const one = addWith("0", "one-thread");
    const two = addWith("1", "two-threads");
    for (const wt of [one, two]) {
      // diff-files does not refresh: a wrong stat field in any entry would list that file.
      expect(sb.git(["diff-files", "--name-only"], { cwd: wt })).toBe("");
      expect(sb.git(["status", "--porcelain"], { cwd: wt })).toBe("");
      const lsFiles = sb.git(["ls-files", "-s"], { cwd: wt });
      const lsTree = sb.git(["ls-tree", "-r", "HEAD"], { cwd: wt }).replace(/^(\d+) \w+ ([0-9a-f]+)\t/gm, "$1 $2 0\t");
      expect(lsFiles).toBe(lsTree);
      expect(lsFiles.split("\n").length).toBeGreaterThan(FIXTURE_FILES);
      sb.git(["fsck", "--no-progress"], { cwd: wt });
    }
    // Byte for byte and mode for mode (CRLF files, the link, executables included).
    const listing = (wt: string) =>
      snapshotTree(wt)
        .split("\n")
        .filter((l) => !l.startsWith(`${wt}/.git `))
        .map((l) => l.slice(wt.length).split(" ").filter((_, i) => i !== 3).join(" ")) // mtime aside
        .join("\n");
    expect(listing(two)).toBe(listing(one));
    const diff = Bun.spawnSync(["diff", "-r", "--no-dereference", "-x", ".git", one, two]);
    expect(diff.stdout.toString()).toBe("");
    expect(diff.exitCode).toBe(0);
    expect(Bun.file(join(two, "d1", "t0.txt")).size).toBe("line one 0\r\nline two\r\n".length);
    // Entries other than stat data agree between the two indexes.
    const entries = (wt: string) => sb.git(["ls-files", "--debug"], { cwd: wt }).replace(/^\s+(ctime|mtime|dev|uid):.*$/gm, "");
    expect(entries(two)).toBe(entries(one));
  });
});

describe("checkoutTreeAsync with the worker on", () => {
  const store = () => openObjectStore(join(repo, ".git", "objects"));
  const treeOf = (s: ReturnType<typeof store>) => peelToTree(s, sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim());

  test("a write the worker fails is E_CHECKOUT_WRITE naming the file, after the worker stopped", async () => {
    const s = store();
    const wt = join(sb.root, "clash");
    mkdirSync(wt);
    // The first run of plain files in tree order goes to the worker: `.gitattributes` is its first file.
    writeFileSync(join(wt, ".gitattributes"), "in the way\n");
    const err = await checkoutTreeAsync({ store: s, treeOid: treeOf(s), worktree: wt, parallel: "on" }).catch((e) => e);
    expect(err).toBeInstanceOf(CheckoutError);
    expect(err.code).toBe("E_CHECKOUT_WRITE");
    expect(err.message).toBe(`cannot write '.gitattributes': EEXIST: file already exists, open '${join(wt, ".gitattributes")}'`);
    expect(err.hint).toBe("the target directory must be empty");
    const n = countFiles(wt);
    await Bun.sleep(100);
    expect(countFiles(wt)).toBe(n); // nobody writes after the error
    s.close();
  });

  test("an abort mid-checkout throws InterruptedError and nothing is written afterwards", async () => {
    const s = store();
    const wt = join(sb.root, "aborted");
    mkdirSync(wt);
    const ac = new AbortController();
    let aborted = false;
    const p = checkoutTreeAsync({
      store: s,
      treeOid: treeOf(s),
      worktree: wt,
      parallel: "on",
      signal: ac.signal,
      onProgress: (done) => {
        // As Ctrl-C does: the signal aborts while both threads are writing.
        if (done >= 256 && !aborted) {
          aborted = true;
          ac.abort();
        }
      },
    });
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    const n = countFiles(wt);
    expect(n).toBeLessThan(FIXTURE_FILES);
    await Bun.sleep(100);
    expect(countFiles(wt)).toBe(n);
    s.close();
  });

  test("on and off give the same entries (stat data aside) on the same tree", async () => {
    const s = store();
    const tree = treeOf(s);
    const strip = (es: { path: string; mode: number; oid: string; size: number }[]) => es.map((e) => `${e.mode.toString(8)} ${e.oid} ${e.size} ${e.path}`);
    const results = [];
    for (const mode of ["off", "on"] as const) {
      const wt = join(sb.root, `api-${mode}`);
      mkdirSync(wt);
      results.push(strip((await checkoutTreeAsync({ store: s, treeOid: tree, worktree: wt, parallel: mode })).entries));
    }
    expect(results[1]).toEqual(results[0] as string[]);
    expect((results[0] as string[]).length).toBeGreaterThan(FIXTURE_FILES);
    s.close();
  });
});

describe("a worker that cannot load", () => {
  test("its files are written on the main thread, with their stat data, and the reason is kept", async () => {
    const wt = join(sb.root, "fallback");
    mkdirSync(join(wt, "d"), { recursive: true });
    const stats = new Map<number, { size: number; ino: number }>();
    const pool = new CheckoutWorkerPool(new URL("./no-such-worker.ts", import.meta.url)).use(`${wt}/`, (i, d) => stats.set(i, d));
    for (let i = 0; i < 70; i++) pool.add(i, `d/f${i}`, new TextEncoder().encode(`content ${i}\n`), i === 3, 32);
    expect(await pool.drain()).toBeNull();
    expect(pool.fallbackReason).not.toBeNull();
    expect(stats.size).toBe(70);
    for (let i = 0; i < 70; i++) {
      const st = statSync(join(wt, "d", `f${i}`));
      expect(stats.get(i)).toMatchObject({ size: st.size, ino: st.ino });
      expect(await Bun.file(join(wt, "d", `f${i}`)).text()).toBe(`content ${i}\n`);
    }
    expect(statSync(join(wt, "d", "f3")).mode & 0o100).toBe(0o100);
  });
});
