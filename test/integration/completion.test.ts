// Completion scripts loaded in real shells (bash, zsh, fish from Debian packages),
// completing built-ins and a plugin name from the metadata cache without running the plugin.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, MAIN, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

const has = (cmd: string) => Bun.which(cmd) !== null;
// The fixtures are #!/bin/sh scripts and the shells are Unix ones; Windows is covered by the unit tests.
const WINDOWS = process.platform === "win32";
const HAVE_ZSH = !WINDOWS && has("zsh");
const HAVE_FISH = !WINDOWS && has("fish");
if (WINDOWS) console.warn("skipping shell completion tests: they need a Unix shell and #!/bin/sh fixtures");
else if (!HAVE_ZSH) console.warn("skipping zsh completion tests: zsh is not installed (apt-get install -y zsh)");
if (!HAVE_FISH) console.warn("skipping fish completion tests: fish is not installed (apt-get install -y fish)");

let sb: Sandbox;
let env: Record<string, string>;
let runsLog: string;

beforeAll(() => {
  if (WINDOWS) return;
  sb = createSandbox("rm-completion-");
  // `repo-manager` on PATH runs this checkout's source, as the scripts call the program by name.
  const bin = join(sb.root, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "repo-manager"), `#!/bin/sh\nexec '${process.execPath}' '${MAIN}' "$@"\n`);
  chmodSync(join(bin, "repo-manager"), 0o755);
  // A fixture plugin that logs every run, so a test can prove completion never ran it.
  const plugins = join(sb.root, "plugins");
  mkdirSync(plugins);
  runsLog = join(sb.root, "plugin-runs.log");
  const plugin = join(plugins, "repo-manager-plugin-hello");
  writeFileSync(
    plugin,
    `#!/bin/sh
printf '%s\\n' "$*" >> '${runsLog}'
if [ "$1" = "__repo-manager-metadata" ]; then
  printf '%s\\n' '{"schemaVersion":1,"name":"hello","version":"1.0.0","description":"Say hello (fixture)","protocols":[1],"commands":[],"json":false}'
  exit 0
fi
echo hello
`,
  );
  chmodSync(plugin, 0o755);
  env = { ...sb.env, PATH: `${bin}:${sb.env.PATH ?? "/usr/bin:/bin"}`, REPO_MANAGER_PLUGIN_PATH: plugins };
  // Fill the plugin metadata cache the way a user would: by listing plugins once.
  const list = sb.run(["plugin", "list"], { env });
  if (list.code !== 0) throw new Error(`plugin list failed: ${list.stderr}`);
  rmSync(runsLog, { force: true });
  for (const shell of ["bash", "zsh", "fish"]) writeFileSync(join(sb.root, `comp.${shell}`), sb.run(["completion", shell], { env }).stdout);
});
afterAll(() => sb?.cleanup());

