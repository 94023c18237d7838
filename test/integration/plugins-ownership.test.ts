// Ownership and permissions along the whole resolved path of a plugin (issue 14, item 10; reproduction r02).
// Before: only the final file's mode and the directory holding the *link* were looked at, so a symlink to a file
// in a world-writable directory, or a file owned by another user, ran. Now the file and every directory on its
// resolved path, on every hop of a symlink chain, must be owned by us or root and not writable by others
// (sticky directories only for entries we own); group-writable directories are accepted (Homebrew's layout).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, lchownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { snapshotTree } from "../helpers/sandbox.ts";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

const WINDOWS = process.platform === "win32";
const ROOT = !WINDOWS && process.getuid?.() === 0;
const SETPRIV = ROOT && Bun.which("setpriv") !== null;
if (WINDOWS) console.warn("skipping ownership tests: Windows has ACLs, not mode bits (the checks are skipped there)");
else if (!ROOT) console.warn("skipping the other-user ownership tests: they need root to chown files to another uid (CI runs as root)");
else if (!SETPRIV) console.warn("skipping the r02 replay: setpriv is not installed (util-linux)");
const NOBODY = 65534;

let sb: PluginSandbox;
beforeAll(() => {
  if (!WINDOWS) sb = createPluginSandbox();
});
afterAll(() => sb?.cleanup());

/** A directory under the sandbox with `mode` (mkdir's mode is masked by the umask; chmod is not). */
function dir(path: string, mode = 0o755): string {
  const d = join(sb.root, path);
  mkdirSync(d, { recursive: true });
  chmodSync(d, mode);
  return d;
}

// Running from source, Bun caches transpiled modules under $HOME/.cache/bun: not ours.
const snapshot = () => snapshotTree(sb.root).split("\n").filter((l) => !/\/home\/\.cache( d |\/bun)/.test(l)).join("\n");

function refused(name: string, reason: string, opts: { env?: Record<string, string> } = {}) {
  const before = snapshot();
  const r = sb.run([name], { env: opts.env });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`error: refusing to run plugin '${name}'`);
  expect(r.stderr).toContain(reason);
  expect(r.stderr).toContain("hint: ");
  expect(noStackTrace(r.stderr)).toBe(true);
  expect(snapshot()).toBe(before);
  return r;
}

describe.skipIf(WINDOWS)("every directory on the resolved path", () => {
  test("a symlink to a file in a directory writable by others (no sticky bit) is refused, naming that directory", () => {
    const shared = dir("shared-open", 0o777);
    writeFileSync(join(shared, "real"), shellPlugin("tool", "echo original plugin"));
    chmodSync(join(shared, "real"), 0o755);
    symlinkSync(join(shared, "real"), join(sb.pluginDir, "repo-manager-plugin-tool"));
    refused("tool", `the directory ${shared} is writable by others without the sticky bit (mode 0777)`);
    const list = sb.run(["plugin", "list", "--json"]);
    const entry = JSON.parse(list.stdout).find((e: { name: string }) => e.name === "tool");
    expect(entry).toMatchObject({ status: "invalid", reason: expect.stringContaining(shared) });
  }, 60_000);

  test("every hop of a chain counts: link -> link in an open directory -> safe file", () => {
    const safe = dir("chain-safe");
    const open = dir("chain-open", 0o777);
    writeFileSync(join(safe, "real"), shellPlugin("chain", "echo chain ran"));
    chmodSync(join(safe, "real"), 0o755);
    symlinkSync("../chain-safe/real", join(open, "hop")); // relative target, resolved from the link's directory
    symlinkSync(join(open, "hop"), join(sb.pluginDir, "repo-manager-plugin-chain"));
    refused("chain", `the directory ${open} is writable by others without the sticky bit`);
    chmodSync(open, 0o755);
    expect(sb.run(["chain"])).toEqual({ stdout: "chain ran\n", stderr: "", code: 0 });
  }, 60_000);

  test("a directory above the plugin dir, not only its parent, is checked", () => {
    const top = dir("upper", 0o777);
    const inner = dir("upper/inner/bin");
    writeFileSync(join(inner, "repo-manager-plugin-deep"), shellPlugin("deep", "echo deep ran"));
    chmodSync(join(inner, "repo-manager-plugin-deep"), 0o755);
    refused("deep", `the directory ${top} is writable by others`, { env: { REPO_MANAGER_PLUGIN_PATH: inner } });
    chmodSync(top, 0o1777); // sticky, and the entry in it is ours: fine, as under /tmp
    expect(sb.run(["deep"], { env: { REPO_MANAGER_PLUGIN_PATH: inner } })).toEqual({ stdout: "deep ran\n", stderr: "", code: 0 });
  }, 60_000);

  test("a group-writable directory owned by us is accepted (Homebrew's /usr/local/bin on Intel macOS is user:admin 0775)", () => {
    const brew = dir("brew/bin", 0o775);
    writeFileSync(join(brew, "repo-manager-plugin-brewed"), shellPlugin("brewed", "echo brewed ran"));
    chmodSync(join(brew, "repo-manager-plugin-brewed"), 0o755);
    expect(sb.run(["brewed"], { env: { REPO_MANAGER_PLUGIN_PATH: brew } })).toEqual({ stdout: "brewed ran\n", stderr: "", code: 0 });
  }, 60_000);
});

