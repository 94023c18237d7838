// Managed plugins: install, the lock file, integrity, uninstall, managed-only mode.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAIN, snapshotTree } from "../helpers/sandbox.ts";
import { createPluginSandbox, FIXTURES, noStackTrace, type PluginSandbox, shellPlugin } from "../fixtures/plugins/setup.ts";

let sb: PluginSandbox;
let config: string;
let managedDir: string;
const lockPath = () => join(config, "plugins.lock.json");
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const fixture = (kind: string, name: string) => join(FIXTURES, kind, `repo-manager-plugin-${name}`);

beforeAll(() => {
  sb = createPluginSandbox();
  config = join(sb.home, ".config", "repo-manager");
  managedDir = join(config, "plugins");
  sb.env.REPO_MANAGER_PLUGIN_PATH = ""; // only the managed dir and PATH
  sb.run(["plugin", "info", "none"]); // lets bun create its transpiler cache under HOME before any snapshot
});
afterAll(() => sb.cleanup());

/** HOME's tree without bun's own transpiler cache (written by any run from source). */
const snapshotHome = () =>
  snapshotTree(sb.home)
    .split("\n")
    .filter((l) => !l.includes("/.cache/bun"))
    .join("\n");

/** Asserts a refused install: exit code, message, and nothing under HOME changed. */
function expectRefused(args: string[], code: number, message: string): void {
  const before = snapshotHome();
  const r = sb.run(["plugin", "install", ...args]);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(message);
  expect(noStackTrace(r.stderr)).toBe(true);
  expect(snapshotHome()).toBe(before);
}

