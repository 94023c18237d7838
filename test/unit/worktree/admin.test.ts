import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { displayWidth } from "../../../src/core/worktree/list-format.ts";
import {
  createAdminDir,
  gitTrim,
  readGitdirFile,
  readGitFileGently,
  readLocked,
  sanitizeWorktreeId,
  writeLocked,
} from "../../../src/git/worktree/worktree-admin.ts";
import { comparePaths, realpathForgiving } from "../../../src/git/repo/fspath.ts";

const tmp = realpathSync(mkdtempSync(join(tmpdir(), "rm-admin-")));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("sanitizeWorktreeId (sanitize_refname_component)", () => {
  test("plain names pass through", () => {
    expect(sanitizeWorktreeId("/x/feature-1")).toBe("feature-1");
    expect(sanitizeWorktreeId("/x/wt/")).toBe("wt");
  });
  test("forbidden characters become '-'", () => {
    expect(sanitizeWorktreeId("/x/a b~c^d:e?f*g[h\\i")).toBe("a-b-c-d-e-f-g-h-i");
    expect(sanitizeWorktreeId("/x/tab\there")).toBe("tab-here");
  });
  test("'..' collapses, a leading '.' and '@{' are replaced, '.lock' is dropped", () => {
    expect(sanitizeWorktreeId("/x/a..b")).toBe("a.b");
    expect(sanitizeWorktreeId("/x/.hidden")).toBe("-hidden");
    expect(sanitizeWorktreeId("/x/a@{b")).toBe("a@-b");
    expect(sanitizeWorktreeId("/x/name.lock.lock")).toBe("name");
  });
  test("non-ASCII stays", () => {
    expect(sanitizeWorktreeId("/x/ünï")).toBe("ünï");
  });
});

describe("admin files", () => {
  const common = join(tmp, "common");
  mkdirSync(join(common, "objects"), { recursive: true });
  mkdirSync(join(common, "refs"), { recursive: true });
  writeFileSync(join(common, "HEAD"), "ref: refs/heads/main\n");

  test("createAdminDir takes <id>, then <id>1, <id>2 as git", () => {
    expect(createAdminDir({ commonDir: common }, "/p/wt").id).toBe("wt");
    expect(createAdminDir({ commonDir: common }, "/q/wt").id).toBe("wt1");
    expect(createAdminDir({ commonDir: common }, "/r/wt").id).toBe("wt2");
  });
  test("locked: empty file without reason, reason + newline; read back trimmed", () => {
    const a = join(common, "worktrees", "wt");
    writeLocked(a, "");
    expect(readFileSync(join(a, "locked"), "utf8")).toBe("");
    expect(readLocked(a)).toBe("");
    rmSync(join(a, "locked"));
    writeLocked(a, "why");
    expect(readFileSync(join(a, "locked"), "utf8")).toBe("why\n");
    expect(readLocked(join(common, "worktrees", "wt1"))).toBeNull();
  });
  test("gitdir: absolute, CRLF, relative (newer git) and empty", () => {
    const a = join(common, "worktrees", "wt");
    writeFileSync(join(a, "gitdir"), "/abs/wt/.git\r\n");
    expect(readGitdirFile(a)).toBe("/abs/wt");
    mkdirSync(join(tmp, "relwt"));
    writeFileSync(join(a, "gitdir"), "../../../relwt/.git\n");
    expect(readGitdirFile(a)).toBe(join(tmp, "relwt"));
    writeFileSync(join(a, "gitdir"), "\n");
    expect(readGitdirFile(a)).toBeNull();
  });
  test("readGitFileGently: git's error kinds", () => {
    const wt = join(tmp, "wtdir");
    mkdirSync(wt);
    expect(readGitFileGently(join(wt, ".git")).error).toBe("stat-failed");
    writeFileSync(join(wt, ".git"), "nonsense\n");
    expect(readGitFileGently(join(wt, ".git")).error).toBe("invalid-format");
    writeFileSync(join(wt, ".git"), "gitdir: \n");
    expect(readGitFileGently(join(wt, ".git")).error).toBe("no-path");
    writeFileSync(join(wt, ".git"), "gitdir: /no/such/dir\n");
    expect(readGitFileGently(join(wt, ".git")).error).toBe("not-a-repo");
    writeFileSync(join(common, "worktrees", "wt", "HEAD"), "ref: refs/heads/x\n");
    writeFileSync(join(common, "worktrees", "wt", "commondir"), "../..\n");
    writeFileSync(join(wt, ".git"), `gitdir: ${join(common, "worktrees", "wt")}\n`);
    expect(readGitFileGently(join(wt, ".git"))).toEqual({ gitDir: join(common, "worktrees", "wt"), error: null });
    expect(readGitFileGently(common).error).toBe("not-a-file");
  });
  test("realpathForgiving allows a missing last component only", () => {
    expect(realpathForgiving(join(tmp, "missing"))).toBe(join(tmp, "missing"));
    expect(realpathForgiving(join(tmp, "missing", "deeper"))).toBeNull();
  });
});

describe("small helpers", () => {
  test("gitTrim trims git's whitespace only", () => {
    expect(gitTrim(" \t x y \r\n")).toBe("x y");
    expect(gitTrim("\v x \f")).toBe("\v x \f");
  });
  test("comparePaths orders by UTF-8 bytes (strcmp), or ASCII-case-folded", () => {
    expect(comparePaths("B", "a")).toBeLessThan(0);
    expect(comparePaths("B", "a", true)).toBeGreaterThan(0);
    expect(comparePaths("\uffff", "\u{10000}")).toBeLessThan(0); // UTF-16 order would say the opposite
  });
  test("displayWidth counts wide characters twice and control characters not at all", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("日本")).toBe(4);
    expect(displayWidth("a\nb")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1);
  });
});
