/** `repo-manager worktree lock <worktree> [--reason <text>]`. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { lockWorktree } from "../../core/worktree/lock.ts";
import { toWorktreeJson } from "../../core/worktree/list.ts";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "lock", description: "Lock a worktree so prune, move and remove leave it alone" },
  args: {
    worktree: { type: "positional", required: false, description: "Path, or unique last path component, of the worktree" },
    reason: { type: "string", description: "Why it is locked (shown by list -v)", valueHint: "text" },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    if (!args.worktree) throw new UsageError("missing <worktree>", { hint: "usage: repo-manager worktree lock [--reason <text>] <worktree>" });
    const { repo, config } = ctx.repo();
    const wt = await lockWorktree(repo, args.worktree, { reason: args.reason, config, cwd: ctx.cwd });
    if (args.json) ctx.json(toWorktreeJson(wt));
    return 0;
  },
});
