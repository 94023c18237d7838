/**
 * Bounds on a plugin's JSON document before we pretty-print it.
 *
 * Pretty-printing indents every level by two more spaces, so the output grows
 * with the square of the nesting: 40 KB of `[[[...]]]` printed 800 MB (2.4 GB
 * of memory), 100 KB overflowed the stack of JSON.stringify. Two limits,
 * checked before anything is printed:
 *
 * - nesting depth at most MAX_JSON_DEPTH (64) arrays/objects, counted on the
 *   raw bytes before JSON.parse builds anything;
 * - the pretty-printed text at most MAX_PRETTY_CHARS (64 Mi characters, twice
 *   the 32 MiB cap on the raw output), computed without building it.
 */

/** Deepest nesting of arrays and objects accepted (the top-level container is depth 1). */
export const MAX_JSON_DEPTH = 64;

/** Largest pretty-printed document accepted, in characters (UTF-16 code units, what the string holds). */
export const MAX_PRETTY_CHARS = 64 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * True when the JSON text in `bytes` (UTF-8) nests arrays and objects deeper
 * than `max`. Brackets inside strings do not count. It stops at the first
 * level too deep, so a hostile document costs no more than that prefix.
 * Malformed text is not judged here: JSON.parse reports it.
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === BACKSLASH) i++; // skip the escaped character (\" or \\); multi-byte UTF-8 never holds these bytes
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
  }
  return false;
}

class TooLarge extends Error {}

/**
 * The length of `JSON.stringify(value, null, 2)` for a value JSON.parse
 * returned, or undefined as soon as it would exceed `max`. Recursion is as
 * deep as the value, which nestsDeeperThan has bounded.
 */
export function prettyJsonLength(value: unknown, max: number): number | undefined {
  let total = 0;
  const add = (n: number) => {
    total += n;
    if (total > max) throw new TooLarge();
  };
  const walk = (v: unknown, indent: number): void => {
    if (v === null || typeof v !== "object") {
      add((JSON.stringify(v) as string).length);
      return;
    }
    const inner = indent + 2;
    if (Array.isArray(v)) {
      if (v.length === 0) return add(2);
      // "[" then, per element, "\n" + indent + element + "," (no comma after the last), then "\n" + indent + "]"
      add(1 + v.length * (1 + inner) + (v.length - 1) + 1 + indent + 1);
      for (const e of v) walk(e, inner);
      return;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return add(2);
    add(1 + keys.length * (1 + inner + 2) + (keys.length - 1) + 1 + indent + 1); // 2: ": " after each key
    for (const k of keys) {
      add((JSON.stringify(k) as string).length);
      walk((v as Record<string, unknown>)[k], inner);
    }
  };
  try {
    walk(value, 0);
  } catch (e) {
    if (e instanceof TooLarge) return undefined;
    throw e;
  }
  return total;
}
