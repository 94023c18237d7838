/**
 * `shell install` / `shell uninstall`: the one line that loads the shell
 * integration, added to (or taken out of) the shell's rc file. Idempotent:
 * a second install finds the line and changes nothing. The rc file is
 * rewritten atomically (lock file, rename) at its real path, so a symlinked
 * dotfile stays a symlink.
 */
import { mkdirSync, readFileSync, realpathSync } from "node:fs";
import { platform as osPlatform } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Env } from "../../plugins/paths.ts";
import { writeFileLocked } from "../../platform/lockfile.ts";
import { SwitchError } from "./errors.ts";
import { SHELLS, type ShellName } from "./shell-init.ts";

/** Marks our line, so uninstall finds exactly it. */
export const MARKER = "# repo-manager shell integration";

const home = (env: Env): string => env.HOME ?? env.USERPROFILE ?? "";

/** The line for `shell`, with its marker. */
export function installLine(shell: ShellName): string {
  const load = {
    bash: 'eval "$(repo-manager shell-init bash)"',
    zsh: 'eval "$(repo-manager shell-init zsh)"',
    fish: "repo-manager shell-init fish | source",
    powershell: "Invoke-Expression (& repo-manager shell-init powershell | Out-String)",
  }[shell];
  return `${load}  ${MARKER}`;
}

/** The rc file the line goes in. */
export function rcFile(shell: ShellName, env: Env, platform: NodeJS.Platform = osPlatform()): string {
  const xdg = env.XDG_CONFIG_HOME || join(home(env), ".config");
  switch (shell) {
    case "bash":
      return join(home(env), ".bashrc");
    case "zsh":
      return join(env.ZDOTDIR || home(env), ".zshrc");
    case "fish":
      return join(xdg, "fish", "config.fish");
    case "powershell":
      return platform === "win32"
        ? join(home(env), "Documents", "PowerShell", "Microsoft.PowerShell_profile.ps1")
        : join(xdg, "powershell", "Microsoft.PowerShell_profile.ps1");
  }
}

/** --shell, else the login shell ($SHELL), else PowerShell on Windows. Throws SwitchError. */
export function detectShell(given: string | undefined, env: Env, platform: NodeJS.Platform = osPlatform()): ShellName {
  if (given !== undefined) return given as ShellName;
  const name = basename(env.SHELL ?? "").replace(/\.exe$/i, "");
  if ((SHELLS as readonly string[]).includes(name)) return name as ShellName;
  if (name === "pwsh") return "powershell";
  if (platform === "win32" && !env.SHELL) return "powershell";
  throw new SwitchError("E_SHELL_UNKNOWN", `cannot tell which shell to set up${name ? ` ('${name}' is not supported)` : ""}`, `name it: --shell ${SHELLS.join("|")}`);
}

export interface RcChange {
  shell: ShellName;
  file: string;
  line: string;
  /** False when the file already was as asked (installed, or not there). */
  changed: boolean;
  dryRun: boolean;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

const realOrSelf = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

const isOurs = (line: string, shell: ShellName) => line.includes(MARKER) || line.trim() === installLine(shell).replace(`  ${MARKER}`, "");

/** Adds the line to the shell's rc file unless it is there. */
export function installShell(shell: ShellName, env: Env, opts: { dryRun: boolean }): RcChange {
  const file = rcFile(shell, env);
  const line = installLine(shell);
  const text = readText(file);
  const present = text !== null && text.split(/\r?\n/).some((l) => isOurs(l, shell));
  const change: RcChange = { shell, file, line, changed: !present, dryRun: opts.dryRun };
  if (present || opts.dryRun) return change;
  const before = text ?? "";
  const sep = before === "" || before.endsWith("\n") ? "" : "\n";
  mkdirSync(dirname(file), { recursive: true });
  writeFileLocked(realOrSelf(file), `${before}${sep}${line}\n`);
  return change;
}

/** Takes our line out of the shell's rc file, if it is there. */
export function uninstallShell(shell: ShellName, env: Env, opts: { dryRun: boolean }): RcChange {
  const file = rcFile(shell, env);
  const line = installLine(shell);
  const text = readText(file);
  if (text === null) return { shell, file, line, changed: false, dryRun: opts.dryRun };
  const lines = text.split("\n");
  const kept = lines.filter((l) => !isOurs(l.replace(/\r$/, ""), shell));
  const change: RcChange = { shell, file, line, changed: kept.length !== lines.length, dryRun: opts.dryRun };
  if (change.changed && !opts.dryRun) writeFileLocked(realOrSelf(file), kept.join("\n"));
  return change;
}
