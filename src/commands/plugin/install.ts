import { defineCommand } from "citty";
import { jsonArg } from "../_args.ts";
import { resolve } from "node:path";
import { contextOf } from "../_context.ts";

export default defineCommand({
  meta: { name: "install", description: "Install a plugin executable from a file or URL as a managed plugin" },
  args: {
    source: { type: "positional", description: "Path of the plugin executable, or an https:// URL", required: true },
    sha256: { type: "string", valueHint: "hex", description: "Expected sha256 of the file (required for a URL)" },
    force: { type: "boolean", alias: "f", description: "Replace an installed plugin of the same name (or re-trust a changed one)" },
    ...jsonArg,
  },
  async run({ args, data }) {
    const ctx = contextOf(data);
    const [{ installPlugin }, { builtinNames }] = await Promise.all([import("../../plugins/install.ts"), import("../index.ts")]);
    const source = String(args.source);
    // A file is named relative to the cwd; a URL is taken as it is.
    const r = await installPlugin(/^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : resolve(ctx.cwd, source), {
      sha256: typeof args.sha256 === "string" ? args.sha256 : undefined,
      force: args.force === true,
      builtins: builtinNames(),
      env: ctx.env,
    });
    if (args.json) ctx.json(r);
    else {
      ctx.io.err(`${r.replaced ? "replaced" : "installed"} plugin '${r.name}' ${r.version} at ${r.path}\n  sha256 ${r.sha256}\n`);
    }
    return 0;
  },
});
