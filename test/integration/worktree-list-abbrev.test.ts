// The abbreviated HEAD column of `worktree list`: git's find_unique_abbrev length,
// which scales with the packed object count and grows past colliding prefixes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
beforeAll(() => {
  sb = createSandbox("rm-wtabbrev-");
});
afterAll(() => sb.cleanup());

const same = (dir: string, env?: Record<string, string>) => {
  for (const args of [["list"], ["list", "-v"]]) {
    const g = sb.gitRaw(["worktree", ...args], { cwd: dir, env });
    expect(sb.run(["worktree", ...args], { cwd: dir, env }).stdout).toBe(g.stdout);
  }
  return sb.gitRaw(["worktree", "list"], { cwd: dir, env }).stdout;
};

/** Writes a loose blob whose id starts with `prefix`, found by brute force. */
function looseBlobWithPrefix(dir: string, prefix: string): string {
  for (let i = 0; ; i++) {
    const body = `collide ${i}\n`;
    const store = Buffer.from(`blob ${body.length}\0${body}`);
    const oid = createHash("sha1").update(store).digest("hex");
    if (!oid.startsWith(prefix)) continue;
    mkdirSync(join(dir, ".git", "objects", oid.slice(0, 2)), { recursive: true });
    writeFileSync(join(dir, ".git", "objects", oid.slice(0, 2), oid.slice(2)), deflateSync(store));
    return oid;
  }
}

test("auto length grows to 8 with more than 2^14 packed objects", () => {
  const dir = join(sb.root, "many");
  sb.git(["init", "-q", dir]);
  // 17000 blobs through fast-import: one pack, no loose objects.
  let stream = "";
  for (let i = 0; i < 17000; i++) stream += `blob\ndata ${String(i).length + 1}\n${i}\n\n`;
  sb.gitRaw(["fast-import", "--quiet"], { cwd: dir, stdin: stream });
  sb.git(["commit", "-q", "--allow-empty", "-m", "x"], { cwd: dir });
  sb.git(["worktree", "add", "-q", "--detach", join(sb.root, "many-wt")], { cwd: dir });
  const out = same(dir);
  expect(out.split("\n")[0]).toMatch(/ [0-9a-f]{8} \[main\]$/);
});

test("a loose or packed object sharing the prefix makes the column longer (core.abbrev=4)", () => {
  const dir = join(sb.root, "collide");
  sb.git(["init", "-q", dir]);
  sb.git(["commit", "-q", "--allow-empty", "-m", "x"], { cwd: dir });
  sb.git(["worktree", "add", "-q", "-b", "side", join(sb.root, "collide-wt")], { cwd: dir });
  const env = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.abbrev", GIT_CONFIG_VALUE_0: "4" };
  const head = sb.git(["rev-parse", "HEAD"], { cwd: dir }).trim();
  expect(same(dir, env)).toContain(` ${head.slice(0, 4)} [main]`);
  looseBlobWithPrefix(dir, head.slice(0, 4));
  const loose = same(dir, env);
  expect(loose).toMatch(new RegExp(` ${head.slice(0, 5)}[0-9a-f]* \\[main\\]`));
  sb.git(["repack", "-q", "-a", "-d"], { cwd: dir });
  expect(same(dir, env)).toBe(loose);
  // An unborn worktree abbreviates the null id, as git does.
  sb.git(["symbolic-ref", "HEAD", "refs/heads/unborn"], { cwd: join(sb.root, "collide-wt") });
  same(dir, env);
});

test("an object in an alternate (named by a C-quoted line) sharing the prefix counts too", () => {
  const dir = join(sb.root, "alt-user");
  sb.git(["init", "-q", dir]);
  sb.git(["commit", "-q", "--allow-empty", "-m", "x"], { cwd: dir });
  sb.git(["worktree", "add", "-q", "--detach", join(sb.root, "alt-user-wt")], { cwd: dir });
  const env = { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.abbrev", GIT_CONFIG_VALUE_0: "4" };
  const head = sb.git(["rev-parse", "HEAD"], { cwd: dir }).trim();
  // The alternate's path has a tab in it, so the alternates line must be quoted ("...\t...").
  const alt = join(sb.root, "alt\tstore");
  sb.git(["init", "-q", alt]);
  const oid = looseBlobWithPrefix(alt, head.slice(0, 4));
  writeFileSync(join(dir, ".git", "objects", "info", "alternates"), `"${join(alt, ".git", "objects").replaceAll("\t", "\\t")}"\n`);
  expect(sb.git(["cat-file", "-t", oid], { cwd: dir })).toBe("blob\n"); // git follows the quoted line
  expect(same(dir, env)).toMatch(new RegExp(` ${head.slice(0, 5)}[0-9a-f]* \\[main\\]`));
});
