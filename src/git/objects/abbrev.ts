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
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { GitConfig } from "../config/config.ts";
import { resolveObjectDirs } from "./alternates.ts";
import { PackIndexReader } from "./pack-index.ts";

const HEXSZ = 40;
const MAX_RAWSZ = 32; // GIT_MAX_RAWSZ: extend_abbrev_len() ignores common prefixes this long
const FALLBACK_DEFAULT_ABBREV = 7;
const MINIMUM_ABBREV = 4;

/** Pack indexes and loose-object directories of one object store (and its alternates). */
export class AbbrevContext {
  private packs: PackIndexReader[] = [];
  private looseDirs: string[] = [];
  private looseCache = new Map<string, string[]>();
  readonly approximateCount: number;

  constructor(objectsDir: string) {
    for (const dir of resolveObjectDirs(objectsDir)) {
      this.looseDirs.push(dir);
      let names: string[] = [];
      try {
        names = readdirSync(join(dir, "pack")).filter((n) => n.endsWith(".idx"));
      } catch {
        // no pack directory
      }
      for (const n of names) {
        const p = PackIndexReader.open(join(dir, "pack", n));
        if (p) this.packs.push(p);
      }
    }
    this.approximateCount = this.packs.reduce((n, p) => n + p.count, 0);
  }

  /** Closes the pack index files. */
  close(): void {
    for (const p of this.packs) p.close();
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
      const { first, match } = p.search(raw);
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

const oidAt = (p: PackIndexReader, i: number): string => Buffer.from(p.oidAt(i)).toString("hex");
