// End-to-end: plugins through the compiled binary.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY } from "../helpers/sandbox.ts";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

let sb: PluginSandbox;
beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createPluginSandbox();
  sb.addFixture("good", "hello");
  sb.addFixture("good", "exit3");
  sb.addFixture("broken", "jsonbad");
});
afterAll(() => sb.cleanup());

describe("compiled binary and plugins", () => {
  test("dispatch: arguments intact, REPO_MANAGER_BIN is the binary itself", () => {
    const r = sb.run(["hello", "a b", "ü"], { binary: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("arg:[a b]\narg:[ü]\n");
    expect(r.stdout).toContain(`bin=${BINARY}\n`);
    expect(JSON.parse(r.stderr).host.bin).toBe(BINARY);
  });

  test("exit codes pass through; errors are one clear message", () => {
    expect(sb.run(["exit3"], { binary: true }).code).toBe(3);
    const r = sb.run(["--json", "jsonbad"], { binary: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plugin 'jsonbad' printed invalid JSON");
    expect(noStackTrace(r.stderr)).toBe(true);
  });

  test("a plugin calls the compiled core back", () => {
    const log = join(sb.root, "callback.out");
    sb.addScript("cb", shellPlugin("cb", `"$REPO_MANAGER_BIN" --version > '${log}'`));
    expect(sb.run(["cb"], { binary: true }).code).toBe(0);
    expect(readFileSync(log, "utf8")).toMatch(/^repo-manager \d/);
  });

  test("plugin list --json and the root help", () => {
    const r = sb.run(["plugin", "list", "--json"], { binary: true });
    expect(r.code).toBe(0);
    const names = JSON.parse(r.stdout).map((e: { name: string; status: string }) => `${e.name}:${e.status}`);
    expect(names).toEqual(expect.arrayContaining(["hello:ok", "exit3:ok", "jsonbad:ok", "cb:ok"]));
    const help = sb.run(["--help"], { binary: true });
    expect(help.stdout).toMatch(/Plugin commands:[\s\S]*hello\s+Says hello/);
  });
});
