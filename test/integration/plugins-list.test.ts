// `plugin list`, `plugin info`, the metadata cache and the root help.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

interface Entry {
  name: string;
  version: string | null;
  description: string | null;
  source: string;
  path: string;
  managed: boolean;
  status: string;
  reason: string | null;
  shadowedBy: string | null;
}

let sb: PluginSandbox;
const byPath = (entries: Entry[], path: string) => entries.find((e) => e.path === path) as Entry;

beforeAll(() => {
  sb = createPluginSandbox(["second"]);
});
afterAll(() => sb.cleanup());

describe("plugin list", () => {
  test("every broken fixture is listed with its reason; the listing itself succeeds", () => {
    const b = createPluginSandbox(["second"]);
    try {
      const paths: Record<string, string> = {};
      for (const name of ["badjson", "oldschema", "hang", "crash", "huge"]) paths[name] = b.addFixture("broken", name);
      paths.noexec = b.addFixture("broken", "noexec", { mode: 0o644 });
      paths.loose = b.addScript("loose", shellPlugin("loose", "true"), { mode: 0o757 });
      paths.hello = b.addFixture("good", "hello");
      paths.worktree = b.addFixture("good", "worktree");
      paths.hello2 = b.addFixture("good", "hello", { dir: join(b.root, "second") });
      paths.bad = b.addScript("Bad_Name", shellPlugin("bad", "true"));
      const t0 = performance.now();
      const r = b.run(["plugin", "list", "--json"]);
      const elapsed = performance.now() - t0;
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      // The hang costs the 2 s timeout once (handshakes run in parallel), not more.
      expect(elapsed).toBeLessThan(3500);
      const entries = JSON.parse(r.stdout) as Entry[];
      const reason = (k: string) => byPath(entries, paths[k] as string).reason;
      const status = (k: string) => byPath(entries, paths[k] as string).status;
      expect(status("hello")).toBe("ok");
      expect(byPath(entries, paths.hello as string)).toMatchObject({ name: "hello", version: "1.2.3", description: "Says hello", source: "env", managed: false, reason: null });
      expect(status("hello2")).toBe("shadowed");
      expect(byPath(entries, paths.hello2 as string).shadowedBy).toBe(paths.hello as string);
      expect(status("worktree")).toBe("shadowed");
      expect(reason("worktree")).toContain("the built-in command 'worktree' takes this name");
      for (const k of ["badjson", "oldschema", "hang", "crash", "huge", "noexec", "loose", "bad"]) expect(status(k)).toBe("invalid");
      expect(reason("badjson")).toStartWith("metadata is not valid JSON");
      expect(reason("oldschema")).toBe("unsupported metadata schemaVersion 2 (this repo-manager reads 1)");
      expect(reason("hang")).toBe("metadata handshake timed out after 2 s");
      expect(reason("crash")).toBe("metadata handshake exited with code 70: Segmentation fault (pretend)");
      expect(reason("huge")).toBe("metadata answer larger than 1048576 bytes");
      expect(reason("noexec")).toContain("not executable");
      expect(reason("loose")).toContain("writable by others");
      expect(reason("bad")).toContain("bad plugin name 'Bad_Name'");
      // A timeout is not cached (it would be asked again): take the hang away for the text listing.
      const cache = JSON.parse(readFileSync(join(b.home, ".cache", "repo-manager", "plugin-metadata.json"), "utf8"));
      expect(cache.entries[paths.hang as string]).toBeUndefined();
      expect(cache.entries[paths.badjson as string].result.ok).toBe(false);
      rmSync(paths.hang as string);
      // The text listing has the same rows, reasons included.
      const t = b.run(["plugin", "list"]);
      expect(t.code).toBe(0);
      expect(t.stdout.split("\n")[0]).toMatch(/^NAME\s+VERSION\s+SOURCE\s+MANAGED\s+STATUS\s+PATH\s+DETAILS$/);
      expect(t.stdout).toMatch(/hello\s+1\.2\.3\s+env\s+no\s+ok\s+\S+\s+Says hello/);
      expect(t.stdout).toContain("unsupported metadata schemaVersion 2");
      expect(t.stdout).not.toContain("hang");
    } finally {
      b.cleanup();
    }
  });

  test("answers are cached by path, size and mtime: help and a second list run no plugin", () => {
    const log = join(sb.root, "handshakes.log");
    const path = sb.addScript("counted", shellPlugin("counted", "echo ran", { log }));
    const count = () => readFileSync(log, "utf8").split("\n").filter(Boolean).length;
    expect(sb.run(["plugin", "list", "--json"]).code).toBe(0);
    expect(count()).toBe(1);
    expect(sb.run(["plugin", "list"]).code).toBe(0);
    const help = sb.run(["--help"]);
    expect(help.stdout).toMatch(/Plugin commands:\n(.*\n)*\s+counted\s+the counted plugin/);
    expect(count()).toBe(1);
    // A changed mtime is a changed plugin: asked again.
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(sb.run(["plugin", "list"]).code).toBe(0);
    expect(count()).toBe(2);
    // --refresh asks every plugin again.
    expect(sb.run(["plugin", "list", "--refresh"]).code).toBe(0);
    expect(count()).toBe(3);
  });

  test("a plugin added to a directory whose listing is cached is found (the dir's mtime changes)", () => {
    const d = createPluginSandbox();
    try {
      d.addScript("one", shellPlugin("one", "true"));
      const old = new Date(Date.now() - 60_000);
      utimesSync(d.pluginDir, old, old); // out of the racy window: the listing will be reused
      expect(d.run(["plugin", "list", "--json"]).code).toBe(0);
      const cache = JSON.parse(readFileSync(join(d.home, ".cache", "repo-manager", "plugin-metadata.json"), "utf8"));
      expect(cache.dirs[d.pluginDir].names).toEqual(["repo-manager-plugin-one"]);
      d.addScript("two", shellPlugin("two", "true"));
      const names = JSON.parse(d.run(["plugin", "list", "--json"]).stdout).map((e: Entry) => e.name);
      expect(names).toContain("one");
      expect(names).toContain("two");
    } finally {
      d.cleanup();
    }
  });

  test("help never runs a plugin: one with no cached answer is simply not shown", () => {
    const log = join(sb.root, "help-handshakes.log");
    sb.addScript("fresh", shellPlugin("fresh", "true", { log }));
    const help = sb.run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).not.toContain("fresh");
    expect(() => readFileSync(log)).toThrow();
  });

  test("a plugin named 'help' is shadowed by the frame's own help: listed so, never offered in the root help", () => {
    const h = createPluginSandbox();
    try {
      const path = h.addScript("help", shellPlugin("help", "echo plugin-help"));
      const entries = JSON.parse(h.run(["plugin", "list", "--json"]).stdout) as Entry[];
      expect(byPath(entries, path)).toMatchObject({ status: "shadowed", shadowedBy: "builtin:help" });
      const help = h.run(["help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).not.toContain("plugin-help");
      expect(help.stdout).not.toContain("Plugin commands");
    } finally {
      h.cleanup();
    }
  });

  test("no plugins: empty JSON array, a note on stderr in text mode", () => {
    const e = createPluginSandbox();
    try {
      const env = { PATH: "/usr/bin:/bin" };
      expect(e.run(["plugin", "list", "--json"], { env })).toEqual({ stdout: "[]\n", stderr: "", code: 0 });
      const t = e.run(["plugin", "list"], { env });
      expect(t.stdout).toBe("");
      expect(t.stderr).toContain("no plugins found");
      expect(t.code).toBe(0);
    } finally {
      e.cleanup();
    }
  });
});

describe("plugin info", () => {
  test("shows metadata, path and status, and other files with the name", () => {
    sb.addFixture("good", "hello");
    sb.addFixture("good", "hello", { dir: join(sb.root, "second") });
    const r = sb.run(["plugin", "info", "hello", "--json"]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ name: "hello", version: "1.2.3", status: "ok", path: join(sb.pluginDir, "repo-manager-plugin-hello") });
    expect(info.metadata).toMatchObject({ json: true, protocols: [1], commands: [{ name: "hello", summary: "greet", usage: "hello [args...]" }] });
    expect(info.candidates).toHaveLength(2);
    expect(info.candidates[1].status).toBe("shadowed");
    const t = sb.run(["plugin", "info", "hello"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/version:\s+1\.2\.3/);
    expect(t.stdout).toContain("Other files with this name:");
  });

  test("an unknown plugin: exit 1, clear message", () => {
    const r = sb.run(["plugin", "info", "nope"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: no plugin named 'nope'");
    expect(noStackTrace(r.stderr)).toBe(true);
  });
});
