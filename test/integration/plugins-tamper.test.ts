// A managed plugin changed with its size and mtime kept (issue 14, item 11; reproduction r09).
// The digest was re-checked only when size or mtime changed; both are easy to keep (`touch -d`, utimes()).
// The stamp now also holds the ctime (which nobody but the clock sets), the inode and the device.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, closeSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { snapshotTree } from "../helpers/sandbox.ts";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

const WINDOWS = process.platform === "win32";
if (WINDOWS) console.warn("skipping the same-size-and-mtime tamper tests: they use #!/bin/sh plugins");

let sb: PluginSandbox;
let lockPath: string;
let target: string;
const ORIGINAL = shellPlugin("hello", 'echo "hello: original"');

beforeAll(() => {
  if (WINDOWS) return;
  sb = createPluginSandbox();
  sb.env.REPO_MANAGER_PLUGIN_PATH = "";
  lockPath = join(sb.home, ".config", "repo-manager", "plugins.lock.json");
  target = join(sb.home, ".config", "repo-manager", "plugins", "repo-manager-plugin-hello");
  sb.run(["plugin", "info", "none"]); // bun's transpiler cache under HOME, before any snapshot
});
afterAll(() => sb?.cleanup());

const snapshotHome = () => snapshotTree(sb.home).split("\n").filter((l) => !l.includes("/.cache/bun")).join("\n");

/** `touch -r`: copies atime and mtime to the nanosecond (utimes() from JS rounds to microseconds). */
const copyTimes = (from: string, to: string) => expect(Bun.spawnSync(["touch", "-r", from, to]).exitCode).toBe(0);

function install(): void {
  const src = join(sb.root, "repo-manager-plugin-hello");
  writeFileSync(src, ORIGINAL);
  chmodSync(src, 0o755);
  const r = sb.run(["plugin", "install", "--force", src]);
  expect(r.code).toBe(0);
  expect(sb.run(["hello"])).toEqual({ stdout: "hello: original\n", stderr: "", code: 0 });
}

function expectTampered(): void {
  const before = snapshotHome();
  const r = sb.run(["hello"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("error: refusing to run managed plugin 'hello': sha256 mismatch");
  expect(noStackTrace(r.stderr)).toBe(true);
  expect(snapshotHome()).toBe(before);
  const list = JSON.parse(sb.run(["plugin", "list", "--json"]).stdout);
  expect(list.find((e: { name: string }) => e.name === "hello")).toMatchObject({ status: "invalid", reason: expect.stringContaining("sha256 mismatch") });
}

describe.skipIf(WINDOWS)("a managed plugin changed with size and mtime kept", () => {
  test("written in place (same inode), mtime put back: refused", () => {
    install();
    const st = statSync(target);
    const ref = join(sb.root, "times-ref");
    writeFileSync(ref, "");
    copyTimes(target, ref);
    const text = readFileSync(target, "utf8");
    const at = text.indexOf("original");
    const fd = openSync(target, "r+");
    writeSync(fd, "TAMPERED", at);
    closeSync(fd);
    copyTimes(ref, target);
    const now = statSync(target);
    expect([now.ino, now.size, now.mtimeMs]).toEqual([st.ino, st.size, st.mtimeMs]);
    expectTampered();
  }, 60_000);

  test("replaced by rename with the same size and mtime (what sed -i does): refused", () => {
    install();
    const st = statSync(target);
    const tmp = `${target}.new`;
    writeFileSync(tmp, readFileSync(target, "utf8").replace("original", "TAMPERED"));
    chmodSync(tmp, 0o755);
    copyTimes(target, tmp);
    renameSync(tmp, target);
    expect([statSync(target).size, statSync(target).mtimeMs]).toEqual([st.size, st.mtimeMs]);
    expectTampered();
  }, 60_000);

  test("an unchanged file is not re-hashed: the lock file is not rewritten by a run", () => {
    install();
    const before = readFileSync(lockPath, "utf8");
    const lockMtime = statSync(lockPath).mtimeMs;
    expect(sb.run(["hello"]).code).toBe(0);
    expect(statSync(lockPath).mtimeMs).toBe(lockMtime);
    const entry = JSON.parse(before).plugins.hello;
    const st = statSync(target);
    expect(entry).toMatchObject({ size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev });
  }, 60_000);

  test("a lock entry from before (no ctime, inode or device) is re-hashed once, then stamped", () => {
    install();
    const lock = JSON.parse(readFileSync(lockPath, "utf8"));
    for (const k of ["ctimeMs", "ino", "dev"]) delete lock.plugins.hello[k];
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
    expect(sb.run(["hello"])).toEqual({ stdout: "hello: original\n", stderr: "", code: 0 });
    expect(JSON.parse(readFileSync(lockPath, "utf8")).plugins.hello).toMatchObject({ ctimeMs: statSync(target).ctimeMs, ino: statSync(target).ino });
  }, 60_000);
});
