// `-` and `@{-N}`: the N-th previously checked-out branch from HEAD's reflog, against
// `git rev-parse` and `git worktree add` as oracles (a linked worktree reads its own reflog).
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { join } from "node:path";
import { openObjectStore } from "../../src/git/objects/index.ts";
import { nthPriorCheckout, parseNthPrior } from "../../src/git/reflog/prior-checkout.ts";
import { type RevContext, resolveCommitish } from "../../src/git/refs/revparse.ts";
import { UnknownRevisionError } from "../../src/git/refs/errors.ts";
import { createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

setDefaultTimeout(60_000);

let sb: Sandbox;

beforeAll(() => {
  sb = createSandbox("rm-prior-");
});
afterAll(() => sb.cleanup());

/** A repository whose HEAD reflog says: main -> other -> main -> (detached HEAD~1) -> main. */
function withHistory(name: string): string {
  const repo = initRepo(sb, name);
  const g = (...a: string[]) => sb.git(a, { cwd: repo });
  g("commit", "-q", "--allow-empty", "-m", "second");
  g("branch", "other", "HEAD~1");
  g("checkout", "-q", "other");
  g("checkout", "-q", "main");
  g("checkout", "-q", "--detach", "HEAD~1");
  g("checkout", "-q", "main");
  return repo;
}

function ctxOf(gitDir: string, commonDir = gitDir): RevContext {
  const store = openObjectStore(join(commonDir, "objects"));
  return { gitDir, commonDir, store, objectDirs: store.objectDirs };
}

describe("@{-N} in revisions", () => {
  test("resolves as git rev-parse does, and fails where git does", () => {
    const repo = withHistory("revs");
    const ctx = ctxOf(join(repo, ".git"));
    for (const rev of ["@{-1}", "@{-2}", "@{-3}", "@{-1}~0", "@{-2}^{commit}", "@{-3}^0", "@{-4}", "@{-0}", "@{-x}", "@{-1}@{-1}"]) {
      const g = sb.gitRaw(["rev-parse", "--verify", "-q", `${rev}^{commit}`], { cwd: repo });
      let ours: string;
      try {
        ours = resolveCommitish(ctx, rev).oid;
      } catch (e) {
        if (!(e instanceof UnknownRevisionError)) throw e;
        ours = "";
      }
      expect(`${rev}: ${ours}`).toBe(`${rev}: ${g.code === 0 ? g.stdout.trim() : ""}`);
    }
    // @{-1} names the branch (its ref), @{-2} the detached checkout's commit
    expect(resolveCommitish(ctx, "@{-2}").ref).toBe("refs/heads/main");
    expect(resolveCommitish(ctx, "@{-1}").ref).toBe(null);
    expect(resolveCommitish(ctx, "@{-3}").ref).toBe("refs/heads/other");
  });

  test("the reflog parse: newest first, only checkout: moving from A to B", () => {
    const repo = withHistory("parse");
    expect(nthPriorCheckout(join(repo, ".git"), 3)).toBe("other");
    expect(nthPriorCheckout(join(repo, ".git"), 1)).toMatch(/^[0-9a-f]{40}$/);
    expect(nthPriorCheckout(join(repo, ".git"), 9)).toBe(null);
    expect([parseNthPrior("@{-1}"), parseNthPrior("@{-12}"), parseNthPrior("@{-+2}"), parseNthPrior("@{-0}"), parseNthPrior("@{1}"), parseNthPrior("@{--1}")]).toEqual([1, 12, 2, null, null, null]);
  });
});

describe("worktree add - / @{-N}", () => {
  const both = (args: string[], setup: (repo: string) => void) => {
    const out: Record<string, { code: number; stderr: string; list: string; reflog: string }> = {};
    for (const side of ["git", "ours"]) {
      const repo = withHistory(`add-${args.join("_").replace(/[^a-z0-9]/gi, "")}-${side}`);
      setup(repo);
      const wt = join(sb.root, `wt-${side}-${Math.random().toString(36).slice(2)}`);
      const full = ["worktree", "add", "-q", ...args.map((a) => (a === "<wt>" ? wt : a))];
      const r = side === "git" ? sb.gitRaw(full, { cwd: repo }) : sb.run(full, { cwd: repo });
      const list = sb.git(["worktree", "list", "--porcelain"], { cwd: repo }).replaceAll(wt, "<wt>").replaceAll(repo, "<repo>");
      const reflog = sb.gitRaw(["reflog", "show", "--format=%gs", "refs/heads/fresh"], { cwd: repo }).stdout;
      out[side] = { code: r.code === 0 ? 0 : 1, stderr: r.stderr.replace(/^(fatal|error): /m, "E: ").split("\n")[0] ?? "", list, reflog };
    }
    expect(out.ours).toEqual(out.git as (typeof out)["ours"]);
    return out.ours as NonNullable<(typeof out)["ours"]>;
  };
  const checkoutOther = (repo: string) => {
    sb.git(["checkout", "-q", "other"], { cwd: repo });
    sb.git(["checkout", "-q", "main"], { cwd: repo });
  };

  test("`-` checks out the previous branch itself (not detached)", () => {
    const r = both(["<wt>", "-"], checkoutOther);
    expect(r.code).toBe(0);
    expect(r.list).toContain("branch refs/heads/other");
  });

  test("-b <new> <path> -, and --detach <path> @{-2}", () => {
    expect(both(["-b", "fresh", "<wt>", "-"], checkoutOther).reflog).toBe("branch: Created from @{-1}\n");
    expect(both(["--detach", "<wt>", "@{-2}"], () => {}).list).toContain("detached");
  });

  test("no previous checkout: git's refusal, nothing changed", () => {
    const repo = initRepo(sb, "fresh-repo");
    const before = snapshotTree(sb.root);
    const r = sb.run(["worktree", "add", join(sb.root, "nowhere"), "-"], { cwd: repo });
    const g = sb.gitRaw(["worktree", "add", join(sb.root, "nowhere"), "-"], { cwd: repo });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("error: invalid reference: @{-1}");
    expect(g.stderr.trim()).toBe("fatal: invalid reference: @{-1}");
    expect(snapshotTree(sb.root)).toBe(before);
    const b = sb.run(["worktree", "add", "-b", "n", join(sb.root, "nowhere"), "@{-1}"], { cwd: repo });
    expect(b.stderr.split("\n")[0]).toBe("error: not a valid object name: '@{-1}'");
    expect(snapshotTree(sb.root)).toBe(before);
  });

  test("from a linked worktree, its own HEAD reflog is read", () => {
    const repo = withHistory("linked-src");
    const first = join(sb.root, "linked-first");
    sb.git(["worktree", "add", "-q", "-b", "lf", first, "main"], { cwd: repo });
    sb.git(["checkout", "-q", "other"], { cwd: repo }); // the main worktree's reflog changes, not the linked one's
    sb.git(["checkout", "-q", "-b", "lf2"], { cwd: first });
    sb.git(["checkout", "-q", "lf"], { cwd: first });
    const ctx = ctxOf(join(repo, ".git", "worktrees", "linked-first"), join(repo, ".git"));
    expect(resolveCommitish(ctx, "@{-1}").ref).toBe("refs/heads/lf2");
    const r = sb.run(["worktree", "add", "-q", join(sb.root, "linked-second"), "-"], { cwd: first });
    expect(r.stderr).toBe("");
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).toContain(`worktree ${join(sb.root, "linked-second")}\nHEAD ${sb.git(["rev-parse", "lf2"], { cwd: repo }).trim()}\nbranch refs/heads/lf2`);
  });
});
