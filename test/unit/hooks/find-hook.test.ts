// git's find_hook: core.hooksPath or the common dir's hooks/, the exec bit on POSIX, and git for
// Windows' rule there (no exec bit: a `.exe`, or a script starting with `#!`).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findHook } from "../../../src/git/hooks/find-hook.ts";

let root: string;
let common: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "rm-findhook-")));
  common = join(root, "repo", ".git");
  mkdirSync(join(common, "hooks"), { recursive: true });
  mkdirSync(join(root, "repo", "myhooks"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const put = (path: string, text: string, mode: number) => {
  writeFileSync(path, text);
  chmodSync(path, mode);
};

describe("findHook", () => {
  test("none, executable, not executable (with git's name for it)", () => {
    const base = { commonDir: common, hooksPath: undefined, baseDir: join(root, "repo") };
    expect(findHook({ ...base, name: "post-checkout" }, "linux")).toEqual({ path: null, ignored: null });
    put(join(common, "hooks", "post-checkout"), "#!/bin/sh\n", 0o755);
    expect(findHook({ ...base, name: "post-checkout" }, "linux")).toEqual({ path: join(common, "hooks", "post-checkout"), ignored: null });
    put(join(common, "hooks", "reference-transaction"), "#!/bin/sh\n", 0o644);
    expect(findHook({ ...base, name: "reference-transaction" }, "linux")).toEqual({ path: null, ignored: ".git/hooks/reference-transaction" });
    expect(findHook({ ...base, name: "reference-transaction", absoluteGitDir: true }, "linux").ignored).toBe(join(common, "hooks", "reference-transaction"));
    // a directory named like a hook is no hook
    mkdirSync(join(common, "hooks", "pre-commit"));
    expect(findHook({ ...base, name: "pre-commit" }, "linux")).toEqual({ path: null, ignored: null });
  });

  test("core.hooksPath replaces hooks/, relative to the directory git runs in", () => {
    put(join(root, "repo", "myhooks", "post-checkout"), "#!/bin/sh\n", 0o755);
    const o = { name: "post-checkout", commonDir: common, hooksPath: "myhooks", baseDir: join(root, "repo") };
    expect(findHook(o, "linux").path).toBe(join(root, "repo", "myhooks", "post-checkout"));
    expect(findHook({ ...o, baseDir: join(root, "elsewhere") }, "linux").path).toBe(null);
  });

  test("Windows: a #! script or an .exe runs, other files are ignored", () => {
    const o = { commonDir: common, hooksPath: undefined, baseDir: join(root, "repo") };
    put(join(common, "hooks", "post-merge"), "echo no shebang\n", 0o644);
    expect(findHook({ ...o, name: "post-merge" }, "win32")).toEqual({ path: null, ignored: ".git/hooks/post-merge" });
    put(join(common, "hooks", "post-rewrite"), "#!/bin/sh\nexit 0\n", 0o644);
    expect(findHook({ ...o, name: "post-rewrite" }, "win32").path).toBe(join(common, "hooks", "post-rewrite"));
    put(join(common, "hooks", "pre-push.exe"), "MZ", 0o644);
    expect(findHook({ ...o, name: "pre-push" }, "win32").path).toBe(join(common, "hooks", "pre-push.exe"));
  });
});
