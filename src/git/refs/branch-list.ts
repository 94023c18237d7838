/**
 * The local branches (`refs/heads/*`): loose ref files under the common dir
 * and `packed-refs`, loose winning, as `git for-each-ref refs/heads` lists
 * them (sorted by name, byte order). Names that are not valid ref names are
 * skipped, as git skips them.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isValidRefname } from "./refname.ts";
import { readPackedRefs } from "./refs.ts";

/** Short names of the local branches (`feat/x`), sorted. */
export function listLocalBranches(commonDir: string): string[] {
  const names = new Set<string>();
  for (const ref of readPackedRefs(commonDir).refs.keys()) if (ref.startsWith("refs/heads/")) names.add(ref.slice(11));
  const walk = (dir: string, prefix: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.isFile() && !e.name.endsWith(".lock")) names.add(`${prefix}${e.name}`);
    }
  };
  walk(join(commonDir, "refs", "heads"), "");
  return [...names].filter((n) => isValidRefname(`refs/heads/${n}`)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
