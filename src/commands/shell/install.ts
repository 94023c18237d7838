/** `repo-manager shell install [--shell <name>] [--dry-run]`: add the line that loads the integration to the rc file. */
import { defineCommand } from "citty";
import { detectShell, installShell } from "../../core/workflow/shell-install.ts";
import { contextOf } from "../_context.ts";
import { report, shellArgs } from "./_report.ts";

export default defineCommand({
  meta: { name: "install", description: "Add the shell integration to your shell's rc file (idempotent)" },
  args: shellArgs,
  run({ args, data }) {
    const ctx = contextOf(data);
    const shell = detectShell(typeof args.shell === "string" ? args.shell : undefined, ctx.env);
    report(ctx, installShell(shell, ctx.env, { dryRun: args["dry-run"] === true }), { added: "added", absent: "already installed" });
    return 0;
  },
});
