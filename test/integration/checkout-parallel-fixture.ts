// A repository (made by the real git) for the parallel checkout tests: enough plain files to
// reach the worker (several runs of 32), plus everything the worker must not take (links,
// executables are fine, CRLF-converted files), a big file, an empty one, and names that sort
// around '/' so the index order differs from tree order.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "../helpers/sandbox.ts";

export const FIXTURE_FILES = 700;

export function makeParallelRepo(sb: Sandbox, name: string): string {
  const dir = join(sb.root, name);
  sb.git(["init", "-q", dir]);
  for (let i = 0; i < FIXTURE_FILES; i++) {
    const d = join(dir, `d${i % 23}`, `s${i % 5}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `f${i}.dat`), `file ${i}\n`.repeat(1 + (i % 97)), { mode: i % 41 === 0 ? 0o755 : 0o644 });
  }
  writeFileSync(join(dir, ".gitattributes"), "*.txt eol=crlf\n");
  for (let i = 0; i < 40; i++) writeFileSync(join(dir, "d1", `t${i}.txt`), `line one ${i}\nline two\n`);
  writeFileSync(join(dir, "big.bin"), Buffer.alloc(3 * 1024 * 1024, 7));
  writeFileSync(join(dir, "empty"), "");
  mkdirSync(join(dir, "a"));
  writeFileSync(join(dir, "a", "x"), "in a\n");
  writeFileSync(join(dir, "a-b"), "a-b\n");
  writeFileSync(join(dir, "a.b"), "a.b\n");
  symlinkSync("d1/s1/f1.dat", join(dir, "link"));
  sb.git(["add", "-A"], { cwd: dir });
  sb.git(["commit", "-q", "-m", "many files"], { cwd: dir });
  return dir;
}
