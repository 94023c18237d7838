/**
 * Index reader on files git wrote (versions 2, 3 with intent-to-add and
 * skip-worktree, 4 with prefix compression), and writer output read back
 * by git itself.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { indexEntryAt, indexOidAt, parseIndex, readIndexFile, readIndexTable } from "../../src/git/index/read.ts";
import { serializeCacheTree, parseCacheTree } from "../../src/git/index/tree-extension.ts";
import type { GitIndex, IndexEntry } from "../../src/git/index/types.ts";
import { serializeIndex, writeIndexFile } from "../../src/git/index/write.ts";
import { createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";
import { comparePaths } from "../../src/git/repo/fspath.ts";
import { IndexFormatError } from "../../src/git/index/errors.ts";

let sb: Sandbox;
let dir: string;
const files = ["a.txt", "b/c.txt", "b/d/e.txt", "b/d/f g.txt", "long/" + "x".repeat(40) + "/name.txt", "ünï.txt", "z"];

beforeAll(() => {
  sb = createSandbox("rm-index-");
  dir = join(sb.root, "repo");
  sb.git(["init", "-q", dir]);
  for (const f of files) {
    sb.git(["-C", dir, "hash-object", "-w", "--stdin"]); // warm
    Bun.spawnSync(["mkdir", "-p", join(dir, f, "..")]);
    writeFileSync(join(dir, f), `content of ${f}\n`);
  }
  sb.git(["add", "-A"], { cwd: dir });
  sb.git(["commit", "-q", "-m", "x"], { cwd: dir });
});
afterAll(() => sb.cleanup());

/** What `git ls-files --debug -s` says, in our terms, to compare field by field. */
function gitView(indexPath: string): string[] {
  const out = sb.git(["-c", "core.quotePath=false", "ls-files", "-s", "--debug"], { cwd: dir, env: { GIT_INDEX_FILE: indexPath } });
  const lines: string[] = [];
  const re = /^(\d+) ([0-9a-f]+) (\d)\t(.*)\n  ctime: (\d+):(\d+)\n  mtime: (\d+):(\d+)\n  dev: (\d+)\tino: (\d+)\n  uid: (\d+)\tgid: (\d+)\n  size: (\d+)\tflags: ([0-9a-f]+)\n/gm;
  for (const m of out.matchAll(re)) lines.push(m.slice(1).join(" "));
  return lines;
}
function ourView(index: GitIndex): string[] {
  return index.entries.map((e) => {
    const flags = (e.stage << 12) | (e.assumeValid ? 0x8000 : 0) | (e.skipWorktree ? 0x40000000 : 0) | (e.intentToAdd ? 0x20000000 : 0);
    // git prints its in-memory flags: CE_EXTENDED (0x4000) marks entries with extended flags.
    const shown = flags | (e.skipWorktree || e.intentToAdd ? 0x4000 : 0);
    return [e.mode.toString(8), e.oid, e.stage, e.path, e.ctimeSec, e.ctimeNsec, e.mtimeSec, e.mtimeNsec, e.dev, e.ino, e.uid, e.gid, e.size, shown.toString(16)].join(" ");
  });
}

describe("reading indexes git wrote", () => {
  test("version 2 with a TREE extension", () => {
    sb.git(["update-index", "--index-version", "2"], { cwd: dir });
    sb.git(["write-tree"], { cwd: dir });
    const idx = readIndexFile(join(dir, ".git", "index"));
    expect(idx.version).toBe(2);
    expect(ourView(idx)).toEqual(gitView(join(dir, ".git", "index")));
    expect(idx.entries.map((e) => e.path)).toEqual([...files].sort(comparePaths));
    expect(idx.tree?.oid).toBe(sb.git(["rev-parse", "HEAD^{tree}"], { cwd: dir }).trim());
    expect(idx.tree?.entryCount).toBe(files.length);
  });

  test("version 3 with intent-to-add and skip-worktree entries", () => {
    writeFileSync(join(dir, "new.txt"), "new\n");
    sb.git(["add", "-N", "new.txt"], { cwd: dir });
    sb.git(["update-index", "--skip-worktree", "b/c.txt"], { cwd: dir });
    sb.git(["update-index", "--index-version", "3"], { cwd: dir });
    const path = join(dir, ".git", "index");
    const idx = readIndexFile(path);
    expect(idx.version).toBe(3);
    expect(ourView(idx)).toEqual(gitView(path));
    expect(idx.entries.find((e) => e.path === "new.txt")?.intentToAdd).toBe(true);
    expect(idx.entries.find((e) => e.path === "b/c.txt")?.skipWorktree).toBe(true);
    expect(idx.entries.filter((e) => e.skipWorktree || e.intentToAdd).length).toBe(2);
    // Our writer keeps the extended flags (so it must write version 3) and git agrees.
    const copy = join(sb.root, "copy-v3");
    writeIndexFile(copy, idx.entries, { tree: idx.tree });
    expect(readIndexFile(copy).version).toBe(3);
    expect(gitView(copy)).toEqual(gitView(path));
    sb.git(["update-index", "--no-skip-worktree", "b/c.txt"], { cwd: dir });
    sb.git(["rm", "-q", "-f", "new.txt"], { cwd: dir });
  });

  test("version 4 (prefix-compressed names), as feature.manyFiles writes it", () => {
    sb.git(["update-index", "--index-version", "4"], { cwd: dir });
    const path = join(dir, ".git", "index");
    const idx = readIndexFile(path);
    expect(idx.version).toBe(4);
    expect(ourView(idx)).toEqual(gitView(path));
    sb.git(["update-index", "--index-version", "2"], { cwd: dir });
  });

  test("feature.manyFiles makes git write version 4, and we read it", () => {
    // index.version applies to new index files: drop it and let git build a new one.
    const path = join(dir, ".git", "index");
    rmSync(path);
    sb.git(["-c", "feature.manyFiles=true", "reset", "-q"], { cwd: dir });
    const idx = readIndexFile(path);
    expect(idx.version).toBe(4);
    expect(ourView(idx)).toEqual(gitView(path));
    sb.git(["update-index", "--index-version", "2"], { cwd: dir });
  });
});

