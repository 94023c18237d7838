/**
 * `repo-manager switch [<target>] [-c] [--base <commit-ish>] [-x <command> [<args>...]] [--no-cd] [--json]`:
 * go to a branch's worktree, creating it at the `worktree-path` template if
 * it has none. With the shell integration (shell-init) the shell changes
 * directory; without it the path is printed on stdout.
 */
import { defineCommand } from "citty";
import type { ArgsDef } from "citty";
import { UsageError } from "../errors.ts";
import { loadConfig } from "../core/workflow/config.ts";
import { directiveFile, writeDirective } from "../core/workflow/directive.ts";
import { runInWorktree } from "../core/workflow/exec.ts";
import { firstTimeHint } from "../core/workflow/state.ts";
import { planSwitch, runSwitch } from "../core/workflow/switch.ts";
import { switchTargets } from "../core/workflow/targets.ts";
import { jsonArg, passthrough } from "./_args.ts";
import { contextOf } from "./_context.ts";
import { parseCommandLine } from "./_parse.ts";

const args = {
  target: {
    type: "positional",
    required: false,
    description: "Branch, worktree path or directory name; '-' the previous worktree, '@' the current one, '^' the main one",
    valueHint: "target",
  },
  create: { type: "boolean", alias: "c", description: "Create <target> as a new branch (from --base, default HEAD) in a new worktree" },
  base: { type: "string", description: "With -c: the commit the new branch starts at", valueHint: "commit-ish" },
  exec: { type: "string", alias: "x", description: "Run <command> [<args>...] in the worktree afterwards (the rest of the line); its exit code is switch's", valueHint: "command" },
  "worktree-path": { type: "string", description: "Where a new worktree goes, for this run (overrides the worktree-path setting; see docs/config.md)", valueHint: "template" },
  cd: { type: "boolean", default: true, description: "Change the shell's directory (--no-cd: only find or create the worktree)" },
  ...jsonArg,
} as const satisfies ArgsDef;

/** Splits the words at `-x` (or `--exec`, or a cluster ending in x: `-cx`): what follows is the command. */
export function splitExec(words: readonly string[]): { own: string[]; exec: string[] | null } {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "--") break;
    if (w === "--base" || w === "--worktree-path") {
      i++;
      continue;
    }
    if (w === "--exec" || /^-[a-z]*x$/.test(w)) {
      const own = words.slice(0, i);
      if (w.length > 2 && !w.startsWith("--")) own.push(w.slice(0, -1));
      return { own, exec: words.slice(i + 1) };
    }
  }
  return { own: [...words], exec: null };
}

export default passthrough(
  defineCommand({
    meta: { name: "switch", description: "Go to a branch's worktree, creating it at the worktree-path template if needed" },
    args,
    async run({ rawArgs, cmd, data }) {
      const ctx = contextOf(data);
      const { own, exec } = splitExec(rawArgs);
      // The frame answers --help only before the first word of a command that reads its own words.
      const options = own.includes("--") ? own.slice(0, own.indexOf("--")) : own;
      if (options.some((w) => w === "--help" || w === "-h")) {
        const { renderCommandHelp } = await import("./_help.ts");
        ctx.io.out(await renderCommandHelp(cmd, ["switch"], ctx.io.style(1)));
        return 0;
      }
      const parsed = parseCommandLine(args, own, { where: ctx.where }).values;
      const json = parsed.json === true || ctx.global.json;
      const cd = parsed.cd !== false && !json;
      if (exec !== null && exec.length === 0) throw new UsageError("option '-x' needs a command", { hint: "for example: repo-manager switch feat -x npm test" });
      let target = typeof parsed.target === "string" ? parsed.target : null;
      const noTerminal = () =>
        new UsageError("switch needs a <target> when not on a terminal", { hint: "name a branch or worktree, or '-' for the previous one" });
      // No target: the picker, on a terminal only (stdin for the keys, stderr to draw on).
      if (target === null && !ctx.io.isTTY(2)) throw noTerminal();
      const { repo, config } = ctx.repo();
      const template = parsed["worktree-path"];
      const settings = await loadConfig({ env: ctx.env, repo, options: typeof template === "string" ? { "worktree-path": template } : {} });
      for (const w of settings.warnings) ctx.io.err(`warning: ${w}\n`);
      if (target === null) {
        const items = switchTargets(repo, config).map((t) => ({ label: t.target, detail: t.path ?? "(no worktree yet)", current: t.isCurrent }));
        const keys = ctx.io.keys?.() ?? null;
        if (keys === null) throw noTerminal();
        const { pick } = await import("../output/picker.ts");
        const chosen = await pick(items, keys, { title: "switch to:", write: ctx.io.err, style: ctx.io.style(2) });
        if (chosen === null) return 130; // cancelled (Esc, Ctrl-C): nothing done
        target = chosen.label;
      }
      const plan = planSwitch(repo, config, {
        target: target as string,
        create: parsed.create === true,
        base: typeof parsed.base === "string" ? parsed.base : undefined,
        cwd: ctx.cwd,
        env: ctx.env,
        worktreePath: settings.values["worktree-path"],
      });
      const say = (line: string) => {
        if (!json) ctx.io.err(`${line}\n`);
      };
      const result = await runSwitch(repo, config, plan, {
        env: ctx.env,
        remember: cd,
        hooks: { onMessage: say, warn: (m) => ctx.io.err(`warning: ${m}\n`) },
      });
      if (json) {
        ctx.json({ path: result.path, branch: result.branch, created: result.created, createdBranch: result.createdBranch, tracking: result.tracking, previous: result.previous });
      } else if (cd) {
        const file = directiveFile(ctx.env);
        if (file === null || !writeDirective(file, result.path)) {
          ctx.io.out(`${result.path}\n`);
          if (file === null && firstTimeHint(ctx.env, "shell-integration")) {
            ctx.io.err("hint: to have switch change your shell's directory, run 'repo-manager shell install' (or see 'repo-manager shell-init --help')\n");
          }
        }
      }
      if (exec !== null) return runInWorktree(exec, result.path, ctx.env);
      return 0;
    },
  }),
);
