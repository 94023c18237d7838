// Seeded random repositories (names with spaces, unicode and dots; CRLF, LF, lone CR and binary
// content; every end-of-line attribute and config combination; exec bits, links, ident): the
// worktree we add must be byte for byte and mode for mode what `git worktree add` makes of the
// same commit, and git must find it clean without refreshing the index. FUZZ_SEEDS=<n> runs
// n seeds instead of 8 (a longer hunt by hand).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { prng } from "../helpers/object-fixtures.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-fuzz-");
});
afterAll(() => sb.cleanup());

const DIRS = ["a", "b c", "ünï", "dash-x", "dot.d", "deep/er"];
const EXTS = [".txt", ".crlf", ".lf", ".bin", ".auto", ".neg", ".id", ""];
const ATTRS = ["*.txt text", "*.crlf text eol=crlf", "*.lf text eol=lf", "*.bin binary", "*.auto text=auto", "*.neg -text", "b\\ c/** eol=crlf", "*.id ident", "* text=auto"];
const LINES = ["plain line", "  indented\ttab", "$Id$", "trailing space ", "ünïcödé ✓", ""];

function content(rand: () => number): Buffer {
  const kind = rand();
  if (kind < 0.1) return Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))); // binary
  const eol = kind < 0.4 ? "\r\n" : kind < 0.5 ? "\r" : "\n";
  const mixed = rand() < 0.2;
  let s = "";
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) s += (LINES[Math.floor(rand() * LINES.length)] as string) + (mixed && i % 2 ? "\n" : eol);
  return Buffer.from(s);
}

/** A repository with a random tree, attributes and end-of-line config, committed by git. */
function randomRepo(seed: number): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const repo = join(sb.root, `repo${seed}`);
  sb.git(["init", "-q", repo]);
  const autocrlf = pick(["unset", "true", "input", "false"]);
  if (autocrlf !== "unset") sb.git(["config", "core.autocrlf", autocrlf], { cwd: repo });
  const eol = pick(["unset", "lf", "crlf"]);
  if (eol !== "unset") sb.git(["config", "core.eol", eol], { cwd: repo });
  writeFileSync(join(repo, ".gitattributes"), `${ATTRS.filter(() => rand() < 0.4).join("\n")}\n`);
  for (let i = 0; i < 40; i++) {
    const dir = rand() < 0.3 ? "" : pick(DIRS);
    const path = join(repo, dir, `f ${i}${pick(EXTS)}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content(rand));
    if (rand() < 0.1) chmodSync(path, 0o755);
  }
  symlinkSync("a/f 1.txt", join(repo, "link"));
  symlinkSync("../nowhere", join(repo, "dangling"));
  sb.git(["add", "-A"], { cwd: repo });
  sb.git(["commit", "-q", "-m", `seed ${seed}`], { cwd: repo });
  return repo;
}

/** Every entry under `dir` but .git: path, type, exec bit, and the bytes (or link target). */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      if (rel === "" && name === ".git") continue;
      const p = join(dir, rel, name);
      const st = lstatSync(p);
      const r = rel === "" ? name : `${rel}/${name}`;
      if (st.isDirectory()) {
        out.push(`${r}/`);
        walk(r);
      } else if (st.isSymbolicLink()) out.push(`${r} -> ${readlinkSync(p)}`);
      else out.push(`${r} ${st.mode & 0o111 ? "x" : "-"} ${readFileSync(p).toString("hex")}`);
    }
  };
  walk("");
  return out;
}

describe("worktree add on random repositories equals git worktree add", () => {
  const seeds = Number(process.env.FUZZ_SEEDS ?? 8);
  for (let seed = 1; seed <= seeds; seed++) {
    test(`seed ${seed}`, () => {
      const repo = randomRepo(seed);
      const ours = join(sb.root, `ours${seed}`);
      const theirs = join(sb.root, `theirs${seed}`);
      const r = sb.run(["worktree", "add", "-q", "--detach", ours], { cwd: repo });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      sb.git(["worktree", "add", "-q", "--detach", theirs], { cwd: repo });
      expect(listing(ours)).toEqual(listing(theirs));
      // No refresh: a wrong stat field or a wrong conversion would show here.
      expect(sb.git(["diff-files", "--name-only"], { cwd: ours })).toBe("");
      expect(sb.git(["status", "--porcelain"], { cwd: ours })).toBe("");
      expect(sb.git(["ls-files", "-s"], { cwd: ours })).toBe(sb.git(["ls-files", "-s"], { cwd: theirs }));

      // Then remove, after touching every file (same content, new mtime) and maybe editing one:
      // refused exactly when git status shows something, and a refusal changes nothing.
      const rand = prng(seed * 7919);
      const files = listing(ours).filter((l) => / [x-] /.test(l)).map((l) => l.slice(0, l.search(/ [x-] /)));
      const later = new Date(Date.now() + 5000);
      for (const f of files) utimesSync(join(ours, f), later, later);
      if (rand() < 0.5) {
        const f = files[Math.floor(rand() * files.length)] as string;
        writeFileSync(join(ours, f), Buffer.concat([readFileSync(join(ours, f)), Buffer.from(rand() < 0.5 ? "\r\n" : "x")]));
      }
      const before = listing(ours);
      // --no-optional-locks: git must not refresh the index, so our check meets the touched stat data.
      const dirty = sb.git(["--no-optional-locks", "status", "--porcelain"], { cwd: ours }) !== "";
      const rm = sb.run(["worktree", "remove", ours], { cwd: repo });
      expect({ code: rm.code, refused: rm.stderr.includes("contains modified or untracked files") }).toEqual({ code: dirty ? 1 : 0, refused: dirty });
      if (dirty) expect(listing(ours)).toEqual(before);
      else expect(existsSync(ours)).toBe(false);
    });
  }
});
