import { defineCommand } from "citty";
import { jsonArg } from "./_args.ts";
import { contextOf } from "./_context.ts";

export default defineCommand({
  meta: { name: "context", description: "Print the context document plugins receive (REPO_MANAGER_CONTEXT)" },
  args: { ...jsonArg },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const [{ buildContext }, { hostBin }] = await Promise.all([import("../core/context.ts"), import("../plugins/host-bin.ts")]);
    const output = args.json ? "json" : "text";
    const doc = await buildContext({
      version: ctx.version,
      bin: await hostBin(ctx.env),
      cwd: ctx.cwd,
      output,
      color: ctx.io.color(1),
      env: ctx.env,
      discover: ctx.repo,
    });
    if (args.json) {
      ctx.json(doc);
      return 0;
    }
    const { renderTable } = await import("../output/table.ts");
    const r = doc.repo;
    const rows: string[][] = [
      ["host", `repo-manager ${doc.host.version} (${doc.host.platform})`],
      ["bin", doc.host.bin],
      ["cwd", doc.cwd],
    ];
    if (r) {
      rows.push(
        ["root", r.root ?? "(bare)"],
        ["git dir", r.gitDir],
        ["common dir", r.commonDir],
        ["head", `${r.head.ref ?? "(detached)"} ${r.head.oid ?? "(unborn)"}`],
        ["worktrees", r.worktrees.map((w) => w.path).join("\n") || "-"],
      );
    } else rows.push(["repo", doc.repoError ? `unreadable: ${doc.repoError.message}` : "none (not inside a git repository)"]);
    // Multi-line cells (the worktree paths) continue under the value column.
    const lines = rows.flatMap(([k, v]) => (v as string).split("\n").map((line, i) => (i === 0 ? [`${k}:`, line] : ["", line])));
    ctx.io.out(`${renderTable(lines)}\n`);
    return 0;
  },
});
