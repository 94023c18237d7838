import { defineCommand } from "citty";
import { jsonArg } from "./_args.ts";

export default defineCommand({
  meta: { name: "context", description: "Print the context document plugins receive (REPO_MANAGER_CONTEXT)" },
  args: { ...jsonArg },
  async run({ args }) {
    const [{ buildContext }, { hostBin }, { colorEnabledFor }, { VERSION }] = await Promise.all([
      import("../core/context.ts"),
      import("../plugins/host-bin.ts"),
      import("../output/tty.ts"),
      import("../version.ts"),
    ]);
    const output = args.json ? "json" : "text";
    const doc = await buildContext({ version: VERSION, bin: await hostBin(), cwd: process.cwd(), output, color: colorEnabledFor(1) });
    if (args.json) {
      const { printJson } = await import("../output/json.ts");
      printJson(doc);
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
    const { writeOut } = await import("../output/stdio.ts");
    writeOut(`${renderTable(lines)}\n`);
    return 0;
  },
});
