// Running plugins from source: arguments, environment, context, exit codes, refusals.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { initRepo, snapshotTree } from "../helpers/sandbox.ts";
import { createPluginSandbox, noStackTrace, shellPlugin, type PluginSandbox } from "../fixtures/plugins/setup.ts";

let sb: PluginSandbox;
beforeAll(() => {
  sb = createPluginSandbox(["second"]);
  for (const name of ["hello", "exit3", "selfkill", "worktree", "textonly"]) sb.addFixture("good", name);
  sb.addFixture("broken", "noexec", { mode: 0o644 });
});
afterAll(() => sb.cleanup());

describe("repo-manager <plugin>", () => {
  test("arguments with spaces, quotes and unicode arrive intact; the protocol's environment is set", () => {
    const args = ["a b", `"double"`, "'single'", "ünïcødé 日本", "--flag=x y", "", "$HOME", "`id`", "a\\b"];
    const r = sb.run(["hello", ...args]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("hello from plugin");
    expect(lines.slice(1, 1 + args.length)).toEqual(args.map((a) => `arg:[${a}]`));
    expect(r.stdout).toContain("name=hello protocol=1 output=text\n");
    const bin = /bin=(.*)/.exec(r.stdout)?.[1] ?? "";
    expect(bin.startsWith("/")).toBe(true);
    expect(existsSync(bin)).toBe(true);
    // The context file is removed after the run.
    const ctxPath = /context=(.*)/.exec(r.stdout)?.[1] ?? "";
    expect(ctxPath).not.toBe("");
    expect(existsSync(ctxPath)).toBe(false);
    // The fixture copies the context to stderr: outside a repository, repo is null.
    const ctx = JSON.parse(r.stderr);
    expect(ctx).toMatchObject({ schemaVersion: 1, cwd: sb.root, output: "text", color: false, repo: null });
    expect(ctx.host).toEqual({ version: expect.any(String), bin, platform: process.platform });
  });

  test("REPO_MANAGER_BIN calls the core back", () => {
    sb.addScript("callback", shellPlugin("callback", `exec "$REPO_MANAGER_BIN" --version`));
    const r = sb.run(["callback"]);
    expect(r).toEqual({ stdout: expect.stringMatching(/^repo-manager \d+\.\d+\.\d+/), stderr: "", code: 0 });
  });

  test("inside a repository the context describes it", () => {
    const repo = initRepo(sb, "ctxrepo");
    sb.git(["worktree", "add", "-q", "-b", "side", join(sb.root, "ctxwt")], { cwd: repo });
    const r = sb.run(["hello"], { cwd: repo });
    expect(r.code).toBe(0);
    const ctx = JSON.parse(r.stderr);
    expect(ctx.cwd).toBe(repo);
    expect(ctx.repo).toMatchObject({ root: repo, gitDir: join(repo, ".git"), commonDir: join(repo, ".git"), bare: false });
    expect(ctx.repo.head).toEqual({ oid: sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim(), ref: "refs/heads/main" });
    // Worktrees in the `worktree list --json` schema, in git's order.
    const gitPaths = sb.git(["worktree", "list", "--porcelain"], { cwd: repo }).split("\n").filter((l) => l.startsWith("worktree ")).map((l) => l.slice(9));
    expect(ctx.repo.worktrees.map((w: { path: string }) => w.path)).toEqual(gitPaths);
    expect(ctx.repo.worktrees[1]).toMatchObject({ path: join(sb.root, "ctxwt"), branch: "refs/heads/side", isMain: false, isCurrent: false, locked: false });
    // `repo-manager context --json` prints the same document (output: json).
    const c = sb.run(["context", "--json"], { cwd: repo });
    expect(c.code).toBe(0);
    expect(c.stderr).toBe("");
    expect({ ...JSON.parse(c.stdout), output: "text" }).toEqual(ctx);
  });

  test("the plugin's exit code passes through, with its stderr", () => {
    const r = sb.run(["exit3"]);
    expect(r).toEqual({ stdout: "", stderr: "about to fail\n", code: 3 });
  });

  test("a plugin killed by a signal exits 128+n", () => {
    const r = sb.run(["selfkill"]);
    expect(r.code).toBe(128 + 9);
    expect(r.stdout).toBe("");
  });

  test("SIGTERM to the core is forwarded to the plugin, and the core waits for it", async () => {
    const marker = join(sb.root, "term-marker");
    sb.addScript("sleeper", shellPlugin("sleeper", `trap 'echo got-term > "${marker}"; exit 42' TERM\necho ready\nwhile :; do sleep 0.05; done`));
    const { MAIN } = await import("../helpers/sandbox.ts");
    const p = Bun.spawn([process.execPath, MAIN, "sleeper"], { env: sb.env, cwd: sb.root, stdout: "pipe", stderr: "pipe" });
    const reader = p.stdout.getReader();
    await reader.read(); // "ready": the plugin runs and has its trap
    p.kill("SIGTERM");
    expect(await p.exited).toBe(42);
    expect(readFileSync(marker, "utf8")).toBe("got-term\n");
  });

  test("an unknown command is still a usage error (exit 2)", () => {
    const r = sb.run(["nosuchplugin"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("'nosuchplugin' is not a repo-manager command or an installed plugin");
  });
});

describe("refusals", () => {
  test("a non-executable plugin: exit 1 naming it, with the fix", () => {
    const before = snapshotTree(sb.root);
    const r = sb.run(["noexec"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: plugin 'noexec' is not executable");
    expect(r.stderr).toContain("chmod +x");
    expect(noStackTrace(r.stderr)).toBe(true);
    expect(snapshotTree(sb.root)).toBe(before);
  });

  test("a world-writable plugin file is refused", () => {
    sb.addScript("loose", shellPlugin("loose", "echo ran"), { mode: 0o777 });
    const r = sb.run(["loose"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("refusing to run plugin 'loose'");
    expect(r.stderr).toContain("writable by others (mode 0777)");
    expect(noStackTrace(r.stderr)).toBe(true);
  });

  test("a group-writable file, or one in a directory writable by others without the sticky bit, is refused", () => {
    const g = createPluginSandbox();
    try {
      g.addScript("grp", shellPlugin("grp", "echo ran"), { mode: 0o775 });
      expect(g.run(["grp"]).stderr).toContain("writable by its group");
      const open = createPluginSandbox();
      try {
        open.addScript("opendir", shellPlugin("opendir", "echo ran"));
        Bun.spawnSync(["chmod", "0777", open.pluginDir]);
        const r = open.run(["opendir"]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain("writable by others without the sticky bit");
        Bun.spawnSync(["chmod", "1777", open.pluginDir]); // sticky, like /tmp: allowed
        expect(open.run(["opendir"])).toEqual({ stdout: "ran\n", stderr: "", code: 0 });
      } finally {
        open.cleanup();
      }
    } finally {
      g.cleanup();
    }
  });

  test("a file that cannot be started (missing #! interpreter): exit 1 naming it, listed as invalid", () => {
    const path = sb.addScript("badinterp", "#!/nonexistent/interpreter\necho hi\n");
    const r = sb.run(["badinterp"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`error: cannot run plugin 'badinterp' (${path})`);
    expect(r.stderr).toContain("#! interpreter");
    expect(noStackTrace(r.stderr)).toBe(true);
  });

  test("a built-in always wins; 'plugin exec' runs the shadowed plugin", () => {
    const builtin = sb.run(["worktree", "--help"]);
    expect(builtin.code).toBe(0);
    expect(builtin.stdout).not.toContain("plugin worktree ran");
    const r = sb.run(["plugin", "exec", "worktree", "list", "--x"]);
    expect(r).toEqual({ stdout: "plugin worktree ran: list --x\n", stderr: "", code: 0 });
  });

  test("a shadowed duplicate: the first directory on the search path wins", () => {
    sb.addScript("dup", shellPlugin("dup", "echo first"));
    sb.addScript("dup", shellPlugin("dup", "echo second"), { dir: join(sb.root, "second") });
    expect(sb.run(["dup"])).toEqual({ stdout: "first\n", stderr: "", code: 0 });
  });

  test("plugin exec / run of a missing plugin: exit 1 naming it", () => {
    const r = sb.run(["plugin", "exec", "missing"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no plugin named 'missing'");
    expect(sb.run(["plugin", "run"]).code).toBe(2);
  });
});
