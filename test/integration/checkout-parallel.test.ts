// The checkout worker (src/git/checkout/checkout-parallel.ts): `worktree add` with the worker forced on
// and off gives the same files and the same index as git expects (git itself checks it), a
// write error in the worker is the usual E_CHECKOUT_WRITE, and an abort stops the worker
// before the checkout returns, so a rollback never races it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CheckoutError, checkoutTreeAsync } from "../../src/git/checkout/checkout.ts";
import { CheckoutWorkerPool, workerStoreSource } from "../../src/git/checkout/checkout-parallel.ts";
import { ObjectNotFoundError } from "../../src/git/objects/errors.ts";
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

// Either way its files are written on the main thread, with their stat data, and the reason is kept.
describe("a worker that does not do its share", () => {
  test.each([
    ["cannot load", "noload", new URL("./no-such-worker.ts", import.meta.url), undefined, ""],
    ["never answers (ended after the answer timeout)", "silent", new URL("../fixtures/workers/silent-worker.ts", import.meta.url), 300, "stopped answering"],
  ])("a worker that %s", async (_what, slug, url, timeoutMs, reason) => {
    const wt = join(sb.root, `fallback-${slug}`);
    mkdirSync(join(wt, "d"), { recursive: true });
    // Real blobs: the pool reads them on this thread once it knows the worker is not there.
    const src = join(sb.root, `fallback-src-${slug}`);
    mkdirSync(src);
    const files = Array.from({ length: 70 }, (_, i) => join(src, `f${i}`));
    files.forEach((f, i) => writeFileSync(f, `content ${i}\n`));
    const oids = sb.git(["hash-object", "-w", ...files], { cwd: repo }).trim().split("\n");
    const s = openObjectStore(join(repo, ".git", "objects"));
    const stats = new Map<number, { size: number; ino: number }>();
    const pool = new CheckoutWorkerPool(s, url, timeoutMs).use(
      `${wt}/`,
      (i, d) => stats.set(i, d),
      (oid) => s.read(oid).data,
    );
    for (let i = 0; i < 70; i++) pool.add(i, `d/f${i}`, oids[i] as string, i === 3, 32);
    const t0 = performance.now();
    expect(await pool.drain()).toBeNull();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(pool.fallbackReason).toContain(reason);
    expect(stats.size).toBe(70);
    for (let i = 0; i < 70; i++) {
      const st = statSync(join(wt, "d", `f${i}`));
      expect(stats.get(i)).toMatchObject({ size: st.size, ino: st.ino });
      expect(await Bun.file(join(wt, "d", `f${i}`)).text()).toBe(`content ${i}\n`);
    }
    expect(statSync(join(wt, "d", "f3")).mode & 0o100).toBe(0o100);
    s.close();
  });
});

