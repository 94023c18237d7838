/**
 * The abbreviated object ids of `worktree list`, as git's
 * repo_find_unique_abbrev() computes them (object-name.c):
 *
 * - the starting length is core.abbrev, or with "auto" (the default) derived
 *   from the approximate object count, which git takes from the pack index
 *   headers only (loose objects are not counted): len = ceil((msb(count)+1)/2),
 *   at least 7;
 * - it then grows past any other object sharing the prefix: the neighbours of
 *   the oid in each pack index, and the loose objects in `objects/xx/`.
 *
 * Reads only what it needs: the 1 KiB fan-out of each .idx and a binary
 * search of 20-byte reads, so a list of 100 worktrees stays cheap.
 * Not handled: multi-pack-index files (git counts their objects instead of
 * the packs they cover; the lengths agree unless the counts straddle a power of 4).
 */
import { closeSync, openSync, readFileSync, readSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { GitConfig } from "../config/config.ts";

const HEXSZ = 40;
const MAX_RAWSZ = 32; // GIT_MAX_RAWSZ: extend_abbrev_len() ignores common prefixes this long
const FALLBACK_DEFAULT_ABBREV = 7;
const MINIMUM_ABBREV = 4;

interface Pack {
  fd: number;
  count: number;
  fanout: Uint32Array;
  /** Byte offset of entry 0's oid, and the stride between oids. */
  base: number;
  stride: number;
}

/** Pack indexes and loose-object directories of one object store (and its alternates). */
export class AbbrevContext {
  private packs: Pack[] = [];
  private looseDirs: string[] = [];
  private looseCache = new Map<string, string[]>();
  readonly approximateCount: number;

  constructor(objectsDir: string) {
    for (const dir of withAlternates(objectsDir)) {
      this.looseDirs.push(dir);
      let names: string[] = [];
      try {
        names = readdirSync(join(dir, "pack")).filter((n) => n.endsWith(".idx"));
      } catch {
        // no pack directory
      }
      for (const n of names) {
        const p = openPack(join(dir, "pack", n));
        if (p) this.packs.push(p);
      }
    }
    this.approximateCount = this.packs.reduce((n, p) => n + p.count, 0);
  }

  /** Closes the pack index files. */
  close(): void {
    for (const p of this.packs) closeSync(p.fd);
    this.packs = [];
  }

  /** The starting length: core.abbrev, or "auto" from the object count. */
  defaultLength(config?: GitConfig): number {
    const v = config?.getString("core.abbrev");
    if (v !== undefined && v.toLowerCase() !== "auto") {
      if (["false", "no", "off"].includes(v.toLowerCase())) return HEXSZ;
      const n = Number.parseInt(v, 10);
      if (Number.isInteger(n) && n >= MINIMUM_ABBREV && n <= HEXSZ) return n;
    }
    let msb = 0;
    for (let c = this.approximateCount; c > 1; c = Math.floor(c / 2)) msb++;
    return Math.max(FALLBACK_DEFAULT_ABBREV, Math.ceil((msb + 1) / 2));
  }

  /** find_unique_abbrev(oid, len): the shortest unique prefix of at least `len` hex digits. */
  uniqueLength(hex: string, len: number): number {
    if (len >= HEXSZ || len === 0) return HEXSZ;
    let cur = len;
    const extend = (other: string, from: number) => {
      let i = from;
      while (i < HEXSZ && hex[i] === other[i]) i++;
      if (i < MAX_RAWSZ && i >= cur) cur = i + 1;
    };
    const raw = Buffer.from(hex, "hex");
    for (const p of this.packs) {
      const { first, match } = search(p, raw);
      if (!match) {
        if (first < p.count) extend(oidAt(p, first), 0);
      } else if (first < p.count - 1) extend(oidAt(p, first + 1), 0);
      if (first > 0) extend(oidAt(p, first - 1), 0);
    }
    const from = cur;
    for (const other of this.loose(hex.slice(0, 2))) if (other.startsWith(hex.slice(0, from))) extend(other, from);
    return cur;
  }

  private loose(fanout: string): string[] {
    let list = this.looseCache.get(fanout);
    if (!list) {
      list = [];
      for (const dir of this.looseDirs) {
        try {
          for (const n of readdirSync(join(dir, fanout))) if (/^[0-9a-f]{38}$/.test(n)) list.push(fanout + n);
        } catch {
          // no such fan-out directory
        }
      }
      this.looseCache.set(fanout, list);
    }
    return list;
  }
}

function withAlternates(objectsDir: string, depth = 0, seen = new Set<string>()): string[] {
  if (seen.has(objectsDir) || depth > 5) return [];
  seen.add(objectsDir);
  const dirs = [objectsDir];
  let text = "";
  try {
    text = readFileSync(join(objectsDir, "info", "alternates"), "utf8");
  } catch {
    return dirs;
  }
  for (const line of text.split("\n")) {
    const l = line.replace(/\r$/, "");
    if (l === "" || l.startsWith("#")) continue;
    dirs.push(...withAlternates(isAbsolute(l) ? l : resolve(objectsDir, l), depth + 1, seen));
  }
  return dirs;
}

function openPack(path: string): Pack | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  const head = Buffer.alloc(8 + 256 * 4);
  if (readSync(fd, head, 0, head.length, 0) < head.length) {
    closeSync(fd);
    return null;
  }
  const v2 = head.readUInt32BE(0) === 0xff744f63;
  const fanoutAt = v2 ? 8 : 0;
  const fanout = new Uint32Array(256);
  for (let i = 0; i < 256; i++) fanout[i] = head.readUInt32BE(fanoutAt + i * 4);
  const count = fanout[255] as number;
  // v2: oids follow the fan-out; v1: entries of (4-byte offset, oid).
  return v2 ? { fd, count, fanout, base: 8 + 1024, stride: 20 } : { fd, count, fanout, base: 1024 + 4, stride: 24 };
}

const scratch = Buffer.alloc(20);
function rawAt(p: Pack, i: number): Buffer {
  readSync(p.fd, scratch, 0, 20, p.base + i * p.stride);
  return scratch;
}
const oidAt = (p: Pack, i: number): string => rawAt(p, i).toString("hex");

/** git's bsearch_pack(): the position of `raw`, or where it would be inserted. */
function search(p: Pack, raw: Buffer): { first: number; match: boolean } {
  const b = raw[0] as number;
  let lo = b === 0 ? 0 : (p.fanout[b - 1] as number);
  let hi = p.fanout[b] as number;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = Buffer.compare(rawAt(p, mid), raw);
    if (c === 0) return { first: mid, match: true };
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return { first: lo, match: false };
}
