/** `repo-manager worktree unlock <worktree>`. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { unlockWorktree } from "../../core/worktree/unlock.ts";
import { toWorktreeJson } from "../../core/worktree/list.ts";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "unlock", description: "Unlock a locked worktree" },
  args: {
    worktree: { type: "positional", required: false, description: "Path, or unique last path component, of the worktree" },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    if (!args.worktree) throw new UsageError("missing <worktree>", { hint: "usage: repo-manager worktree unlock <worktree>" });
    const { repo, config } = ctx.repo();
    const wt = await unlockWorktree(repo, args.worktree, { config, cwd: ctx.cwd });
    if (args.json) ctx.json(toWorktreeJson(wt));
    return 0;
  },
});
