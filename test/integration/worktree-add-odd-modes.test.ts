// Tree entries with non-canonical modes (written by odd tools, accepted by git's tree walker):
// git maps them with canon_mode (123456 is a symlink, 100664 a plain file, 100700 an
// executable, 0 or 777 a gitlink). Our checkout must produce what git's does, and a clean status.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let repo: string;

beforeAll(() => {
  sb = createSandbox("rm-oddmode-");
  repo = initRepo(sb, "repo");
});
afterAll(() => sb.cleanup());

/** Writes a tree object verbatim (git mktree would canonicalise the modes). */
function literalTree(entries: Array<[string, string, string]>): string {
  const parts = entries.map(([mode, name, oid]) => Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(oid, "hex")]));
  const r = Bun.spawnSync(["git", "hash-object", "-w", "-t", "tree", "--literally", "--stdin"], {
    cwd: repo,
    env: sb.env,
    stdin: Buffer.concat(parts),
  });
  return r.stdout.toString().trim();
}

describe("worktree add: non-canonical tree modes (canon_mode)", () => {
  test("123456 is a symlink, 100664 a file, 100700 an executable, as git checks them out", () => {
    const blob = sb.gitRaw(["hash-object", "-w", "--stdin"], { cwd: repo, stdin: "target" }).stdout.trim();
    const tree = literalTree([
      ["100664", "group-writable", blob],
      ["100700", "owner-only", blob],
      ["123456", "odd", blob],
    ]);
    const commit = sb.git(["commit-tree", "-m", "odd", tree], { cwd: repo }).trim();
    const ours = sb.run(["worktree", "add", "-q", join(sb.root, "ours"), commit], { cwd: repo });
    expect(ours.stderr).toBe("");
    expect(ours.code).toBe(0);
    sb.git(["worktree", "add", "-q", join(sb.root, "theirs"), commit], { cwd: repo });
    const describeWt = (wt: string) => {
      const p = (n: string) => join(sb.root, wt, n);
      return {
        index: sb.git(["ls-files", "-s"], { cwd: join(sb.root, wt) }),
        status: sb.git(["status", "--porcelain"], { cwd: join(sb.root, wt) }),
        odd: lstatSync(p("odd")).isSymbolicLink() ? `link -> ${readlinkSync(p("odd"))}` : "not a link",
        exec: (lstatSync(p("owner-only")).mode & 0o111) !== 0,
        plain: (lstatSync(p("group-writable")).mode & 0o111) === 0,
      };
    };
    const got = describeWt("ours");
    expect(got).toEqual(describeWt("theirs"));
    expect(got.status).toBe("");
    expect(got.odd).toBe("link -> target");
    expect(got.index).toContain("120000");
  });
});
