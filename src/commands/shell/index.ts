import { defineCommand } from "citty";

const load = (p: Promise<{ default: unknown }>) => p.then((m) => m.default as ReturnType<typeof defineCommand>);

export default defineCommand({
  meta: { name: "shell", description: "Install or uninstall the shell integration (the line that loads shell-init) in your rc file" },
  subCommands: {
    install: () => load(import("./install.ts")),
    uninstall: () => load(import("./uninstall.ts")),
  },
});
