import { describe, expect, test } from "bun:test";
import { validateMetadata } from "../../../src/plugins/metadata.ts";
import { exitStatus } from "../../../src/plugins/runner.ts";
import { parseInvocation } from "../../../src/commands/plugin/_invoke.ts";
import { UsageError } from "../../../src/errors.ts";

const good = { schemaVersion: 1, name: "hello", version: "1.0.0", description: "d", protocols: [1] };

describe("metadata validation", () => {
  test("a minimal document is valid; defaults fill commands and json; unknown fields are ignored", () => {
    const r = validateMetadata("hello", { ...good, somethingNew: { x: 1 } });
    expect(r as unknown).toEqual({ ok: true, metadata: { ...good, commands: [], json: false } });
  });

  test("optional fields are kept", () => {
    const r = validateMetadata("hello", { ...good, vendor: "v", homepage: "https://x", json: true, commands: [{ name: "hello" }] });
    expect(r.ok && r.metadata.commands).toEqual([{ name: "hello", summary: "", usage: "" }]);
    expect(r.ok && r.metadata.vendor).toBe("v");
  });

  test("each mistake gets a reason saying what is wrong", () => {
    const reason = (doc: unknown, name: string | null = "hello") => {
      const r = validateMetadata(name, doc);
      return r.ok ? "ok" : r.reason;
    };
    expect(reason([1])).toBe("metadata is not a JSON object");
    expect(reason(null)).toBe("metadata is not a JSON object");
    expect(reason({ ...good, schemaVersion: 2 })).toContain("unsupported metadata schemaVersion 2");
    expect(reason({ ...good, schemaVersion: undefined })).toContain("unsupported metadata schemaVersion null");
    expect(reason({ ...good, version: 3 })).toContain("version");
    expect(reason({ ...good, protocols: [] })).toContain("protocols");
    expect(reason({ ...good, protocols: [2, 3] })).toBe("speaks protocol 2, 3; this repo-manager speaks 1");
    expect(reason({ ...good, name: "Hello" })).toContain("name");
    expect(reason({ ...good, name: "other" })).toContain("does not match the file name");
    expect(reason({ ...good, name: "other" }, null)).toBe("ok");
    expect(reason({ ...good, json: "yes" })).toContain("json");
  });
});

describe("exit status", () => {
  test("the plugin's code passes through; a signal is 128+n as shells report it", () => {
    expect(exitStatus(0, null)).toBe(0);
    expect(exitStatus(3, null)).toBe(3);
    expect(exitStatus(null, "SIGKILL")).toBe(137);
    expect(exitStatus(null, "SIGTERM")).toBe(143);
    expect(exitStatus(null, "SIGINT")).toBe(130);
    expect(exitStatus(null, 15)).toBe(143);
  });
});

describe("plugin run/exec command lines", () => {
  test("exec passes everything after the name untouched", () => {
    expect(parseInvocation(["x", "--json", "--", "-v"], "w", false)).toEqual({ name: "x", json: false, args: ["--json", "--", "-v"] });
    expect(parseInvocation(["--json", "x", "a"], "w", false)).toEqual({ name: "x", json: true, args: ["a"] });
  });

  test("run takes --json before '--' and drops the first '--'", () => {
    expect(parseInvocation(["x", "--json", "--", "--json", "b"], "w", true)).toEqual({ name: "x", json: true, args: ["--json", "b"] });
    expect(parseInvocation(["x", "a", "--", "--"], "w", true)).toEqual({ name: "x", json: false, args: ["a", "--"] });
    expect(parseInvocation(["--", "x"], "w", true)).toEqual({ name: "x", json: false, args: [] });
  });

  test("a missing name or an unknown option before it is a usage error", () => {
    expect(() => parseInvocation([], "w", true)).toThrow(UsageError);
    expect(() => parseInvocation(["--json"], "w", true)).toThrow("needs a plugin name");
    expect(() => parseInvocation(["-x", "name"], "w", false)).toThrow("unknown option '-x'");
  });
});
