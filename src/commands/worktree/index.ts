import { defineCommand } from "citty";

const load = (p: Promise<{ default: unknown }>) => p.then((m) => m.default as ReturnType<typeof defineCommand>);

export default defineCommand({
  meta: { name: "worktree", alias: "wt", description: "Manage git worktrees, interoperable with git worktree" },
  subCommands: {
    list: () => load(import("./list.ts")),
    add: () => load(import("./add.ts")),
    remove: () => load(import("./remove.ts")),
    lock: () => load(import("./lock.ts")),
    unlock: () => load(import("./unlock.ts")),
    move: () => load(import("./move.ts")),
    prune: () => load(import("./prune.ts")),
    repair: () => load(import("./repair.ts")),
  },
});
