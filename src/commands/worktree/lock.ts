/** `repo-manager worktree lock <worktree> [--reason <text>]`. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { discoverRepositorySync } from "../../git/repo/discovery.ts";
import { lockWorktree } from "../../core/worktree/lock.ts";
import { toWorktreeJson } from "../../core/worktree/list.ts";
import { printJson } from "../../output/json.ts";
import { jsonArg } from "../_args.ts";

export default defineCommand({
  meta: { name: "lock", description: "Lock a worktree so prune, move and remove leave it alone" },
  args: {
    worktree: { type: "positional", required: false, description: "Path, or unique last path component, of the worktree" },
    reason: { type: "string", description: "Why it is locked (shown by list -v)", valueHint: "text" },
    ...jsonArg,
  },
  async run({ args }) {
    if (!args.worktree) throw new UsageError("missing <worktree>", { hint: "usage: repo-manager worktree lock [--reason <text>] <worktree>" });
    const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
    const wt = await lockWorktree(repo, args.worktree, { reason: args.reason, config });
    if (args.json) printJson(toWorktreeJson(wt));
    return 0;
  },
});
