// Every file-changing syscall of `worktree add` (30 files, one thread, and 70 files with the
// checkout worker) and of `worktree move` gets its own kill -9 (scripts/crash-sweep.ts); after
// the recovery (`prune`; `repair` then `prune` after a move) `.git` and the target must be
// exactly as before the command or as after it, every run. The 3,000-file sweep is the same
// script, run by hand (docs/worktree-add-remove.md gives its last result).
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { hasStrace, sweep } from "../../scripts/crash-sweep.ts";
import { BINARY } from "../helpers/sandbox.ts";

const STRACE = hasStrace();
if (!STRACE) console.log("skipped: strace is not installed (apt-get install strace); the crash sweep needs it");
const maybe = STRACE ? test : test.skip;
const MINUTES = 60_000;

function check(op: "add" | "move", files: number, workers: 0 | 1, stride = 1, edge?: number) {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  const lines: string[] = [];
  const r = sweep({ op, files, workers, stride, edge, bin: BINARY, log: (l) => lines.push(l) });
  console.log(`crash sweep ${op}, ${files} files, workers=${workers}, stride ${stride}: ${r.runs} runs, ${r.failures.length} failures, ${(r.ms / 1000).toFixed(1)} s`);
  if (r.failures.length > 0) console.log(lines.join("\n"));
  expect(r.failures).toEqual([]);
  expect(r.runs).toBeGreaterThan(files); // every file's creation and write had its own kill
}

describe("kill -9 at every file-changing syscall, then the recovery", () => {
  maybe("worktree add, 30 files, one thread: every syscall", () => check("add", 30, 0), 6 * MINUTES);
  // The worker takes every other run of 32 files: 70 files give it work. Kills land on whichever
  // thread makes its k-th call first; the first and last 25 calls of each kind, then every 4th.
  maybe("worktree add, 70 files, with the checkout worker", () => check("add", 70, 1, 4, 25), 6 * MINUTES);
  maybe("worktree move then repair: every syscall", () => check("move", 30, 0), 6 * MINUTES);
});
