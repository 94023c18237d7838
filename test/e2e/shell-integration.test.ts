/**
 * The shell integration in real shells, as a user has it: `shell install`
 * in a throwaway HOME, then an interactive bash, zsh or fish that reads its
 * rc file and runs `repo-manager switch`. PowerShell cannot be installed on
 * our test machines: test/unit/shell-init.test.ts checks its script instead.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { BINARY, createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;
let env: Record<string, string>;
let tmp: string;
beforeEach(() => {
  sb = createSandbox();
  repo = initRepo(sb);
  const bin = join(sb.root, "bin");
  mkdirSync(bin);
  symlinkSync(BINARY, join(bin, "repo-manager"));
  tmp = join(sb.root, "tmp");
  mkdirSync(tmp);
  env = { PATH: `${bin}:${process.env.PATH}`, TMPDIR: tmp };
});
afterEach(() => sb.cleanup());

const has = (shell: string) => Bun.which(shell) !== null;

function shellRun(shell: string, script: string): { stdout: string; code: number; stderr: string } {
  const argv = shell === "fish" ? ["fish", "-i", "-c", script] : [shell, "-i", "-c", script];
  const p = Bun.spawnSync(argv, { cwd: repo, env: { ...sb.env, ...env, SHELL: `/bin/${shell}` }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  return { stdout: p.stdout.toString(), stderr: p.stderr.toString(), code: p.exitCode ?? 128 };
}

const scripts: Record<string, string> = {
  posix: `repo-manager switch -c feat; echo "code=$?"; pwd
repo-manager switch -; echo "code=$?"; pwd
repo-manager switch no-such-branch; echo "code=$?"; pwd
repo-manager switch feat -x sh -c 'exit 5'; echo "code=$?"; pwd
repo-manager worktree list >/dev/null; echo "code=$?"; pwd`,
  fish: `repo-manager switch -c feat; echo "code=$status"; pwd
repo-manager switch -; echo "code=$status"; pwd
repo-manager switch no-such-branch; echo "code=$status"; pwd
repo-manager switch feat -x sh -c 'exit 5'; echo "code=$status"; pwd
repo-manager worktree list >/dev/null; echo "code=$status"; pwd`,
};

describe.each(["bash", "zsh", "fish"])("%s", (shell) => {
  test.skipIf(!has(shell))("install, then switch -c, switch -, a failing switch and -x, as the shell's pwd shows", () => {
    const install = sb.run(["shell", "install", "--shell", shell], { binary: true, env });
    expect(install.code).toBe(0);
    expect(install.stderr).toContain("added");
    const again = sb.run(["shell", "install"], { binary: true, env: { ...env, SHELL: `/usr/bin/${shell}` } });
    expect(again.stderr).toContain("already installed; nothing changed");

    const feat = join(sb.root, "repo.feat");
    const r = shellRun(shell, (shell === "fish" ? scripts.fish : scripts.posix) as string);
    expect(r.stdout.split("\n")).toEqual([
      "code=0",
      feat,
      "code=0",
      repo,
      "code=1",
      repo,
      "code=5",
      feat,
      "code=0",
      feat,
      "",
    ]);
    expect(r.stderr).toContain("no branch or worktree named 'no-such-branch'");
    expect(readdirSync(tmp)).toEqual([]); // every directive file removed

    const un = sb.run(["shell", "uninstall", "--shell", shell], { binary: true, env });
    expect(un.code).toBe(0);
    const rc = { bash: join(sb.home, ".bashrc"), zsh: join(sb.home, ".zshrc"), fish: join(sb.home, ".config", "fish", "config.fish") }[shell] as string;
    expect(readFileSync(rc, "utf8")).not.toContain("repo-manager");
    const without = shellRun(shell, `repo-manager switch feat; pwd`);
    expect(without.stdout).toBe(`${feat}\n${repo}\n`); // the path printed, the shell not moved
  });
});
