// End-to-end: the compiled binary runs the worktree metadata commands, and git reads what it wrote.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, createSandbox, initRepo, snapshotTree, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
const bin = (args: string[], cwd = repo) => sb.run(args, { cwd, binary: true });

beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createSandbox("rm-e2e-wt-");
  repo = initRepo(sb);
  sb.git(["worktree", "add", "-q", "-b", "feature", join(sb.root, "wt one")], { cwd: repo });
  sb.git(["worktree", "add", "-q", "--detach", join(sb.root, "wt-two")], { cwd: repo });
});
afterAll(() => sb.cleanup());

describe("compiled binary: worktree list/lock/unlock/move/prune/repair", () => {
  test("list --porcelain [-z] and the human form are git's bytes; wt is an alias", () => {
    for (const args of [["list", "--porcelain"], ["list", "--porcelain", "-z"], ["list"]]) {
      const g = sb.gitRaw(["worktree", ...args], { cwd: repo });
      expect(bin(["worktree", ...args])).toEqual({ stdout: g.stdout, stderr: "", code: 0 });
    }
    expect(bin(["wt", "list", "--porcelain"]).stdout).toBe(sb.git(["worktree", "list", "--porcelain"], { cwd: repo }));
    expect(JSON.parse(bin(["--json", "wt", "list"]).stdout)).toHaveLength(3);
  });

  test("lock, move -f -f, unlock, prune, repair: git agrees after each step", () => {
    const porcelain = () => sb.git(["worktree", "list", "--porcelain"], { cwd: repo });
    expect(bin(["wt", "lock", "--reason", "e2e", "wt one"]).code).toBe(0);
    expect(porcelain()).toContain("locked e2e\n");
    expect(bin(["wt", "move", "-f", "-f", "wt one", "../wt-moved"]).code).toBe(0);
    expect(porcelain()).toContain(`worktree ${join(sb.root, "wt-moved")}\n`);
    expect(bin(["wt", "unlock", "wt-moved"]).code).toBe(0);
    expect(porcelain()).not.toContain("locked");
    rmSync(join(sb.root, "wt-two"), { recursive: true });
    const dry = bin(["wt", "prune", "-n"]);
    expect(dry).toEqual({ stdout: "", stderr: "Removing worktrees/wt-two: gitdir file points to non-existent location\n", code: 0 });
    expect(bin(["wt", "prune"]).code).toBe(0);
    expect(porcelain()).not.toContain("wt-two");
    expect(bin(["wt", "repair"])).toEqual({ stdout: "", stderr: "", code: 0 });
    expect(sb.gitRaw(["fsck", "--no-progress"], { cwd: repo }).code).toBe(0);
  });

  test("refusals: exit 1, one clear line and a hint, no stack trace, nothing changed", () => {
    const before = snapshotTree(sb.root);
    for (const [args, msg] of [
      [["wt", "lock", "."], "The main working tree cannot be locked or unlocked"],
      [["wt", "unlock", "wt-moved"], "'wt-moved' is not locked"],
      [["wt", "move", ".", "../x"], "is a main working tree"],
      [["wt", "move", "nope", "../x"], "'nope' is not a working tree"],
    ] as const) {
      const r = bin([...args]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(new RegExp(`^error: .*${msg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*\nhint: .+\n$`));
    }
    expect(snapshotTree(sb.root)).toBe(before);
    const outside = join(sb.root, "outside");
    mkdirSync(outside);
    const r = sb.run(["wt", "list"], { cwd: outside, binary: true, env: { GIT_CEILING_DIRECTORIES: sb.root } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not a git repository");
  });

  test("src/ never runs git: with a trap 'git' first on PATH every command works and the trap is never called", () => {
    const trapDir = join(sb.root, "trap-bin");
    const log = join(sb.root, "trap.log");
    mkdirSync(trapDir, { recursive: true });
    writeFileSync(join(trapDir, "git"), `#!/bin/sh\necho "git $*" >> '${log}'\nexit 99\n`, { mode: 0o755 });
    const env = { PATH: `${trapDir}:${process.env.PATH ?? ""}` };
    const wt = join(sb.root, "trap-wt");
    sb.git(["worktree", "add", "-q", "--detach", wt], { cwd: repo });
    for (const args of [
      ["wt", "list", "--porcelain"],
      ["wt", "list", "--json"],
      ["wt", "lock", "--reason", "trap", "trap-wt"],
      ["wt", "move", "-f", "-f", "trap-wt", "../trap-wt2"],
      ["wt", "unlock", "trap-wt2"],
      ["wt", "repair"],
      ["wt", "prune", "-n"],
      ["context", "--json"],
      ["plugin", "list", "--json"],
    ]) {
      const r = sb.run(args, { cwd: repo, binary: true, env });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
    }
    expect(existsSync(log)).toBe(false);
    // The trap does fire when git is run: the test can fail.
    expect(Bun.spawnSync(["git", "--version"], { env: { ...sb.env, ...env } }).exitCode).toBe(99);
    expect(existsSync(log)).toBe(true);
  });

  test("an option before the sub-command's name is a usage error, as git's 129 for 'git worktree --force move': nothing moves", () => {
    sb.git(["worktree", "add", "-q", "-b", "placed", join(sb.root, "placed-wt")], { cwd: repo });
    const before = snapshotTree(sb.root);
    const r = bin(["worktree", "--force", "move", "placed-wt", "../placed-wt2"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown option '--force' for 'repo-manager worktree'");
    expect(r.stderr).not.toContain("    at ");
    expect(snapshotTree(sb.root)).toBe(before);
    expect(sb.gitRaw(["worktree", "--force", "move", "placed-wt", "../placed-wt3"], { cwd: repo }).code).toBe(129);
    expect(bin(["worktree", "move", "--force", "placed-wt", "../placed-wt2"]).code).toBe(0);
  });

  // D7: the runtime turns invalid UTF-8 into U+FFFD, so 'wt\xff' and 'wt\xfe' would collapse into one name.
  test.skipIf(process.platform !== "linux")("arguments that are not valid UTF-8 are refused (exit 2), nothing created; a real U+FFFD passes", () => {
    const before = snapshotTree(sb.root);
    const add = (suffix: string) =>
      Bun.spawnSync(["bash", "-c", `"$0" worktree add -q "$1/wt"${suffix} -b br${suffix}`, BINARY, sb.root], { cwd: repo, env: sb.env, stdout: "pipe", stderr: "pipe" });
    const bad = add("$'\\xff'");
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.toString()).toContain(`argument '${sb.root}/wt\\xff' is not valid UTF-8`);
    expect(bad.stdout.toString()).toBe("");
    expect(snapshotTree(sb.root)).toBe(before);
    const good = add("$'\\xef\\xbf\\xbd'");
    expect(good.stderr.toString()).toBe("");
    expect(good.exitCode).toBe(0);
    expect(existsSync(join(sb.root, "wt\uFFFD"))).toBe(true);
    expect(sb.git(["for-each-ref", "--format=%(refname)", "refs/heads/br\uFFFD"], { cwd: repo })).toBe("refs/heads/br\uFFFD\n");
  });
});
