// Commit-graph walks against git: merge bases equal `git merge-base --all`,
// ahead/behind equal `git rev-list --left-right --count`, on generated
// histories (criss-cross, octopus, 10,000 commits), without a commit-graph,
// with one, and with a split chain.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommitGraph } from "../../src/git/graph/commit-graph.ts";
import { CommitReader } from "../../src/git/graph/commits.ts";
import { aheadBehind, isAncestor, mergeBases } from "../../src/git/graph/walk.ts";
import { openObjectStore } from "../../src/git/objects/index.ts";
import { prng as rng } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-graph-");
});
afterAll(() => sb.cleanup());

/**
 * A random history through `git fast-import`: commits on several branches,
 * merges of two heads, octopus merges of three, new branches from old
 * commits; commit times always increase. Returns every commit's id.
 */
function generateHistory(name: string, commits: number, seed: number): { repo: string; oids: string[] } {
  const repo = join(sb.root, name);
  sb.git(["init", "-q", "--bare", repo]);
  const random = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
  const heads = new Map<string, number>(); // branch -> mark
  let stream = "";
  let time = 1_600_000_000;
  for (let mark = 1; mark <= commits; mark++) {
    const r = random();
    let branch: string;
    const parents: number[] = [];
    if (heads.size === 0 || (r < 0.05 && heads.size < 12)) {
      branch = `b${heads.size}`;
      if (mark > 1) parents.push(1 + Math.floor(random() * (mark - 1)));
    } else {
      branch = pick([...heads.keys()]);
      parents.push(heads.get(branch) as number);
      const others = [...heads.entries()].filter(([b, m]) => b !== branch && !parents.includes(m));
      if (r > 0.85 && others.length > 0) parents.push(pick(others)[1]);
      if (r > 0.97 && others.length > 1) {
        const extra = pick(others.filter(([, m]) => !parents.includes(m)))?.[1];
        if (extra !== undefined) parents.push(extra);
      }
    }
    time += 60;
    stream += `commit refs/heads/${branch}\nmark :${mark}\ncommitter T <t@e> ${time} +0000\ndata 2\nc\n`;
    if (parents.length > 0) stream += `from :${parents[0]}\n`;
    for (const p of parents.slice(1)) stream += `merge :${p}\n`;
    stream += `M 100644 inline f${mark % 50}\ndata ${String(mark).length + 1}\n${mark}\n\n`;
    heads.set(branch, mark);
  }
  const marks = join(sb.root, `${name}.marks`);
  const r = sb.gitRaw(["fast-import", "--quiet", `--export-marks=${marks}`], { cwd: repo, stdin: stream });
  if (r.code !== 0) throw new Error(r.stderr);
  const oids: string[] = [];
  for (const line of readFileSync(marks, "utf8").split("\n")) {
    const [m, oid] = line.split(" ");
    if (m && oid) oids[Number(m.slice(1)) - 1] = oid;
  }
  return { repo, oids };
}

/** A criss-cross history by hand: two merge bases. */
function crissCross(): { repo: string; a: string; b: string } {
  const repo = join(sb.root, "criss");
  sb.git(["init", "-q", "-b", "main", repo]);
  const commit = (msg: string) => {
    writeFileSync(join(repo, "f"), `${msg}\n`);
    sb.git(["add", "f"], { cwd: repo });
    sb.git(["commit", "-q", "-m", msg], { cwd: repo });
  };
  commit("base");
  sb.git(["branch", "side"], { cwd: repo });
  commit("m1");
  sb.git(["checkout", "-q", "side"], { cwd: repo });
  commit("s1");
  const s1 = sb.git(["rev-parse", "HEAD"], { cwd: repo }).trim();
  sb.git(["merge", "-q", "-s", "ours", "--no-edit", "main"], { cwd: repo });
  commit("s2");
  sb.git(["checkout", "-q", "main"], { cwd: repo });
  sb.git(["merge", "-q", "-s", "ours", "--no-edit", s1], { cwd: repo });
  commit("m2");
  return { repo, a: sb.git(["rev-parse", "main"], { cwd: repo }).trim(), b: sb.git(["rev-parse", "side"], { cwd: repo }).trim() };
}

function gitMergeBases(repo: string, a: string, b: string): string[] {
  const r = sb.gitRaw(["merge-base", "--all", a, b], { cwd: repo });
  return r.stdout.split("\n").filter(Boolean).sort();
}

function gitCounts(repo: string, a: string, b: string): { ahead: number; behind: number } {
  const [ahead, behind] = sb.git(["rev-list", "--left-right", "--count", `${a}...${b}`], { cwd: repo }).trim().split(/\s+/).map(Number);
  return { ahead: ahead as number, behind: behind as number };
}