describe("the flat table (readIndexTable) behind readIndexFile", () => {
  test("entry by entry it holds what readIndexFile gives; a reused entry object is filled the same, oid aside", () => {
    writeFileSync(join(dir, "new.txt"), "new\n");
    sb.git(["add", "-N", "new.txt"], { cwd: dir });
    sb.git(["update-index", "--skip-worktree", "b/c.txt"], { cwd: dir });
    const path = join(dir, ".git", "index");
    const idx = readIndexFile(path);
    const t = readIndexTable(path);
    expect(t.count).toBe(idx.entries.length);
    expect(t.paths).toEqual(idx.entries.map((e) => e.path));
    let scratch: IndexEntry | undefined;
    for (let i = 0; i < t.count; i++) {
      const e = idx.entries[i] as IndexEntry;
      expect(indexEntryAt(t, i)).toEqual(e);
      expect(indexOidAt(t, i)).toBe(e.oid);
      const first = scratch === undefined;
      scratch = indexEntryAt(t, i, scratch);
      expect(scratch).toEqual(first ? e : { ...e, oid: "" });
    }
    expect(idx.entries.some((e) => e.skipWorktree) && idx.entries.some((e) => e.intentToAdd)).toBe(true);
    sb.git(["update-index", "--no-skip-worktree", "b/c.txt"], { cwd: dir });
    sb.git(["rm", "-q", "-f", "--cached", "new.txt"], { cwd: dir });
    rmSync(join(dir, "new.txt"));
  });
});

describe("writing", () => {
  test("our index is read back by git ls-files --debug and git status is clean", () => {
    sb.git(["update-index", "--refresh"], { cwd: dir });
    const path = join(dir, ".git", "index");
    const original = readIndexFile(path);
    writeIndexFile(path, [...original.entries].reverse(), { tree: original.tree });
    const again = readIndexFile(path);
    expect(ourView(again)).toEqual(ourView(original));
    expect(gitView(path)).toEqual(ourView(original));
    expect(again.tree).toEqual(original.tree);
    expect(sb.git(["status", "--porcelain"], { cwd: dir })).toBe("");
    // Byte-identical to what git itself writes for the same entries (v2 + TREE).
    sb.git(["update-index", "--index-version", "2"], { cwd: dir });
    sb.git(["write-tree"], { cwd: dir });
    const gitBytes = readFileSync(path);
    const parsed = parseIndex(new Uint8Array(gitBytes));
    const ours = serializeIndex(parsed.entries, { tree: parsed.tree, extensions: parsed.extensions });
    expect(Buffer.from(ours).equals(gitBytes)).toBe(true);
  });

  test("a lock file that exists refuses and changes nothing", () => {
    const path = join(dir, ".git", "index");
    writeFileSync(`${path}.lock`, "");
    const before = snapshotTree(join(dir, ".git"));
    expect(() => writeIndexFile(path, [])).toThrow(expect.objectContaining({ code: "E_LOCKED" }));
    expect(snapshotTree(join(dir, ".git"))).toBe(before);
    Bun.spawnSync(["rm", `${path}.lock`]);
  });

  test("cache tree round trip keeps git's subtree order (length, then name)", () => {
    const t = {
      name: "",
      entryCount: 3,
      oid: "a".repeat(40),
      children: [
        { name: "bb", entryCount: 1, oid: "b".repeat(40), children: [] },
        { name: "c", entryCount: -1, oid: null, children: [] },
      ],
    };
    const parsed = parseCacheTree(serializeCacheTree(t));
    expect(parsed.children.map((c) => c.name)).toEqual(["c", "bb"]);
    expect(parsed.children[0]).toEqual({ name: "c", entryCount: -1, oid: null, children: [] });
  });
});

