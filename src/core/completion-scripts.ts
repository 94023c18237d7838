/**
 * The shell completion scripts printed by `repo-manager completion <shell>`.
 * Each one only asks the program itself: it runs
 * `repo-manager completion __complete <words after the program name...>`,
 * whose output is `value<TAB>description` lines, and falls back to the shell's
 * own file-name completion when nothing is printed (paths, plugin arguments).
 * The program's stdin is /dev/null: it must not read from (or wait on) the
 * terminal the user is typing into.
 * Completing never runs a plugin: the candidates come from the command tree
 * and the plugin metadata cache.
 */
import type { Shell } from "./completion.ts";

const bash = (prog: string, fn: string) => `# bash completion for ${prog}
# Install: ${prog} completion bash > ~/.local/share/bash-completion/completions/${prog}
# or add to ~/.bashrc: source <(${prog} completion bash)
${fn}() {
    local line
    COMPREPLY=()
    # Words after the program name, up to and including the one under the cursor.
    # A read loop, not out=($(...)): a candidate holding * or [ must not be globbed.
    while IFS= read -r line; do
        [ -n "$line" ] && COMPREPLY+=("\${line%%$'\\t'*}")
    done < <("\${COMP_WORDS[0]}" completion __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null </dev/null)
}
# -o default: no candidates means bash completes file names.
complete -o default -F ${fn} ${prog}
`;

const zsh = (prog: string, fn: string) => `#compdef ${prog}
# zsh completion for ${prog}
# Install: ${prog} completion zsh > "\${fpath[1]}/_${prog}"
# or add to ~/.zshrc (after compinit): source <(${prog} completion zsh)
${fn}() {
    local -a lines candidates
    local line value
    lines=("\${(@f)$("\${words[1]}" completion __complete "\${(@)words[2,CURRENT]}" 2>/dev/null </dev/null)}")
    for line in "\${lines[@]}"; do
        [[ -z "$line" ]] && continue
        value="\${line%%$'\\t'*}"
        # _describe splits on the first unescaped colon.
        candidates+=("\${value//:/\\\\:}:\${line#*$'\\t'}")
    done
    if (( \${#candidates} )); then
        _describe -t values '${prog}' candidates
    else
        _files
    fi
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
    ${fn} "$@"
else
    compdef ${fn} ${prog}
fi
`;

const fish = (prog: string, fn: string) => `# fish completion for ${prog}
# Install: ${prog} completion fish > ~/.config/fish/completions/${prog}.fish
function ${fn}
    set -l tokens (commandline -opc) (commandline -ct)
    set -l out (${prog} completion __complete $tokens[2..-1] 2>/dev/null </dev/null)
    if test (count $out) -gt 0
        printf '%s\\n' $out
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c ${prog} -f -a '(${fn})'
`;

// PowerShell before 7.3 drops an empty-string argument to a native command,
// so an empty word under the cursor is passed as '""', which those versions
// hand over as an empty string. On Windows the command may be typed with .exe.
const powershell = (prog: string) => `# PowerShell completion for ${prog}
# Install: add to your $PROFILE:  ${prog} completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName @('${prog}', '${prog}.exe') -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $elements = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition })
    $words = @()
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $e = $elements[$i]
        # A quoted word ('a b') is passed by its value, not its source text.
        if ($e -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $words += $e.Value } else { $words += $e.ToString() }
    }
    if ($wordToComplete -eq '') {
        if ($PSVersionTable.PSVersion -lt [version]'7.3') { $words += '""' } else { $words += '' }
    }
    $program = $elements[0].ToString()
    $results = @(& $program completion __complete @words 2>$null)
    foreach ($line in $results) {
        if (-not $line) { continue }
        $parts = $line -split "\`t", 2
        $tip = if ($parts.Count -gt 1 -and $parts[1]) { $parts[1] } else { $parts[0] }
        [System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], 'ParameterValue', $tip)
    }
}
`;

/** The completion script for a shell, registering completion for the command `prog`. */
export function completionScript(shell: Shell, prog = "repo-manager"): string {
  // Shell function names cannot hold every character a program name can.
  const fn = `_${prog.replace(/[^A-Za-z0-9_]/g, "_")}_complete`;
  switch (shell) {
    case "bash":
      return bash(prog, fn);
    case "zsh":
      return zsh(prog, fn);
    case "fish":
      return fish(prog, fn);
    case "powershell":
      return powershell(prog);
  }
}
