import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isCompiledBinary, wrapperScript } from "../../../src/plugins/host-bin.ts";

const dir = mkdtempSync(join(tmpdir(), "rm-hostbin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("REPO_MANAGER_BIN", () => {
  test("compiled binaries are recognised by their virtual module paths", () => {
    expect(isCompiledBinary("/$bunfs/root/repo-manager")).toBe(true);
    expect(isCompiledBinary("B:\\~BUN\\root\\repo-manager.exe")).toBe(true);
    expect(isCompiledBinary("/work/main/src/main.ts")).toBe(false);
    expect(isCompiledBinary(Bun.main)).toBe(false); // this test runs from source
  });

  test("the source wrapper runs '<bun> <main>' with every argument intact, even with quotes in the paths", () => {
    // A stand-in "bun" that prints its arguments, at a path with a single quote and a space.
    const fakeBun = join(dir, "it's bun");
    writeFileSync(fakeBun, '#!/bin/sh\nfor a in "$@"; do printf "[%s]" "$a"; done\n');
    chmodSync(fakeBun, 0o755);
    const wrapper = join(dir, "repo-manager");
    writeFileSync(wrapper, wrapperScript(fakeBun, "/src/ma'in.ts", "linux"));
    chmodSync(wrapper, 0o755);
    const r = Bun.spawnSync([wrapper, "a b", "'q'", "ü"], { stdout: "pipe" });
    expect(r.stdout.toString()).toBe("[/src/ma'in.ts][a b]['q'][ü]");
  });

  test("Windows gets a .cmd wrapper passing %*", () => {
    expect(wrapperScript("C:\\bun\\bun.exe", "C:\\src\\main.ts", "win32")).toBe('@echo off\r\n"C:\\bun\\bun.exe" "C:\\src\\main.ts" %*\r\n');
  });
});
