// Structured output: `--json <plugin>` and `plugin run --json`.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createPluginSandbox, noStackTrace, type PluginSandbox } from "../fixtures/plugins/setup.ts";

let sb: PluginSandbox;
beforeAll(() => {
  sb = createPluginSandbox();
  sb.addFixture("good", "hello");
  sb.addFixture("good", "textonly");
  for (const name of ["jsonbad", "jsonfail", "huge"]) sb.addFixture("broken", name);
});
afterAll(() => sb.cleanup());

describe("JSON mode", () => {
  test("'--json <plugin>' runs it with REPO_MANAGER_OUTPUT=json and prints its validated document", () => {
    const r = sb.run(["--json", "hello", "a b", "ü"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ greeting: "hello", args: ["a b", "ü"] });
    // Pretty-printed by the core, not the plugin's own bytes.
    expect(r.stdout).toBe(`${JSON.stringify({ greeting: "hello", args: ["a b", "ü"] }, null, 2)}\n`);
  });

  test("'plugin run <name> --json -- args' passes the args after --", () => {
    const r = sb.run(["plugin", "run", "hello", "--json", "--", "--json", "x"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ greeting: "hello", args: ["--json", "x"] });
    // Without --json, plugin run is a plain run.
    const t = sb.run(["plugin", "run", "hello", "x"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain("arg:[x]");
  });

  test("a plugin without json support is refused in JSON mode", () => {
    const r = sb.run(["--json", "textonly"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: plugin 'textonly' does not support JSON output");
    expect(noStackTrace(r.stderr)).toBe(true);
  });

  test("invalid JSON output: exit 1 naming the plugin and the problem", () => {
    const r = sb.run(["plugin", "run", "jsonbad", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: plugin 'jsonbad' printed invalid JSON");
    expect(noStackTrace(r.stderr)).toBe(true);
  });

  test("non-zero exit in JSON mode: its status, its stderr passed through, then our error", () => {
    const r = sb.run(["--json", "jsonfail"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toStartWith("jsonfail: backend unavailable\n");
    expect(r.stderr).toContain("error: plugin 'jsonfail' failed in JSON mode (exit status 4)");
  });

  test("too much output (over 32 MiB) is stopped with a clear error", () => {
    const t0 = performance.now();
    const r = sb.run(["--json", "huge"], { env: { HUGE_VALID_METADATA: "1" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: plugin 'huge' printed more than 32 MiB of JSON output; it was stopped");
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  test("an invalid plugin in JSON mode says why", () => {
    // Without the env var its metadata answer is endless; drop the cached answer of the test above.
    rmSync(join(sb.home, ".cache", "repo-manager"), { recursive: true, force: true });
    const r = sb.run(["--json", "huge"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: plugin 'huge' is invalid: metadata answer larger than");
  });
});
