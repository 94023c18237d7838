/**
 * The object store: packs (all object directories, most recently used first),
 * then loose objects, then one rescan of the pack directories (git may have
 * repacked since we looked). Delta chains are resolved iteratively (no
 * recursion, so a chain of thousands cannot overflow the stack), with the
 * bases kept in a bounded LRU cache.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { RepoManagerError } from "../../errors.ts";
import { resolveObjectDirs } from "./alternates.ts";
import { BaseCache, type CachedBase } from "./base-cache.ts";
import { canMap, defaultDataIo, defaultIndexIo, type IoMode } from "./byte-source.ts";
import { applyDelta, DeltaError } from "./delta.ts";
import { CorruptObjectError, ObjectNotFoundError, ObjectReadError, UnsupportedObjectFormatError } from "./errors.ts";
import { hasLoose, readLoose } from "./loose.ts";
import { bytesToHex, hexToBytes, isOid } from "./oid.ts";
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, PackFile } from "./pack-file.ts";
import type { GitObject, ObjectStore, ObjectType } from "./types.ts";

export interface ObjectStoreOptions {
  /** Budget of the delta-base cache in bytes (default 64 MiB, like git's core.deltaBaseCacheLimit of 96 MiB, a bit leaner). */
  baseCacheBytes?: number;
  /** Extra object directories (GIT_ALTERNATE_OBJECT_DIRECTORIES, already split by the caller). */
  alternateObjectDirectories?: readonly string[];
  /** True when extensions.partialClone or a promisor remote is configured: a missing object then says "not fetched". */
  partialClone?: boolean;
  /** extensions.objectFormat; only "sha1" is supported, "sha256" is refused with a clear error. */
  objectFormat?: string;
  /**
   * How pack data is read: "pread" (positioned reads, the default, see
   * byte-source.ts for the measurement) or "mmap" (ignored where mapping is
   * unsafe: Windows).
   */
  io?: IoMode;
  /** How pack indexes are loaded: "mmap" (default where possible) or "pread" (read whole; always on Windows). */
  indexIo?: IoMode;
}

const DEFAULT_BASE_CACHE = 64 * 1024 * 1024;
const TYPE_NAMES: readonly (ObjectType | undefined)[] = [undefined, "commit", "tree", "blob", "tag"];
/** REF_DELTA bases found in another pack or loose: hops allowed before we call it a cycle. */
const MAX_CROSS_PACK_DEPTH = 64;
/** Longest delta chain accepted inside one pack (git's default depth is 50; this only stops cycles). */
const MAX_CHAIN = 100_000;

interface ChainLink {
  offset: number;
  dataStart: number;
  size: number;
  kind: number;
}

/** The concrete store; `openObjectStore` returns it as an ObjectStore. */
export class GitObjectStore implements ObjectStore {
  readonly objectDirs: readonly string[];
  private packs: PackFile[] = [];
  private readonly packsByPath = new Map<string, PackFile>();
  private brokenPack: CorruptObjectError | ObjectReadError | null = null;
  private nextPackId = 0;
  private readonly cache: BaseCache;
  private readonly io: IoMode;
  private readonly indexIo: IoMode;
  private closed = false;
  private readonly oidBuf = new Uint8Array(20);

  constructor(
    objectsDir: string,
    private readonly opts: ObjectStoreOptions = {},
  ) {
    if (opts.objectFormat !== undefined && opts.objectFormat.toLowerCase() !== "sha1") {
      throw new UnsupportedObjectFormatError(opts.objectFormat);
    }
    this.io = canMap() ? (opts.io ?? defaultDataIo()) : "pread";
    this.indexIo = canMap() ? (opts.indexIo ?? defaultIndexIo()) : "pread";
    this.cache = new BaseCache(opts.baseCacheBytes ?? DEFAULT_BASE_CACHE);
    this.objectDirs = resolveObjectDirs(objectsDir, opts.alternateObjectDirectories);
    this.scanPacks();
  }