describe("an object the worker cannot read", () => {
  test("a blob missing from the worker's half fails add with E_OBJECT_MISSING, as on one thread, and leaves nothing", () => {
    // Loose objects, so one blob can be deleted; f000..f031 (the first run of plain files) go to the worker.
    const r = join(sb.root, "missing-blob");
    mkdirSync(r);
    sb.git(["init", "-q", r]);
    for (let i = 0; i < 100; i++) writeFileSync(join(r, `f${String(i).padStart(3, "0")}`), `blob ${i}\n`);
    sb.git(["add", "."], { cwd: r });
    sb.git(["commit", "-q", "-m", "files"], { cwd: r });
    const oid = sb.git(["rev-parse", "HEAD:f005"], { cwd: r }).trim();
    rmSync(join(r, ".git", "objects", oid.slice(0, 2), oid.slice(2)));
    const before = snapshotTree(r);
    const stderrs: string[] = [];
    for (const workers of ["1", "0"]) {
      const wt = join(sb.root, "missing-wt");
      const res = sb.run(["worktree", "add", "--detach", wt], { cwd: r, env: { REPO_MANAGER_CHECKOUT_WORKERS: workers } });
      expect(res.code).toBe(1);
      expect(res.stdout).toBe("");
      expect(res.stderr).toContain(`object ${oid} is missing from the repository`);
      expect(res.stderr).toContain("git fsck");
      expect(res.stderr).not.toContain("    at "); // no stack trace
      expect(existsSync(wt)).toBe(false);
      expect(snapshotTree(r)).toBe(before);
      stderrs.push(res.stderr);
    }
    // The worker's error is the very one a one-thread checkout gives.
    expect(stderrs[0]).toBe(stderrs[1] as string);
  });

  test("through the API it is the store's ObjectNotFoundError, thrown after the worker stopped", async () => {
    const r = join(sb.root, "missing-blob");
    const s = openObjectStore(join(r, ".git", "objects"));
    const wt = join(sb.root, "missing-api");
    mkdirSync(wt);
    const tree = peelToTree(s, sb.git(["rev-parse", "HEAD"], { cwd: r }).trim());
    const err = await checkoutTreeAsync({ store: s, treeOid: tree, worktree: wt, parallel: "on" }).catch((e) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect(err.code).toBe("E_OBJECT_MISSING");
    expect(err.hint).toContain("git fsck");
    expect(existsSync(join(wt, "f005"))).toBe(false);
    s.close();
  });
});

describe("the worker's object store", () => {
  test("opens the main store's directories with the main store's delta-base cache budget", () => {
    const s = openObjectStore(join(repo, ".git", "objects"), { baseCacheBytes: 123_456 });
    expect(workerStoreSource(s)).toEqual({ objectDirs: [join(repo, ".git", "objects")], baseCacheBytes: 123_456 });
    s.close();
    // A store without object directories (a test double) keeps the checkout on one thread.
    expect(workerStoreSource({ read: () => ({ type: "blob", data: new Uint8Array() }) } as never)).toBeNull();
  });
});

// Its pack files are open in this process: the worker must close them, not leave them to the end of the process.
describe.skipIf(process.platform !== "linux")("the worker's pack files", () => {
  // Descriptors open on this repository's pack files (other fds of the test process come and go).
  const openFds = () =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(join(packed, ".git", "objects", "pack"));
      } catch {
        return false; // closed meanwhile
      }
    }).length;
  const settles = async (want: number) => {
    for (let i = 0; i < 100 && openFds() !== want; i++) await Bun.sleep(20);
    return openFds();
  };
  let packed: string;
  beforeAll(() => {
    packed = join(sb.root, "packed");
    sb.git(["clone", "-q", "--no-local", repo, packed]); // one pack, as a clone has
  });

  test("are closed when a checkout with the worker ends", async () => {
    const s = openObjectStore(join(packed, ".git", "objects"));
    const tree = peelToTree(s, sb.git(["rev-parse", "HEAD"], { cwd: packed }).trim());
    const run = async (i: number) => {
      const wt = join(sb.root, `fds-${i}`);
      mkdirSync(wt);
      await checkoutTreeAsync({ store: s, treeOid: tree, worktree: wt, parallel: "on" });
      expect(countFiles(wt)).toBeGreaterThan(FIXTURE_FILES);
    };
    await run(0); // the main store's own pack file is open from here on
    const before = openFds();
    expect(before).toBe(1);
    for (let i = 1; i <= 3; i++) await run(i);
    expect(await settles(before)).toBe(before);
    s.close();
  });

  test("a worker discarded as not needed (a small tree) ends by itself", async () => {
    const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
    const s = openObjectStore(join(packed, ".git", "objects"));
    // Threads of workers ended by earlier tests may still be going away: wait until the count holds.
    let before = threads();
    for (let i = 0; i < 50; i++) {
      await Bun.sleep(50);
      if (threads() === before) break;
      before = threads();
    }
    const pool = new CheckoutWorkerPool(s);
    for (let i = 0; i < 100 && threads() <= before; i++) await Bun.sleep(20);
    expect(threads()).toBeGreaterThan(before);
    pool.discard();
    for (let i = 0; i < 100 && threads() > before; i++) await Bun.sleep(20);
    expect(threads()).toBe(before);
    s.close();
  });
});