function reader(repo: string, opts: { useCommitGraph?: boolean } = {}): CommitReader {
  const gitDir = existsSync(join(repo, ".git")) ? join(repo, ".git") : repo;
  return new CommitReader(openObjectStore(join(gitDir, "objects")), gitDir, opts);
}

function expectSameAsGit(repo: string, pairs: [string, string][], opts: { useCommitGraph?: boolean } = {}) {
  const r = reader(repo, opts);
  for (const [a, b] of pairs) {
    expect({ a, b, bases: [...mergeBases(r, a, b)].sort() }).toEqual({ a, b, bases: gitMergeBases(repo, a, b) });
    expect({ a, b, counts: aheadBehind(r, a, b) }).toEqual({ a, b, counts: gitCounts(repo, a, b) });
    const anc = sb.gitRaw(["merge-base", "--is-ancestor", a, b], { cwd: repo }).code === 0;
    expect({ a, b, anc: isAncestor(r, a, b) }).toEqual({ a, b, anc });
  }
}

describe("commit-graph walks", () => {
  test("criss-cross: both merge bases, with and without a commit-graph", () => {
    const { repo, a, b } = crissCross();
    expect(gitMergeBases(repo, a, b)).toHaveLength(2);
    expectSameAsGit(repo, [[a, b], [b, a]]);
    sb.git(["commit-graph", "write", "--reachable"], { cwd: repo });
    expect(reader(repo).graph).not.toBeNull();
    expectSameAsGit(repo, [[a, b], [b, a]]);
  });

  test("10,000 generated commits (merges, octopus merges, branches from old commits): without a graph, with one, with a split chain", () => {
    const { repo, oids } = generateHistory("big", 10_000, 7);
    const random = rng(99);
    const pairs: [string, string][] = [];
    for (let i = 0; i < 25; i++) pairs.push([oids[Math.floor(random() * oids.length)] as string, oids[Math.floor(random() * oids.length)] as string]);
    pairs.push([oids[0] as string, oids[9999] as string], [oids[9999] as string, oids[9998] as string]);
    expectSameAsGit(repo, pairs);
    sb.git(["commit-graph", "write", "--reachable"], { cwd: repo });
    expect(reader(repo).graph).not.toBeNull();
    expectSameAsGit(repo, pairs);
    // A split chain: the base graph, then a layer on top of it.
    rmSync(join(repo, "objects", "info", "commit-graph"));
    const half = oids.slice(0, 5000);
    expect(sb.gitRaw(["commit-graph", "write", "--split", "--stdin-commits"], { cwd: repo, stdin: `${half.join("\n")}\n` }).code).toBe(0);
    expect(sb.gitRaw(["commit-graph", "write", "--split=no-merge", "--reachable"], { cwd: repo }).code).toBe(0);
    const chain = join(repo, "objects", "info", "commit-graphs", "commit-graph-chain");
    expect(readFileSync(chain, "utf8").trim().split("\n").length).toBeGreaterThanOrEqual(2);
    const g = CommitGraph.open(join(repo, "objects")) as CommitGraph;
    expect(g.find(oids[9999] as string)).toBeGreaterThanOrEqual(0);
    expectSameAsGit(repo, pairs);
  }, 120_000);

  test("a graph that does not cover new commits: they are read from objects", () => {
    const { repo, oids } = generateHistory("partial", 600, 3);
    const early = oids.slice(0, 300);
    sb.gitRaw(["commit-graph", "write", "--stdin-commits"], { cwd: repo, stdin: `${early.join("\n")}\n` });
    const g = CommitGraph.open(join(repo, "objects")) as CommitGraph;
    expect(g.find(oids[599] as string)).toBe(-1);
    expectSameAsGit(repo, [[oids[599] as string, oids[100] as string], [oids[450] as string, oids[599] as string], [oids[10] as string, oids[299] as string]]);
  });

  test("a corrupt commit-graph is ignored (walks parse commits instead), results unchanged", () => {
    const { repo, oids } = generateHistory("corrupt", 200, 5);
    sb.git(["commit-graph", "write", "--reachable"], { cwd: repo });
    const file = join(repo, "objects", "info", "commit-graph");
    const bytes = readFileSync(file);
    bytes[0] = 0; // signature gone
    writeFileSync(file, bytes);
    expect(reader(repo).graph).toBeNull();
    expectSameAsGit(repo, [[oids[199] as string, oids[50] as string]], { useCommitGraph: true });
  });

  test("grafts are refused with a clear error", () => {
    const { repo, oids } = generateHistory("grafts", 10, 1);
    writeFileSync(join(repo, "info", "grafts"), `${oids[5]}\n`);
    expect(() => reader(repo)).toThrow("uses grafts");
  });
});
