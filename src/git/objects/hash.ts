/** Object hashing, as `git hash-object` computes it. */
import type { ObjectType } from "./types.ts";

const encoder = new TextEncoder();

/**
 * SHA-1 object id of `data` stored as `type`: sha1("<type> <size>\0" + data).
 * The index writer and tests use it; git itself would give the same id.
 */
export function hashObject(type: ObjectType, data: Uint8Array): string {
  const hasher = new Bun.CryptoHasher("sha1");
  hasher.update(encoder.encode(`${type} ${data.length}\0`));
  hasher.update(data);
  return hasher.digest("hex");
}
