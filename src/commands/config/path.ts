/** `repo-manager config path`: the files the configuration is read from, user first. */
import { existsSync } from "node:fs";
import { defineCommand } from "citty";
import { configFiles } from "../../core/workflow/config.ts";
import { jsonArg } from "../_args.ts";
import { contextOf } from "../_context.ts";
import { repoOrNull } from "./_repo.ts";

export default defineCommand({
  meta: { name: "path", description: "Print the configuration files read (user, then project), whether or not they exist" },
  args: { ...jsonArg },
  run({ args, data }) {
    const ctx = contextOf(data);
    const files = configFiles(ctx.env, repoOrNull(ctx));
    const list = [
      { scope: "user", path: files.user },
      ...(files.project === null ? [] : [{ scope: "project", path: files.project }]),
    ].map((f) => ({ ...f, exists: existsSync(f.path) }));
    if (args.json) ctx.json(list);
    else for (const f of list) ctx.io.out(`${f.path}\n`);
    return 0;
  },
});
