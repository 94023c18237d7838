import { describe, expect, test } from "bun:test";
import { batchCommandLine, isBatchFile, quoteBatchArgument, UnsafeBatchArgumentError } from "../../../src/plugins/windows-cmd.ts";
import { spawnArgsFor } from "../../../src/plugins/spawn-args.ts";
import { PluginError } from "../../../src/plugins/errors.ts";

describe("batch-file argument quoting (BatBadBut)", () => {
  test("plain words pass unquoted; empty and spaced ones are quoted", () => {
    expect(quoteBatchArgument("abc")).toBe("abc");
    expect(quoteBatchArgument("a-b_c.txt")).toBe("a-b_c.txt");
    expect(quoteBatchArgument("")).toBe('""');
    expect(quoteBatchArgument("a b")).toBe('"a b"');
    expect(quoteBatchArgument("tab\there")).toBe('"tab\there"');
  });

  test("cmd metacharacters are made literal by quoting", () => {
    for (const arg of ["a&b", "a|b", "a<b", "a>b", "a^b", "(x)", "a,b", "a;b", "a=b"]) {
      expect(quoteBatchArgument(arg)).toBe(`"${arg}"`);
    }
  });

  test("characters no quoting can protect are refused", () => {
    for (const arg of ["%PATH%", "50%", "!x!", 'say "hi"', "a\nb", "a\rb", "a\0b", '" & calc.exe & "']) {
      expect(() => quoteBatchArgument(arg)).toThrow(UnsafeBatchArgumentError);
    }
  });

  test("a trailing backslash is doubled inside quotes so it cannot escape the closing quote", () => {
    expect(quoteBatchArgument("C:\\dir with space\\")).toBe('"C:\\dir with space\\\\"');
    expect(quoteBatchArgument("C:\\plain\\")).toBe("C:\\plain\\");
  });

  test("unicode passes", () => {
    expect(quoteBatchArgument("ünïcødé")).toBe("ünïcødé");
    expect(quoteBatchArgument("日本 語")).toBe('"日本 語"');
  });

  test("the command line quotes the file and wraps everything for cmd /s /c", () => {
    expect(batchCommandLine("C:\\p\\repo-manager-plugin-x.cmd", ["a b", "c&d"])).toBe(
      '/d /s /c ""C:\\p\\repo-manager-plugin-x.cmd" "a b" "c&d""',
    );
    expect(() => batchCommandLine("C:\\100%\\x.bat", [])).toThrow(UnsafeBatchArgumentError);
  });

  test("isBatchFile is case-insensitive", () => {
    expect(isBatchFile("x.CMD")).toBe(true);
    expect(isBatchFile("x.bat")).toBe(true);
    expect(isBatchFile("x.exe")).toBe(false);
    expect(isBatchFile("x")).toBe(false);
  });

  test("spawnArgsFor: batch plugins on win32 go through cmd.exe verbatim; refusals are PluginErrors naming the plugin", () => {
    const s = spawnArgsFor("x", "C:\\p\\repo-manager-plugin-x.bat", ["a b"], "win32", { ComSpec: "C:\\Windows\\system32\\cmd.exe" });
    expect(s).toEqual({ cmd: ["C:\\Windows\\system32\\cmd.exe", '/d /s /c ""C:\\p\\repo-manager-plugin-x.bat" "a b""'], windowsVerbatimArguments: true });
    let err: unknown;
    try {
      spawnArgsFor("x", "C:\\p\\repo-manager-plugin-x.bat", ["%USERPROFILE%"], "win32", {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PluginError);
    expect((err as PluginError).code).toBe("E_PLUGIN_UNSAFE_ARGUMENTS");
    expect((err as PluginError).message).toContain("plugin 'x'");
    // .exe on Windows and anything on Unix: argv as given, no shell.
    expect(spawnArgsFor("x", "C:\\p\\x.exe", ["%A%"], "win32", {})).toEqual({ cmd: ["C:\\p\\x.exe", "%A%"], windowsVerbatimArguments: false });
    expect(spawnArgsFor("x", "/p/x.bat", ["%A%"], "linux", {})).toEqual({ cmd: ["/p/x.bat", "%A%"], windowsVerbatimArguments: false });
  });
});
