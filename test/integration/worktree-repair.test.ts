// `worktree repair` against git, each scenario built twice (one twin per tool).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";
import { adminState, makeTwins, norm, snapshotTwin, type Twin } from "./worktree-meta-twins.ts";

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = createSandbox("rm-wtrepair-");
});
afterAll(() => sb.cleanup());

/** Builds `setup` in two fresh twins, runs `repair <args>` with git in one and ours in the other, compares everything. */
function scenario(setup: (t: Twin) => void, args: string[], cwdRel = "repo") {
  n++;
  const sub = createSandboxDir(`s${n}`);
  const twins = makeTwins(sub, (_sb, t) => {
    for (const w of ["a", "b"]) sb.git(["worktree", "add", "-q", "-b", w, join(t.dir, w)], { cwd: t.repo });
    setup(t);
  });
  const g = sb.gitRaw(["worktree", "repair", ...args], { cwd: join(twins.git.dir, cwdRel) });
  const o = sb.run(["worktree", "repair", ...args], { cwd: join(twins.ours.dir, cwdRel) });
  // git reports the linked worktrees in readdir order, we in path order: compare the lines as sets.
  const lines = (s: string) => s.split("\n").sort();
  expect({ out: o.stdout, err: lines(norm(o.stderr, twins.ours)), code: o.code }).toEqual({
    out: g.stdout,
    err: lines(norm(g.stderr, twins.git)),
    code: g.code,
  });
  expect(adminState(twins.ours)).toEqual(adminState(twins.git));
  return { twins, err: norm(o.stderr, twins.ours), code: o.code };
}

/** A sandbox view rooted in a sub-directory, so each scenario gets fresh twins. */
function createSandboxDir(name: string): Sandbox {
  const root = join(sb.root, name);
  mkdirSync(root);
  return { ...sb, root };
}

describe("worktree repair", () => {
  test("a worktree moved by hand: gitdir incorrect, fixed from the named path", () => {
    const r = scenario((t) => renameSync(join(t.dir, "a"), join(t.dir, "a-moved")), ["../a-moved"]);
    expect(r.err).toBe("repair: gitdir incorrect: <ROOT>/repo/.git/worktrees/a/gitdir\n");
    expect(sb.git(["worktree", "list", "--porcelain"], { cwd: r.twins.ours.repo })).toContain(`worktree ${r.twins.ours.dir}/a-moved\n`);
  });

  test("a broken .git file in a linked worktree, fixed by a bare `repair`", () => {
    const r = scenario((t) => writeFileSync(join(t.dir, "b", ".git"), "garbage\n"), []);
    expect(r.err).toBe("repair: .git file broken: <ROOT>/b\n");
  });

  test("a .git file pointing at another worktree's admin dir", () => {
    const r = scenario((t) => writeFileSync(join(t.dir, "b", ".git"), `gitdir: ${t.repo}/.git/worktrees/a\n`), []);
    expect(r.err).toBe("repair: .git file incorrect: <ROOT>/b\n");
  });

  test("run inside a linked worktree with a damaged gitdir file", () => {
    const r = scenario((t) => writeFileSync(join(t.repo, ".git", "worktrees", "a", "gitdir"), "/somewhere/else/.git\n"), [], "a");
    expect(r.err).toBe("repair: gitdir incorrect: <ROOT>/repo/.git/worktrees/a/gitdir\n");
  });

  test("repository and worktree both moved: the backlink is inferred", () => {
    const r = scenario((t) => {
      renameSync(t.repo, `${t.repo}-moved`);
      renameSync(join(t.dir, "a"), join(t.dir, "a-moved"));
      mkdirSync(t.repo); // so that makeTwins' cwd still exists; the repository is now repo-moved
    }, ["../a-moved"], "repo-moved");
    expect(r.err).toContain("gitdir incorrect");
    expect(r.err).toContain(".git file broken: <ROOT>/b");
    const moved = (t: Twin) => adminState({ dir: t.dir, repo: `${t.repo}-moved` });
    expect(moved(r.twins.ours)).toEqual(moved(r.twins.git));
    expect(moved(r.twins.ours)["worktrees/a/gitdir"]).toBe("<ROOT>/a-moved/.git\n");
  });

  test("nothing to repair prints nothing; paths that are not worktrees are errors (exit 1) and change nothing", () => {
    expect(scenario(() => {}, []).err).toBe("");
    for (const [prep, arg, msg] of [
      [(t: Twin) => mkdirSync(join(t.dir, "plain")), "../plain", "unable to locate repository; .git file broken"],
      [(t: Twin) => sb.git(["init", "-q", join(t.dir, "other")]), "../other", "unable to locate repository; .git is not a file"],
    ] as const) {
      const r = scenario(prep, [arg]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(msg);
    }
  });

  test("a refusal leaves the disk as it was", () => {
    const dir = join(sb.root, "refuse");
    sb.git(["init", "-q", join(dir, "repo")]);
    sb.git(["commit", "-q", "--allow-empty", "-m", "x"], { cwd: join(dir, "repo") });
    sb.git(["worktree", "add", "-q", join(dir, "wt")], { cwd: join(dir, "repo") });
    mkdirSync(join(dir, "plain"));
    const before = snapshotTwin({ dir, repo: join(dir, "repo") });
    const r = sb.run(["worktree", "repair", "../plain"], { cwd: join(dir, "repo") });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: unable to locate repository; .git file broken: ${dir}/plain/.git\n`);
    expect(snapshotTwin({ dir, repo: join(dir, "repo") })).toBe(before);
  });
});
