/**
 * Loose objects: `objects/ab/cdef...`, a zlib stream of "<type> <size>\0<data>".
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CorruptObjectError, ObjectReadError } from "./errors.ts";
import type { GitObject, ObjectType } from "./types.ts";

const TYPES: Record<string, ObjectType> = { commit: "commit", tree: "tree", blob: "blob", tag: "tag" };

/** Path of a loose object (oid lowercase hex). */
export function loosePath(objectsDir: string, oid: string): string {
  return join(objectsDir, oid.slice(0, 2), oid.slice(2));
}

export function hasLoose(objectsDir: string, oid: string): boolean {
  return existsSync(loosePath(objectsDir, oid));
}

/** Reads a loose object, or returns null when there is no such file. */
export function readLoose(objectsDir: string, oid: string): GitObject | null {
  const path = loosePath(objectsDir, oid);
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    if (ObjectReadError.applies(e)) throw new ObjectReadError(`object ${oid}`, code as string, path, e);
    throw new CorruptObjectError(`cannot read loose object: ${(e as Error).message}`, { path, oid }, e);
  }
  let inflated: Uint8Array;
  try {
    inflated = Bun.inflateSync(raw as Uint8Array<ArrayBuffer>, { windowBits: 15 });
  } catch (e) {
    throw new CorruptObjectError(`zlib: ${(e as Error).message}`, { path, oid }, e);
  }
  return parseLooseHeader(inflated, path, oid);
}

function parseLooseHeader(buf: Uint8Array, path: string, oid: string): GitObject {
  const limit = Math.min(buf.length, 32);
  let sp = -1;
  let nul = -1;
  for (let i = 0; i < limit; i++) {
    if (buf[i] === 0x20 && sp < 0) sp = i;
    else if (buf[i] === 0) {
      nul = i;
      break;
    }
  }
  if (sp < 0 || nul < sp) throw new CorruptObjectError("bad loose object header", { path, oid });
  const type = TYPES[String.fromCharCode(...buf.subarray(0, sp))];
  if (type === undefined) throw new CorruptObjectError("unknown loose object type", { path, oid });
  const sizeText = String.fromCharCode(...buf.subarray(sp + 1, nul));
  const size = /^\d+$/.test(sizeText) ? Number(sizeText) : -1;
  const data = buf.subarray(nul + 1);
  if (size !== data.length) throw new CorruptObjectError(`size ${sizeText} != actual ${data.length}`, { path, oid });
  return { type, data };
}
