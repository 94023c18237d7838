/** shell-init scripts and shell install/uninstall on rc files (issue 10, item 4). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { detectShell, installLine, installShell, rcFile, uninstallShell } from "../../src/core/workflow/shell-install.ts";
import { shellInitScript } from "../../src/core/workflow/shell-init.ts";
import { createSandbox, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeEach(() => {
  sb = createSandbox();
});
afterEach(() => sb.cleanup());

const syntaxCheck = (argv: string[], script: string) => {
  const p = Bun.spawnSync(argv, { stdin: Buffer.from(script), stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stderr: p.stderr.toString() };
};

describe("shell-init scripts", () => {
  test.skipIf(Bun.which("bash") === null)("bash parses its script", () => {
    expect(syntaxCheck(["bash", "-n"], shellInitScript("bash"))).toEqual({ code: 0, stderr: "" });
  });
  test.skipIf(Bun.which("zsh") === null)("zsh parses its script", () => {
    expect(syntaxCheck(["zsh", "-n"], shellInitScript("zsh"))).toEqual({ code: 0, stderr: "" });
  });
  test.skipIf(Bun.which("fish") === null)("fish parses its script", () => {
    expect(syntaxCheck(["fish", "--no-execute"], shellInitScript("fish"))).toEqual({ code: 0, stderr: "" });
  });

  // PowerShell is not installable on the test machines: its script is checked here, not run.
  test("the PowerShell script: directive file, the binary by path, Set-Location after, exit code kept", () => {
    const s = shellInitScript("powershell");
    expect(s).toContain("function repo-manager {");
    expect(s).toContain("Get-Command -Name repo-manager -CommandType Application"); // the binary, not this function
    expect(s).toContain("$env:REPO_MANAGER_DIRECTIVE_FILE = $rmFile.FullName");
    expect(s).toContain("& $rmExe.Source @args");
    expect(s).toContain("Remove-Item -Path Env:\\REPO_MANAGER_DIRECTIVE_FILE");
    expect(s).toContain("Set-Location -LiteralPath $rmDir.TrimEnd(\"`r\", \"`n\")");
    expect(s).toContain("$global:LASTEXITCODE = $rmCode");
    expect(s.indexOf("& $rmExe.Source")).toBeLessThan(s.indexOf("Set-Location"));
    for (const [open, close] of [["{", "}"], ["(", ")"]] as const) expect(s.split(open).length).toBe(s.split(close).length);
    expect(s).not.toContain("Invoke-Expression"); // the directive is a path, never code
  });

  test("the directive is read as data: no eval of what the binary writes", () => {
    for (const shell of ["bash", "zsh", "fish"] as const) {
      const s = shellInitScript(shell);
      expect(s).not.toMatch(/\beval\b|\bsource\b/);
      expect(s).toContain("REPO_MANAGER_DIRECTIVE_FILE");
      expect(s).toContain("command repo-manager");
    }
  });
});

describe("shell install / uninstall", () => {
  test("rc files per shell", () => {
    const env = { HOME: "/h", XDG_CONFIG_HOME: "/h/.cfg" };
    expect(rcFile("bash", env, "linux")).toBe("/h/.bashrc");
    expect(rcFile("zsh", { ...env, ZDOTDIR: "/z" }, "linux")).toBe("/z/.zshrc");
    expect(rcFile("fish", env, "linux")).toBe("/h/.cfg/fish/config.fish");
    expect(rcFile("powershell", env, "linux")).toBe("/h/.cfg/powershell/Microsoft.PowerShell_profile.ps1");
    expect(rcFile("powershell", { USERPROFILE: "C:\\Users\\me" }, "win32")).toContain("Microsoft.PowerShell_profile.ps1");
  });

  test("the shell comes from --shell, else $SHELL", () => {
    expect(detectShell("fish", { SHELL: "/bin/zsh" }, "linux")).toBe("fish");
    expect(detectShell(undefined, { SHELL: "/usr/bin/zsh" }, "linux")).toBe("zsh");
    expect(detectShell(undefined, { SHELL: "/usr/bin/pwsh" }, "linux")).toBe("powershell");
    expect(detectShell(undefined, {}, "win32")).toBe("powershell");
    expect(() => detectShell(undefined, { SHELL: "/bin/tcsh" }, "linux")).toThrow("'tcsh' is not supported");
  });

  test("install keeps what is there, adds one line, once; uninstall takes out only that line", () => {
    const env = { HOME: sb.home };
    const rc = join(sb.home, ".bashrc");
    writeFileSync(rc, "alias ll='ls -l'"); // no final newline
    expect(installShell("bash", env, { dryRun: false }).changed).toBe(true);
    expect(readFileSync(rc, "utf8")).toBe(`alias ll='ls -l'\n${installLine("bash")}\n`);
    expect(installShell("bash", env, { dryRun: false }).changed).toBe(false);
    expect(readFileSync(rc, "utf8")).toBe(`alias ll='ls -l'\n${installLine("bash")}\n`);
    expect(uninstallShell("bash", env, { dryRun: false }).changed).toBe(true);
    expect(readFileSync(rc, "utf8")).toBe("alias ll='ls -l'\n");
    expect(uninstallShell("bash", env, { dryRun: false }).changed).toBe(false);
  });

  test("a symlinked rc file stays a symlink; its target gets the line", () => {
    const target = join(sb.root, "dotfiles-zshrc");
    writeFileSync(target, "setopt autocd\n");
    symlinkSync(target, join(sb.home, ".zshrc"));
    installShell("zsh", { HOME: sb.home }, { dryRun: false });
    expect(lstatSync(join(sb.home, ".zshrc")).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe(`setopt autocd\n${installLine("zsh")}\n`);
  });

  test("--dry-run says what would change and changes nothing", async () => {
    mkdirSync(join(sb.home, ".config"), { recursive: true });
    writeFileSync(join(sb.home, ".bashrc"), "x=1\n");
    const before = snapshotTree(sb.root);
    const r = await sb.exec(["shell", "install", "--shell", "fish", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("would be added:");
    expect(r.stderr).toContain("repo-manager shell-init fish | source");
    const u = await sb.exec(["shell", "uninstall", "--shell", "bash", "-n"]);
    expect(u.stderr).toContain("not installed; nothing changed");
    expect(snapshotTree(sb.root)).toBe(before);
  });

  test("an unknown shell is refused, nothing written", async () => {
    const before = snapshotTree(sb.root);
    const r = await sb.exec(["shell", "install", "--shell", "tcsh"]);
    expect(r.code).toBe(2);
    const noShell = await sb.exec(["shell", "install"], { env: { SHELL: "/bin/tcsh" } });
    expect(noShell.code).toBe(1);
    expect(noShell.stderr).toContain("--shell bash|zsh|fish|powershell");
    const init = await sb.exec(["shell-init", "tcsh"]);
    expect(init.code).toBe(2);
    expect(snapshotTree(sb.root)).toBe(before);
  });
});
