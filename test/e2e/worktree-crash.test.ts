// kill -9 at chosen syscalls of the compiled binary (strace injects SIGKILL on entry to the
// syscall, before it runs), then the documented recovery: issue 14 items 4-7 (r12, r05, r04, D14).
// Skipped with a printed reason where strace is missing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { hasStrace, snapshot } from "../../scripts/crash-sweep.ts";
import { BINARY, createSandbox, initRepo, type Sandbox } from "../helpers/sandbox.ts";

const STRACE = hasStrace();
if (!STRACE) console.log("skipped: strace is not installed (apt-get install strace)");
const maybe = STRACE ? test : test.skip;

let sb: Sandbox;
let base: string;
let n = 0;
beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createSandbox("rm-e2e-crash-");
  base = initRepo(sb, "base");
  for (const f of ["f1", "f2", "f3"]) writeFileSync(join(base, f), `${f}\n`);
  sb.git(["add", "."], { cwd: base });
  sb.git(["commit", "-qm", "three files"], { cwd: base });
});
afterAll(() => sb?.cleanup());

/** A fresh copy of the base repository. */
function freshRepo(): string {
  const dir = join(sb.root, `repo${++n}`);
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

const bin = (args: string[], cwd: string) => sb.run(args, { cwd, binary: true });

/** Runs the binary under strace with SIGKILL injected as `inject` says; returns how it ended. */
function killed(args: string[], cwd: string, strace: string[]) {
  const p = Bun.spawnSync(["strace", "-f", "-qq", "-o", "/dev/null", ...strace, BINARY, ...args], { cwd, env: sb.env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, signal: p.signalCode };
}

describe("item 4 (r12): an add killed after its checkout is complete", () => {
  for (const lock of [["--lock", "--reason", "on usb disk"], []]) {
    maybe(`is finished by prune, never deleted, with the user's later work${lock.length > 0 ? " (locked with the user's reason)" : ""}`, () => {
      const repo = freshRepo();
      const wt = `${repo}-wt`;
      // The last unlink()s of an add remove `locked` (without --lock) and the recovery marker.
      const r = killed(["worktree", "add", "-q", wt, "-b", "feature", ...lock], repo, ["-e", "trace=unlink,unlinkat", "-e", "inject=unlink,unlinkat:signal=KILL:when=1"]);
      expect(r.code).not.toBe(0);
      writeFileSync(join(wt, "notes.txt"), "precious\n");
      appendFileSync(join(wt, "f1"), "edit\n");
      const p = bin(["worktree", "prune", "-v"], repo);
      expect(p.code).toBe(0);
      expect(p.stderr).toContain("interrupted after it was complete; finished");
      expect(p.stderr).not.toContain("Removing");
      expect(readFileSync(join(wt, "notes.txt"), "utf8")).toBe("precious\n");
      expect(readFileSync(join(wt, "f1"), "utf8")).toBe("f1\nedit\n");
      expect(sb.git(["status", "--porcelain"], { cwd: wt })).toBe(" M f1\n?? notes.txt\n");
      expect(sb.git(["branch", "--list", "feature"], { cwd: repo })).toContain("feature");
      const list = sb.git(["worktree", "list", "--porcelain"], { cwd: repo });
      expect(list).toContain(`worktree ${wt}\n`);
      if (lock.length > 0) expect(list).toContain("locked on usb disk\n");
      else expect(list).not.toContain("locked");
      expect(readdirSync(join(repo, ".git", "worktrees", "repo" + String(n) + "-wt"))).not.toContain("repo-manager-add");
      // A second prune changes nothing.
      const again = snapshot(join(repo, ".git"));
      expect(bin(["worktree", "prune"], repo).code).toBe(0);
      expect(snapshot(join(repo, ".git"))).toBe(again);
    });
  }
});

describe("item 5 (r05): kill points prune did not clean", () => {
  // The first write() to each of these files (relative to the repo; @WT@ the target).
  const points: [string, string][] = [
    ["a stale refs/heads/x.lock", ".git/refs/heads/x.lock"],
    ["a target holding only .git.lock", "@WT@/.git.lock"],
    ["an orphan .git before the admin dir's HEAD", ".git/worktrees/@ID@/HEAD.lock"],
    // Before, `locked` was written in place (an empty file after this kill); now through locked.lock.
    ["an empty `locked`", ".git/worktrees/@ID@/locked|.git/worktrees/@ID@/locked.lock"],
  ];
  for (const [what, file] of points) {
    maybe(`${what}: after prune, .git and the target are as before`, () => {
      const repo = freshRepo();
      const wt = `${repo}-wt`;
      const before = snapshot(join(repo, ".git"));
      const paths = file.split("|").map((f) => f.replace("@WT@", wt).replace(/@ID@/g, `repo${n}-wt`));
      const filter = paths.flatMap((p) => ["-P", p.startsWith("/") ? p : join(repo, p)]);
      const r = killed(["worktree", "add", "-q", wt, "-b", "x"], repo, [...filter, "-e", "trace=write", "-e", "inject=write:signal=KILL:when=1"]);
      expect(r.code).not.toBe(0);
      const p = bin(["worktree", "prune", "-v"], repo);
      expect(p.code).toBe(0);
      expect(p.stderr).toContain("interrupted while being added");
      expect(snapshot(join(repo, ".git"))).toBe(before);
      expect(existsSync(wt)).toBe(false);
      // git can create the branch again, and so can we.
      expect(bin(["worktree", "add", "-q", wt, "-b", "x"], repo).code).toBe(0);
    });
  }
});

describe("item 4: an add killed mid-checkout", () => {
  /** Kills the add at the n-th openat (the checkout's file creations come after the admin files). */
  function halfAdd(repo: string, wt: string, extra: string[] = []) {
    const r = killed(["worktree", "add", "-q", wt, "-b", "half", ...extra], repo, ["-P", join(wt, "f2"), "-e", "trace=write", "-e", "inject=write:signal=KILL:when=1"]);
    expect(r.code).not.toBe(0);
    expect(existsSync(join(wt, "f1"))).toBe(true);
  }

  maybe("a file the user created there keeps the whole worktree (and prune says why)", () => {
    const repo = freshRepo();
    const wt = `${repo}-wt`;
    halfAdd(repo, wt);
    writeFileSync(join(wt, "mine.txt"), "mine\n");
    const p = bin(["worktree", "prune"], repo);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain("kept, as 'mine.txt' in it is not what the add wrote");
    expect(readFileSync(join(wt, "mine.txt"), "utf8")).toBe("mine\n");
    expect(sb.git(["branch", "--list", "half"], { cwd: repo })).toContain("half");
  });

  maybe("an edited checked-out file keeps it too; a file half-written by the add does not", () => {
    const repo = freshRepo();
    const wt = `${repo}-wt`;
    halfAdd(repo, wt);
    expect(readFileSync(join(wt, "f2"), "utf8")).toBe(""); // created, killed before its write
    writeFileSync(join(wt, "f1"), "changed\n");
    const p = bin(["worktree", "prune"], repo);
    expect(p.stderr).toContain("kept, as 'f1'");
    expect(readFileSync(join(wt, "f1"), "utf8")).toBe("changed\n");
    writeFileSync(join(wt, "f1"), "f1\n"); // back to what the add wrote: now it is undone
    const before = snapshot(join(base, ".git", "refs"));
    const q = bin(["worktree", "prune", "-v"], repo);
    expect(q.stderr).toContain("interrupted while being added");
    expect(existsSync(wt)).toBe(false);
    expect(snapshot(join(repo, ".git", "refs"))).toBe(before);
  });

  maybe("locked with the user's reason: kept until the user unlocks it", () => {
    const repo = freshRepo();
    const wt = `${repo}-wt`;
    halfAdd(repo, wt, ["--lock", "--reason", "usb"]);
    const p = bin(["worktree", "prune"], repo);
    expect(p.stderr).toContain("kept, as it is locked (usb): unlock it and prune again to undo the add");
    expect(existsSync(join(wt, "f1"))).toBe(true);
    expect(bin(["worktree", "unlock", wt], repo).code).toBe(0);
    expect(bin(["worktree", "prune", "-v"], repo).stderr).toContain("interrupted while being added");
    expect(existsSync(wt)).toBe(false);
    expect(sb.git(["branch", "--list", "half"], { cwd: repo })).toBe("");
  });
});

describe("item 6 (r04): a move killed between its rename and its gitdir rewrite", () => {
  function setUp() {
    const repo = freshRepo();
    const wt = join(sb.root, `mv${n}`);
    expect(bin(["worktree", "add", "-q", wt, "-b", `topic${n}`], repo).code).toBe(0);
    appendFileSync(join(wt, "f1"), "staged\n");
    sb.git(["add", "f1"], { cwd: wt });
    const admin = join(repo, ".git", "worktrees", `mv${n}`);
    const r = killed(["worktree", "move", wt, `${wt}-2`], repo, ["-P", join(admin, "gitdir.lock"), "-e", "trace=write", "-e", "inject=write:signal=KILL:when=1"]);
    expect(r.code).not.toBe(0);
    expect(existsSync(join(admin, "gitdir.lock"))).toBe(true);
    return { repo, wt, to: `${wt}-2`, admin };
  }

  maybe("repair finishes it: no stale lock, gitdir names the new place, the staged change is there", () => {
    const { repo, to, admin } = setUp();
    const r = bin(["worktree", "repair", to], repo);
    expect(r.code).toBe(0);
    expect(existsSync(join(admin, "gitdir.lock"))).toBe(false);
    expect(readFileSync(join(admin, "gitdir"), "utf8")).toBe(`${to}/.git\n`);
    expect(sb.git(["status", "--porcelain"], { cwd: to })).toBe("M  f1\n");
    expect(sb.gitRaw(["worktree", "repair"], { cwd: repo }).stderr).toBe(""); // git finds nothing left to fix
  });

  maybe("prune does not delete the admin dir (it finishes the move)", () => {
    const { repo, to, admin } = setUp();
    const p = bin(["worktree", "prune", "-v"], repo);
    expect(p.code).toBe(0);
    expect(p.stderr).not.toContain("Removing");
    expect(existsSync(join(admin, "index"))).toBe(true);
    expect(readFileSync(join(admin, "gitdir"), "utf8")).toBe(`${to}/.git\n`);
    expect(sb.git(["status", "--porcelain"], { cwd: to })).toBe("M  f1\n");
    expect(sb.git(["worktree", "prune", "-n", "-v"], { cwd: repo })).toBe("");
  });
});

describe("item 7 (D14): an interrupted or failed remove, and how to finish it", () => {
  // kill -9 (or a second Ctrl-C) midway through deleting: the admin dir is still there, part of
  // the tree is gone, perhaps its .git too. The documented way out: `remove --force`, and if that
  // refuses because .git is gone, `repair` first.
  for (const k of [1, 2, 3, 4]) {
    maybe(`killed at the deletion's unlink #${k}: 'remove --force' (after 'repair' if needed) finishes it`, () => {
      const repo = freshRepo();
      const wt = join(sb.root, `rm${n}`);
      expect(bin(["worktree", "add", "-q", wt, "-b", `rm${n}`], repo).code).toBe(0);
      const before = readdirSync(join(repo, ".git", "worktrees"));
      const r = killed(["worktree", "remove", wt], repo, ["-e", "trace=unlink,unlinkat,rmdir", "-e", `inject=unlink,unlinkat,rmdir:signal=KILL:when=${k}`]);
      expect(r.code).not.toBe(0);
      expect(readdirSync(join(repo, ".git", "worktrees"))).toEqual(before); // still registered
      let f = bin(["worktree", "remove", "--force", wt], repo);
      if (f.code !== 0) {
        expect(f.stderr).toContain("validation failed");
        expect(bin(["worktree", "repair"], repo).code).toBe(0);
        f = bin(["worktree", "remove", "--force", wt], repo);
      }
      expect(f.code).toBe(0);
      expect(existsSync(wt)).toBe(false);
      expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).not.toContain(wt);
    });
  }

  const chattr = Bun.spawnSync(["sh", "-c", "command -v chattr"]).exitCode === 0;
  (STRACE && chattr ? test : test.skip)("a file that cannot be deleted: exit 1, and the message says what is left and that it is no longer registered", () => {
    const repo = freshRepo();
    const wt = join(sb.root, `stuck${n}`);
    expect(bin(["worktree", "add", "-q", wt, "-b", `stuck${n}`], repo).code).toBe(0);
    writeFileSync(join(wt, "f1"), "f1\n");
    const imm = Bun.spawnSync(["chattr", "+i", join(wt, "f1")], { stderr: "pipe" });
    if (imm.exitCode !== 0) {
      console.log(`skipped: chattr +i not permitted here (${imm.stderr.toString().trim()})`);
      return;
    }
    try {
      const r = bin(["worktree", "remove", wt], repo);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error: failed to delete all of '${wt}': part of it is left, but it is no longer a registered worktree`);
      expect(r.stderr).toContain("hint: its branch is free again; delete what is left by hand");
      expect(existsSync(join(wt, "f1"))).toBe(true);
      expect(sb.git(["worktree", "list", "--porcelain"], { cwd: repo })).not.toContain(wt);
    } finally {
      Bun.spawnSync(["chattr", "-i", join(wt, "f1")]);
    }
  });
});

describe("item 6: a move marker of a live process", () => {
  test("prune leaves the entry alone while the move runs, even though gitdir names a missing place", () => {
    const repo = freshRepo();
    const wt = join(sb.root, `live${n}`);
    expect(bin(["worktree", "add", "-q", wt, "-b", `live${n}`], repo).code).toBe(0);
    const admin = join(repo, ".git", "worktrees", `live${n}`);
    // What a running move looks like just after its rename: the directory at its new place.
    Bun.spawnSync(["mv", wt, `${wt}-2`]);
    const marker = { version: 1, pid: process.pid, host: hostname(), started: new Date().toISOString(), from: wt, to: `${wt}-2` };
    writeFileSync(join(admin, "repo-manager-move"), JSON.stringify(marker));
    const before = snapshot(join(repo, ".git"));
    const p = bin(["worktree", "prune", "-v"], repo);
    expect(p.code).toBe(0);
    expect(p.stderr).toBe(`worktrees/live${n}: kept, a move of it is running\n`);
    expect(snapshot(join(repo, ".git"))).toBe(before);
  });
});
