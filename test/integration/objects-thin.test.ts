/**
 * Harder pack shapes: a REF_DELTA whose base lives in *another* pack (a thin
 * pack kept as is, which `git index-pack` would refuse to index, so the test
 * writes its .idx), and objects big enough to take the positioned-read path
 * that grows its input buffer.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex } from "../../src/git/objects/oid.ts";
import { OBJ_REF_DELTA, PackFile } from "../../src/git/objects/pack-file.ts";
import { PackIndex } from "../../src/git/objects/pack-index.ts";
import { openObjectStore } from "../../src/git/objects/store.ts";
import { catFileBatch, diffStoreWithGit, gitBytes, historyRepo, prng } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-objthin-");
});
afterAll(() => sb.cleanup());

/** An idx v2 for `entries` (sorted here) of a pack with trailer `packSum`. */
function writeIdx(entries: { oid: Uint8Array; crc: number; offset: number }[], packSum: Uint8Array): Uint8Array {
  entries.sort((a, b) => Buffer.compare(a.oid, b.oid));
  const n = entries.length;
  const buf = Buffer.alloc(8 + 1024 + n * 28 + 40);
  buf.writeUInt32BE(0xff744f63, 0);
  buf.writeUInt32BE(2, 4);
  for (let b = 0; b < 256; b++) buf.writeUInt32BE(entries.filter((e) => e.oid[0]! <= b).length, 8 + b * 4);
  entries.forEach((e, i) => {
    buf.set(e.oid, 1032 + i * 20);
    buf.writeUInt32BE(e.crc, 1032 + n * 20 + i * 4);
    buf.writeUInt32BE(e.offset, 1032 + n * 24 + i * 4);
  });
  buf.set(packSum, 1032 + n * 28);
  const sum = new Bun.CryptoHasher("sha1").update(buf.subarray(0, buf.length - 20)).digest();
  buf.set(sum, buf.length - 20);
  return buf;
}

describe("packs git itself would not write", () => {
  test("REF_DELTA with its base in another pack (a thin pack)", () => {
    const src = historyRepo(sb, "src", { commits: 20 });
    sb.git(["repack", "-adq"], { cwd: src });
    sb.git(["tag", "old"], { cwd: src });
    const dst = join(sb.root, "dst");
    cpSync(src, dst, { recursive: true }); // dst has exactly the old objects, in one pack
    // Small edits of existing files: their new versions delta against blobs only dst has.
    for (const [i, f] of ["space name.md", "src/m2/file2.ts", "src/m0/file3.ts"].entries()) {
      writeFileSync(join(src, f), `${readFileSync(join(src, f), "utf8")}appended ${i}\n`);
      sb.git(["commit", "-q", "-am", `edit ${f}`], { cwd: src });
    }

    const thin = gitBytes(sb, ["pack-objects", "--thin", "--stdout", "--revs", "-q"], src, new TextEncoder().encode("main\n^old\n"));
    const thinSum = thin.subarray(thin.length - 20);
    // index-pack --fix-thin appends the missing bases at the end; the thin entries keep their offsets.
    const fixed = join(sb.root, "fixed.pack");
    gitBytes(sb, ["index-pack", "--stdin", "--fix-thin", fixed], src, thin);
    const fixedIdx = new PackIndex(readFileSync(fixed.replace(/\.pack$/, ".idx")), "fixed.idx");
    const raw = readFileSync(fixed.replace(/\.pack$/, ".idx"));
    const n = fixedIdx.count;
    const entries: { oid: Uint8Array; crc: number; offset: number }[] = [];
    for (let i = 0; i < n; i++) {
      const offset = fixedIdx.offsetAt(i);
      if (offset >= thin.length - 20) continue; // an appended base: not in the thin pack
      entries.push({ oid: raw.subarray(1032 + i * 20, 1052 + i * 20), crc: raw.readUInt32BE(1032 + n * 20 + i * 4), offset });
    }
    expect(entries.length).toBeLessThan(n); // it really was thin

    const name = join(dst, ".git", "objects", "pack", `pack-${bytesToHex(thinSum)}`);
    writeFileSync(`${name}.pack`, thin);
    writeFileSync(`${name}.idx`, writeIdx(entries, thinSum));
    const thinPack = new PackFile(0, `${name}.pack`, `${name}.idx`, "pread");
    let refDeltas = 0;
    for (let i = 0; i < thinPack.index.count; i++) {
      const h = thinPack.header(thinPack.index.offsetAt(i));
      if (h.kind === OBJ_REF_DELTA && thinPack.index.find(h.baseOid!) < 0) refDeltas++;
    }
    thinPack.close();
    expect(refDeltas).toBeGreaterThan(0);

    const oids = entries.map((e) => bytesToHex(e.oid));
    const oracle = catFileBatch(sb, src, oids);
    for (const io of ["mmap", "pread"] as const) {
      const store = openObjectStore(join(dst, ".git", "objects"), { io, indexIo: io });
      for (const oid of oids) {
        const got = store.read(oid);
        expect(got.type).toBe(oracle.get(oid)!.type as typeof got.type);
        expect(Buffer.from(got.data).equals(oracle.get(oid)!.data)).toBe(true);
      }
      store.close();
    }
  });

  test("multi-MiB objects, compressible and not, packed (positioned reads grow their input)", () => {
    const dir = join(sb.root, "big");
    sb.git(["init", "-q", dir]);
    const rand = prng(11);
    const noise = new Uint8Array(3 << 20).map(() => Math.floor(rand() * 256));
    const text = new TextEncoder().encode(Array.from({ length: 150_000 }, (_, i) => `line ${i} ${i % 97}`).join("\n"));
    writeFileSync(join(dir, "noise.bin"), noise);
    writeFileSync(join(dir, "text.txt"), text);
    sb.git(["add", "."], { cwd: dir });
    sb.git(["commit", "-q", "-m", "big"], { cwd: dir });
    writeFileSync(join(dir, "text.txt"), Buffer.concat([text, Buffer.from("\nmore\n")]));
    sb.git(["commit", "-q", "-am", "bigger"], { cwd: dir });
    sb.git(["repack", "-adfq"], { cwd: dir });
    expect(text.length).toBeGreaterThan(1 << 20);
    const { compared, mismatches } = diffStoreWithGit(sb, dir, join(dir, ".git", "objects"));
    expect(mismatches).toEqual([]);
    expect(compared).toBe(7); // 2 commits, 2 trees, 3 blobs
  });
});
