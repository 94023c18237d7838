/**
 * sha256 of plugin files. A module of its own because node:crypto is slow to
 * load in a compiled binary: only install and the integrity re-check need it,
 * never the dispatch of an unchanged plugin.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Hex sha256 of a file, streamed (plugins can be tens of MiB). */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

export const sha256Bytes = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");