function shell(cmd: string[], script: string): string {
  const p = Bun.spawnSync([...cmd, script], { cwd: sb.root, env, stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed (${p.exitCode}): ${p.stderr.toString()}`);
  return p.stdout.toString();
}

const lines = (s: string) => s.split("\n").filter((l) => l !== "").sort();

/** Completes `line` (ending where the cursor is) with the function the bash script registered. */
function bashComplete(line: string): string[] {
  const script = `
source ${JSON.stringify(join(sb.root, "comp.bash"))}
spec=$(complete -p repo-manager) || exit 3
fn=$(printf '%s' "$spec" | sed -E 's/.*-F ([^ ]+).*/\\1/')
COMP_LINE=${JSON.stringify(line)}
COMP_POINT=\${#COMP_LINE}
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
"$fn" repo-manager "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return lines(shell(["bash", "--norc", "--noprofile", "-c"], script));
}

// An interactive zsh in a pseudo-terminal (zsh/zpty): compinit, the script, a TAB,
// and compadd wrapped to print what the completion system was given; TAB is a
// widget that completes and then prints DONE::, so reading stops exactly after it.
const ZSH_DRIVER = `
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="" PROMPT="" RPROMPT=""'
zpty -w z "autoload -U compinit && compinit -u -D"
zpty -w z "source \${(q)COMP_SCRIPT}"
zpty -w z 'compadd () { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return $?; fi; local -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "CAND::$h"; done; }'
zpty -w z 'done-complete() { zle complete-word; print -r -- "DONE::" }; zle -N done-complete; bindkey "^I" done-complete'
zpty -w z "print -r -- READY''::"
local line
while zpty -r z line; do [[ $line == *READY::* ]] && break; done
zpty -n -w z "$COMP_LINE"$'\\t'
while zpty -r z line; do
  line=\${line//$'\\r'/}; line=\${line%$'\\n'}
  [[ $line == *DONE::* ]] && break
  [[ $line == *CAND::* ]] && print -r -- "\${line##*CAND::}"
done
zpty -d z
`;

function zshComplete(line: string): string[] {
  const driver = join(sb.root, "drive.zsh");
  writeFileSync(driver, ZSH_DRIVER);
  const p = Bun.spawnSync(["zsh", "-f", driver], {
    cwd: sb.root,
    env: { ...env, COMP_SCRIPT: join(sb.root, "comp.zsh"), COMP_LINE: line },
    stdout: "pipe",
    stderr: "pipe",
    timeout: 30_000,
  });
  if (p.exitCode !== 0) throw new Error(`zsh driver failed (${p.exitCode}): ${p.stderr.toString()}`);
  return lines(p.stdout.toString());
}

function fishComplete(line: string): string[] {
  const out = shell(["fish", "--no-config", "-c"], `source ${JSON.stringify(join(sb.root, "comp.fish"))}; complete -C ${JSON.stringify(line)}`);
  return lines(out).map((l) => l.split("\t")[0] as string);
}

const WORKTREE_SUBS = ["add", "list", "lock", "move", "prune", "remove", "repair", "unlock"];

describe.skipIf(WINDOWS)("bash", () => {
  test("registers a function with file-name fallback", () => {
    const out = shell(["bash", "--norc", "--noprofile", "-c"], `source ${JSON.stringify(join(sb.root, "comp.bash"))}; complete -p repo-manager`);
    expect(out).toContain("-o default");
    expect(out).toContain("-F _repo_manager_complete");
  });

  test("completes worktree sub-commands, a command prefix, and a flag", () => {
    expect(bashComplete("repo-manager worktree ")).toEqual(WORKTREE_SUBS);
    expect(bashComplete("repo-manager wor")).toEqual(["worktree"]);
    expect(bashComplete("repo-manager worktree list --he")).toEqual(["--help"]);
    expect(bashComplete("repo-manager -C /tmp --js")).toEqual(["--json"]);
  });

  test("completes a plugin name from the metadata cache without running the plugin", () => {
    expect(bashComplete("repo-manager hel")).toEqual(["hello", "help"]);
    expect(bashComplete("repo-manager plugin info ")).toEqual(["hello"]);
    expect(existsSync(runsLog)).toBe(false);
  });
});

describe.skipIf(!HAVE_ZSH)("zsh", () => {
  test("completes worktree sub-commands and a flag", () => {
    expect(zshComplete("repo-manager worktree ")).toEqual(WORKTREE_SUBS);
    expect(zshComplete("repo-manager completion ")).toEqual(["bash", "fish", "powershell", "zsh"]);
    expect(zshComplete("repo-manager worktree list --h")).toEqual(["--help"]);
  });

  test("completes a plugin name without running it", () => {
    expect(zshComplete("repo-manager hel")).toEqual(["hello", "help"]);
    expect(existsSync(runsLog)).toBe(false);
  });

  test("falls back to file names where it has no candidates", () => {
    writeFileSync(join(sb.root, "zz-some-file.txt"), "");
    expect(zshComplete("repo-manager worktree add zz-")).toEqual(["zz-some-file.txt"]);
  });
});

describe.skipIf(!HAVE_FISH)("fish", () => {
  test("completes worktree sub-commands and a plugin name", () => {
    expect(fishComplete("repo-manager worktree ")).toEqual(WORKTREE_SUBS);
    expect(fishComplete("repo-manager hel")).toEqual(["hello", "help"]);
    expect(existsSync(runsLog)).toBe(false);
  });
});

describe.skipIf(WINDOWS)("worktree arguments from the repository (made by git)", () => {
  let repo: string;
  beforeAll(() => {
    repo = initRepo(sb, "repo");
    sb.git(["worktree", "add", "-q", "../feature"], { cwd: repo });
    sb.git(["worktree", "add", "-q", "../held"], { cwd: repo });
    sb.git(["worktree", "lock", "../held"], { cwd: repo });
    sb.git(["worktree", "add", "-q", "--detach", "../det"], { cwd: repo });
  });
  const complete = (words: string[], cwd = repo) => {
    const r = sb.run(["completion", "__complete", ...words], { cwd, env });
    expect(r.code).toBe(0);
    return r.stdout.split("\n").filter(Boolean).sort();
  };

  test("lock offers unlocked linked worktrees, unlock the locked ones, remove all; relative to the cwd", () => {
    expect(complete(["worktree", "lock", ""])).toEqual(["../det\tdetached HEAD", "../feature\tfeature"]);
    expect(complete(["wt", "unlock", ""])).toEqual(["../held\theld (locked)"]);
    expect(complete(["worktree", "remove", "../f"])).toEqual(["../feature\tfeature"]);
    expect(complete(["worktree", "move", ""]).map((l) => l.split("\t")[0])).toEqual(["../det", "../feature", "../held"]);
  });

  test("absolute paths once the word is absolute; -C moves the starting point; nothing outside a repository", () => {
    expect(complete(["worktree", "remove", `${sb.root}/f`])).toEqual([`${sb.root}/feature\tfeature`]);
    expect(complete(["-C", "repo", "worktree", "unlock", ""], sb.root)).toEqual(["../held\theld (locked)"]);
    expect(complete(["worktree", "remove", ""], sb.home)).toEqual([]);
  });

  test("bash completes them too", () => {
    const script = `source ${JSON.stringify(join(sb.root, "comp.bash"))}
cd ${JSON.stringify(repo)}
COMP_WORDS=(repo-manager worktree unlock ""); COMP_CWORD=3; COMPREPLY=()
_repo_manager_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
    expect(lines(shell(["bash", "--norc", "--noprofile", "-c"], script))).toEqual(["../held"]);
  });
});

describe.skipIf(WINDOWS)("script checks", () => {
  test("shellcheck finds nothing in the bash script (skipped without shellcheck)", () => {
    if (!has("shellcheck")) {
      console.warn("skipping shellcheck of the bash script: shellcheck is not installed (apt-get install -y shellcheck)");
      return;
    }
    const p = Bun.spawnSync(["shellcheck", "-s", "bash", join(sb.root, "comp.bash")], { stdout: "pipe", stderr: "pipe" });
    expect(p.stdout.toString()).toBe("");
    expect(p.exitCode).toBe(0);
  });

  test.skipIf(!HAVE_ZSH || !HAVE_FISH)("zsh -n and fish --no-execute accept their scripts", () => {
    expect(Bun.spawnSync(["zsh", "-n", join(sb.root, "comp.zsh")]).exitCode).toBe(0);
    expect(Bun.spawnSync(["fish", "--no-execute", join(sb.root, "comp.fish")]).exitCode).toBe(0);
  });
});

describe.skipIf(WINDOWS)("the completion command", () => {
  test("prints each script on stdout with exit 0", () => {
    for (const s of ["bash", "zsh", "fish", "powershell"]) {
      const r = sb.run(["completion", s], { env });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toContain("completion __complete");
    }
    expect(readFileSync(join(sb.root, "comp.bash"), "utf8")).toContain("complete -o default");
  });

  test("a missing or unknown shell is a usage error (exit 2) that changes nothing", () => {
    const before = snapshotTree(sb.root);
    const none = sb.run(["completion"], { env });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("needs a shell");
    const bad = sb.run(["completion", "tcsh"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("unsupported shell 'tcsh'");
    expect(bad.stderr).toContain("bash, zsh, fish, powershell");
    expect(bad.stderr).not.toContain("    at ");
    expect(snapshotTree(sb.root)).toBe(before);
  });
});
