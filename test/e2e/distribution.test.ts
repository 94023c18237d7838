// End-to-end on the compiled host binary (built by `npm test`): completion from the
// binary in a real bash, and install.sh installing it from a release directory.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { makeTarGz, sha256 } from "../../scripts/archive.ts";
import { hostTarget } from "../../scripts/build-binaries.ts";
import { BINARY, createSandbox, ROOT, type Sandbox, snapshotTree } from "../helpers/sandbox.ts";

const INSTALL_SH = join(ROOT, "install.sh");
const host = hostTarget();
let sb: Sandbox;
let release: string;

beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error(`no binary at ${BINARY}: run 'npm run build' (npm test does it)`);
  sb = createSandbox("rm-dist-");
  // A release directory as the release workflow publishes it, holding the host binary.
  release = join(sb.root, "release");
  mkdirSync(release);
  if (host && host.os !== "windows") {
    const name = `repo-manager-${pkg.version}-${host.name}.tar.gz`;
    const archive = makeTarGz([{ name: "repo-manager", data: new Uint8Array(readFileSync(BINARY)), mode: 0o755 }]);
    writeFileSync(join(release, name), archive);
    writeFileSync(join(release, "SHA256SUMS"), `${sha256(archive)}  ${name}\n`);
  }
});
afterAll(() => sb.cleanup());

const sh = (args: string[], env: Record<string, string> = {}) => {
  const p = Bun.spawnSync(["sh", INSTALL_SH, ...args], { cwd: sb.root, env: { ...sb.env, ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
};

describe("completion from the compiled binary", () => {
  test("__complete lists the worktree sub-commands and a flag", () => {
    const subs = sb.run(["completion", "__complete", "worktree", ""], { binary: true });
    expect(subs.code).toBe(0);
    expect(subs.stderr).toBe("");
    const names = subs.stdout.trim().split("\n").map((l) => l.split("\t")[0]);
    expect(names.sort()).toEqual(["add", "list", "lock", "move", "prune", "remove", "repair", "unlock"]);
    expect(sb.run(["completion", "__complete", "--vers"], { binary: true }).stdout).toBe("--version\tPrint the version\n");
  });

  test.skipIf(process.platform === "win32")("the bash script, loaded in bash, completes through the binary on PATH", () => {
    const bin = join(sb.root, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "repo-manager"), `#!/bin/sh\nexec '${BINARY}' "$@"\n`);
    chmodSync(join(bin, "repo-manager"), 0o755);
    // eval, not source <(...): bash 3.2 (macOS) cannot source a process substitution.
    const script = `eval "$(repo-manager completion bash)"
COMP_WORDS=(repo-manager worktree l); COMP_CWORD=2; COMPREPLY=()
_repo_manager_complete repo-manager l worktree
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const p = Bun.spawnSync(["bash", "--norc", "--noprofile", "-c", script], {
      env: { ...sb.env, PATH: `${bin}:${sb.env.PATH}` },
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(p.stdout.toString().trim().split("\n").sort()).toEqual(["list", "lock"]);
  });
});

describe.skipIf(!host || host.os === "windows")("install.sh", () => {
  test("is POSIX sh: shellcheck -s sh finds nothing (skipped without shellcheck), dash parses it", () => {
    if (Bun.which("dash")) expect(Bun.spawnSync(["dash", "-n", INSTALL_SH]).exitCode).toBe(0);
    if (!Bun.which("shellcheck")) {
      console.warn("skipping shellcheck of install.sh: shellcheck is not installed (apt-get install -y shellcheck)");
      return;
    }
    const p = Bun.spawnSync(["shellcheck", "-s", "sh", INSTALL_SH], { stdout: "pipe", stderr: "pipe" });
    expect(p.stdout.toString()).toBe("");
    expect(p.exitCode).toBe(0);
  });

  test("installs the archive for this machine after checking its sha256, and the binary runs", () => {
    const dest = join(sb.root, "dest");
    const r = sh(["--from", release, "--dir", dest, "--target", host?.name as string]);
    expect(r.stderr).toContain(`installed repo-manager ${pkg.version} (${host?.name}) to ${dest}/repo-manager`);
    expect(r.code).toBe(0);
    const v = Bun.spawnSync([join(dest, "repo-manager"), "--version"]);
    expect(v.stdout.toString()).toBe(`repo-manager ${pkg.version}\n`);
  }, 30_000);

  test("detects the target for this machine (musl and non-AVX2 CPUs get their own builds)", () => {
    const r = sh(["--from", "https://example.invalid/r", "--version", "1.2.3", "--dry-run"]);
    expect(r.code).toBe(0);
    let expected = host?.name as string;
    if (expected === "linux-x64" && !existsSync("/etc/alpine-release")) {
      const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "avx2";
      if (!cpuinfo.includes("avx2")) expected = "linux-x64-baseline";
    }
    expect(r.stdout).toBe(`https://example.invalid/r/repo-manager-1.2.3-${expected}.tar.gz\n`);
  });

  test("a tampered archive is refused and nothing is installed", () => {
    const bad = join(sb.root, "tampered");
    mkdirSync(bad);
    const name = `repo-manager-${pkg.version}-${host?.name}.tar.gz`;
    writeFileSync(join(bad, name), makeTarGz([{ name: "repo-manager", data: new TextEncoder().encode("#!/bin/sh\necho evil\n"), mode: 0o755 }]));
    writeFileSync(join(bad, "SHA256SUMS"), readFileSync(join(release, "SHA256SUMS")));
    const dest = join(sb.root, "dest-tampered");
    mkdirSync(dest);
    writeFileSync(join(dest, "keep"), "x");
    const before = snapshotTree(dest);
    const r = sh(["--from", bad, "--dir", dest, "--target", host?.name as string]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`checksum mismatch for ${name}`);
    expect(r.stdout).toBe("");
    expect(snapshotTree(dest)).toBe(before);
  });

  test("a version the release does not have, or a bad option, fails clearly and installs nothing", () => {
    const dest = join(sb.root, "dest-none");
    const missing = sh(["--from", release, "--dir", dest, "--version", "9.9.9", "--target", host?.name as string]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`SHA256SUMS has no entry for repo-manager-9.9.9-${host?.name}.tar.gz`);
    const usage = sh(["--frobnicate"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown option '--frobnicate'");
    expect(existsSync(dest)).toBe(false);
  });
});
