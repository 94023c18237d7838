/** `repo-manager worktree repair [<path>...]`. */
import { defineCommand } from "citty";
import { discoverRepositorySync } from "../../git/repo/discovery.ts";
import { repairWorktrees } from "../../core/worktree/repair.ts";
import { printJson } from "../../output/json.ts";
import { jsonArg, variadic } from "../_args.ts";
import { writeErr } from "../../output/stdio.ts";

export default variadic(
  defineCommand({
    meta: { name: "repair", description: "Repair the links between worktrees and the repository" },
    args: {
      path: { type: "positional", required: false, description: "Worktree paths to repair (default: the current worktree), then all linked ones" },
      ...jsonArg,
    },
    async run({ args }) {
      const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
      const paths = (args._ as string[]).filter((p) => p !== "");
      const events = await repairWorktrees(repo, paths, { config });
      if (args.json) printJson(events);
      else {
        // As git 2.39, both kinds of report go to stderr (stdout stays for --json).
        for (const e of events) writeErr(`${e.kind === "repair" ? "repair" : "error"}: ${e.message}: ${e.path}\n`);
      }
      return events.some((e) => e.kind === "error") ? 1 : 0;
    },
  }),
);
