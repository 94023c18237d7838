// Squash-aware "integrated" on crafted histories made by the real git:
// fast-forward, merge commit, squash, rebase, merged then reverted, squash
// then more commits, deletions, unmerged and unrelated branches.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { integrationOf } from "../../src/core/branch/integration.ts";
import { CommitReader } from "../../src/git/graph/commits.ts";
import { openObjectStore } from "../../src/git/objects/index.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = createSandbox("rm-integr-");
});
afterAll(() => sb.cleanup());

/** A fresh repository with `base` on main; returns helpers bound to it. */
function repo() {
  const dir = join(sb.root, `r${n++}`);
  sb.git(["init", "-q", "-b", "main", dir]);
  const git = (...args: string[]) => sb.git(args, { cwd: dir }).trim();
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  const commit = (msg: string, files: Record<string, string | null>) => {
    for (const [f, t] of Object.entries(files)) {
      if (t === null) git("rm", "-q", f);
      else {
        write(f, t);
        git("add", f);
      }
    }
    git("commit", "-q", "--allow-empty", "-m", msg);
    return git("rev-parse", "HEAD");
  };
  commit("base", { "a.txt": "a\n", "b.txt": "b\n", "keep.txt": "k\n" });
  const check = (branch: string, target = "main") => {
    const gitDir = join(dir, ".git");
    const store = openObjectStore(join(gitDir, "objects"));
    return integrationOf(store, new CommitReader(store, gitDir), git("rev-parse", branch), git("rev-parse", target));
  };
  return { dir, git, commit, check };
}

describe("integrated into the target", () => {
  test("fast-forward and merge commit: ancestor (the oracle: git merge-base --is-ancestor)", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "ff");
    r.commit("f1", { "a.txt": "a2\n" });
    r.git("checkout", "-q", "main");
    r.git("merge", "-q", "--ff-only", "ff");
    expect(r.check("ff")).toEqual({ integrated: true, reason: "ancestor" });
    r.git("checkout", "-q", "-b", "m", "main~0");
    r.commit("m1", { "b.txt": "b2\n" });
    r.git("checkout", "-q", "main");
    r.commit("other", { "keep.txt": "k2\n" });
    r.git("merge", "-q", "--no-ff", "--no-edit", "m");
    expect(sb.gitRaw(["merge-base", "--is-ancestor", "m", "main"], { cwd: r.dir }).code).toBe(0);
    expect(r.check("m")).toEqual({ integrated: true, reason: "ancestor" });
  });

  test("squash merge: same-tree when the target had nothing else, changes-present when it had", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "sq");
    r.commit("s1", { "a.txt": "a2\n" });
    r.commit("s2", { "new.txt": "n\n", "b.txt": null });
    r.git("checkout", "-q", "main");
    r.git("merge", "-q", "--squash", "sq");
    r.git("commit", "-q", "-m", "squashed");
    expect(r.check("sq")).toEqual({ integrated: true, reason: "same-tree" });
    r.commit("later on main", { "keep.txt": "k2\n" });
    expect(sb.gitRaw(["merge-base", "--is-ancestor", "sq", "main"], { cwd: r.dir }).code).toBe(1);
    expect(r.check("sq")).toEqual({ integrated: true, reason: "changes-present" });
  });

  test("rebase merge (the branch's commits replayed onto a moved target): changes-present", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "rb");
    r.commit("r1", { "a.txt": "a-rb\n" });
    r.commit("r2", { "c.txt": "c\n" });
    r.git("checkout", "-q", "main");
    r.commit("main moved", { "keep.txt": "k3\n" });
    r.git("cherry-pick", "main..rb");
    expect(r.check("rb")).toEqual({ integrated: true, reason: "changes-present" });
  });

  test("merged, then reverted on the target: still integrated (its tip is an ancestor)", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "rv");
    r.commit("v1", { "a.txt": "reverted\n" });
    r.git("checkout", "-q", "main");
    r.commit("other", { "keep.txt": "k4\n" });
    r.git("merge", "-q", "--no-ff", "--no-edit", "rv");
    r.git("revert", "--no-edit", "-m", "1", "HEAD");
    expect(r.check("rv")).toEqual({ integrated: true, reason: "ancestor" });
  });
});

describe("not integrated (the branch holds work the target lacks)", () => {
  test("squash merged, then more commits on the branch", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "more");
    r.commit("m1", { "a.txt": "a5\n" });
    r.git("checkout", "-q", "main");
    r.git("merge", "-q", "--squash", "more");
    r.git("commit", "-q", "-m", "squashed");
    r.git("checkout", "-q", "more");
    r.commit("m2", { "a.txt": "a6\n" });
    expect(r.check("more")).toEqual({ integrated: false, reason: null });
    r.commit("m3", { "a.txt": "a5\n", "extra.txt": "x\n" }); // a.txt back as squashed, but a new file
    expect(r.check("more")).toEqual({ integrated: false, reason: null });
  });

  test("a deletion the target did not make; an unmerged branch; the target changed the same file afterwards", () => {
    const r = repo();
    r.git("checkout", "-q", "-b", "del");
    r.commit("d1", { "b.txt": null });
    expect(r.check("del")).toEqual({ integrated: false, reason: null });
    r.git("checkout", "-q", "-b", "open", "main");
    r.commit("o1", { "keep.txt": "open\n" });
    expect(r.check("open")).toEqual({ integrated: false, reason: null });
    r.git("checkout", "-q", "main");
    r.git("merge", "-q", "--squash", "open");
    r.git("commit", "-q", "-m", "squashed");
    r.commit("edited again", { "keep.txt": "edited\n" });
    expect(r.check("open")).toEqual({ integrated: false, reason: null });
  });

  test("unrelated histories: no merge base, not integrated", () => {
    const r = repo();
    r.git("checkout", "-q", "--orphan", "lonely");
    r.git("rm", "-q", "-r", "--cached", ".");
    for (const f of ["a.txt", "b.txt", "keep.txt"]) rmSync(join(r.dir, f));
    r.commit("alone", { "z.txt": "z\n" });
    expect(r.check("lonely")).toEqual({ integrated: false, reason: null });
  });
});
