/**
 * Commits as graph walks need them: parents, commit time and generation.
 * From the commit-graph when it covers a commit (no object read at all, nodes
 * keyed by graph position), else by reading only the header lines of the
 * commit object. Shallow commits (`<common>/shallow`) have no parents, as git
 * sees them; grafts (`info/grafts`, long deprecated) are refused rather than
 * silently ignored.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CorruptObjectError, UnexpectedObjectTypeError } from "../objects/errors.ts";
import type { ObjectStore } from "../objects/types.ts";
import { CommitGraph } from "./commit-graph.ts";
import { GraftsUnsupportedError } from "./errors.ts";

/** A commit not in the commit-graph sorts before every commit in it, as git's GENERATION_NUMBER_INFINITY. */
export const GENERATION_INFINITY = Number.POSITIVE_INFINITY;

export interface CommitNode {
  /** The commit's id (for graph commits, made on first use). */
  readonly oid: string;
  /** Committer time, seconds. */
  time: number;
  generation: number;
  parents: CommitNode[] | null;
  /** Walk flags; cleared by the walk that set them. */
  flags: number;
}

/** Parents, times and generations of commits, cached per reader (one reader per command). */
export class CommitReader {
  private readonly byOid = new Map<string, CommitNode>();
  private readonly byPos = new Map<number, CommitNode>();
  private readonly pending = new Map<CommitNode, string[] | number[]>();
  private readonly shallow: Set<string>;
  readonly graph: CommitGraph | null;

  constructor(
    private readonly store: ObjectStore,
    commonDir: string,
    opts: { useCommitGraph?: boolean } = {},
  ) {
    if (existsSync(join(commonDir, "info", "grafts"))) throw new GraftsUnsupportedError(join(commonDir, "info", "grafts"));
    this.shallow = readShallow(commonDir);
    // git does not use the commit-graph in a shallow repository either.
    this.graph = opts.useCommitGraph === false || this.shallow.size > 0 ? null : CommitGraph.open(join(commonDir, "objects"));
  }

  /** The node for `oid`. Throws the store's errors for a missing commit. */
  node(oid: string): CommitNode {
    const known = this.byOid.get(oid);
    if (known) return known;
    const pos = this.graph ? this.graph.find(oid) : -1;
    const n = pos >= 0 ? this.graphNode(pos) : this.objectNode(oid);
    this.byOid.set(oid, n);
    return n;
  }

  private graphNode(pos: number): CommitNode {
    let n = this.byPos.get(pos);
    if (n) return n;
    const graph = this.graph as CommitGraph;
    const c = graph.commit(pos);
    let oid: string | undefined;
    n = {
      get oid() {
        oid ??= graph.oidAt(pos);
        return oid;
      },
      time: c.time,
      generation: c.generation,
      parents: null,
      flags: 0,
    };
    this.byPos.set(pos, n);
    this.pending.set(n, c.parents);
    return n;
  }

  private objectNode(oid: string): CommitNode {
    const obj = this.store.read(oid);
    if (obj.type !== "commit") throw new UnexpectedObjectTypeError(oid, obj.type, "commit");
    const { parents, time } = readCommitHeader(obj.data, oid);
    const n: CommitNode = { oid, time, generation: GENERATION_INFINITY, parents: null, flags: 0 };
    this.pending.set(n, this.shallow.has(oid) ? [] : parents);
    return n;
  }

  parents(n: CommitNode): CommitNode[] {
    if (n.parents !== null) return n.parents;
    const raw = this.pending.get(n) ?? [];
    const out: CommitNode[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const p = raw[i] as string | number;
      out[i] = typeof p === "number" ? this.graphNode(p) : this.node(p);
    }
    this.pending.delete(n);
    n.parents = out;
    return out;
  }

  /** Clears the flags a walk left on every node read so far. */
  clearFlags(): void {
    for (const n of this.byOid.values()) n.flags = 0;
    for (const n of this.byPos.values()) n.flags = 0;
  }
}

const PARENT = [0x70, 0x61, 0x72, 0x65, 0x6e, 0x74, 0x20]; // "parent "
const COMMITTER = [0x63, 0x6f, 0x6d, 0x6d, 0x69, 0x74, 0x74, 0x65, 0x72, 0x20]; // "committer "
const ascii = new TextDecoder("latin1");

const startsWith = (data: Uint8Array, at: number, word: number[]) => word.every((c, i) => data[at + i] === c);

/** The parents and committer time of a commit, from its header lines only (the message is never decoded). */
export function readCommitHeader(data: Uint8Array, oid: string): { parents: string[]; time: number } {
  const parents: string[] = [];
  let time = Number.NaN;
  let at = 0;
  while (at < data.length && data[at] !== 0x0a) {
    let end = data.indexOf(0x0a, at);
    if (end < 0) end = data.length;
    if (startsWith(data, at, PARENT)) parents.push(ascii.decode(data.subarray(at + 7, at + 47)));
    else if (startsWith(data, at, COMMITTER)) {
      // "committer Name <email> 1700000000 +0100": the number after the last '>'.
      const line = ascii.decode(data.subarray(at, end));
      const m = /> (\d+) [+-]\d{4}$/.exec(line) ?? /> (\d+)/.exec(line);
      time = m ? Number(m[1]) : 0;
    }
    at = end + 1;
  }
  if (Number.isNaN(time) || parents.some((p) => !/^[0-9a-f]{40}$/.test(p))) {
    throw new CorruptObjectError("commit header without a valid committer or parent line", { path: `commit ${oid}`, oid });
  }
  return { parents, time };
}

function readShallow(commonDir: string): Set<string> {
  try {
    return new Set(readFileSync(join(commonDir, "shallow"), "utf8").split("\n").filter((l) => l.length >= 40));
  } catch {
    return new Set();
  }
}
