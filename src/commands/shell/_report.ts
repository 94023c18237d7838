/** What `shell install` / `shell uninstall` say about the rc file (stderr), or print as JSON. */
import type { RcChange } from "../../core/workflow/shell-install.ts";
import type { CommandContext } from "../_context.ts";
import { SHELLS } from "../../core/workflow/shell-init.ts";
import type { ArgsDef } from "citty";
import { jsonArg } from "../_args.ts";

export const shellArgs = {
  shell: { type: "enum", options: [...SHELLS], description: "The shell (default: from $SHELL)", valueHint: "shell" },
  "dry-run": { type: "boolean", alias: "n", description: "Say what would change, change nothing" },
  ...jsonArg,
} as const satisfies ArgsDef;

export function report(ctx: CommandContext, change: RcChange, done: { added: string; absent: string }): void {
  if (ctx.args.json === true || ctx.global.json) {
    ctx.json(change);
    return;
  }
  const verb = change.dryRun ? "would be" : "";
  if (change.changed) ctx.io.err(`${change.file}: ${[verb, done.added].filter(Boolean).join(" ")}:\n  ${change.line}\n`);
  else ctx.io.err(`${change.file}: ${done.absent}; nothing changed\n`);
  if (change.changed && !change.dryRun && done.added === "added") ctx.io.err("open a new shell (or source that file) to use it\n");
}
