/**
 * Walks of the commit graph: merge bases (all of them, for criss-cross
 * histories), ancestry, and ahead/behind counts, as git's commit-reach.c.
 *
 * Commits are taken from a priority queue, highest generation first (from the
 * commit-graph; commits it does not cover count as infinite), then newest
 * commit time first. With generation numbers a commit's flags are final when
 * it is taken, so a walk may stop as soon as everything queued is reachable
 * from both sides ("stale"). Without a commit-graph the order is by commit
 * time, as git's; like git, a history whose commit times run backwards
 * (clock skew) can then be walked short.
 */
import type { CommitNode, CommitReader } from "./commits.ts";

const PARENT1 = 1;
const PARENT2 = 2;
const STALE = 4;
const RESULT = 8;

/** Max-heap by (generation, time). */
class CommitQueue {
  private readonly items: CommitNode[] = [];
  get size(): number {
    return this.items.length;
  }
  private static before(a: CommitNode, b: CommitNode): boolean {
    if (a.generation !== b.generation) return a.generation > b.generation;
    return a.time > b.time;
  }
  push(n: CommitNode): void {
    const h = this.items;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!CommitQueue.before(h[i] as CommitNode, h[parent] as CommitNode)) break;
      [h[i], h[parent]] = [h[parent] as CommitNode, h[i] as CommitNode];
      i = parent;
    }
  }
  pop(): CommitNode | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && CommitQueue.before(h[l] as CommitNode, h[m] as CommitNode)) m = l;
        if (r < h.length && CommitQueue.before(h[r] as CommitNode, h[m] as CommitNode)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as CommitNode, h[i] as CommitNode];
        i = m;
      }
    }
    return top;
  }
  /** Whether anything queued is not yet known to be reachable from both sides. */
  hasNonStale(): boolean {
    return this.items.some((n) => (n.flags & STALE) === 0);
  }
}

/** git's paint_down_to_common(): the common ancestors of `one` and `twos` not below another one. */
function paintDownToCommon(reader: CommitReader, one: CommitNode, twos: CommitNode[]): CommitNode[] {
  const queue = new CommitQueue();
  one.flags |= PARENT1;
  queue.push(one);
  for (const t of twos) {
    t.flags |= PARENT2;
    queue.push(t);
  }
  const result: CommitNode[] = [];
  // git's queue_has_nonstale() scans the queue too; the queue is as wide as the history, not as long.
  while (queue.size > 0 && queue.hasNonStale()) {
    const c = queue.pop() as CommitNode;
    let flags = c.flags & (PARENT1 | PARENT2 | STALE);
    if (flags === (PARENT1 | PARENT2)) {
      if ((c.flags & RESULT) === 0) {
        c.flags |= RESULT;
        result.push(c);
      }
      flags |= STALE; // its ancestors are common, but not "best"
    }
    for (const p of reader.parents(c)) {
      if ((p.flags & flags) === flags) continue;
      p.flags |= flags;
      queue.push(p);
    }
  }
  return result.filter((c) => (c.flags & STALE) === 0);
}

/** Whether `ancestor` is reachable from any of `from` (walking no lower than its generation when that is known). */
function reachesAny(reader: CommitReader, from: CommitNode[], ancestor: CommitNode): boolean {
  const seen = new Set<CommitNode>();
  const queue = new CommitQueue();
  for (const f of from) queue.push(f);
  while (queue.size > 0) {
    const c = queue.pop() as CommitNode;
    if (c === ancestor) return true;
    if (seen.has(c)) continue;
    seen.add(c);
    // Below the ancestor's generation nothing can lead back up to it.
    if (c.generation !== Number.POSITIVE_INFINITY && ancestor.generation !== Number.POSITIVE_INFINITY && c.generation <= ancestor.generation) continue;
    for (const p of reader.parents(c)) if (!seen.has(p)) queue.push(p);
  }
  return false;
}

/**
 * Every merge base of `a` and `b` (`git merge-base --all a b`): the common
 * ancestors that are not ancestors of another common ancestor. Sorted by
 * commit time, newest first, as git prints them.
 */
export function mergeBases(reader: CommitReader, a: string, b: string): string[] {
  const one = reader.node(a);
  const two = reader.node(b);
  if (one === two) return [a];
  try {
    const candidates = paintDownToCommon(reader, one, [two]);
    reader.clearFlags();
    const kept = candidates.filter((c) => !reachesAny(reader, candidates.filter((d) => d !== c), c));
    return kept.sort((x, y) => y.time - x.time).map((c) => c.oid);
  } finally {
    reader.clearFlags();
  }
}

/** Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor), as `git merge-base --is-ancestor`. */
export function isAncestor(reader: CommitReader, ancestor: string, descendant: string): boolean {
  return reachesAny(reader, [reader.node(descendant)], reader.node(ancestor));
}

/**
 * `git rev-list --left-right --count a...b`: how many commits are reachable
 * from `a` but not `b` (ahead) and from `b` but not `a` (behind).
 */
export function aheadBehind(reader: CommitReader, a: string, b: string): { ahead: number; behind: number } {
  const left = reader.node(a);
  const right = reader.node(b);
  if (left === right) return { ahead: 0, behind: 0 };
  const visited: CommitNode[] = [];
  const queue = new CommitQueue();
  left.flags |= PARENT1;
  right.flags |= PARENT2;
  queue.push(left);
  queue.push(right);
  try {
    while (queue.size > 0 && queue.hasNonStale()) {
      const c = queue.pop() as CommitNode;
      if ((c.flags & RESULT) === 0) {
        c.flags |= RESULT; // visited
        visited.push(c);
      }
      let flags = c.flags & (PARENT1 | PARENT2 | STALE);
      if ((flags & (PARENT1 | PARENT2)) === (PARENT1 | PARENT2)) flags |= STALE;
      for (const p of reader.parents(c)) {
        if ((p.flags & flags) === flags) continue;
        p.flags |= flags;
        queue.push(p);
      }
    }
    let ahead = 0;
    let behind = 0;
    for (const c of visited) {
      const side = c.flags & (PARENT1 | PARENT2);
      if (side === PARENT1) ahead++;
      else if (side === PARENT2) behind++;
    }
    return { ahead, behind };
  } finally {
    reader.clearFlags();
  }
}
