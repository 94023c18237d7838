/**
 * Commits as graph walks need them: parents, commit time and generation.
 * From the commit-graph when it covers a commit (no object read at all), else
 * by parsing the commit object. Shallow commits (`<common>/shallow`) have no
 * parents, as git sees them; grafts (`info/grafts`, long deprecated) are
 * refused rather than silently ignored.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UnexpectedObjectTypeError } from "../objects/errors.ts";
import { parseCommit } from "../objects/parse-commit.ts";
import type { ObjectStore } from "../objects/types.ts";
import { CommitGraph } from "./commit-graph.ts";
import { GraftsUnsupportedError } from "./errors.ts";

/** A commit not in the commit-graph sorts before every commit in it, as git's GENERATION_NUMBER_INFINITY. */
export const GENERATION_INFINITY = Number.POSITIVE_INFINITY;

export interface CommitNode {
  oid: string;
  /** Committer time, seconds. */
  time: number;
  generation: number;
  parents: CommitNode[] | null;
  /** Walk flags; reset by the walk that set them. */
  flags: number;
}

/** Parents, times and generations of commits, cached per reader (one reader per walk or per command). */
export class CommitReader {
  private readonly nodes = new Map<string, CommitNode>();
  private readonly parentOids = new Map<CommitNode, string[]>();
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

  /** The node for `oid` (its parents are read when first asked for). Throws the store's errors for a missing commit. */
  node(oid: string): CommitNode {
    let n = this.nodes.get(oid);
    if (n) return n;
    const pos = this.graph ? this.graph.find(oid) : -1;
    if (pos >= 0 && this.graph) {
      const c = this.graph.commit(pos);
      n = { oid, time: c.time, generation: c.generation, parents: null, flags: 0 };
      this.parentOids.set(n, c.parents.map((p) => (this.graph as CommitGraph).oidAt(p)));
    } else {
      const obj = this.store.read(oid);
      if (obj.type !== "commit") throw new UnexpectedObjectTypeError(oid, obj.type, "commit");
      const commit = parseCommit(obj.data, oid);
      n = { oid, time: commit.committer.timestamp, generation: GENERATION_INFINITY, parents: null, flags: 0 };
      this.parentOids.set(n, this.shallow.has(oid) ? [] : commit.parents);
    }
    this.nodes.set(oid, n);
    return n;
  }

  parents(n: CommitNode): CommitNode[] {
    if (n.parents === null) n.parents = (this.parentOids.get(n) ?? []).map((p) => this.node(p));
    return n.parents;
  }

  /** Clears the flags a walk left on every node read so far. */
  clearFlags(): void {
    for (const n of this.nodes.values()) n.flags = 0;
  }
}

function readShallow(commonDir: string): Set<string> {
  try {
    return new Set(readFileSync(join(commonDir, "shallow"), "utf8").split("\n").filter((l) => l.length >= 40));
  } catch {
    return new Set();
  }
}
