// The progress line: silent off a terminal and for the first second, then git's format.
import { describe, expect, test } from "bun:test";
import { createProgress } from "../../src/output/progress.ts";

function fake(enabled: boolean) {
  let now = 0;
  const out: string[] = [];
  const p = createProgress("Updating files", { enabled, write: (s) => out.push(s), now: () => now });
  return { p, out, advance: (ms: number) => (now += ms) };
}

describe("createProgress", () => {
  test("nothing before the delay, then git's line, then ', done.'", () => {
    const f = fake(true);
    f.p.update(256, 1000);
    expect(f.out).toEqual([]);
    f.advance(1200);
    f.p.update(512, 1000);
    f.p.update(513, 1000); // same percentage: not rewritten
    f.p.update(1000, 1000);
    f.p.done();
    expect(f.out).toEqual(["\rUpdating files:  51% (512/1000)", "\rUpdating files: 100% (1000/1000)", "\rUpdating files: 100% (1000/1000), done.\n"]);
  });
  test("a quick job prints nothing at all, done() included", () => {
    const f = fake(true);
    f.p.update(1000, 1000);
    f.p.done();
    expect(f.out).toEqual([]);
  });
  test("off a terminal: never", () => {
    const f = fake(false);
    f.advance(5000);
    f.p.update(1, 2);
    f.p.done();
    expect(f.out).toEqual([]);
  });
  test("clear() erases an unfinished line so an error starts clean", () => {
    const f = fake(true);
    f.advance(2000);
    f.p.update(1, 2);
    f.p.clear();
    expect(f.out.at(-1)).toBe("\r\x1b[K");
  });
});
