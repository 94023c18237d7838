import { describe, expect, test } from "bun:test";
import { cacheDir, configDir, executableExtensions, isSearchableDir, pluginNameOf, searchDirs } from "../../../src/plugins/paths.ts";

describe("plugin paths", () => {
  test("config dir: REPO_MANAGER_CONFIG_DIR, then XDG_CONFIG_HOME, then APPDATA on Windows, then ~/.config", () => {
    expect(configDir({ REPO_MANAGER_CONFIG_DIR: "/c", XDG_CONFIG_HOME: "/x", HOME: "/h" }, "linux")).toBe("/c");
    expect(configDir({ XDG_CONFIG_HOME: "/x", HOME: "/h" }, "linux")).toBe("/x/repo-manager");
    expect(configDir({ HOME: "/h" }, "linux")).toBe("/h/.config/repo-manager");
    expect(configDir({ APPDATA: "/appdata", HOME: "/h" }, "win32")).toContain("appdata");
    expect(configDir({ APPDATA: "/appdata", HOME: "/h" }, "linux")).toBe("/h/.config/repo-manager");
  });

  test("cache dir: XDG_CACHE_HOME, then LOCALAPPDATA on Windows, then ~/.cache", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" }, "linux")).toBe("/x/repo-manager");
    expect(cacheDir({ HOME: "/h" }, "linux")).toBe("/h/.cache/repo-manager");
    expect(cacheDir({ LOCALAPPDATA: "/local", HOME: "/h" }, "win32")).toContain("local");
  });

  test("search order: REPO_MANAGER_PLUGIN_PATH, config plugins dir, PATH; empty and '.' entries and duplicates dropped", () => {
    const dirs = searchDirs({ REPO_MANAGER_PLUGIN_PATH: "/a::/b:.", REPO_MANAGER_CONFIG_DIR: "/c", PATH: "/usr/bin:/a:/bin" }, "linux");
    expect(dirs).toEqual([
      { dir: "/a", source: "env" },
      { dir: "/b", source: "env" },
      { dir: "/c/plugins", source: "config" },
      { dir: "/usr/bin", source: "path" },
      { dir: "/bin", source: "path" },
    ]);
  });

  test("every relative entry is dropped, and a relative config dir too (issue 14, item 8)", () => {
    const dirs = searchDirs({ REPO_MANAGER_PLUGIN_PATH: "./:bin:./bin:.//:x/..:/a", XDG_CONFIG_HOME: "rel", PATH: "node_modules/.bin:/usr/bin:~/bin" }, "linux");
    expect(dirs).toEqual([
      { dir: "/a", source: "env" },
      { dir: "/usr/bin", source: "path" },
    ]);
    expect(["C:\\bin", "c:/bin", "\\\\server\\share\\bin", "\\\\?\\C:\\bin"].map((d) => isSearchableDir(d, "win32"))).toEqual([true, true, true, true]);
    expect(["C:bin", "\\bin", "/bin", "bin", ".\\bin", ""].map((d) => isSearchableDir(d, "win32"))).toEqual([false, false, false, false, false, false]);
    expect(["/bin", "bin", "./bin", "", "~/bin"].map((d) => isSearchableDir(d, "linux"))).toEqual([true, false, false, false, false]);
  });

  test("Windows: ';' separates, Path is read, duplicates compare case-insensitively", () => {
    const dirs = searchDirs({ REPO_MANAGER_CONFIG_DIR: "C:\\cfg", Path: "C:\\Tools;c:\\tools;D:\\bin" }, "win32");
    // (the config dir is joined with the host's separator, so only its prefix is checked)
    expect(dirs[0]?.dir.startsWith("C:\\cfg")).toBe(true);
    expect(dirs.slice(1).map((d) => d.dir)).toEqual(["C:\\Tools", "D:\\bin"]);
    expect(dirs.map((d) => d.source)).toEqual(["config", "path", "path"]);
  });

  test("PATHEXT: .exe first, lower-cased; Unix has no extension", () => {
    expect(executableExtensions({ PATHEXT: ".COM;.BAT;.CMD;.EXE" }, "win32")).toEqual([".exe", ".com", ".bat", ".cmd"]);
    expect(executableExtensions({}, "win32")).toEqual([".exe", ".com", ".bat", ".cmd"]);
    expect(executableExtensions({ PATHEXT: ".EXE" }, "linux")).toEqual([""]);
  });

  test("plugin names from file names", () => {
    expect(pluginNameOf("repo-manager-plugin-hello", [""])).toBe("hello");
    expect(pluginNameOf("repo-manager-plugin-", [""])).toBeUndefined();
    expect(pluginNameOf("other-tool", [""])).toBeUndefined();
    expect(pluginNameOf("repo-manager-plugin-Hello.EXE", [".exe", ".cmd"])).toBe("hello");
    expect(pluginNameOf("repo-manager-plugin-x.cmd", [".exe", ".cmd"])).toBe("x");
    expect(pluginNameOf("repo-manager-plugin-x.txt", [".exe", ".cmd"])).toBeUndefined();
    expect(pluginNameOf("repo-manager-plugin-x", [".exe", ".cmd"])).toBeUndefined();
  });
});
