/**
 * The shell functions `repo-manager shell-init <shell>` prints. Each one
 * wraps the binary: it creates a fresh empty directive file, names it in
 * REPO_MANAGER_DIRECTIVE_FILE, runs the binary with the user's arguments,
 * then reads the file. The binary writes only a directory (never shell
 * code); the function changes into it after the binary has exited, and
 * returns the binary's exit code (1 if the `cd` itself fails).
 */
import { DIRECTIVE_ENV } from "./directive.ts";

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type ShellName = (typeof SHELLS)[number];

const posix = (shell: "bash" | "zsh") => `# repo-manager shell integration (${shell}): 'repo-manager switch' changes this shell's directory.
repo-manager() {
  local __rm_file __rm_code __rm_dir
  __rm_file="$(command mktemp "\${TMPDIR:-/tmp}/repo-manager-cd.XXXXXX")" || { command repo-manager "$@"; return; }
  ${DIRECTIVE_ENV}="$__rm_file" command repo-manager "$@"
  __rm_code=$?
  __rm_dir="$(command cat -- "$__rm_file" 2>/dev/null)"
  command rm -f -- "$__rm_file"
  if [ -n "$__rm_dir" ]; then
    builtin cd -- "$__rm_dir" || __rm_code=1
  fi
  return "$__rm_code"
}
`;

const fish = `# repo-manager shell integration (fish): 'repo-manager switch' changes this shell's directory.
function repo-manager --description 'repo-manager; switch changes the directory'
    set -l __rm_file (command mktemp 2>/dev/null)
    if test -z "$__rm_file"
        command repo-manager $argv
        return $status
    end
    set -lx ${DIRECTIVE_ENV} $__rm_file
    command repo-manager $argv
    set -l __rm_code $status
    set -e ${DIRECTIVE_ENV}
    set -l __rm_dir (command cat -- $__rm_file 2>/dev/null | string collect)
    command rm -f -- $__rm_file
    if test -n "$__rm_dir"
        builtin cd $__rm_dir; or set __rm_code 1
    end
    return $__rm_code
end
`;

// Not run in our tests (PowerShell cannot be installed there): test/unit/shell-init.test.ts checks its text.
const powershell = `# repo-manager shell integration (PowerShell): 'repo-manager switch' changes this shell's location.
function repo-manager {
    $rmExe = Get-Command -Name repo-manager -CommandType Application -ErrorAction Stop | Select-Object -First 1
    $rmFile = New-TemporaryFile
    $rmCode = 1
    $env:${DIRECTIVE_ENV} = $rmFile.FullName
    try {
        & $rmExe.Source @args
        $rmCode = $LASTEXITCODE
    } finally {
        Remove-Item -Path Env:\\${DIRECTIVE_ENV} -ErrorAction SilentlyContinue
    }
    $rmDir = Get-Content -LiteralPath $rmFile.FullName -Raw -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $rmFile.FullName -Force -ErrorAction SilentlyContinue
    if ($rmDir) {
        try { Set-Location -LiteralPath $rmDir.TrimEnd("\`r", "\`n") -ErrorAction Stop } catch { Write-Error $_; $rmCode = 1 }
    }
    $global:LASTEXITCODE = $rmCode
}
`;

/** The shell function for \`shell\`. */
export function shellInitScript(shell: ShellName): string {
  switch (shell) {
    case "bash":
    case "zsh":
      return posix(shell);
    case "fish":
      return fish;
    case "powershell":
      return powershell;
  }
}
