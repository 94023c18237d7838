/**
 * Runs `worktree add` in-process and kills itself with SIGKILL at a chosen
 * point, for the kill -9 recovery tests (a real kill -9: no handler, no
 * rollback, no exit code but the signal's).
 *
 *   bun test/helpers/add-and-die.ts <point> <path> [-b <branch> | -B <branch> <start>] [--lock <reason>]
 *
 * <point>: "checkout:<n>" once at least n files are written, or "index"
 * after the index is written (at "HEAD is now at").
 */
import { addWorktree } from "../../src/core/worktree/add.ts";
import { discoverRepositorySync } from "../../src/git/repo/discovery.ts";

const [point = "", path = "", ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(name);
  return i === -1 ? undefined : rest[i + 1];
};
const die = (): never => {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};
const atFiles = point.startsWith("checkout:") ? Number(point.slice("checkout:".length)) : Number.POSITIVE_INFINITY;
const { repo, config } = discoverRepositorySync(process.cwd(), process.env);
const reason = flag("--lock");
await addWorktree(
  repo,
  config,
  {
    path,
    newBranch: flag("-b"),
    forceNewBranch: flag("-B"),
    commitish: flag("-B") !== undefined ? rest[rest.indexOf("-B") + 2] : undefined,
    detach: flag("-b") === undefined && flag("-B") === undefined,
    lock: reason !== undefined,
    reason,
    cwd: process.cwd(),
  },
  {
    onProgress: (done) => {
      if (done >= atFiles && done < Number.POSITIVE_INFINITY) die();
    },
    onMessage: (line) => {
      if (point === "index" && line.startsWith("HEAD is now at")) die();
    },
  },
);
process.stderr.write("add finished without being killed\n");
process.exit(3);
