/**
 * Commit and tag objects: header lines ("key value", continuation lines start
 * with a space), a blank line, then the message. Bytes are decoded as UTF-8
 * (an `encoding` header is reported, not applied).
 */
import { CorruptObjectError } from "./errors.ts";

/** "Name <email> 1700000000 +0100" split up. */
export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** As written, e.g. "+0100". */
  timezone: string;
}

export interface Commit {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  encoding: string | null;
  /** The signature block of a signed commit (gpgsig header), without the leading spaces. */
  gpgsig: string | null;
  message: string;
  /** Every header in order, continuation lines joined with "\n" (mergetag, unknown keys...). */
  headers: [string, string][];
}

export interface Tag {
  object: string;
  type: string;
  tag: string;
  tagger: Signature | null;
  /** The message, including an inline PGP signature if the tag is signed. */
  message: string;
  headers: [string, string][];
}

const utf8 = new TextDecoder("utf-8");

function splitHeaders(data: Uint8Array, where: string): { headers: [string, string][]; message: string } {
  const text = utf8.decode(data);
  const end = text.indexOf("\n\n");
  const head = end < 0 ? text : text.slice(0, end);
  const message = end < 0 ? "" : text.slice(end + 2);
  const headers: [string, string][] = [];
  for (const line of head.split("\n")) {
    if (line.startsWith(" ")) {
      const last = headers[headers.length - 1];
      if (last === undefined) throw new CorruptObjectError("continuation line before any header", { path: where });
      last[1] += `\n${line.slice(1)}`;
      continue;
    }
    if (line === "") continue;
    const sp = line.indexOf(" ");
    headers.push(sp < 0 ? [line, ""] : [line.slice(0, sp), line.slice(sp + 1)]);
  }
  return { headers, message };
}

/** Parses "Name <email> 1700000000 +0100"; lenient like git about odd names. */
export function parseSignature(value: string): Signature {
  const lt = value.indexOf("<");
  const gt = value.indexOf(">", lt + 1);
  if (lt < 0 || gt < 0) return { name: value.trim(), email: "", timestamp: 0, timezone: "+0000" };
  const [ts = "0", tz = "+0000"] = value.slice(gt + 1).trim().split(/\s+/);
  return {
    name: value.slice(0, lt).trim(),
    email: value.slice(lt + 1, gt),
    timestamp: Number.isFinite(Number(ts)) ? Number(ts) : 0,
    timezone: tz,
  };
}

const OID_RE = /^[0-9a-f]{40}$/;

/** Parses a commit's data; `where` names it in errors (its oid). */
export function parseCommit(data: Uint8Array, where = "commit"): Commit {
  const { headers, message } = splitHeaders(data, where);
  const get = (key: string) => headers.find(([k]) => k === key)?.[1] ?? null;
  const tree = get("tree");
  if (tree === null || !OID_RE.test(tree)) throw new CorruptObjectError("commit without a valid tree", { path: where });
  const parents = headers.filter(([k]) => k === "parent").map(([, v]) => v);
  if (parents.some((p) => !OID_RE.test(p))) throw new CorruptObjectError("commit with a bad parent", { path: where });
  const author = get("author");
  const committer = get("committer");
  if (author === null || committer === null) {
    throw new CorruptObjectError("commit without author or committer", { path: where });
  }
  return {
    tree,
    parents,
    author: parseSignature(author),
    committer: parseSignature(committer),
    encoding: get("encoding"),
    gpgsig: get("gpgsig"),
    message,
    headers,
  };
}

/** Parses an annotated tag's data. */
export function parseTag(data: Uint8Array, where = "tag"): Tag {
  const { headers, message } = splitHeaders(data, where);
  const get = (key: string) => headers.find(([k]) => k === key)?.[1] ?? null;
  const object = get("object");
  const type = get("type");
  if (object === null || !OID_RE.test(object) || type === null) {
    throw new CorruptObjectError("tag without a valid object/type", { path: where });
  }
  const tagger = get("tagger");
  return { object, type, tag: get("tag") ?? "", tagger: tagger === null ? null : parseSignature(tagger), message, headers };
}