describe.skipIf(!ROOT)("ownership (as root, with files of uid 65534)", () => {
  test("a plugin file owned by another user is refused even with mode 0755", () => {
    const p2 = dir("p2");
    const file = join(p2, "repo-manager-plugin-own");
    writeFileSync(file, shellPlugin("own", "echo v1"));
    chmodSync(file, 0o755);
    chownSync(file, NOBODY, NOBODY);
    refused("own", `the file ${file} belongs to another user (uid ${NOBODY})`, { env: { REPO_MANAGER_PLUGIN_PATH: p2 } });
  }, 60_000);

  test("a directory on the path owned by another user is refused; so is another user's link in a sticky directory", () => {
    const theirs = dir("theirs/bin");
    chownSync(join(sb.root, "theirs"), NOBODY, NOBODY);
    writeFileSync(join(theirs, "repo-manager-plugin-their"), shellPlugin("their", "echo ran"));
    chmodSync(join(theirs, "repo-manager-plugin-their"), 0o755);
    refused("their", `the directory ${join(sb.root, "theirs")} belongs to another user (uid ${NOBODY})`, { env: { REPO_MANAGER_PLUGIN_PATH: theirs } });

    const tmpLike = dir("tmp-like", 0o1777);
    const mine = dir("mine");
    writeFileSync(join(mine, "real"), shellPlugin("sticky", "echo sticky ran"));
    chmodSync(join(mine, "real"), 0o755);
    symlinkSync(join(mine, "real"), join(tmpLike, "link"));
    symlinkSync(join(tmpLike, "link"), join(sb.pluginDir, "repo-manager-plugin-sticky"));
    expect(sb.run(["sticky"])).toEqual({ stdout: "sticky ran\n", stderr: "", code: 0 });
    lchownSync(join(tmpLike, "link"), NOBODY, NOBODY);
    refused("sticky", `${join(tmpLike, "link")} belongs to another user (uid ${NOBODY}) in a directory anyone can write to`);
  }, 60_000);

  test.skipIf(!SETPRIV)("r02 replayed: another user replacing the link's target never gets their code run", () => {
    const shared = dir("r02-shared", 0o777);
    const plugins = dir("r02-plugins");
    writeFileSync(join(shared, "real"), "#!/bin/sh\necho original plugin\n");
    chmodSync(join(shared, "real"), 0o755);
    symlinkSync(join(shared, "real"), join(plugins, "repo-manager-plugin-r02"));
    chmodSync(sb.root, 0o755); // the other user must reach the shared directory, as in r02
    const env = { REPO_MANAGER_PLUGIN_PATH: plugins };
    refused("r02", `the directory ${shared} is writable by others`, { env });
    const swap = Bun.spawnSync(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "sh", "-c", `rm -f '${shared}/real'; printf '#!/bin/sh\\necho attacker code\\n' > '${shared}/real'; chmod 755 '${shared}/real'`]);
    expect(swap.exitCode).toBe(0);
    const r = refused("r02", `the directory ${shared} is writable by others`, { env });
    expect(r.stdout).not.toContain("attacker");
  }, 60_000);
});
