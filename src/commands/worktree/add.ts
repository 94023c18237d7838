/** `repo-manager worktree add`: git worktree add, on our own object reader, checkout and index writer. */
import { defineCommand } from "citty";
import { UsageError } from "../../errors.ts";
import { addWorktree } from "../../core/worktree/add.ts";
import { createProgress } from "../../output/progress.ts";
import { jsonArg, quietArg } from "../_args.ts";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "add", description: "Create a worktree at <path> and check out <commit-ish> into it, as git worktree add" },
  args: {
    path: { type: "positional", required: true, description: "Where to create the worktree", valueHint: "path" },
    commitish: { type: "positional", required: false, description: "Branch or commit to check out (default: a new branch named after <path>, from HEAD)", valueHint: "commit-ish" },
    "new-branch": { type: "string", alias: "b", description: "Create a new branch <new-branch> starting at <commit-ish>", valueHint: "new-branch" },
    "reset-branch": { type: "string", alias: "B", description: "Like -b, but reset the branch if it exists", valueHint: "new-branch" },
    detach: { type: "boolean", alias: "d", description: "Detach HEAD in the new worktree" },
    force: { type: "boolean", alias: "f", description: "Check out a branch in use elsewhere, or reuse a missing registered path; twice for a locked one" },
    lock: { type: "boolean", description: "Keep the new worktree locked" },
    reason: { type: "string", description: "With --lock: the reason", valueHint: "string" },
    checkout: { type: "boolean", default: true, description: "Check out the files (--no-checkout: only HEAD and admin files)" },
    "guess-remote": { type: "boolean", description: "With no <commit-ish>: base the new branch on a matching remote-tracking branch" },
    track: { type: "boolean", description: "Set up the new branch's upstream (--no-track: never)" },
    ...quietArg,
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const force = ctx.count("force");
    const quiet = args.quiet === true;
    const json = args.json === true;
    let progress: ReturnType<typeof createProgress> | null = null;
    const say = (line: string) => {
      if (quiet || json) return;
      progress?.done(); // end a progress line first, as git's "Updating files: ..., done."
      ctx.io.err(`${line}\n`);
    };
    const newBranch = args["new-branch"];
    const resetBranch = args["reset-branch"];
    if (newBranch === "") throw new UsageError("option '-b' needs a branch name");
    if (resetBranch === "") throw new UsageError("option '-B' needs a branch name");
    const { repo, config } = ctx.repo();
    progress = quiet || json ? null : createProgress("Updating files", { enabled: ctx.io.isTTY(2), write: ctx.io.err });
    try {
      const result = await addWorktree(
        repo,
        config,
        {
          path: String(args.path),
          commitish: typeof args.commitish === "string" ? args.commitish : undefined,
          newBranch: typeof newBranch === "string" ? newBranch : undefined,
          forceNewBranch: typeof resetBranch === "string" ? resetBranch : undefined,
          detach: args.detach === true,
          force,
          lock: args.lock === true,
          reason: typeof args.reason === "string" ? args.reason : undefined,
          checkout: args.checkout !== false,
          guessRemote: ctx.given("guess-remote") ? args["guess-remote"] === true : undefined,
          track: ctx.given("track") ? args.track === true : undefined,
          cwd: ctx.cwd,
        },
        {
          onMessage: say,
          onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
          warn: (m) => ctx.io.err(`warning: ${m}\n`),
          hint: (m) => ctx.io.err(`hint: ${m}\n`),
          env: ctx.env,
        },
      );
      progress?.done();
      if (json) ctx.json(result);
      // As git: the add stands, but the post-checkout hook's failure is the command's exit status.
      if (result.postCheckout?.error) ctx.io.err(`error: ${result.postCheckout.error}\n`);
      return result.postCheckout?.exitCode ?? 0;
    } finally {
      progress?.clear();
    }
  },
});
