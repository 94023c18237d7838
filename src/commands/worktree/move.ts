/** `repo-manager worktree move <worktree> <new-path> [-f [-f]]`. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { discoverRepositorySync } from "../../git/repo/discovery.ts";
import { moveWorktree } from "../../core/worktree/move.ts";
import { toWorktreeJson } from "../../core/worktree/list.ts";
import { printJson } from "../../output/json.ts";
import { countFlag, forceArg, jsonArg } from "../_args.ts";

export default defineCommand({
  meta: { name: "move", description: "Move a linked worktree to a new place" },
  args: {
    worktree: { type: "positional", required: false, description: "Path, or unique last path component, of the worktree" },
    newPath: { type: "positional", required: false, description: "Where it goes (into it, if it is an existing directory)" },
    force: { ...forceArg.force, description: "Override a missing registered destination; twice (-f -f) also a lock" },
    ...jsonArg,
  },
  async run({ args, rawArgs }) {
    if (!args.worktree || !args.newPath) throw new UsageError("missing <worktree> or <new-path>", { hint: "usage: repo-manager worktree move [-f [-f]] <worktree> <new-path>" });
    const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
    const r = await moveWorktree(repo, args.worktree, args.newPath, { force: countFlag(rawArgs, "force", "f"), config });
    if (args.json) printJson({ from: r.from, to: r.to, worktree: toWorktreeJson(r.worktree) });
    return 0;
  },
});
