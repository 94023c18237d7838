/**
 * Repositories for the worktree add/remove tests, made by the real git, and
 * the oracle checks git runs on a worktree we created.
 */
import { expect } from "bun:test";
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "../helpers/sandbox.ts";

/**
 * A repository covering what checkout must get right: exec bits, symlinks
 * (to a file and a directory), a submodule, `eol=` attributes and CRLF,
 * binary, unicode and space-containing paths, a long delta chain, two packs
 * (one with a 64-bit offset index), and loose objects on top.
 */
export function richRepo(sb: Sandbox, name = "rich"): string {
  const dir = join(sb.root, name);
  const g = (...args: string[]) => sb.git(args, { cwd: dir });
  sb.git(["init", "-q", dir]);
  // The submodule's own repository.
  const subSrc = join(sb.root, `${name}-sub-src`);
  sb.git(["init", "-q", subSrc]);
  writeFileSync(join(subSrc, "s.txt"), "sub\n");
  sb.git(["add", "."], { cwd: subSrc });
  sb.git(["commit", "-q", "-m", "sub"], { cwd: subSrc });

  writeFileSync(join(dir, ".gitattributes"), "*.crlf text eol=crlf\n*.lf text eol=lf\n*.bin binary\n");
  writeFileSync(join(dir, "a.crlf"), "one\ntwo\n");
  writeFileSync(join(dir, "b.lf"), "one\r\ntwo\r\n");
  writeFileSync(join(dir, "c.bin"), Buffer.from([0, 1, 2, 13, 10, 255]));
  writeFileSync(join(dir, "run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(join(dir, "run.sh"), 0o755);
  mkdirSync(join(dir, "dir with space", "ünïcödé"), { recursive: true });
  writeFileSync(join(dir, "dir with space", "ünïcödé", "fïle näme.txt"), "unicode\n");
  symlinkSync("run.sh", join(dir, "link-to-file"));
  symlinkSync("dir with space", join(dir, "link-to-dir"));
  writeFileSync(join(dir, "big.txt"), "");
  g("add", ".");
  g("commit", "-q", "-m", "base");
  g("-c", "protocol.file.allow=always", "submodule", "add", "-q", subSrc, "sub");
  g("commit", "-q", "-m", "submodule");
  // A deep delta chain: many small edits of one file.
  let text = "";
  for (let i = 0; i < 40; i++) {
    text += `line ${i} ${"x".repeat(60)}\n`;
    writeFileSync(join(dir, "big.txt"), text);
    g("commit", "-q", "-a", "-m", `edit ${i}`);
  }
  g("repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50");
  // Rebuild that pack's index with 64-bit offsets for everything past 512 bytes.
  const packDir = join(dir, ".git", "objects", "pack");
  const pack = readdirSync(packDir).find((n) => n.endsWith(".pack")) as string;
  g("index-pack", "--index-version=2,512", "-o", join(packDir, "tmp.idx"), join(packDir, pack));
  const idx = join(packDir, pack.replace(".pack", ".idx"));
  rmSync(idx, { force: true });
  renameSync(join(packDir, "tmp.idx"), idx);
  sb.git(["-C", dir, "rev-parse", "HEAD"]); // still readable
  // A second pack (incremental repack), then loose objects on top.
  writeFileSync(join(dir, "second.txt"), "second pack\n");
  g("add", ".");
  g("commit", "-q", "-m", "second pack");
  g("repack", "-q", "-d");
  writeFileSync(join(dir, "loose.txt"), "loose object\n");
  writeFileSync(join(dir, "big.txt"), `${text}last\n`);
  g("add", ".");
  g("commit", "-q", "-m", "loose");
  return dir;
}

export interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/** All files under `dir` (skipping `.git`): path -> "type mode content". */
export function readTreeState(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      if (prefix === "" && name === ".git") continue;
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = prefix + name;
      if (st.isSymbolicLink()) out.set(rel, `link ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(rel, "dir");
        walk(p, `${rel}/`);
      } else out.set(rel, `file ${st.mode & 0o111 ? "x" : "-"} ${readFileSync(p).toString("base64")}`);
    }
  };
  walk(dir, "");
  return out;
}

/** The oracle: everything git says about a worktree we created at `wt` for `commit`. */
export function expectGitAgrees(sb: Sandbox, repo: string, wt: string, commit: string, branch: string | null): void {
  const porcelain = sb.git(["worktree", "list", "--porcelain"], { cwd: repo });
  const block = `worktree ${wt}\nHEAD ${commit}\n${branch === null ? "detached" : `branch ${branch}`}\n`;
  expect(porcelain).toContain(block);
  expect(sb.git(["status", "--porcelain", "--ignore-submodules=none"], { cwd: wt })).toBe("");
  expect(sb.gitRaw(["diff", "--quiet"], { cwd: wt }).code).toBe(0);
  expect(sb.gitRaw(["diff", "--cached", "--quiet"], { cwd: wt }).code).toBe(0);
  const lsFiles = sb.git(["ls-files", "-s"], { cwd: wt });
  const lsTree = sb
    .git(["ls-tree", "-r", commit], { cwd: repo })
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const m = /^(\d+) \w+ ([0-9a-f]+)\t(.*)$/.exec(l) as RegExpExecArray;
      return `${m[1]} ${m[2]} 0\t${m[3]}`;
    })
    .join("\n");
  expect(lsFiles.trimEnd()).toBe(lsTree);
  // The files equal what `git archive` produces for the commit (attributes applied, modes, links).
  const extract = join(sb.root, `archive-${Math.random().toString(36).slice(2)}`);
  mkdirSync(extract);
  const tar = Bun.spawnSync(["git", "archive", "--format=tar", commit], { cwd: repo, env: sb.env });
  expect(tar.exitCode).toBe(0);
  const x = Bun.spawnSync(["tar", "-x", "-C", extract], { stdin: tar.stdout, env: sb.env });
  expect(x.exitCode).toBe(0);
  expect(readTreeState(wt)).toEqual(readTreeState(extract));
  const fsck = sb.gitRaw(["fsck", "--no-progress"], { cwd: repo });
  expect(fsck.code).toBe(0);
  expect(fsck.stderr).not.toContain("error");
}

/** After an edit, `git commit` in the worktree works and leaves it clean. */
export function expectCommitWorks(sb: Sandbox, wt: string, file: string): void {
  writeFileSync(join(wt, file), "edited\n", { flag: "a" });
  sb.git(["commit", "-q", "-a", "-m", "edit in worktree"], { cwd: wt });
  expect(sb.git(["status", "--porcelain"], { cwd: wt })).toBe("");
}