describe("plugin install", () => {
  test("refusals change nothing: bad digest, invalid plugin, built-in name, missing file, URL without digest", () => {
    expectRefused([fixture("good", "exit3"), "--sha256", "0".repeat(64)], 1, "sha256 mismatch for");
    expectRefused([fixture("good", "exit3"), "--sha256", "xyz"], 2, "--sha256 must be 64 hexadecimal digits");
    expectRefused([fixture("broken", "badjson")], 1, "refusing to install");
    expectRefused([fixture("broken", "oldschema")], 1, "unsupported metadata schemaVersion 2");
    expectRefused([fixture("good", "worktree")], 1, "refusing to install plugin 'worktree': it is the name of a built-in command");
    // 'help' is no entry in the command table, but main.ts answers it itself: a plugin can never run under that name.
    writeFileSync(join(sb.root, "repo-manager-plugin-help"), shellPlugin("help", "echo plugin-help"), { mode: 0o755 });
    expectRefused([join(sb.root, "repo-manager-plugin-help")], 1, "refusing to install plugin 'help': it is the name of a built-in command");
    expectRefused([join(sb.root, "nope")], 1, "cannot read plugin file");
    expectRefused(["https://example.invalid/repo-manager-plugin-x"], 2, "installing from a URL needs --sha256");
  });

  test("installs a copy (0755) with its digest recorded in plugins.lock.json, and it runs as managed", () => {
    const src = fixture("good", "exit3");
    const r = sb.run(["plugin", "install", src, "--sha256", sha(src), "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const target = join(managedDir, "repo-manager-plugin-exit3");
    expect(JSON.parse(r.stdout)).toEqual({ name: "exit3", version: "0.1.0", path: target, source: src, sha256: sha(src), replaced: false });
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(readFileSync(target)).toEqual(readFileSync(src));
    const lock = JSON.parse(readFileSync(lockPath(), "utf8"));
    expect(lock.schemaVersion).toBe(1);
    expect(lock.plugins.exit3).toMatchObject({ name: "exit3", version: "0.1.0", source: src, sha256: sha(src), file: "repo-manager-plugin-exit3" });
    const list = JSON.parse(sb.run(["plugin", "list", "--json"]).stdout);
    expect(list.find((e: { name: string }) => e.name === "exit3")).toMatchObject({ source: "config", managed: true, status: "ok" });
    expect(sb.run(["exit3"]).code).toBe(3);
  });

  test("installing over an existing plugin needs --force", () => {
    expectRefused([fixture("good", "exit3")], 1, "plugin 'exit3' is already installed");
    const r = sb.run(["plugin", "install", "--force", fixture("good", "exit3")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("replaced plugin 'exit3' 0.1.0");
  });

  test("a tampered managed plugin is refused, with the way to re-trust it", () => {
    const target = join(managedDir, "repo-manager-plugin-exit3");
    appendFileSync(target, "\n# changed\n");
    const before = snapshotHome();
    const r = sb.run(["exit3"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: refusing to run managed plugin 'exit3': sha256 mismatch");
    expect(r.stderr).toContain(`repo-manager plugin install --force ${target}`);
    expect(noStackTrace(r.stderr)).toBe(true);
    expect(snapshotHome()).toBe(before);
    const list = JSON.parse(sb.run(["plugin", "list", "--json"]).stdout);
    expect(list.find((e: { name: string }) => e.name === "exit3")).toMatchObject({ status: "invalid", reason: expect.stringContaining("sha256 mismatch") });
    // Re-trust the file as it is now.
    expect(sb.run(["plugin", "install", "--force", target]).code).toBe(0);
    expect(sb.run(["exit3"]).code).toBe(3);
  });

  test("a touched but unchanged file is re-hashed once and still runs", () => {
    const target = join(managedDir, "repo-manager-plugin-exit3");
    Bun.spawnSync(["touch", "-d", "2030-01-01", target]);
    const list = JSON.parse(sb.run(["plugin", "list", "--json"]).stdout);
    expect(list.find((e: { name: string }) => e.name === "exit3")).toMatchObject({ status: "ok", managed: true });
    expect(JSON.parse(readFileSync(lockPath(), "utf8")).plugins.exit3.mtimeMs).toBe(statSync(target).mtimeMs);
    Bun.spawnSync(["touch", "-d", "2031-01-01", target]);
    expect(sb.run(["exit3"]).code).toBe(3);
    const lock = JSON.parse(readFileSync(lockPath(), "utf8"));
    expect(lock.plugins.exit3.mtimeMs).toBe(statSync(target).mtimeMs);
  });

  test("REPO_MANAGER_PLUGINS=managed runs only managed plugins", () => {
    sb.addFixture("good", "hello");
    const env = { REPO_MANAGER_PLUGIN_PATH: sb.pluginDir, REPO_MANAGER_PLUGINS: "managed" };
    const r = sb.run(["hello"], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("refusing to run plugin 'hello'");
    expect(r.stderr).toContain("REPO_MANAGER_PLUGINS=managed");
    expect(sb.run(["exit3"], { env }).code).toBe(3);
    const list = JSON.parse(sb.run(["plugin", "list", "--json"], { env }).stdout);
    expect(list.find((e: { name: string }) => e.name === "hello")).toMatchObject({ status: "disabled" });
  });

  test('"plugins": "managed" in config.json does the same; the env var overrides it; a bad setting fails closed', () => {
    const env = { REPO_MANAGER_PLUGIN_PATH: sb.pluginDir };
    const configFile = join(config, "config.json");
    writeFileSync(configFile, JSON.stringify({ plugins: "managed", somethingElse: 1 }));
    try {
      const r = sb.run(["hello"], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("refusing to run plugin 'hello'");
      expect(sb.run(["exit3"], { env }).code).toBe(3);
      expect(sb.run(["hello"], { env: { ...env, REPO_MANAGER_PLUGINS: "all" } }).code).toBe(0);
      writeFileSync(configFile, JSON.stringify({ plugins: "some" }));
      const bad = sb.run(["hello"], { env });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toBe("");
      expect(bad.stderr).toContain(`error: ${configFile}: plugins:`);
      expect(noStackTrace(bad.stderr)).toBe(true);
      const badEnv = sb.run(["hello"], { env: { ...env, REPO_MANAGER_PLUGINS: "yes" } });
      expect(badEnv.code).toBe(1);
      expect(badEnv.stderr).toContain("REPO_MANAGER_PLUGINS must be 'managed' or 'all', not 'yes'");
    } finally {
      rmSync(configFile, { force: true });
    }
  });

  test("install from a URL checks the digest", async () => {
    const src = fixture("good", "textonly");
    const body = readFileSync(src);
    const server = Bun.serve({ port: 0, fetch: () => new Response(body) });
    try {
      const url = `http://127.0.0.1:${server.port}/dl/repo-manager-plugin-textonly`;
      const run = async (args: string[]) => {
        const p = Bun.spawn([process.execPath, MAIN, "plugin", "install", ...args], { env: sb.env, cwd: sb.root, stdout: "pipe", stderr: "pipe" });
        const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
        return { stdout, stderr, code };
      };
      const bad = await run([url, "--sha256", "f".repeat(64)]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("sha256 mismatch");
      expect(existsSync(join(managedDir, "repo-manager-plugin-textonly"))).toBe(false);
      const good = await run([url, "--sha256", sha(src), "--json"]);
      expect(good.code).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({ name: "textonly", source: url, sha256: sha(src) });
    } finally {
      server.stop(true);
    }
  });
});

describe("plugin uninstall", () => {
  test("removes the file and the lock entry", () => {
    const r = sb.run(["plugin", "uninstall", "textonly", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: "textonly", path: join(managedDir, "repo-manager-plugin-textonly"), removed: true });
    expect(existsSync(join(managedDir, "repo-manager-plugin-textonly"))).toBe(false);
    expect(JSON.parse(readFileSync(lockPath(), "utf8")).plugins.textonly).toBeUndefined();
  });

  test("an unmanaged or unknown name is refused and nothing changes", () => {
    const before = snapshotHome();
    const r = sb.run(["plugin", "uninstall", "hello"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plugin 'hello' is not a managed plugin");
    expect(snapshotHome()).toBe(before);
  });
});

describe("concurrent installs", () => {
  test("two installs at once both end up in plugins.lock.json (the record is updated under its lock)", async () => {
    const names = ["conc-a", "conc-b", "conc-c"];
    for (const n of names) writeFileSync(join(sb.root, `repo-manager-plugin-${n}`), shellPlugin(n, `echo ${n}`), { mode: 0o755 });
    const procs = names.map((n) =>
      Bun.spawn([process.execPath, MAIN, "plugin", "install", join(sb.root, `repo-manager-plugin-${n}`)], {
        cwd: sb.root,
        env: sb.env,
        stdout: "pipe",
        stderr: "pipe",
      }),
    );
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes).toEqual([0, 0, 0]);
    const lock = JSON.parse(readFileSync(lockPath(), "utf8")) as { plugins: Record<string, unknown> };
    for (const n of names) expect(lock.plugins[n]).toBeDefined();
    expect(existsSync(`${lockPath()}.lock`)).toBe(false);
  });
});
