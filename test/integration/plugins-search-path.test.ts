// Relative search-path entries (issue 14, items 8 and 9; reproductions r01 and r03).
// A relative entry of PATH or REPO_MANAGER_PLUGIN_PATH names a different directory in every cwd: a cloned
// repository could put `node_modules/.bin/repo-manager-plugin-x` there and have it run by `plugin list` (the
// handshake), `repo-manager x`, or offered by completion. Every non-absolute entry is ignored. And the file
// that passed the checks is the file spawned: by its absolute path, never by a bare name looked up in PATH.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { snapshotTree } from "../helpers/sandbox.ts";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

const WINDOWS = process.platform === "win32";
if (WINDOWS) console.warn("skipping relative search path tests: they use #!/bin/sh plugins");

let sb: PluginSandbox;
let hostile: string;
let pwned: string;

beforeAll(() => {
  if (WINDOWS) return;
  sb = createPluginSandbox();
  pwned = join(sb.root, "PWNED.log");
  // A "cloned repository" carrying a plugin in node_modules/.bin and bin/.
  hostile = join(sb.root, "hostile");
  sb.git(["init", "-q", hostile]);
  for (const sub of ["node_modules/.bin", "bin"]) {
    const dir = join(hostile, sub);
    mkdirSync(dir, { recursive: true });
    sb.addScript("deploy", shellPlugin("deploy", `echo "repository code ran: $*" >> '${pwned}'`, { log: pwned }), { dir });
  }
});
afterAll(() => sb?.cleanup());

describe.skipIf(WINDOWS)("relative PATH and REPO_MANAGER_PLUGIN_PATH entries are ignored", () => {
  test("'plugin list', completion, 'repo-manager <name>' and '-C' run nothing from the repository", () => {
    const before = snapshotTree(hostile);
    const path = `node_modules/.bin:bin:./bin:${sb.env.PATH}`;
    const list = sb.run(["plugin", "list", "--json"], { cwd: hostile, env: { PATH: path } });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((e: { name: string }) => e.name)).not.toContain("deploy");
    // Completion answers from the cache the listing just wrote: nothing of the repository's either.
    const comp = sb.run(["completion", "__complete", "dep"], { cwd: hostile, env: { PATH: path } });
    expect(comp).toEqual({ stdout: "", stderr: "", code: 0 });

    const run = sb.run(["deploy", "now"], { cwd: hostile, env: { PATH: path } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'deploy' is not a repo-manager command or an installed plugin");
    expect(noStackTrace(run.stderr)).toBe(true);
    const viaC = sb.run(["-C", "hostile", "deploy", "now"], { env: { PATH: path } });
    expect(viaC.code).toBe(2);
    for (const entry of ["./node_modules/.bin", "node_modules/.bin", "bin", "./", ".//", "./.", "x/..", ""]) {
      const r = sb.run(["deploy", "via-plugin-path"], { cwd: hostile, env: { REPO_MANAGER_PLUGIN_PATH: entry } });
      expect(r.code).toBe(2);
    }
    expect(existsSync(pwned) ? readFileSync(pwned, "utf8") : "").toBe("");
    expect(snapshotTree(hostile)).toBe(before);
  }, 60_000);

  test("an absolute entry still works, the same directory named absolutely", () => {
    const r = sb.run(["deploy", "ok"], { cwd: hostile, env: { REPO_MANAGER_PLUGIN_PATH: join(hostile, "bin") } });
    expect(r).toEqual({ stdout: "", stderr: "", code: 0 });
    expect(readFileSync(pwned, "utf8")).toBe("repository code ran: ok\n");
  }, 60_000);
});

describe.skipIf(WINDOWS)("the file checked is the file spawned", () => {
  test("with './' and a PATH match elsewhere, neither the cwd's file nor PATH's runs by bare name", () => {
    const s = createPluginSandbox();
    try {
      const cwd = join(s.root, "cwd");
      const other = join(s.root, "pathbin");
      for (const d of [cwd, other]) mkdirSync(d, { mode: 0o755 });
      s.addScript("foo", "#!/bin/sh\necho vetted file in cwd\n", { dir: cwd });
      s.addScript("foo", "#!/bin/sh\necho DIFFERENT binary from PATH ran\n", { dir: other });
      // Before: the cwd's file was checked, then "repo-manager-plugin-foo" was spawned and PATH found the other one.
      const r = s.run(["foo"], { cwd, env: { REPO_MANAGER_PLUGIN_PATH: "./", PATH: `${other}:${s.env.PATH}` } });
      // Now the relative entry is ignored and PATH's plugin is found, checked, and run by its absolute path.
      expect(r).toEqual({ stdout: "DIFFERENT binary from PATH ran\n", stderr: "", code: 0 });
      const onlyCwd = s.run(["foo"], { cwd, env: { REPO_MANAGER_PLUGIN_PATH: "./" } });
      expect(onlyCwd.code).toBe(2);
      expect(onlyCwd.stderr).not.toContain("Executable not found");
      const pathDot = s.run(["foo"], { cwd, env: { PATH: `./:${s.env.PATH}`, REPO_MANAGER_PLUGIN_PATH: "" } });
      expect(pathDot.code).toBe(2);
      expect(pathDot.stdout).toBe("");
    } finally {
      s.cleanup();
    }
  }, 60_000);

  test("spawn arguments always carry an absolute path", async () => {
    const { spawnArgsFor } = await import("../../src/plugins/spawn-args.ts");
    const { cmd } = spawnArgsFor("foo", "repo-manager-plugin-foo", ["a"], "linux", {});
    expect(cmd).toEqual([join(process.cwd(), "repo-manager-plugin-foo"), "a"]);
  }, 60_000);
});
