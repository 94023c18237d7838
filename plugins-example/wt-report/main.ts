#!/usr/bin/env bun
/**
 * repo-manager-plugin-wt-report: a report of the repository's worktrees, read
 * from the context document repo-manager hands every plugin. Text by default;
 * one JSON document when REPO_MANAGER_OUTPUT=json (repo-manager --json wt-report)
 * or with --json when run by hand.
 *
 * Build: bun build --compile plugins-example/wt-report/main.ts --outfile repo-manager-plugin-wt-report
 */
import { readFileSync } from "node:fs";

const METADATA = {
  schemaVersion: 1,
  name: "wt-report",
  version: "1.0.0",
  description: "Report of the repository's worktrees (branch, state, locks)",
  vendor: "repo-manager examples",
  protocols: [1],
  json: true,
  commands: [{ name: "wt-report", summary: "Print a report of the worktrees", usage: "repo-manager wt-report [--json]" }],
};

interface Worktree {
  path: string;
  head: string | null;
  branch: string | null;
  detached: boolean;
  bare: boolean;
  locked: boolean;
  lockReason: string | null;
  prunable: boolean;
  prunableReason: string | null;
  isMain: boolean;
  isCurrent: boolean;
}

interface Context {
  schemaVersion: number;
  output: "text" | "json";
  repo: { root: string | null; commonDir: string; head: { oid: string | null; ref: string | null }; worktrees: Worktree[] } | null;
}

function fail(message: string, code = 1): never {
  process.stderr.write(`wt-report: ${message}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
if (args[0] === "__repo-manager-metadata") {
  process.stdout.write(`${JSON.stringify(METADATA)}\n`);
  process.exit(0);
}
const contextPath = process.env.REPO_MANAGER_CONTEXT;
if (!contextPath) fail("run me through repo-manager ('repo-manager wt-report'): REPO_MANAGER_CONTEXT is not set", 2);
const ctx = JSON.parse(readFileSync(contextPath, "utf8")) as Context;
if (ctx.schemaVersion !== 1) fail(`unsupported context schemaVersion ${ctx.schemaVersion}`);
if (!ctx.repo) fail("not inside a git repository");

const json = process.env.REPO_MANAGER_OUTPUT === "json" || args.includes("--json");
const state = (w: Worktree): string =>
  w.bare ? "bare" : w.prunable ? "prunable" : w.locked ? "locked" : w.detached ? "detached" : "ok";
const branch = (w: Worktree): string => (w.branch ? w.branch.replace(/^refs\/heads\//, "") : w.detached ? "(detached)" : "-");

const rows = ctx.repo.worktrees.map((w) => ({
  path: w.path,
  branch: branch(w),
  head: w.head ? w.head.slice(0, 7) : null,
  state: state(w),
  current: w.isCurrent,
  note: w.lockReason ?? w.prunableReason ?? null,
}));
const summary = {
  repository: ctx.repo.commonDir,
  worktrees: rows.length,
  locked: ctx.repo.worktrees.filter((w) => w.locked).length,
  prunable: ctx.repo.worktrees.filter((w) => w.prunable).length,
  detached: ctx.repo.worktrees.filter((w) => w.detached).length,
  rows,
};

if (json) {
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} else {
  const width = Math.max(...rows.map((r) => r.path.length));
  let out = `${summary.worktrees} worktree(s) in ${summary.repository}: ${summary.locked} locked, ${summary.prunable} prunable, ${summary.detached} detached\n`;
  for (const r of rows) {
    out += `${r.current ? "*" : " "} ${r.path.padEnd(width)}  ${r.branch.padEnd(16)} ${r.head ?? "(unborn)"}  ${r.state}${r.note ? ` (${r.note})` : ""}\n`;
  }
  process.stdout.write(out);
}
