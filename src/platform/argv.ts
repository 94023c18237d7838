/**
 * Arguments whose bytes are not valid UTF-8. The runtime decodes argv into
 * strings and replaces such bytes with U+FFFD, so `wt\xff` and `wt\xfe` would
 * both become `wt\uFFFD`: distinct names collapse and `remove`/`move` could
 * act on the wrong worktree. git keeps the bytes; JavaScript strings cannot,
 * so we refuse what does not round-trip instead of changing it (D7).
 *
 * On Linux the original bytes are in /proc/self/cmdline, so an argument that
 * really contains U+FFFD (encoded EF BF BD) still passes; elsewhere an
 * argument containing U+FFFD is refused, as we cannot tell the two apart.
 */
import { readFileSync } from "node:fs";
import { UsageError } from "../errors.ts";

const REPLACEMENT = "\uFFFD";

/** The raw bytes of this process's arguments (the last `count` of them), or undefined where the OS does not tell. */
function rawArguments(count: number): Buffer[] | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const all = readFileSync("/proc/self/cmdline");
    const parts: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < all.length; i++) {
      if (all[i] === 0) {
        parts.push(all.subarray(start, i));
        start = i + 1;
      }
    }
    return parts.length >= count ? parts.slice(parts.length - count) : undefined;
  } catch {
    return undefined;
  }
}

/** `wt\xff` for bytes that are not printable ASCII. */
const escapeBytes = (b: Buffer): string =>
  [...b].map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`)).join("");

/**
 * Throws a UsageError for the first argument that is not valid UTF-8.
 * `args` are the program's arguments (process.argv without the first two);
 * `raw` their bytes, when known (read from /proc on Linux by default).
 */
export function checkArgvBytes(args: readonly string[], raw: Buffer[] | undefined = undefined): void {
  const first = args.findIndex((a) => a.includes(REPLACEMENT));
  if (first === -1) return; // the common case costs one scan, no file read
  const bytes = raw ?? rawArguments(args.length);
  for (let i = first; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.includes(REPLACEMENT)) continue;
    const original = bytes?.[i];
    if (original !== undefined && Buffer.from(arg).equals(original)) continue;
    const shown = original === undefined ? arg : escapeBytes(original);
    throw new UsageError(`argument '${shown}' is not valid UTF-8`, {
      hint: "repo-manager keeps names exactly and cannot represent these bytes; use a UTF-8 name (or git itself for this one)",
    });
  }
}
