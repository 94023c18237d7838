/** `repo-manager worktree remove`: git worktree remove, with our own clean check. */
import { defineCommand } from "citty";
import { removeWorktree } from "../../core/worktree/remove.ts";
import { discoverRepositorySync } from "../../git/repo/discovery.ts";
import { printJson } from "../../output/json.ts";
import { countFlag, jsonArg } from "../_args.ts";
import { writeErr } from "../../output/stdio.ts";

export default defineCommand({
  meta: { name: "remove", description: "Remove a linked worktree (refuses changes, untracked files, locks, submodules)" },
  args: {
    worktree: { type: "positional", required: true, description: "The worktree: its path, or a unique last part of it", valueHint: "worktree" },
    force: { type: "boolean", alias: "f", description: "Remove even with changes or untracked files; twice (-ff) also when locked" },
    ...jsonArg,
  },
  async run({ args, rawArgs }) {
    const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
    const result = await removeWorktree(repo, config, {
      worktree: String(args.worktree),
      force: countFlag(rawArgs, "force", "f"),
      cwd: process.cwd(),
      warn: (m) => writeErr(`warning: ${m}\n`),
    });
    if (args.json) printJson(result);
    return 0;
  },
});
