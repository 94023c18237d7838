import { defineCommand } from "citty";

const load = (p: Promise<{ default: unknown }>) => p.then((m) => m.default as ReturnType<typeof defineCommand>);

export default defineCommand({
  meta: { name: "config", description: "Show repo-manager's configuration and the files it comes from" },
  subCommands: {
    show: () => load(import("./show.ts")),
    path: () => load(import("./path.ts")),
  },
});
