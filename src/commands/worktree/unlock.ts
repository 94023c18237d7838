/** `repo-manager worktree unlock <worktree>`. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { discoverRepositorySync } from "../../git/repo/discovery.ts";
import { unlockWorktree } from "../../core/worktree/unlock.ts";
import { toWorktreeJson } from "../../core/worktree/list.ts";
import { printJson } from "../../output/json.ts";
import { jsonArg } from "../_args.ts";

export default defineCommand({
  meta: { name: "unlock", description: "Unlock a locked worktree" },
  args: {
    worktree: { type: "positional", required: false, description: "Path, or unique last path component, of the worktree" },
    ...jsonArg,
  },
  async run({ args }) {
    if (!args.worktree) throw new UsageError("missing <worktree>", { hint: "usage: repo-manager worktree unlock <worktree>" });
    const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
    const wt = await unlockWorktree(repo, args.worktree, { config });
    if (args.json) printJson(toWorktreeJson(wt));
    return 0;
  },
});
