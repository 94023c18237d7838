/** `repo-manager worktree list`: git worktree list, with --json. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { discoverRepositorySync } from "../../git/repo/discovery.ts";
import { parseExpiryDate } from "../../core/worktree/approxidate.ts";
import { listWorktreesSync, toWorktreeJson } from "../../core/worktree/list.ts";
import { formatHuman, formatPorcelain } from "../../core/worktree/list-format.ts";
import { printJson } from "../../output/json.ts";
import { writeOut } from "../../output/stdio.ts";
import { styleOut } from "../../output/tty.ts";
import { jsonArg, verboseArg } from "../_args.ts";

export default defineCommand({
  meta: { name: "list", description: "List the worktrees (main first), as git worktree list" },
  args: {
    porcelain: { type: "boolean", description: "Machine-readable output, byte-identical to git's" },
    nul: { type: "boolean", alias: "z", description: "With --porcelain: end records and lines with NUL" },
    ...verboseArg,
    expire: { type: "string", description: "Call missing worktrees older than <time> prunable", valueHint: "time" },
    ...jsonArg,
  },
  run({ args }) {
    if (args.verbose && args.porcelain) throw new UsageError("options '--verbose' and '--porcelain' cannot be used together");
    if (args.nul && !args.porcelain) throw new UsageError("the option '-z' requires '--porcelain'");
    const expire = args.expire === undefined ? undefined : parseExpiryDate(args.expire);
    const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
    const list = listWorktreesSync(repo, { config, expire });
    if (args.json) {
      printJson(list.map(toWorktreeJson));
      return 0;
    }
    if (args.porcelain) {
      writeOut(formatPorcelain(list, args.nul ? "\0" : "\n", config.getBool("core.quotepath", true)));
      return 0;
    }
    const style = styleOut();
    writeOut(formatHuman(repo, list, { verbose: args.verbose, config, paint: { locked: style.yellow, prunable: style.red, dim: style.dim } }));
    return 0;
  },
});
