import { defineCommand } from "citty";

const load = (p: Promise<{ default: unknown }>) => p.then((m) => m.default as ReturnType<typeof defineCommand>);

export default defineCommand({
  meta: { name: "plugin", description: "List, inspect, install and run plugins" },
  subCommands: {
    list: () => load(import("./list.ts")),
    info: () => load(import("./info.ts")),
    install: () => load(import("./install.ts")),
    uninstall: () => load(import("./uninstall.ts")),
    run: () => load(import("./run.ts")),
    exec: () => load(import("./exec.ts")),
  },
});
