/**
 * git's commit-graph (Documentation/gitformat-commit-graph.txt): one file
 * `objects/info/commit-graph`, or a chain `objects/info/commit-graphs/
 * commit-graph-chain` naming `graph-<hash>.graph` files, base first. Each
 * holds, for every commit it covers, its tree, parents, commit time and
 * topological level (generation number v1), so walks need not parse commits.
 *
 * Layout: header "CGPH", version 1, hash version 1 (SHA-1), chunk count,
 * base-graph count; a table of (chunk id, 8-byte offset); chunks OIDF
 * (fanout, 256 x 4), OIDL (N x 20 sorted ids), CDAT (N x 36: tree, parent 1,
 * parent 2, then 30 bits of level and 34 bits of commit time), EDGE (octopus
 * parents), BASE (ids of the base graphs). Parent positions count across the
 * chain: position p < (commits of the base graphs) lives in a base graph.
 *
 * A file we cannot read or that is malformed is ignored, as git ignores a
 * graph it cannot use: walks then parse commits, which is slower, not wrong.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex, hexToBytes } from "../objects/oid.ts";

const SIGNATURE = 0x43475048; // "CGPH"
const OIDF = 0x4f494446;
const OIDL = 0x4f49444c;
const CDAT = 0x43444154;
const EDGE = 0x45444745;
const NO_PARENT = 0x70000000;
const EXTRA_EDGES = 0x80000000;
const LAST_EDGE = 0x80000000;
const HASH = 20;
const DATA_WIDTH = HASH + 16;

interface GraphFile {
  bytes: Uint8Array;
  view: DataView;
  count: number;
  fanout: number;
  lookup: number;
  data: number;
  edges: number | null;
  /** Commits in the graphs below this one in the chain. */
  base: number;
}

function parseGraphFile(bytes: Uint8Array, base: number): GraphFile | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 + 12 || view.getUint32(0) !== SIGNATURE || bytes[4] !== 1 || bytes[5] !== 1) return null;
  const chunks = bytes[6] as number;
  const offsets = new Map<number, number>();
  for (let i = 0; i < chunks; i++) {
    const at = 8 + i * 12;
    if (at + 12 > bytes.length) return null;
    const off = Number(view.getBigUint64(at + 4));
    if (off > bytes.length) return null;
    offsets.set(view.getUint32(at), off);
  }
  const fanout = offsets.get(OIDF);
  const lookup = offsets.get(OIDL);
  const data = offsets.get(CDAT);
  if (fanout === undefined || lookup === undefined || data === undefined || fanout + 1024 > bytes.length) return null;
  const count = view.getUint32(fanout + 255 * 4);
  if (lookup + count * HASH > bytes.length || data + count * DATA_WIDTH > bytes.length) return null;
  return { bytes, view, count, fanout, lookup, data, edges: offsets.get(EDGE) ?? null, base };
}

/** Compares the 20-byte id at `at` with `oid`: negative, 0 or positive. */
function compareAt(bytes: Uint8Array, at: number, oid: Uint8Array): number {
  for (let i = 0; i < HASH; i++) {
    const d = (bytes[at + i] as number) - (oid[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** One commit as the graph records it. */
export interface GraphCommit {
  /** Position in the whole chain (what parent entries point at). */
  pos: number;
  parents: number[];
  /** Topological level: 1 for a root, else 1 + the highest level of its parents. */
  generation: number;
  /** Committer time, seconds. */
  time: number;
}

/** The commit-graph of a repository (a single file or a chain). */
export class CommitGraph {
  private constructor(private readonly files: GraphFile[]) {}

  /** The commit-graph under `objectsDir`, or null when there is none (or none we can use). */
  static open(objectsDir: string): CommitGraph | null {
    const info = join(objectsDir, "info");
    let chain: string[] | null = null;
    try {
      chain = readFileSync(join(info, "commit-graphs", "commit-graph-chain"), "utf8").split("\n").filter((l) => /^[0-9a-f]{40}$/.test(l));
    } catch {
      chain = null;
    }
    const files: GraphFile[] = [];
    try {
      if (chain && chain.length > 0) {
        let base = 0;
        for (const hash of chain) {
          const f = parseGraphFile(readFileSync(join(info, "commit-graphs", `graph-${hash}.graph`)), base);
          if (!f) return null;
          files.push(f);
          base += f.count;
        }
      } else {
        const f = parseGraphFile(readFileSync(join(info, "commit-graph")), 0);
        if (!f) return null;
        files.push(f);
      }
    } catch {
      return null;
    }
    return files.length > 0 ? new CommitGraph(files) : null;
  }

  /** The chain position of `oid`, or -1 when the graph does not cover it. */
  find(oid: string): number {
    const key = hexToBytes(oid);
    const first = key[0] as number;
    for (const f of this.files) {
      let lo = first === 0 ? 0 : f.view.getUint32(f.fanout + (first - 1) * 4);
      let hi = f.view.getUint32(f.fanout + first * 4);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const c = compareAt(f.bytes, f.lookup + mid * HASH, key);
        if (c === 0) return f.base + mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
      }
    }
    return -1;
  }

  /** Commits in the whole chain. */
  get size(): number {
    const last = this.files[this.files.length - 1] as GraphFile;
    return last.base + last.count;
  }

  private fileOf(pos: number): GraphFile {
    for (const f of this.files) if (pos < f.base + f.count) return f;
    throw new RangeError(`commit-graph position ${pos} out of range`);
  }

  oidAt(pos: number): string {
    const f = this.fileOf(pos);
    return bytesToHex(f.bytes, f.lookup + (pos - f.base) * HASH);
  }

  commit(pos: number): GraphCommit {
    const f = this.fileOf(pos);
    const at = f.data + (pos - f.base) * DATA_WIDTH + HASH;
    const p1 = f.view.getUint32(at);
    const p2 = f.view.getUint32(at + 4);
    const hi = f.view.getUint32(at + 8);
    const lo = f.view.getUint32(at + 12);
    const parents: number[] = [];
    if (p1 !== NO_PARENT) parents.push(p1);
    if (p2 !== NO_PARENT) {
      if ((p2 & EXTRA_EDGES) === 0) parents.push(p2);
      else if (f.edges !== null) {
        // An octopus: p2's low bits index the EDGE list, which runs until an entry with the top bit.
        for (let i = p2 & ~EXTRA_EDGES; ; i++) {
          const at2 = f.edges + i * 4;
          if (at2 + 4 > f.bytes.length) break;
          const e = f.view.getUint32(at2);
          parents.push(e & ~LAST_EDGE);
          if ((e & LAST_EDGE) !== 0) break;
        }
      }
    }
    return { pos, parents, generation: hi >>> 2, time: (hi & 3) * 2 ** 32 + lo };
  }
}
