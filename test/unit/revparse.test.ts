// Commit-ish resolution against `git rev-parse` as the oracle: ids (full, abbreviated,
// ambiguous), git's ref DWIM order, HEAD/@, tags, and ^/~ suffixes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openObjectStore } from "../../src/git/objects/index.ts";
import { findOidsByPrefix } from "../../src/git/refs/oid-prefix.ts";
import { type RevContext, resolveCommitish, resolveRevision } from "../../src/git/refs/revparse.ts";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";
import { AmbiguousRevisionError, UnknownRevisionError } from "../../src/git/refs/errors.ts";

let sb: Sandbox;
let repo: string;
let ctx: RevContext;
let store: ReturnType<typeof openObjectStore>;

beforeAll(() => {
  sb = createSandbox("rm-revparse-");
  repo = initRepo(sb, "repo");
  const g = (...a: string[]) => sb.git(a, { cwd: repo });
  for (let i = 0; i < 4; i++) g("commit", "-q", "--allow-empty", "-m", `c${i}`);
  g("checkout", "-q", "-b", "side", "HEAD~2");
  g("commit", "-q", "--allow-empty", "-m", "side");
  g("checkout", "-q", "main");
  g("merge", "-q", "--no-ff", "-m", "merge", "side");
  g("tag", "light", "HEAD~1");
  g("tag", "-a", "-m", "annotated", "annot", "HEAD~2");
  g("tag", "-a", "-m", "tag of tag", "nested", "annot");
  // DWIM order: a tag and a branch with the same name -> the tag wins (refs/tags before refs/heads)
  g("branch", "same", "HEAD~3");
  g("tag", "same", "HEAD");
  // refs/remotes/<x> and refs/remotes/<x>/HEAD
  g("update-ref", "refs/remotes/origin/main", "HEAD~1");
  g("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
  g("pack-refs", "--all");
  g("branch", "loose-after-pack", "HEAD~2");
  g("repack", "-q", "-a", "-d");
  store = openObjectStore(join(repo, ".git", "objects"));
  ctx = { gitDir: join(repo, ".git"), commonDir: join(repo, ".git"), store, objectDirs: store.objectDirs };
});
afterAll(() => {
  store.close();
  sb.cleanup();
});

const revParse = (rev: string) => sb.git(["rev-parse", "--verify", "-q", rev], { cwd: repo }).trim();

describe("resolveRevision / resolveCommitish agree with git rev-parse", () => {
  const revs = [
    "HEAD", "@", "main", "side", "light", "annot", "nested", "same", "origin/main", "origin", "refs/heads/side", "heads/side",
    "loose-after-pack", "HEAD~1", "HEAD~", "HEAD^", "HEAD^2", "HEAD^1~1", "HEAD~2^0", "@~1", "annot^{}", "nested^{}",
    "nested^{tag}", "annot^{commit}", "HEAD^{commit}", "main~3", "side^", "tags/light",
  ];
  for (const rev of revs) {
    test(rev, () => {
      expect(resolveRevision(ctx, rev).oid).toBe(revParse(rev));
      expect(resolveCommitish(ctx, rev).oid).toBe(revParse(`${rev}^{commit}`));
    });
  }
  test("full and abbreviated ids", () => {
    const full = revParse("HEAD~2");
    expect(resolveCommitish(ctx, full).oid).toBe(full);
    expect(resolveCommitish(ctx, full.slice(0, 7)).oid).toBe(full);
    expect(resolveCommitish(ctx, full.slice(0, 4).toUpperCase()).oid).toBe(full);
    expect(findOidsByPrefix(ctx.objectDirs, full.slice(0, 10))).toEqual([full]);
  });
  test("the ref DWIM reports the ref it matched", () => {
    expect(resolveRevision(ctx, "same").ref).toBe("refs/tags/same");
    expect(resolveRevision(ctx, "origin").ref).toBe("refs/remotes/origin/main");
    expect(resolveRevision(ctx, "side").ref).toBe("refs/heads/side");
    expect(resolveRevision(ctx, "side~1").ref).toBe(null);
  });
  test("unknown names, bad suffixes, too much history", () => {
    for (const bad of ["nosuch", "HEAD~99", "HEAD^3", "HEAD@{1}", "main^{nope}", "a..b", ""]) {
      expect(() => resolveCommitish(ctx, bad)).toThrow(UnknownRevisionError);
      expect(sb.gitRaw(["rev-parse", "--verify", "-q", `${bad}^{commit}`], { cwd: repo }).code === 0 && bad !== "HEAD@{1}").toBe(false);
    }
  });
  test("an ambiguous short id is refused when no single candidate is a commit", () => {
    // 600 blobs written in one batch: two of them share a 4-digit prefix (birthday bound).
    const seen = new Map<string, string>();
    let pair: [string, string] | null = null;
    const files: string[] = [];
    const dir = join(sb.root, "blobs");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 600; i++) {
      const f = join(dir, `b${i}`);
      writeFileSync(f, `blob ${i}\n`);
      files.push(f);
    }
    const out = sb.gitRaw(["hash-object", "-w", "--stdin-paths"], { cwd: repo, stdin: `${files.join("\n")}\n` }).stdout.trim().split("\n");
    for (const oid of out) {
      const p = oid.slice(0, 4);
      const other = seen.get(p);
      if (other !== undefined) {
        pair = [other, oid];
        break;
      }
      seen.set(p, oid);
    }
    expect(pair).not.toBeNull();
    const prefix = (pair as [string, string])[0].slice(0, 4);
    expect(() => resolveRevision(ctx, prefix)).toThrow(AmbiguousRevisionError);
    expect(sb.gitRaw(["rev-parse", "--verify", "-q", prefix], { cwd: repo }).code).not.toBe(0);
  });
});
