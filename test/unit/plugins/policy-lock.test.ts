// The plugin policy (config.json, REPO_MANAGER_PLUGINS) and the lock file's validation:
// both are security records, so anything unexpected is an error, never a guess.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLock, readLockStamped } from "../../../src/plugins/lock.ts";
import { pluginPolicy } from "../../../src/plugins/policy.ts";

let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rm-policy-"));
  env = { REPO_MANAGER_CONFIG_DIR: dir };
  mkdirSync(dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = (text: string) => writeFileSync(join(dir, "config.json"), text);
const lock = (doc: unknown) => writeFileSync(join(dir, "plugins.lock.json"), typeof doc === "string" ? doc : JSON.stringify(doc));
const entry = { name: "x", version: "1", source: "/s", sha256: "a".repeat(64), file: "repo-manager-plugin-x", size: 1, mtimeMs: 2, installedAt: "t" };

describe("plugin policy", () => {
  test("no config.json: all; the env var wins over the file", () => {
    rmSync(join(dir, "config.json"), { force: true });
    expect(pluginPolicy(env)).toBe("all");
    config('{ "plugins": "managed", "other": 1 }');
    expect(pluginPolicy(env)).toBe("managed");
    expect(pluginPolicy({ ...env, REPO_MANAGER_PLUGINS: "all" })).toBe("all");
    config("{}");
    expect(pluginPolicy(env)).toBe("all");
  });

  test("anything else fails closed with a message naming the file and the field", () => {
    const file = join(dir, "config.json");
    for (const [text, message] of [
      ['{ "plugins": "some" }', new RegExp(`^${file}: plugins: .*"some"`)],
      ['{ "plugins": null }', new RegExp(`^${file}: plugins: .*null`)],
      ['["managed"]', new RegExp(`^${file}: \\(root\\): `)],
      ["null", new RegExp(`^${file}: \\(root\\): `)],
      ["{", new RegExp(`^${file} is not valid JSON`)],
    ] as const) {
      config(text);
      expect(() => pluginPolicy(env)).toThrow(message);
    }
    expect(() => pluginPolicy({ ...env, REPO_MANAGER_PLUGINS: "yes" })).toThrow("REPO_MANAGER_PLUGINS must be 'managed' or 'all', not 'yes'");
    rmSync(file);
  });
});

describe("plugins.lock.json", () => {
  test("a valid file is read; a missing one is empty", async () => {
    rmSync(join(dir, "plugins.lock.json"), { force: true });
    expect(await readLock(env)).toEqual({ schemaVersion: 1, plugins: {} });
    lock({ schemaVersion: 1, plugins: { x: entry } });
    expect(await readLock(env)).toEqual({ schemaVersion: 1, plugins: { x: entry } });
  });

  test("a malformed file is an error saying where", async () => {
    lock({ schemaVersion: 1, plugins: { x: { ...entry, sha256: "nope" } } });
    await expect(readLock(env)).rejects.toThrow("is malformed: plugins.x.sha256");
    lock({ schemaVersion: 2, plugins: {} });
    await expect(readLock(env)).rejects.toThrow("is malformed: schemaVersion");
    lock("{");
    await expect(readLock(env)).rejects.toThrow("is not valid JSON");
  });

  test("the stamped read skips validation only while size and mtime match the validated stamp", async () => {
    const path = join(dir, "plugins.lock.json");
    lock({ schemaVersion: 1, plugins: { x: entry } });
    const first = await readLockStamped(env, null);
    expect(first.lock.plugins.x).toEqual(entry);
    expect(first.stamp).not.toBeNull();
    // Same size, new content, new mtime: validated again, and the damage is seen.
    lock({ schemaVersion: 1, plugins: { x: { ...entry, sha256: "b".repeat(63) + "!" } } });
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    await expect(readLockStamped(env, first.stamp)).rejects.toThrow("is malformed");
  });

  test("even with the stamp unchanged, a file whose frame is not a lock file is validated in full", async () => {
    const path = join(dir, "plugins.lock.json");
    lock({ schemaVersion: 1, plugins: { x: entry } });
    const mtime = 1_700_000_000; // whole seconds: put back exactly after each rewrite
    utimesSync(path, mtime, mtime);
    const first = await readLockStamped(env, null);
    const { size } = statSync(path);
    expect(first.stamp).toEqual({ size, mtimeMs: mtime * 1000 });
    // Same size and mtime as the validated file (padded with spaces, mtime put back): the stamp matches.
    for (const forged of ['{"schemaVersion":1,"plugins":[1,2]}', '{"schemaVersion":1,"plugins":"x"}', '{"schemaVersion":1,"plugins":{"x":3}}']) {
      writeFileSync(path, forged.padEnd(size, " "));
      utimesSync(path, mtime, mtime);
      expect(statSync(path)).toMatchObject({ size, mtimeMs: mtime * 1000 });
      await expect(readLockStamped(env, first.stamp)).rejects.toThrow("is malformed");
    }
  });
});
