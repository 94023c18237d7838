/**
 * `objects/info/alternates`: one object directory per line, relative paths
 * relative to the objects dir that lists them, `#` comments, blank lines, and
 * C-quoted lines ("..."). Alternates of alternates are followed, up to git's
 * depth limit of 5, each directory once.
 */
import { readFileSync, realpathSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";

const MAX_DEPTH = 5;

/** Unquotes a C-style quoted path as git writes them ("a\tb", octal escapes). */
function unquote(line: string): string {
  if (!line.startsWith('"') || !line.endsWith('"') || line.length < 2) return line;
  const body = line.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...enc.encode(ch));
      continue;
    }
    const next = body[++i] ?? "";
    if (next in simple) bytes.push(simple[next]!);
    else if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8) & 0xff);
      i += 2;
    } else bytes.push(92, ...enc.encode(next));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The lines of an alternates file, as directory paths (unresolved). */
export function parseAlternates(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, ""); // tolerate CRLF written by Windows editors
    if (line === "" || line.startsWith("#")) continue;
    out.push(unquote(line));
  }
  return out;
}

function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * Every object directory the store should search, the primary first:
 * `objectsDir`, then `extra` (GIT_ALTERNATE_OBJECT_DIRECTORIES, passed by the
 * caller), then what the alternates files list, recursively.
 */
export function resolveObjectDirs(objectsDir: string, extra: readonly string[] = []): string[] {
  const seen = new Set<string>();
  const dirs: string[] = [];
  const visit = (dir: string, depth: number, followNow = true) => {
    const key = canonical(dir);
    if (seen.has(key)) return;
    seen.add(key);
    dirs.push(dir);
    if (followNow) follow(dir, depth);
  };
  const follow = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return; // git stops following here too
    let text: string;
    try {
      text = readFileSync(join(dir, "info", "alternates"), "utf8");
    } catch {
      return;
    }
    for (const alt of parseAlternates(text)) visit(isAbsolute(alt) ? alt : resolve(dir, alt), depth + 1);
  };
  // git links the environment's alternates before reading the primary's info/alternates.
  visit(objectsDir, 0, false);
  for (const dir of extra) visit(resolve(dir), 1);
  follow(objectsDir, 0);
  return dirs;
}
