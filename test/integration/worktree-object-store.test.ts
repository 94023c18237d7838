// add and remove open the object store the same way (openRepositoryObjectStore):
// a partial clone marked only by remote.<name>.promisor says "never fetched", and
// objects reachable only through GIT_ALTERNATE_OBJECT_DIRECTORIES are found by both.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GitConfig, normalizeKey } from "../../src/git/config/config.ts";
import { deltaBaseCacheLimit, isPartialClone } from "../../src/git/objects/repository-store.ts";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-wtstore-");
});
afterAll(() => sb.cleanup());

const entry = (key: string, value: string | null) => {
  const parts = key.split(".");
  const name = parts.pop() as string;
  const section = (parts.shift() as string).toLowerCase();
  const subsection = parts.length > 0 ? parts.join(".") : null;
  return { key: normalizeKey(key), section, subsection, name, value, file: "x", line: 1, scope: "local" as const };
};

describe("isPartialClone", () => {
  test("extensions.partialClone or any remote.<name>.promisor=true", () => {
    expect(isPartialClone(new GitConfig([]))).toBe(false);
    expect(isPartialClone(new GitConfig([entry("extensions.partialClone", "origin")]))).toBe(true);
    expect(isPartialClone(new GitConfig([entry("remote.origin.url", "x"), entry("remote.origin.promisor", "true")]))).toBe(true);
    expect(isPartialClone(new GitConfig([entry("remote.up.promisor", "false")]))).toBe(false);
    expect(isPartialClone(new GitConfig([entry("remote.up.promisor", "maybe")]))).toBe(false);
  });
});

describe("deltaBaseCacheLimit", () => {
  test("git's size syntax, else the fallback", () => {
    const limit = (v: string | null) => deltaBaseCacheLimit(new GitConfig(v === null ? [] : [entry("core.deltaBaseCacheLimit", v)]), 7);
    expect(limit(null)).toBe(7);
    expect(limit("96m")).toBe(96 * 1024 * 1024);
    expect(limit("2G")).toBe(2 * 1024 ** 3);
    expect(limit("4096")).toBe(4096);
    expect(limit("lots")).toBe(7);
  });
});

describe("worktree add/remove and the object store", () => {
  test("add in a git 2.39 partial clone (promisor remote only) says the blob was never fetched, and leaves nothing", () => {
    const server = initRepo(sb, "server");
    writeFileSync(join(server, "big.txt"), "content\n".repeat(100));
    sb.git(["add", "."], { cwd: server });
    sb.git(["commit", "-q", "-m", "two"], { cwd: server });
    sb.git(["config", "uploadpack.allowFilter", "true"], { cwd: server });
    const clone = join(sb.root, "partial");
    sb.git(["clone", "-q", "--no-checkout", "--filter=blob:none", `file://${server}`, clone]);
    expect(sb.gitRaw(["config", "extensions.partialClone"], { cwd: clone }).stdout.trim()).toBe(""); // 2.39 writes only the promisor flag
    expect(sb.git(["config", "remote.origin.promisor"], { cwd: clone }).trim()).toBe("true");
    const before = snapshotTree(clone);
    const r = sb.run(["worktree", "add", "--detach", "../pwt"], { cwd: clone, env: { GIT_NO_LAZY_FETCH: "1" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("partial clone");
    expect(r.stderr).toContain("never fetched");
    expect(r.stderr).not.toContain("    at ");
    expect(snapshotTree(clone)).toBe(before);
    expect(existsSync(join(sb.root, "pwt"))).toBe(false);
  });

  test("remove finds HEAD's tree through GIT_ALTERNATE_OBJECT_DIRECTORIES, as add does", () => {
    const shared = initRepo(sb, "shared");
    const user = join(sb.root, "user");
    mkdirSync(user);
    sb.git(["init", "-q"], { cwd: user });
    const oid = sb.git(["rev-parse", "HEAD"], { cwd: shared }).trim();
    const env = { GIT_ALTERNATE_OBJECT_DIRECTORIES: join(shared, ".git", "objects") };
    sb.git(["update-ref", "refs/heads/main", oid], { cwd: user, env });
    const add = sb.run(["worktree", "add", "--detach", "../alt-wt", "main"], { cwd: user, env });
    expect(add.stderr).not.toContain("error");
    expect(add.code).toBe(0);
    expect(sb.git(["status", "--porcelain"], { cwd: join(sb.root, "alt-wt"), env })).toBe("");
    const rm = sb.run(["worktree", "remove", "../alt-wt"], { cwd: user, env });
    expect(rm.stderr).toBe("");
    expect(rm.code).toBe(0);
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: user, env })).not.toContain("alt-wt");
  });
});
