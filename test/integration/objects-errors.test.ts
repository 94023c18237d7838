/**
 * What the object store says when it cannot read: a missing object (and the
 * partial-clone variant), a damaged pack, idx or loose file. Reading never
 * changes anything on disk, which every case checks too.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync, closeSync, statSync } from "node:fs";
import { join } from "node:path";
import { CorruptObjectError, InvalidObjectIdError, ObjectNotFoundError } from "../../src/git/objects/errors.ts";
import { PackFile, OBJ_BLOB } from "../../src/git/objects/pack-file.ts";
import { openObjectStore } from "../../src/git/objects/store.ts";
import { explodePacks, historyRepo, packFiles } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
let packed: string; // a repository with one pack, copied per test that damages it
beforeAll(() => {
  sb = createSandbox("rm-objerr-");
  packed = historyRepo(sb, "packed", { commits: 20 });
  sb.git(["repack", "-adfq", "--depth=50"], { cwd: packed });
});
afterAll(() => sb.cleanup());

let copies = 0;
const copyOf = (dir: string) => {
  const to = join(sb.root, `copy${++copies}`);
  cpSync(dir, to, { recursive: true });
  return to;
};
const objectsOf = (dir: string) => join(dir, ".git", "objects");

/** Runs `fn` and returns what it threw (failing the test if it did not). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, got none");
}

describe("missing objects", () => {
  test("an absent id gives ObjectNotFoundError naming it; has() is false", () => {
    const before = snapshotTree(packed);
    const store = openObjectStore(objectsOf(packed));
    const oid = "0123456789abcdef0123456789abcdef01234567";
    const e = thrown(() => store.read(oid));
    expect(e).toBeInstanceOf(ObjectNotFoundError);
    expect((e as ObjectNotFoundError).code).toBe("E_OBJECT_MISSING");
    expect((e as ObjectNotFoundError).message).toContain(oid);
    expect((e as ObjectNotFoundError).hint).toContain("git fsck");
    expect(store.has(oid)).toBe(false);
    expect(store.has("not-an-oid")).toBe(false);
    expect(thrown(() => store.read("xyz"))).toBeInstanceOf(InvalidObjectIdError);
    store.close();
    expect(snapshotTree(packed)).toBe(before);
  });

  test("a blob never fetched in a partial clone says so and how to fetch it", () => {
    const dir = historyRepo(sb, "server", { commits: 3 });
    sb.git(["config", "uploadpack.allowFilter", "true"], { cwd: dir });
    const clone = join(sb.root, "partial");
    sb.git(["clone", "-q", "--no-checkout", "--filter=blob:none", `file://${dir}`, clone]);
    // git 2.39 marks a partial clone with a promisor remote (the caller passes partialClone: true for it).
    expect(sb.git(["config", "remote.origin.promisor"], { cwd: clone }).trim()).toBe("true");
    const blob = sb.git(["rev-parse", "HEAD:space name.md"], { cwd: dir }).trim();
    const before = snapshotTree(clone);
    const store = openObjectStore(objectsOf(clone), { partialClone: true });
    expect(store.read(sb.git(["rev-parse", "HEAD"], { cwd: clone }).trim()).type).toBe("commit");
    const e = thrown(() => store.read(blob)) as ObjectNotFoundError;
    expect(e).toBeInstanceOf(ObjectNotFoundError);
    expect(e.message).toContain("partial clone");
    expect(e.hint).toContain("git fetch");
    store.close();
    expect(snapshotTree(clone)).toBe(before);
  });

  test("a deleted loose object is reported missing", () => {
    const dir = historyRepo(sb, "loose-missing", { commits: 2 });
    explodePacks(sb, dir);
    const blob = sb.git(["rev-parse", "HEAD:space name.md"], { cwd: dir }).trim();
    rmSync(join(objectsOf(dir), blob.slice(0, 2), blob.slice(2)));
    const store = openObjectStore(objectsOf(dir));
    expect(thrown(() => store.read(blob))).toBeInstanceOf(ObjectNotFoundError);
    store.close();
  });
});

describe("corrupt data", () => {
  for (const io of ["mmap", "pread"] as const) {
    test(`a damaged zlib stream in a pack names the pack and offset (${io})`, () => {
      const dir = copyOf(packed);
      const packPath = packFiles(objectsOf(dir))[0]!;
      // Find a whole (non-delta) blob and damage the middle of its compressed data.
      const pack = new PackFile(0, packPath, packPath.replace(/\.pack$/, ".idx"), "pread");
      let target = -1;
      let dataStart = -1;
      for (let i = 0; i < pack.index.count && target < 0; i++) {
        const h = pack.header(pack.index.offsetAt(i));
        if (h.kind === OBJ_BLOB && h.size > 2000) [target, dataStart] = [pack.index.offsetAt(i), h.dataStart];
      }
      pack.close();
      expect(target).toBeGreaterThan(0);
      const fd = openSync(packPath, "r+");
      writeSync(fd, Buffer.alloc(16, 0xa5), 0, 16, dataStart + 10);
      closeSync(fd);
      const victim = findOidAtOffset(dir, packPath, target);
      const before = snapshotTree(dir);
      const store = openObjectStore(objectsOf(dir), { io });
      const e = thrown(() => store.read(victim)) as CorruptObjectError;
      expect(e).toBeInstanceOf(CorruptObjectError);
      expect(e.code).toBe("E_OBJECT_CORRUPT");
      expect(e.message).toContain(packPath);
      expect(e.data).toMatchObject({ path: packPath, offset: target });
      store.close();
      expect(snapshotTree(dir)).toBe(before);
    });
  }

  test("a truncated idx is reported as corrupt, not as a missing object", () => {
    const dir = copyOf(packed);
    const idx = packFiles(objectsOf(dir))[0]!.replace(/\.pack$/, ".idx");
    truncateSync(idx, 2000);
    const before = snapshotTree(dir);
    const store = openObjectStore(objectsOf(dir));
    const e = thrown(() => store.read(sb.git(["rev-parse", "HEAD"], { cwd: packed }).trim())) as CorruptObjectError;
    expect(e).toBeInstanceOf(CorruptObjectError);
    expect(e.message).toContain(idx);
    store.close();
    expect(snapshotTree(dir)).toBe(before);
  });

  test("a pack whose checksum does not match its idx is refused", () => {
    const dir = copyOf(packed);
    const packPath = packFiles(objectsOf(dir))[0]!;
    const fd = openSync(packPath, "r+");
    writeSync(fd, Buffer.from([0xde, 0xad]), 0, 2, statSync(packPath).size - 5);
    closeSync(fd);
    const store = openObjectStore(objectsOf(dir));
    const e = thrown(() => store.read(sb.git(["rev-parse", "HEAD"], { cwd: packed }).trim())) as CorruptObjectError;
    expect(e).toBeInstanceOf(CorruptObjectError);
    expect(e.message).toContain("does not match its index");
    store.close();
  });

  test("a garbage loose object file is reported with its path", () => {
    const dir = historyRepo(sb, "loose-corrupt", { commits: 2 });
    explodePacks(sb, dir);
    const blob = sb.git(["rev-parse", "HEAD:space name.md"], { cwd: dir }).trim();
    const path = join(objectsOf(dir), blob.slice(0, 2), blob.slice(2));
    rmSync(path);
    writeFileSync(path, "this is not zlib data");
    const before = snapshotTree(dir);
    const store = openObjectStore(objectsOf(dir));
    const e = thrown(() => store.read(blob)) as CorruptObjectError;
    expect(e).toBeInstanceOf(CorruptObjectError);
    expect(e.message).toContain(path);
    expect(e.hint).toContain("git fsck");
    store.close();
    expect(snapshotTree(dir)).toBe(before);
    expect(readFileSync(path, "utf8")).toBe("this is not zlib data");
  });
});

/** The oid stored at `offset` of a pack, from git's own `show-index`. */
function findOidAtOffset(dir: string, packPath: string, offset: number): string {
  const idx = readFileSync(packPath.replace(/\.pack$/, ".idx"));
  const out = Bun.spawnSync(["git", "show-index"], { cwd: dir, env: sb.env, stdin: idx }).stdout.toString();
  const line = out.split("\n").find((l) => l.startsWith(`${offset} `));
  if (line === undefined) throw new Error(`no object at offset ${offset}`);
  return line.split(" ")[1]!;
}

describe("unsupported repositories", () => {
  test("a SHA-256 object format is refused up front", () => {
    expect(() => openObjectStore(objectsOf(packed), { objectFormat: "sha256" })).toThrow(/not supported/);
    expect(openObjectStore(objectsOf(packed), { objectFormat: "sha1" }).stats().packs).toBe(1);
  });

  test("a pack that is broken at open and later repaired by a repack is read again", () => {
    const dir = copyOf(packed);
    const idx = packFiles(objectsOf(dir))[0]!.replace(/\.pack$/, ".idx");
    const good = readFileSync(idx);
    truncateSync(idx, 100);
    const head = sb.git(["rev-parse", "HEAD"], { cwd: packed }).trim();
    const store = openObjectStore(objectsOf(dir));
    expect(thrown(() => store.read(head))).toBeInstanceOf(CorruptObjectError);
    writeFileSync(idx, good);
    expect(store.read(head).type).toBe("commit");
    store.close();
  });
});
