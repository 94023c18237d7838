/** `repo-manager worktree remove`: git worktree remove, with our own clean check. */
import { defineCommand } from "citty";
import { removeWorktree } from "../../core/worktree/remove.ts";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "remove", description: "Remove a linked worktree (refuses changes, untracked files, locks, submodules)" },
  args: {
    worktree: { type: "positional", required: true, description: "The worktree: its path, or a unique last part of it", valueHint: "worktree" },
    force: { type: "boolean", alias: "f", description: "Remove even with changes or untracked files; twice (-ff) also when locked" },
    "delete-branch": { type: "boolean", description: "Then delete its branch, if integrated (also squash- or rebase-merged) into its upstream or the default branch" },
    "force-delete-branch": { type: "boolean", alias: "D", description: "Then delete its branch without the integration check (as git branch -D)" },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const { repo, config } = ctx.repo();
    const result = await removeWorktree(repo, config, {
      worktree: String(args.worktree),
      force: ctx.count("force"),
      cwd: ctx.cwd,
      env: ctx.env,
      warn: (m) => ctx.io.err(`warning: ${m}\n`),
    });
    const wantBranch = args["delete-branch"] === true || args["force-delete-branch"] === true;
    let branch: import("../../core/worktree/remove-branch.ts").BranchOutcome | null = null;
    if (wantBranch && result.branch !== null && result.head !== null) {
      const { deleteBranchAfterRemove } = await import("../../core/worktree/remove-branch.ts");
      branch = deleteBranchAfterRemove(repo, config, result.branch, result.head, { force: args["force-delete-branch"] === true, env: ctx.env });
      if (!args.json) ctx.io.err(branch.deleted ? `Deleted branch ${branch.branch}: ${branch.reason}\n` : `Kept branch ${branch.branch}: ${branch.reason}\n`);
    }
    if (args.json) ctx.json(wantBranch ? { ...result, branchOutcome: branch } : result);
    return 0;
  },
});
