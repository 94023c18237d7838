/**
 * The object store against the real git: every object of each fixture read
 * through our store (mmap and positioned reads) equals `git cat-file --batch`.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { openObjectStore } from "../../src/git/objects/store.ts";
import { PackFile, OBJ_OFS_DELTA, OBJ_REF_DELTA } from "../../src/git/objects/pack-file.ts";
import { diffStoreWithGit, explodePacks, historyRepo, packFiles, writeHistory } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-objects-");
});
afterAll(() => sb.cleanup());

const objectsOf = (dir: string) => join(dir, ".git", "objects");

/** Kinds of every entry of a pack, read through our own header parser. */
function entryKinds(packPath: string): Map<number, number> {
  const pack = new PackFile(0, packPath, packPath.replace(/\.pack$/, ".idx"), "pread");
  const kinds = new Map<number, number>();
  for (let i = 0; i < pack.index.count; i++) {
    const k = pack.header(pack.index.offsetAt(i)).kind;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  pack.close();
  return kinds;
}

describe("object store vs git cat-file --batch", () => {
  test("loose objects only", () => {
    const dir = historyRepo(sb, "loose", { commits: 8 });
    explodePacks(sb, dir);
    expect(packFiles(objectsOf(dir))).toEqual([]);
    const { compared, mismatches } = diffStoreWithGit(sb, dir, objectsOf(dir));
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(30);
  });

  test("one pack with deep delta chains (depth 50), with a roomy and a tiny base cache", () => {
    const dir = historyRepo(sb, "deep", { commits: 120, files: 4 });
    sb.git(["repack", "-adfq", "--depth=50", "--window=250"], { cwd: dir });
    const verify = sb.git(["verify-pack", "-v", packFiles(objectsOf(dir))[0]!.replace(/\.pack$/, ".idx")], { cwd: dir });
    const depths = [...verify.matchAll(/^chain length = (\d+):/gm)].map((m) => Number(m[1]));
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(30);
    expect(entryKinds(packFiles(objectsOf(dir))[0]!).get(OBJ_OFS_DELTA) ?? 0).toBeGreaterThan(100);
    // Ring sizes: roomy (it grows), one that grows and then wraps, the first ring size (wraps at once), tiny, none.
    for (const baseCacheBytes of [64 << 20, 1 << 20, 256 << 10, 4096, 0]) {
      const { compared, mismatches } = diffStoreWithGit(sb, dir, objectsOf(dir), { baseCacheBytes });
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(300);
    }
  });

  test("two packs plus loose objects", () => {
    const dir = historyRepo(sb, "mixed", { commits: 20 });
    sb.git(["repack", "-adq"], { cwd: dir }); // first pack: everything so far
    writeHistory(sb, dir, { commits: 6, seed: 4, append: true });
    sb.git(["repack", "-dq"], { cwd: dir }); // second pack: only what is new (incremental)
    sb.git(["commit", "-q", "--allow-empty", "-m", "loose commit"], { cwd: dir });
    sb.git(["tag", "-a", "-m", "annotated", "v1"], { cwd: dir });
    expect(packFiles(objectsOf(dir)).length).toBe(2);
    const loose = readdirSync(objectsOf(dir)).filter((n) => /^[0-9a-f]{2}$/.test(n));
    expect(loose.length).toBeGreaterThan(0);
    const { compared, mismatches } = diffStoreWithGit(sb, dir, objectsOf(dir));
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });

  test("REF_DELTA entries (repack.useDeltaBaseOffset=false)", () => {
    const dir = historyRepo(sb, "refdelta", { commits: 40 });
    sb.git(["-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq", "--depth=50"], { cwd: dir });
    const kinds = entryKinds(packFiles(objectsOf(dir))[0]!);
    expect(kinds.get(OBJ_REF_DELTA) ?? 0).toBeGreaterThan(20);
    expect(kinds.get(OBJ_OFS_DELTA) ?? 0).toBe(0);
    const { mismatches } = diffStoreWithGit(sb, dir, objectsOf(dir));
    expect(mismatches).toEqual([]);
  });

  test("idx with 64-bit offsets (index-pack --index-version=2,0x100) and an idx v1", () => {
    const dir = historyRepo(sb, "idx64", { commits: 30 });
    sb.git(["repack", "-adfq"], { cwd: dir });
    const pack = packFiles(objectsOf(dir))[0]!;
    const idx = pack.replace(/\.pack$/, ".idx");
    const count = Number(sb.git(["count-objects", "-v"], { cwd: dir }).match(/in-pack: (\d+)/)![1]);

    sb.git(["index-pack", "--index-version=2,0x100", "-o", `${idx}.new`, pack], { cwd: dir });
    renameSync(`${idx}.new`, idx);
    // 8 header + fan-out + 28 per object + 2 checksums; anything more is the 64-bit table.
    const plain = 8 + 1024 + 28 * count + 40;
    expect(statSync(idx).size).toBeGreaterThan(plain + 8 * 10);
    expect(diffStoreWithGit(sb, dir, objectsOf(dir)).mismatches).toEqual([]);

    sb.git(["index-pack", "--index-version=1", "-o", `${idx}.new`, pack], { cwd: dir });
    renameSync(`${idx}.new`, idx);
    expect(readFileSync(idx).readUInt32BE(0)).not.toBe(0xff744f63);
    expect(diffStoreWithGit(sb, dir, objectsOf(dir)).mismatches).toEqual([]);
  });

  test("a repack after opening is found by the rescan on a miss", () => {
    const dir = historyRepo(sb, "rescan", { commits: 5 });
    sb.git(["repack", "-adq"], { cwd: dir });
    const store = openObjectStore(objectsOf(dir));
    const before = sb.git(["rev-parse", "HEAD"], { cwd: dir }).trim();
    expect(store.read(before).type).toBe("commit");
    writeHistory(sb, dir, { commits: 3, seed: 9, append: true });
    sb.git(["repack", "-adq"], { cwd: dir }); // old pack deleted, one new pack with everything
    const after = sb.git(["rev-parse", "main"], { cwd: dir }).trim();
    expect(store.read(after).type).toBe("commit");
    expect(store.read(`${before}`).type).toBe("commit");
    expect(store.stats().packs).toBe(1);
    store.close();
  });
});
