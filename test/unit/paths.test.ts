/**
 * verifyPath (git's verify_path plus the Windows rules) and the
 * case-insensitive collision check.
 */
import { describe, expect, test } from "bun:test";
import { checkCaseCollisions, verifyPath } from "../../src/git/checkout/paths.ts";
import { PathCollisionError, UnsafePathError } from "../../src/git/checkout/errors.ts";

const everywhere = { protectNtfs: true, protectHfs: true, windows: false };
const windows = { ...everywhere, windows: true };

describe("verifyPath", () => {
  test.each([
    ["../x", "'..' path component"],
    ["a/../b", "'..' path component"],
    ["./x", "'.' path component"],
    ["/etc/passwd", "absolute path"],
    ["a//b", "empty path component"],
    [".git/config", "'.git' path component"],
    ["sub/.Git/hooks/post-checkout", "'.git' path component"],
    [".git./x", "NTFS"],
    [".git ::$INDEX_ALLOCATION/x", "NTFS"],
    ["GIT~1/config", "NTFS"],
    [".g\u200dit/config", "HFS+"],
    ["\ufeff.git/config", "HFS+"],
  ])("refuses %p", (path, reason) => {
    expect(() => verifyPath(path, 0o100644, everywhere)).toThrow(UnsafePathError);
    expect(() => verifyPath(path, 0o100644, everywhere)).toThrow(reason);
  });

  test.each(["a", ".gitignore", ".github/workflows/ci.yml", "git~2", ".gitx", "a b/c d", "ünï/ç", "con", "a:b", "x."])(
    "accepts %p (no Windows rules)",
    (path) => {
      expect(() => verifyPath(path, 0o100644, everywhere)).not.toThrow();
    },
  );

  test("a .gitmodules symlink is refused, a .gitmodules file is not", () => {
    expect(() => verifyPath(".gitmodules", 0o120000, everywhere)).toThrow("must not be a symbolic link");
    expect(() => verifyPath("sub/.GITMODULES", 0o120000, everywhere)).toThrow("must not be a symbolic link");
    expect(() => verifyPath(".gitmodules", 0o100644, everywhere)).not.toThrow();
  });

  test.each([
    ["CON", "reserved device name"],
    ["dir/nul.txt", "reserved device name"],
    ["COM1", "reserved device name"],
    ["lpt9.log", "reserved device name"],
    ["conout$", "reserved device name"],
    ["trailing.", "ends with a dot or space"],
    ["space /x", "ends with a dot or space"],
    ["dir/ab:c", "character Windows does not allow"],
    ["a:b", "drive-letter path"],
    ["what?", "character Windows does not allow"],
    ["back\\slash", "character Windows does not allow"],
    ["C:/x", "drive-letter path"],
  ])("with Windows rules refuses %p", (path, reason) => {
    expect(() => verifyPath(path, 0o100644, windows)).toThrow(reason);
  });

  test.each(["console", "com10", "CONFIG.SYS", "nul-not.txt", "a.b.c"])("with Windows rules accepts %p", (path) => {
    expect(() => verifyPath(path, 0o100644, windows)).not.toThrow();
  });

  test("the error is a clear one-line message with a hint and the path as data", () => {
    try {
      verifyPath("a/../../etc", 0o100644, everywhere);
      throw new Error("unreachable");
    } catch (e) {
      const err = e as UnsafePathError;
      expect(err.code).toBe("E_UNSAFE_PATH");
      expect(err.message).toBe("refusing to check out unsafe path 'a/../../etc': '..' path component");
      expect(err.hint).toContain("git ls-tree");
      expect(err.data).toEqual({ path: "a/../../etc", reason: "'..' path component" });
    }
  });
});

describe("checkCaseCollisions", () => {
  test("files and directories that fold together", () => {
    expect(() => checkCaseCollisions(["README", "readme"])).toThrow(PathCollisionError);
    expect(() => checkCaseCollisions(["Docs/a", "docs/b"])).toThrow("paths 'Docs' and 'docs' collide");
    expect(() => checkCaseCollisions(["a", "A/x"])).toThrow(PathCollisionError);
    // NFC vs NFD spellings of the same name (macOS normalises).
    expect(() => checkCaseCollisions(["caf\u00e9", "cafe\u0301"])).toThrow(PathCollisionError);
  });
  test("distinct names pass, shared parents are fine", () => {
    expect(() => checkCaseCollisions(["a/x", "a/y", "a/z/w", "b", "ab"])).not.toThrow();
  });
});
