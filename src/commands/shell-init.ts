/** `repo-manager shell-init bash|zsh|fish|powershell`: print the shell function that makes `switch` change directory. */
import { defineCommand } from "citty";
import { UsageError } from "../errors.ts";
import { SHELLS, type ShellName, shellInitScript } from "../core/workflow/shell-init.ts";
import { contextOf } from "./_context.ts";

export default defineCommand({
  meta: { name: "shell-init", description: "Print the shell function that lets switch change directory; load it from your rc file" },
  args: {
    shell: { type: "positional", required: true, description: `The shell: ${SHELLS.join(", ")}`, valueHint: "shell" },
  },
  run({ args, data }) {
    const ctx = contextOf(data);
    const shell = String(args.shell);
    if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`unsupported shell '${shell}'`, { hint: `one of: ${SHELLS.join(", ")}` });
    ctx.io.out(shellInitScript(shell as ShellName));
    return 0;
  },
});
