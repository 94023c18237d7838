// End-to-end: the compiled binary's frame (version, help, usage errors, exit codes).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { BINARY, createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createSandbox();
});
afterAll(() => sb.cleanup());

describe("compiled binary frame", () => {
  test("--version prints the package version on stdout", () => {
    const r = sb.run(["--version"], { binary: true });
    expect(r).toEqual({ stdout: `repo-manager ${pkg.version}\n`, stderr: "", code: 0 });
  });

  test("--help goes to stdout with exit 0; no command is a usage error on stderr", () => {
    const help = sb.run(["--help"], { binary: true });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: repo-manager");
    expect(help.stderr).toBe("");
    const none = sb.run([], { binary: true });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("Usage: repo-manager");
  });

  test("a reader that went away: exit 141 (as SIGPIPE), nothing on stderr", () => {
    // The reader exits at once, before the binary has started writing: its write meets EPIPE.
    const p = Bun.spawnSync(["bash", "-c", '"$0" --help | true; echo "${PIPESTATUS[0]}"', BINARY], { env: sb.env, stderr: "pipe" });
    expect(p.stdout.toString()).toBe("141\n");
    expect(p.stderr.toString()).toBe("");
  });

  test("output larger than a pipe's buffer arrives whole, byte for byte what git prints", () => {
    // 1,500 registered worktrees (admin dirs written directly; their directories do not exist).
    const repo = join(sb.root, "many");
    sb.git(["init", "-q", repo]);
    sb.git(["commit", "-q", "--allow-empty", "-m", "i"], { cwd: repo });
    const head = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
    for (let i = 0; i < 1500; i++) {
      const admin = join(repo, ".git", "worktrees", `wt${i}`);
      mkdirSync(admin, { recursive: true });
      writeFileSync(join(admin, "gitdir"), `${join(sb.root, "gone", `a-rather-long-directory-name-${i}`)}/.git\n`);
      writeFileSync(join(admin, "HEAD"), `${head}\n`);
      writeFileSync(join(admin, "commondir"), "../..\n");
    }
    const cmd = '"$0" worktree list --porcelain | cat > ours; git worktree list --porcelain > theirs; cmp ours theirs && wc -c < ours';
    const p = Bun.spawnSync(["bash", "-c", cmd, BINARY], { cwd: repo, env: sb.env, stderr: "pipe" });
    expect(p.stderr.toString()).toBe("");
    expect(Number(p.stdout.toString())).toBeGreaterThan(200_000);
  });

  // stdout/stderr are written by file descriptor, so the terminal check is node:tty's isatty, not a stream's isTTY.
  test.skipIf(!Bun.which("script") || process.platform !== "linux")("colour on a terminal (script(1) gives one), none in a pipe", () => {
    const env = { ...sb.env };
    delete env.NO_COLOR;
    const onTty = Bun.spawnSync(["script", "-qec", `${BINARY} frobnicate`, "/dev/null"], { env });
    expect(onTty.stdout.toString()).toContain("\x1b[31merror:\x1b[39m");
    const piped = Bun.spawnSync([BINARY, "frobnicate"], { env, stderr: "pipe" });
    expect(piped.stderr.toString()).toStartWith("error: 'frobnicate'");
  });

  test("unknown command: exit 2, one clear message, no stack trace", () => {
    const r = sb.run(["frobnicate"], { binary: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("'frobnicate' is not a repo-manager command");
    expect(r.stderr).not.toContain("    at ");
  });

  test("unknown option: exit 2 naming the option", () => {
    const r = sb.run(["worktree", "list", "--bogus"], { binary: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  test("-C to a missing directory: exit 1 naming it", () => {
    const r = sb.run(["-C", "/definitely/not/here", "worktree", "list"], { binary: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("/definitely/not/here");
  });

  test("-C to a file: exit 1 saying it is not a directory", () => {
    Bun.spawnSync(["sh", "-c", `: > '${sb.root}/plain-file'`]);
    const r = sb.run(["-C", "plain-file", "worktree", "list"], { binary: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot change to 'plain-file': not a directory");
  });

  test("camelCase option keys are shown as typed (kebab-case) in help", () => {
    const r = sb.run(["worktree", "add", "--help"], { binary: true });
    expect(r.stdout).toContain("--guess-remote");
    expect(r.stdout).not.toMatch(/--[a-z]+[A-Z]/);
  });

  test("a .env file in the cwd is not loaded by the compiled binary", () => {
    Bun.spawnSync(["sh", "-c", `printf 'REPO_MANAGER_DEBUG=1\\n' > '${sb.root}/.env'`]);
    const r = sb.run(["frobnicate"], { binary: true });
    expect(r.stderr).not.toContain("    at ");
  });
});
