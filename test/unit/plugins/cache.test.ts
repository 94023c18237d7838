import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedListing, cachedResult, loadCache, RACY_MS, saveCache, storeListing, storeResult } from "../../../src/plugins/cache.ts";

const dir = mkdtempSync(join(tmpdir(), "rm-cache-unit-"));
const env = { XDG_CACHE_HOME: dir, HOME: dir };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("metadata cache", () => {
  test("answers are keyed by path, size and mtime, and survive a save/load", async () => {
    const c = await loadCache(env);
    expect(c.entries.size).toBe(0);
    storeResult(c, "/p/a", 10, 1000, { ok: false, reason: "broken" });
    await saveCache(c, env);
    const d = await loadCache(env);
    expect(cachedResult(d, "/p/a", 10, 1000)).toEqual({ ok: false, reason: "broken" });
    expect(cachedResult(d, "/p/a", 11, 1000)).toBeUndefined();
    expect(cachedResult(d, "/p/a", 10, 1001)).toBeUndefined();
    expect(cachedResult(d, "/p/b", 10, 1000)).toBeUndefined();
  });

  test("a transient failure (a timeout) is not cached", async () => {
    const c = await loadCache(env);
    storeResult(c, "/p/slow", 1, 1, { ok: false, reason: "metadata handshake timed out after 2 s", transient: true });
    expect(cachedResult(c, "/p/slow", 1, 1)).toBeUndefined();
  });

  test("a corrupt cache file is an empty cache, and malformed entries are dropped", async () => {
    const file = join(dir, "repo-manager", "plugin-metadata.json");
    writeFileSync(file, "{not json");
    expect((await loadCache(env)).entries.size).toBe(0);
    writeFileSync(file, JSON.stringify({ version: 1, entries: { "/x": { size: 1, mtimeMs: 2, result: { ok: true, metadata: { name: 3 } } }, "/y": { size: 1, mtimeMs: 2, result: { ok: false, reason: "r" } } } }));
    const c = await loadCache(env);
    expect([...c.entries.keys()]).toEqual(["/y"]);
  });

  test("a cache with dropped parts is rewritten without them; a foreign document is rewritten whole", async () => {
    const file = join(dir, "repo-manager", "plugin-metadata.json");
    const meta = { schemaVersion: 1 as const, name: "a", version: "1", description: "d", protocols: [1] };
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        entries: { "/good": { size: 1, mtimeMs: 2, result: { ok: true, metadata: meta } }, "/bad": { size: "1", mtimeMs: 2, result: { ok: false, reason: "r" } },
          // Well-formed, but a protocol we do not speak: a handshake would call it invalid, so must the cache.
          "/alien": { size: 1, mtimeMs: 2, result: { ok: true, metadata: { ...meta, protocols: [99] } } },
        },
        dirs: { "/d": { mtimeMs: 1, scannedAt: 5000, names: ["x", 3] } },
        lockStamp: { size: "big" },
      }),
    );
    const c = await loadCache(env);
    expect(c.dirty).toBe(true);
    expect([...c.entries.keys()]).toEqual(["/good"]);
    // Defaults filled in as for a fresh handshake answer.
    expect(cachedResult(c, "/good", 1, 2)).toEqual({ ok: true, metadata: { ...meta, commands: [], json: false } });
    expect(c.dirs.size).toBe(0);
    expect(c.lockStamp).toBeNull();
    await saveCache(c, env);
    expect(Object.keys(JSON.parse(readFileSync(file, "utf8")).entries)).toEqual(["/good"]);
    expect((await loadCache(env)).dirty).toBe(false);
    writeFileSync(file, JSON.stringify({ version: 2, entries: {} }));
    expect((await loadCache(env)).dirty).toBe(true);
  });

  test("a directory listing is reused only for the same mtime, and never within the racy window", async () => {
    const c = await loadCache(env);
    const now = Date.now();
    storeListing(c, "/d", now - 10_000, ["repo-manager-plugin-a"], now);
    expect(cachedListing(c, "/d", now - 10_000)).toEqual(["repo-manager-plugin-a"]);
    expect(cachedListing(c, "/d", now - 9_000)).toBeUndefined();
    // Listed within RACY_MS of the dir's mtime: an entry added in the same clock tick could be missing.
    storeListing(c, "/e", now - RACY_MS + 500, ["x"], now);
    expect(cachedListing(c, "/e", now - RACY_MS + 500)).toBeUndefined();
    await saveCache(c, env);
    const text = readFileSync(join(dir, "repo-manager", "plugin-metadata.json"), "utf8");
    expect(JSON.parse(text).dirs["/d"]).toEqual({ mtimeMs: now - 10_000, scannedAt: now, names: ["repo-manager-plugin-a"] });
  });
});
