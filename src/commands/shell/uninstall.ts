/** `repo-manager shell uninstall [--shell <name>] [--dry-run]`: take the integration's line out of the rc file. */
import { defineCommand } from "citty";
import { detectShell, uninstallShell } from "../../core/workflow/shell-install.ts";
import { contextOf } from "../_context.ts";
import { report, shellArgs } from "./_report.ts";

export default defineCommand({
  meta: { name: "uninstall", description: "Take the shell integration out of your shell's rc file" },
  args: shellArgs,
  run({ args, data }) {
    const ctx = contextOf(data);
    const shell = detectShell(typeof args.shell === "string" ? args.shell : undefined, ctx.env);
    report(ctx, uninstallShell(shell, ctx.env, { dryRun: args["dry-run"] === true }), { added: "removed", absent: "not installed" });
    return 0;
  },
});
