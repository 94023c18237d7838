// pathTrustProblem walks a path as the kernel resolves it (issue 14, item 10).
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathTrustProblem, unsafePermissionReason } from "../../../src/plugins/trust.ts";

const WINDOWS = process.platform === "win32";
const root = WINDOWS ? "" : realpathSync(mkdtempSync(join(tmpdir(), "rm-trust-")));
afterAll(() => root && rmSync(root, { recursive: true, force: true }));
const uid = WINDOWS ? -1 : (process.getuid?.() ?? -1);

function mk(path: string, mode: number): string {
  const p = join(root, path);
  mkdirSync(p, { recursive: true });
  chmodSync(p, mode);
  return p;
}
function file(path: string, mode = 0o755): string {
  const p = join(root, path);
  writeFileSync(p, "#!/bin/sh\n");
  chmodSync(p, mode);
  return p;
}

describe.skipIf(WINDOWS)("pathTrustProblem", () => {
  test("'..' in a link target is resolved as the kernel does: through the directory it names, not lexically", () => {
    mk("dotdot/open/sub", 0o755);
    chmodSync(join(root, "dotdot/open"), 0o777);
    mk("dotdot/safe", 0o755);
    file("dotdot/safe/plugin");
    mk("dotdot/bin", 0o755);
    // Lexically "open/sub/../../safe/plugin" is "safe/plugin"; the kernel walks through open/ (anyone can swap sub).
    symlinkSync("../open/sub/../../safe/plugin", join(root, "dotdot/bin/link"));
    expect(pathTrustProblem(join(root, "dotdot/bin/link"), uid)).toMatchObject({ path: join(root, "dotdot/open") });
    chmodSync(join(root, "dotdot/open"), 0o755);
    // A fresh process would see the fix; this one caches directory stats (as a command run does), so ask about a new path.
    mk("dotdot2/open/sub", 0o755);
    mk("dotdot2/safe", 0o755);
    file("dotdot2/safe/plugin");
    symlinkSync("open/sub/../../safe/plugin", join(root, "dotdot2/link"));
    expect(pathTrustProblem(join(root, "dotdot2/link"), uid)).toBeUndefined();
  });

  test("a group-writable file is refused, a group-writable directory is not; the problem names the path", () => {
    mk("g/bin", 0o775);
    const f = file("g/bin/plugin", 0o775);
    expect(pathTrustProblem(f, uid)).toMatchObject({ path: f, reason: expect.stringContaining("writable by its group (mode 0775)") });
    chmodSync(f, 0o755);
    expect(pathTrustProblem(f, uid)).toBeUndefined();
  });

  test("a link loop or a dangling link is reported, not thrown", () => {
    mk("loop", 0o755);
    symlinkSync(join(root, "loop/b"), join(root, "loop/a"));
    symlinkSync(join(root, "loop/a"), join(root, "loop/b"));
    expect(pathTrustProblem(join(root, "loop/a"), uid)?.reason).toContain("ELOOP");
    symlinkSync(join(root, "loop/nowhere"), join(root, "loop/dangling"));
    expect(pathTrustProblem(join(root, "loop/dangling"), uid)?.reason).toContain("ENOENT");
  });

  test("Windows skips the checks (ACLs, not mode bits)", () => {
    expect(unsafePermissionReason("C:\\anything", undefined, "win32")).toBeUndefined();
  });
});
