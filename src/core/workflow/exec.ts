/**
 * `switch -x <command> [<args>...]`: runs a program in the worktree switched
 * to, sharing our terminal, and passes its exit code through (128+n when a
 * signal n ended it, as a shell reports it). No shell is involved: the words
 * are the program and its arguments.
 */
import { constants } from "node:os";
import type { Env } from "../../plugins/paths.ts";
import { SwitchError } from "./errors.ts";

/** Runs `argv` in `cwd`; resolves with its exit code. Throws SwitchError when it cannot start. */
export async function runInWorktree(argv: readonly string[], cwd: string, env: Env): Promise<number> {
  const [program] = argv;
  if (program === undefined || program === "") throw new SwitchError("E_SWITCH_USAGE", "-x needs a command", "for example: switch feat -x npm test");
  let child: ReturnType<typeof Bun.spawn>;
  try {
    child = Bun.spawn([...argv], { cwd, env: env as Record<string, string>, stdin: "inherit", stdout: "inherit", stderr: "inherit" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SwitchError("E_EXEC", `cannot run '${program}': ${code === "ENOENT" ? "command not found" : (error as Error).message}`, "check the command after -x (it runs without a shell)", {
      command: program,
    });
  }
  const exit = await child.exited;
  if (child.signalCode) return 128 + (constants.signals[child.signalCode as keyof typeof constants.signals] ?? 0);
  return exit;
}
