// Each failure reported by its true cause in one line (issue 14, D12 / repro r11): a 20,000-level
// tree (was a stack overflow called "corrupt object data"), an unreadable object (EACCES, was
// "corrupt"), names and paths too long (ENAMETOOLONG, was "internal error", with a spurious
// "could not undo" warning). Every refusal leaves the repository as it was.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { ObjectReadError } from "../../src/git/objects/errors.ts";
import { openObjectStore } from "../../src/git/objects/index.ts";
import { BINARY, createSandbox, initRepo, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

setDefaultTimeout(120_000);

let sb: Sandbox;

beforeAll(() => {
  sb = createSandbox("rm-honest-");
});
afterAll(() => sb.cleanup());

/** Writes a loose object the way git does; returns its id. */
function writeLoose(gitDir: string, type: string, body: Buffer): string {
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const oid = createHash("sha1").update(raw).digest("hex");
  const dir = join(gitDir, "objects", oid.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, oid.slice(2));
  if (!existsSync(file)) writeFileSync(file, deflateSync(raw));
  return oid;
}

/** A commit whose tree nests `levels` directories named `d`. */
function deepCommit(repo: string, levels: number): string {
  const gitDir = join(repo, ".git");
  let tree = writeLoose(gitDir, "tree", Buffer.alloc(0));
  for (let i = 0; i < levels; i++) tree = writeLoose(gitDir, "tree", Buffer.concat([Buffer.from("40000 d\0"), Buffer.from(tree, "hex")]));
  return sb.git(["commit-tree", "-m", "deep", tree], { cwd: repo }).trim();
}

/** stderr has exactly one error line (and its hint), and none of the misleading words. */
function expectOneHonestLine(stderr: string, want: RegExp): void {
  const errors = stderr.split("\n").filter((l) => l.startsWith("error:"));
  expect(errors.length).toBe(1);
  expect(errors[0]).toMatch(want);
  expect(stderr).not.toMatch(/corrupt|internal error|could not undo|fsck|Maximum call stack/);
}

describe("worktree add reports the true cause", () => {
  test("a 20,000-level tree: 'tree too deep', nothing left behind", () => {
    const repo = initRepo(sb, "deep");
    const commit = deepCommit(repo, 20_000);
    const before = snapshotTree(repo);
    const r = sb.run(["worktree", "add", "-b", "deep", join(sb.root, "deep-wt"), commit], { cwd: repo });
    expect(r.code).toBe(1);
    expectOneHonestLine(r.stderr, /^error: tree too deep at 'd\/d\/d.*….*d\/d': more than 2048 levels of directories$/);
    expect(snapshotTree(repo)).toBe(before);
    expect(existsSync(join(sb.root, "deep-wt"))).toBe(false);
  });

  test("a tree 100 levels deep is checked out as git does", () => {
    const repo = initRepo(sb, "deep100");
    const commit = deepCommit(repo, 100);
    const r = sb.run(["worktree", "add", "-q", "--detach", join(sb.root, "deep100-wt"), commit], { cwd: repo });
    expect(r.stderr).toBe("");
    expect(sb.git(["status", "--porcelain"], { cwd: join(sb.root, "deep100-wt") })).toBe("");
  });

  test("a last path component longer than a file name may be: 'file name too long', nothing changed", () => {
    const repo = initRepo(sb, "longname");
    const before = snapshotTree(repo);
    const r = sb.run(["worktree", "add", "-b", "long", join(sb.root, "x".repeat(300))], { cwd: repo });
    expect(r.code).toBe(1);
    expectOneHonestLine(r.stderr, /^error: could not create the admin directory for '.*x{300}': file name too long$/);
    expect(snapshotTree(repo)).toBe(before);
  });

  test("a path longer than the file system allows: one line, no 'could not undo', the branch taken back", () => {
    const repo = initRepo(sb, "longpath");
    const before = snapshotTree(repo);
    const long = join(sb.root, "longpath-wt", ...Array.from({ length: 25 }, () => "y".repeat(200)));
    const r = sb.run(["worktree", "add", "-b", "long", long], { cwd: repo });
    expect(r.code).toBe(1);
    expectOneHonestLine(r.stderr, /^error: could not create the worktree directory '.*y{200}': file name too long$/);
    expect(snapshotTree(repo)).toBe(before);
    expect(existsSync(join(sb.root, "longpath-wt"))).toBe(false);
  });

  test("an unreadable object file: 'permission denied', not corruption", () => {
    const repo = initRepo(sb, "eacces");
    const blob = sb.git(["rev-parse", "HEAD:README.md"], { cwd: repo }).trim();
    const objectFile = join(repo, ".git", "objects", blob.slice(0, 2), blob.slice(2));
    const target = join(sb.root, "eacces-wt");
    let cmd: string[];
    if (process.getuid?.() === 0) {
      // root reads any file: run as nobody, who owns the sandbox but may not read the object.
      const setpriv = Bun.which("setpriv");
      if (setpriv === null || !existsSync(BINARY)) {
        console.log("skipped: running as root without setpriv or the built binary");
        return;
      }
      const own = (p: string) => {
        chownSync(p, 65534, 65534);
        if (statSync(p).isDirectory()) for (const n of readdirSync(p)) own(join(p, n));
      };
      own(sb.root);
      chmodSync(sb.root, 0o755);
      cmd = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", BINARY];
    } else {
      cmd = [process.execPath, join(import.meta.dir, "..", "..", "src", "main.ts")];
    }
    chmodSync(objectFile, 0o000);
    const before = snapshotTree(repo);
    const p = Bun.spawnSync([...cmd, "worktree", "add", "--detach", target], { cwd: repo, env: sb.env, stderr: "pipe", stdout: "pipe" });
    const after = snapshotTree(repo);
    chmodSync(objectFile, 0o444);
    const stderr = p.stderr.toString();
    expect(p.exitCode).toBe(1);
    expectOneHonestLine(stderr, new RegExp(`^error: cannot read object ${blob}: permission denied: .*${blob.slice(2)}$`));
    expect(after).toBe(before);
    expect(existsSync(target)).toBe(false);
  });

  test("the object store says why a file could not be read (a directory where an object should be)", () => {
    const repo = initRepo(sb, "eisdir");
    const blob = sb.git(["rev-parse", "HEAD:README.md"], { cwd: repo }).trim();
    const objectFile = join(repo, ".git", "objects", blob.slice(0, 2), blob.slice(2));
    rmSync(objectFile, { force: true });
    mkdirSync(objectFile);
    const store = openObjectStore(join(repo, ".git", "objects"));
    try {
      expect(() => store.read(blob)).toThrow(ObjectReadError);
      expect(() => store.read(blob)).toThrow(`cannot read object ${blob}: is a directory`);
    } finally {
      store.close();
    }
  });
});
