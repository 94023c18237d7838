// Running a hook program: exit status as git's run-command reports it (128+n on signal n), stdin
// text, and the Windows path (no exec bit: a #! script through sh, anything else not started).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHookProgram } from "../../../src/platform/run-hook.ts";

let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "rm-runhook-")));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (name: string, body: string, mode = 0o755) => {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, mode);
  return p;
};

describe("runHookProgram", () => {
  test("arguments, cwd, environment and stdin reach the hook; its exit code comes back", () => {
    const out = join(dir, "out");
    const p = script("rec", `{ echo "$*"; pwd -P; echo "$ONLY"; cat; } > "${out}"; exit 7`);
    const r = runHookProgram({ path: p, args: ["a", "b c"], cwd: dir, env: { PATH: process.env.PATH, ONLY: "yes" }, stdin: "line\n" });
    expect(r).toEqual({ exitCode: 7, signal: null, notStarted: null });
    expect(readFileSync(out, "utf8")).toBe(`a b c\n${dir}\nyes\nline\n`);
  });

  test("killed by a signal: 128 + n", () => {
    const r = runHookProgram({ path: script("kill", "kill -TERM $$"), args: [], cwd: dir, env: { PATH: process.env.PATH }, stdin: null });
    expect(r).toEqual({ exitCode: 143, signal: 15, notStarted: null });
  });

  test("Windows rule: a #! script without exec bit runs through sh; a file without #! is not started", () => {
    if (Bun.which("sh") === null) return;
    const ok = script("win-ok", "exit 4", 0o644);
    expect(runHookProgram({ path: ok, args: [], cwd: dir, env: { PATH: process.env.PATH }, stdin: null }, "win32").exitCode).toBe(4);
    const plain = join(dir, "plain");
    writeFileSync(plain, "exit 0\n");
    const r = runHookProgram({ path: plain, args: [], cwd: dir, env: { PATH: process.env.PATH }, stdin: null }, "win32");
    expect(r.notStarted).toBe("neither an .exe nor a #! script");
    expect(r.exitCode).toBe(255);
  });
});