  /** Reads an object by id (any case); throws ObjectNotFoundError, CorruptObjectError or InvalidObjectIdError. */
  read(oid: string): GitObject {
    this.assertOpen();
    const hex = oid.toLowerCase();
    const raw = hexToBytes(hex, new Uint8Array(20));
    try {
      return this.readBytes(hex, raw, 0);
    } catch (e) {
      if (e instanceof RepoManagerError) throw e;
      if (ObjectReadError.applies(e)) throw new ObjectReadError(`object ${hex}`, e.code as string, e.path, e);
      // Not corruption and not ours to classify (e.g. a stack overflow in the caller's recursion).
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
      // Last line of defence: an I/O error or a check we missed is reported, never a raw exception.
      throw new CorruptObjectError(`cannot read object: ${(e as Error).message}`, { path: this.objectDirs[0]!, oid: hex }, e);
    }
  }

  has(oid: string): boolean {
    this.assertOpen();
    if (!isOid(oid)) return false;
    const hex = oid.toLowerCase();
    const raw = hexToBytes(hex, this.oidBuf);
    if (this.findPacked(raw) !== null) return true;
    for (const dir of this.objectDirs) if (hasLoose(dir, hex)) return true;
    return this.scanPacks() && this.findPacked(raw) !== null;
  }

  close(): void {
    for (const p of this.packs) p.close();
    this.packs = [];
    this.packsByPath.clear();
    this.cache.clear();
    this.closed = true;
  }

  /** The delta-base cache's budget in bytes (a second reader of the same objects uses it too). */
  get baseCacheBudget(): number {
    return this.cache.budget;
  }

  /** Counters for tests and benchmarks. */
  stats(): { packs: number; baseCacheBytes: number; objectDirs: number } {
    return { packs: this.packs.length, baseCacheBytes: this.cache.size, objectDirs: this.objectDirs.length };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("object store used after close()");
  }

  private readBytes(hex: string, raw: Uint8Array, depth: number): GitObject {
    let hit = this.findPacked(raw);
    if (hit !== null) return this.readPacked(hit.pack, hit.offset, depth);
    for (const dir of this.objectDirs) {
      const obj = readLoose(dir, hex);
      if (obj !== null) return obj;
    }
    if (this.scanPacks() && (hit = this.findPacked(raw)) !== null) return this.readPacked(hit.pack, hit.offset, depth);
    // A pack we could not open may well be where it lives: say that rather than "missing".
    if (this.brokenPack !== null) throw this.brokenPack;
    throw new ObjectNotFoundError(hex, { partialClone: this.opts.partialClone, objectsDir: this.objectDirs[0] });
  }

  /** Finds the pack holding `raw`, moving it to the front (runs of reads tend to stay in one pack). */
  private findPacked(raw: Uint8Array): { pack: PackFile; offset: number } | null {
    const packs = this.packs;
    for (let i = 0; i < packs.length; i++) {
      const pack = packs[i]!;
      const offset = pack.index.find(raw);
      if (offset >= 0) {
        if (i > 0) {
          packs.splice(i, 1);
          packs.unshift(pack);
        }
        return { pack, offset };
      }
    }
    return null;
  }

