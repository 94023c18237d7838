// A metadata cache that is corrupt or not of our shape is ignored and rebuilt; it never makes a plugin valid.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

let sb: PluginSandbox;
let log: string;
let plugin: string;
let cacheFile: string;
beforeEach(() => {
  sb = createPluginSandbox();
  log = join(sb.root, "handshakes.log");
  plugin = sb.addScript("real", shellPlugin("real", "echo ran", { log }));
  cacheFile = join(sb.home, ".cache", "repo-manager", "plugin-metadata.json");
  mkdirSync(join(sb.home, ".cache", "repo-manager"), { recursive: true });
});
afterEach(() => sb.cleanup());

const handshakes = () => {
  try {
    return readFileSync(log, "utf8").split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
};
/** A cache entry for the plugin at its current size and mtime, as a foreign writer would make it. */
const entryFor = (result: unknown) => {
  const st = statSync(plugin);
  return { size: st.size, mtimeMs: st.mtimeMs, result };
};
function listReal(): { version: string; description: string; status: string } {
  const r = sb.run(["plugin", "list", "--json"]);
  expect(r.code).toBe(0);
  expect(noStackTrace(r.stderr)).toBe(true);
  return (JSON.parse(r.stdout) as { name: string; version: string; description: string; status: string }[]).find((e) => e.name === "real")!;
}
/** After a run, the cache holds the plugin's real answer again. */
function expectRebuilt(): void {
  const doc = JSON.parse(readFileSync(cacheFile, "utf8"));
  expect(doc.version).toBe(1);
  expect(doc.entries[plugin].result).toMatchObject({ ok: true, metadata: { name: "real", version: "1.0.0", protocols: [1] } });
}

describe("corrupt or foreign metadata cache", () => {
  const cases: [string, () => string][] = [
    ["not JSON", () => "{not json"],
    ["a JSON array", () => "[1,2,3]"],
    ["another version", () => JSON.stringify({ version: 99, entries: { [plugin]: entryFor({ ok: true, metadata: { name: "real" } }) } })],
    ["entries not an object", () => JSON.stringify({ version: 1, entries: "everything" })],
  ];
  for (const [what, text] of cases) {
    test(`${what}: ignored, the plugin is asked, the cache rewritten`, () => {
      writeFileSync(cacheFile, text());
      expect(listReal()).toMatchObject({ version: "1.0.0", description: "the real plugin", status: "ok" });
      expect(handshakes()).toBe(1);
      expectRebuilt();
    });
  }

  test("an entry whose metadata lacks what a handshake must say is not believed", () => {
    // Has every field the old hand check looked at, but no schemaVersion, protocols or commands.
    const forged = { ok: true, metadata: { name: "real", version: "6.6.6", description: "forged", json: false } };
    writeFileSync(cacheFile, JSON.stringify({ version: 1, entries: { [plugin]: entryFor(forged) } }));
    expect(listReal()).toMatchObject({ version: "1.0.0", description: "the real plugin" });
    expect(handshakes()).toBe(1);
    expectRebuilt();
  });

  test("an entry with wrong types (commands not a list, a protocol we do not speak) is dropped", () => {
    const bad = { ok: true, metadata: { schemaVersion: 1, name: "real", version: "9", description: "x", protocols: [99], commands: "all", json: false } };
    writeFileSync(cacheFile, JSON.stringify({ version: 1, entries: { [plugin]: entryFor(bad) } }));
    expect(listReal()).toMatchObject({ version: "1.0.0", status: "ok" });
    expect(handshakes()).toBe(1);
    expectRebuilt();
  });

  test("a well-formed entry is used as before: no handshake", () => {
    const good = { ok: true, metadata: { schemaVersion: 1, name: "real", version: "1.0.0", description: "cached text", protocols: [1] } };
    writeFileSync(cacheFile, JSON.stringify({ version: 1, entries: { [plugin]: entryFor(good) } }));
    expect(listReal()).toMatchObject({ version: "1.0.0", description: "cached text", status: "ok" });
    expect(handshakes()).toBe(0);
  });
});
