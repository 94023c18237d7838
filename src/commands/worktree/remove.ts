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
    if (args.json) ctx.json(result);
    return 0;
  },
});