describe("corrupt or unsupported indexes", () => {
  const good = () => new Uint8Array(readFileSync(join(dir, ".git", "index")));
  test.each([
    ["bad signature", (b: Uint8Array) => b.set([0x58], 0), "bad signature"],
    ["flipped byte", (b: Uint8Array) => b.set([(b[40] as number) ^ 1], 40), "checksum mismatch"],
    ["version 5", (b: Uint8Array) => b.set([5], 7), "unsupported version 5"],
  ])("%s", (_name, mutate, reason) => {
    const b = good();
    mutate(b);
    expect(() => parseIndex(b, "idx")).toThrow(IndexFormatError);
    expect(() => parseIndex(b, "idx")).toThrow(reason);
  });

  test("a required extension we do not know (split index 'link') is refused", () => {
    const b = readIndexFile(join(dir, ".git", "index"));
    const bytes = serializeIndex(b.entries, { extensions: [{ signature: "link", data: new Uint8Array(20) }] });
    expect(() => parseIndex(bytes, "idx")).toThrow("required extension 'link' is not supported (split index)");
    // An optional one is kept as is.
    const ok = parseIndex(serializeIndex(b.entries, { extensions: [{ signature: "ZZZZ", data: new Uint8Array([1, 2]) }] }));
    expect(ok.extensions).toEqual([{ signature: "ZZZZ", data: new Uint8Array([1, 2]) }]);
  });

  test("an entry count the file cannot hold is refused before anything is sized by it", () => {
    const b = good();
    b.set([0xff, 0xff, 0xff, 0xff], 8); // 4 billion entries
    const end = b.length - 20;
    b.set(new Uint8Array(new Bun.CryptoHasher("sha1").update(b.subarray(0, end)).digest()), end);
    expect(() => parseIndex(b, "idx")).toThrow("truncated entry");
  });

  test("paths sort as UTF-8 bytes, not UTF-16 units", () => {
    expect(["\u{1F600}", "\uFF21", "a"].sort(comparePaths)).toEqual(["a", "\uFF21", "\u{1F600}"]);
  });
});

describe("stat data", () => {
  test("git for Windows' view: creation time as ctime, no dev/ino/uid/gid", async () => {
    const { lstatSync } = await import("node:fs");
    const { statDataFrom, statDataMatches } = await import("../../src/git/index/stat.ts");
    const st = lstatSync(join(dir, "a.txt"), { bigint: true });
    const posix = statDataFrom(st, false);
    expect(posix.ino).toBe(Number(st.ino & 0xffffffffn));
    expect(posix.size).toBe(Number(st.size));
    const win = statDataFrom(st, true);
    expect([win.dev, win.ino, win.uid, win.gid]).toEqual([0, 0, 0, 0]);
    expect(win.ctimeSec).toBe(Number(st.birthtimeNs / 1_000_000_000n));
    expect(statDataMatches(posix, st, true, false)).toBe(true);
    expect(statDataMatches({ ...posix, mtimeNsec: (posix.mtimeNsec + 1) % 1e9 }, st, true, false)).toBe(false);
    expect(statDataMatches({ ...posix, ctimeSec: posix.ctimeSec + 1 }, st, false, false)).toBe(true);
    expect(statDataMatches({ ...posix, ctimeSec: posix.ctimeSec + 1 }, st, true, false)).toBe(false);
  });

  test("the float-stat comparison agrees with the exact one, and any 1 µs change or more is seen", async () => {
    const { lstatSync } = await import("node:fs");
    const { statDataFrom, statDataMatchesFast } = await import("../../src/git/index/stat.ts");
    for (const f of files) {
      const big = lstatSync(join(dir, f), { bigint: true });
      const num = lstatSync(join(dir, f));
      const cached = statDataFrom(big, false);
      expect(statDataMatchesFast(cached, num, true, false)).toBe(true);
      const shift = (sec: number, nsec: number, by: number) => {
        const t = sec * 1e9 + nsec + by;
        return [Math.floor(t / 1e9), t % 1e9] as const;
      };
      for (const by of [1000, -1000, 1e6, 1e9]) {
        const [s, n] = shift(cached.mtimeSec, cached.mtimeNsec, by);
        expect(statDataMatchesFast({ ...cached, mtimeSec: s, mtimeNsec: n }, num, true, false)).toBe(false);
        const [cs, cn] = shift(cached.ctimeSec, cached.ctimeNsec, by);
        expect(statDataMatchesFast({ ...cached, ctimeSec: cs, ctimeNsec: cn }, num, true, false)).toBe(false);
        expect(statDataMatchesFast({ ...cached, ctimeSec: cs, ctimeNsec: cn }, num, false, false)).toBe(true);
      }
      expect(statDataMatchesFast({ ...cached, size: cached.size + 1 }, num, true, false)).toBe(false);
      expect(statDataMatchesFast({ ...cached, ino: cached.ino + 1 }, num, true, false)).toBe(false);
    }
  });
});
