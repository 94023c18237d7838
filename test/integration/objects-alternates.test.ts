/**
 * Alternates: `git clone --shared`, relative and commented alternates files,
 * alternates of alternates, and directories passed by the caller
 * (GIT_ALTERNATE_OBJECT_DIRECTORIES). git itself is the oracle each time.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openObjectStore } from "../../src/git/objects/store.ts";
import { diffStoreWithGit, historyRepo, writeHistory } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let origin: string;
beforeAll(() => {
  sb = createSandbox("rm-objalt-");
  origin = historyRepo(sb, "origin", { commits: 25 });
  sb.git(["repack", "-adfq"], { cwd: origin });
});
afterAll(() => sb.cleanup());

const objectsOf = (dir: string) => join(dir, ".git", "objects");

describe("alternates", () => {
  test("git clone --shared: objects from the origin and the clone's own", () => {
    const clone = join(sb.root, "shared");
    sb.git(["clone", "-q", "--shared", origin, clone]);
    writeHistory(sb, clone, { commits: 4, seed: 7, append: true });
    expect(sb.git(["count-objects", "-v"], { cwd: clone })).toMatch(/in-pack: 0\b/); // the clone owns no pack
    const store = openObjectStore(objectsOf(clone));
    expect(store.stats().objectDirs).toBe(2);
    store.close();
    const { compared, mismatches } = diffStoreWithGit(sb, clone, objectsOf(clone));
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  test("relative paths, comments and blank lines, followed recursively", () => {
    // middle -> origin (relative, with comments), leaf -> middle (absolute).
    const middle = join(sb.root, "middle");
    const leaf = join(sb.root, "leaf");
    for (const d of [middle, leaf]) sb.git(["init", "-q", d]);
    writeFileSync(join(objectsOf(middle), "info", "alternates"), "# shared with origin\n\n../../../origin/.git/objects\n");
    writeFileSync(join(objectsOf(leaf), "info", "alternates"), `${objectsOf(middle)}\n`);
    const head = sb.git(["rev-parse", "main"], { cwd: origin }).trim();
    // git agrees the leaf can see the origin's commit through two levels.
    expect(sb.git(["cat-file", "-t", head], { cwd: leaf }).trim()).toBe("commit");
    const store = openObjectStore(objectsOf(leaf));
    expect(store.read(head).type).toBe("commit");
    expect(store.stats().objectDirs).toBe(3);
    store.close();
    expect(diffStoreWithGit(sb, leaf, objectsOf(leaf)).mismatches).toEqual([]);
  });

  test("directories passed by the caller, as GIT_ALTERNATE_OBJECT_DIRECTORIES would", () => {
    const empty = join(sb.root, "empty");
    sb.git(["init", "-q", empty]);
    const head = sb.git(["rev-parse", "main"], { cwd: origin }).trim();
    const plain = openObjectStore(objectsOf(empty));
    expect(plain.has(head)).toBe(false);
    plain.close();
    const store = openObjectStore(objectsOf(empty), { alternateObjectDirectories: [objectsOf(origin)] });
    const oracle = sb.git(["cat-file", "commit", head], {
      cwd: empty,
      env: { GIT_ALTERNATE_OBJECT_DIRECTORIES: objectsOf(origin) },
    });
    expect(new TextDecoder().decode(store.read(head).data)).toBe(oracle);
    store.close();
  });
});