  /**
   * Opens packs that appeared since the last scan and drops ones that are
   * gone. Returns true when the set changed. Newest packs go first, as git
   * orders them.
   */
  private scanPacks(): boolean {
    this.brokenPack = null; // recomputed below: a broken pack may have been replaced meanwhile
    const found: { path: string; mtime: number }[] = [];
    for (const dir of this.objectDirs) {
      const packDir = join(dir, "pack");
      let names: string[];
      try {
        names = readdirSync(packDir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (!name.endsWith(".idx") || !name.startsWith("pack-")) continue;
        const base = join(packDir, name.slice(0, -4));
        try {
          found.push({ path: base, mtime: statSync(`${base}.pack`).mtimeMs });
        } catch {
          // .idx without .pack: git is deleting it (it writes .pack first, removes it first).
        }
      }
    }
    let changed = false;
    const live = new Set(found.map((f) => `${f.path}.pack`));
    for (const [path, pack] of this.packsByPath) {
      if (live.has(path)) continue;
      pack.close();
      this.packsByPath.delete(path);
      this.packs = this.packs.filter((p) => p !== pack);
      changed = true;
    }
    found.sort((a, b) => b.mtime - a.mtime);
    for (const f of found) {
      const packPath = `${f.path}.pack`;
      if (this.packsByPath.has(packPath)) continue;
      try {
        const pack = new PackFile(this.nextPackId++, packPath, `${f.path}.idx`, this.io, this.indexIo);
        this.packsByPath.set(packPath, pack);
        this.packs.push(pack);
        changed = true;
      } catch (e) {
        if (e instanceof CorruptObjectError) this.brokenPack ??= e;
        else if (ObjectReadError.applies(e) && e.code !== "ENOENT") this.brokenPack ??= new ObjectReadError("pack", e.code as string, e.path ?? packPath, e);
        else if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
          this.brokenPack ??= new CorruptObjectError(`cannot open pack: ${(e as Error).message}`, { path: packPath }, e);
        }
      }
    }
    return changed;
  }

  /** Reads the entry at `offset`, walking down its delta chain and applying it back up. */
  private readPacked(pack: PackFile, offset: number, depth: number): GitObject {
    const chain: ChainLink[] = [];
    let base: CachedBase | undefined;
    let baseKey = -1; // cache key of `base` when it came from this pack and is not cached yet
    let cur = offset;
    for (;;) {
      const key = BaseCache.key(pack.id, cur);
      const cached = this.cache.get(key);
      if (cached !== undefined) {
        // A cached object returned as-is could be changed by the caller; hand out a copy.
        base = chain.length === 0 ? { type: cached.type, data: cached.data.slice() } : cached;
        break;
      }
      const h = pack.header(cur);
      if (h.kind === OBJ_OFS_DELTA || h.kind === OBJ_REF_DELTA) {
        if (chain.length >= MAX_CHAIN) throw new CorruptObjectError("delta chain too long (cycle?)", { path: pack.packPath, offset });
        chain.push({ offset: cur, dataStart: h.dataStart, size: h.size, kind: h.kind });
        if (h.kind === OBJ_OFS_DELTA) {
          cur = h.baseOffset;
          continue;
        }
        const inPack = pack.index.find(h.baseOid!);
        if (inPack >= 0) {
          cur = inPack;
          continue;
        }
        // Base elsewhere (another pack, loose, an alternate).
        if (depth >= MAX_CROSS_PACK_DEPTH) {
          throw new CorruptObjectError("delta base chain loops across packs", { path: pack.packPath, offset: cur });
        }
        base = this.readBytes(bytesToHex(h.baseOid!), h.baseOid!, depth + 1);
        break;
      }
      base = { type: TYPE_NAMES[h.kind]!, data: pack.inflate(h, cur) };
      baseKey = key;
      break;
    }
    if (chain.length > 0 && baseKey >= 0) this.cache.set(baseKey, base);
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i]!;
      const delta = pack.inflate(
        { kind: link.kind, size: link.size, dataStart: link.dataStart, baseOffset: -1, baseOid: null },
        link.offset,
      );
      let data: Uint8Array;
      try {
        data = applyDelta(base.data, delta);
      } catch (e) {
        if (!(e instanceof DeltaError)) throw e;
        throw new CorruptObjectError(e.message, { path: pack.packPath, offset: link.offset }, e);
      }
      base = { type: base.type, data };
      if (i > 0) this.cache.set(BaseCache.key(pack.id, link.offset), base);
    }
    return base;
  }
}

/**
 * Opens the object database at `objectsDir` (`<commonDir>/objects`, or
 * GIT_OBJECT_DIRECTORY if the caller honours it) with its alternates.
 * Synchronous and cheap: pack indexes are mapped, not read into maps.
 */
export function openObjectStore(objectsDir: string, opts: ObjectStoreOptions = {}): GitObjectStore {
  return new GitObjectStore(objectsDir, opts);
}
