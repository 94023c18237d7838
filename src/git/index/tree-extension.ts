/**
 * The TREE (cache-tree) extension: for each directory, how many index
 * entries it covers and its tree object id, so `git commit` does not have
 * to rebuild trees. Layout per node: `<name>\0<entry_count> <subtrees>\n`,
 * then 20 bytes of oid when entry_count >= 0, then the subtrees.
 */
import type { CacheTreeNode } from "./types.ts";

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("hex");

/** Parses a TREE extension payload; throws on malformed data. */
export function parseCacheTree(data: Uint8Array): CacheTreeNode {
  let pos = 0;
  const readNode = (): CacheTreeNode => {
    const nul = data.indexOf(0, pos);
    const nl = data.indexOf(10, nul);
    if (nul < 0 || nl < 0) throw new Error("truncated TREE extension");
    const name = Buffer.from(data.subarray(pos, nul)).toString("utf8");
    const [countText, subText] = Buffer.from(data.subarray(nul + 1, nl)).toString("latin1").split(" ");
    const entryCount = Number(countText);
    const subtrees = Number(subText);
    if (!Number.isInteger(entryCount) || !Number.isInteger(subtrees)) throw new Error("bad TREE extension header");
    pos = nl + 1;
    let oid: string | null = null;
    if (entryCount >= 0) {
      oid = hex(data.subarray(pos, pos + 20));
      pos += 20;
    }
    const children: CacheTreeNode[] = [];
    for (let i = 0; i < subtrees; i++) children.push(readNode());
    return { name, entryCount, oid, children };
  };
  return readNode();
}

/**
 * Git keeps subtrees ordered by name length, then bytes (cache-tree.c
 * subtree_name_cmp); we write them the same way so our file matches git's.
 */
function subtreeOrder(a: CacheTreeNode, b: CacheTreeNode): number {
  const ab = Buffer.from(a.name);
  const bb = Buffer.from(b.name);
  return ab.length - bb.length || Buffer.compare(ab, bb);
}

/** Serialises a cache tree into TREE extension payload bytes. */
export function serializeCacheTree(root: CacheTreeNode): Uint8Array {
  const parts: Buffer[] = [];
  const write = (n: CacheTreeNode) => {
    const kids = [...n.children].sort(subtreeOrder);
    parts.push(Buffer.from(n.name, "utf8"), Buffer.from(`\0${n.entryCount} ${kids.length}\n`, "latin1"));
    if (n.entryCount >= 0 && n.oid) parts.push(Buffer.from(n.oid, "hex"));
    for (const k of kids) write(k);
  };
  write(root);
  return new Uint8Array(Buffer.concat(parts));
}
