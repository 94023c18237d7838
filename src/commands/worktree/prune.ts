/** `repo-manager worktree prune [-n] [-v] [--expire <time>]`. */
import { defineCommand } from "citty";
import { parseExpiryDate } from "../../core/worktree/approxidate.ts";
import { pruneWorktrees } from "../../core/worktree/prune.ts";
import { jsonArg, verboseArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "prune", description: "Remove the admin files of worktrees that are gone" },
  args: {
    "dry-run": { type: "boolean", alias: "n", description: "Remove nothing, only say what would go" },
    ...verboseArg,
    expire: { type: "string", description: "Only prune missing worktrees older than <time> (e.g. 3.months.ago)", valueHint: "time" },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const expire = args.expire === undefined ? undefined : parseExpiryDate(args.expire);
    const { repo, config } = ctx.repo();
    const dryRun = args["dry-run"] === true;
    const report = dryRun || args.verbose;
    const pruned = await pruneWorktrees(repo, {
      dryRun,
      expire,
      config,
      // Like git: the report goes to stderr (stdout stays for --json).
      onPrune: (e) => report && ctx.io.err(`Removing worktrees/${e.id}: ${e.reason}\n`),
      // Not git's: recovery of an interrupted add or move. Said even without -v when something is kept.
      onNote: (n) => (report || n.message.includes("kept")) && ctx.io.err(`worktrees/${n.id}: ${n.message}\n`),
    });
    if (args.json) ctx.json(pruned);
    return 0;
  },
});
