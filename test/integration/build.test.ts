// Release build of every target (cross-compiled; runtimes from the npm registry):
// executable formats, archive contents, SHA256SUMS, the host binary's version and
// autoload settings, and the Homebrew formula / Scoop manifest made from the sums.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writePackaging } from "../../packaging/generate.ts";
import { scoopManifestProblems } from "../../packaging/scoop-schema.ts";
import { sha256 } from "../../scripts/archive.ts";
import {
  archiveName,
  type BuiltTarget,
  binaryName,
  hostTarget,
  inspectExecutable,
  parseChecksums,
  type SkippedTarget,
  TARGETS,
} from "../../scripts/build-binaries.ts";
import { snapshotTree } from "../helpers/sandbox.ts";

const ROOT = join(import.meta.dir, "..", "..");
// The archive checks read back with GNU/BSD tar and Info-ZIP unzip, which a Windows runner lacks;
// the Linux and macOS jobs (and .ci/run) build and check every target, the Windows one included.
const SKIP = process.platform === "win32" || !Bun.which("unzip") || !Bun.which("tar");
if (SKIP) console.warn("skipping the release build tests: they need tar and unzip (not on Windows runners)");
const VERSION = "0.0.0-test.1";
let dir: string;
let results: (BuiltTarget | SkippedTarget)[] = [];
const built = new Map<string, BuiltTarget>();

function run(cmd: string[], cwd = dir) {
  const p = Bun.spawnSync(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "rm-build-")));
  if (SKIP) return;
  const r = run([process.execPath, join(ROOT, "scripts/build-binaries.ts"), "--out", join(dir, "dist"), "--version", VERSION, "--json"], ROOT);
  if (r.code !== 0) throw new Error(`build-binaries failed (${r.code}):\n${r.stderr}`);
  results = JSON.parse(r.stdout).targets;
  for (const t of results) {
    if ("skipped" in t) console.warn(`skipping checks of ${t.target}: ${t.skipped}`);
    else built.set(t.target, t);
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXPECTED_FILE = { elf: /ELF 64-bit/, macho: /Mach-O 64-bit/, pe: /PE32\+ executable/ } as const;

describe.skipIf(SKIP)("every target", () => {
  test("is built, or skipped only with a reason", () => {
    expect(results.map((r) => r.target)).toEqual(TARGETS.map((t) => t.name));
    for (const r of results) if ("skipped" in r) expect(r.skipped.length).toBeGreaterThan(10);
    // The host's own runtime is always at hand, so at least it must build.
    expect(built.has(hostTarget()?.name ?? "")).toBe(true);
  });

  for (const target of TARGETS) {
    test(`${target.name}: ${target.format} for ${target.arch}, packed alone with the right mode`, () => {
      const b = built.get(target.name);
      if (!b) return; // skipped, reason printed above
      const bytes = new Uint8Array(readFileSync(b.binary));
      expect(inspectExecutable(bytes)).toEqual({ format: target.format, arch: target.arch });
      if (Bun.which("file")) expect(run(["file", "-b", b.binary]).stdout).toMatch(EXPECTED_FILE[target.format]);
      expect(b.archive).toBe(join(dir, "dist", archiveName(VERSION, target)));

      const out = join(dir, "x", target.name);
      mkdirSync(out, { recursive: true });
      if (target.os === "windows") {
        const list = run(["unzip", "-Z", "-1", b.archive]);
        expect(list.stdout.trim()).toBe("repo-manager.exe");
        expect(run(["unzip", "-q", b.archive, "-d", out]).code).toBe(0);
      } else {
        // GNU tar and bsdtar (macOS) both print a -tv listing (mode, size, name) on stdout.
        const list = run(["tar", "-tzvf", b.archive]);
        expect(list.stdout.trim().split("\n")).toHaveLength(1);
        expect(list.stdout).toMatch(new RegExp(`^-rwxr-xr-x .*\\b${bytes.length}\\b.* repo-manager\\n$`));
        expect(run(["tar", "-xzf", b.archive, "-C", out]).code).toBe(0);
      }
      expect(sha256(new Uint8Array(readFileSync(join(out, binaryName(target)))))).toBe(sha256(bytes));
      rmSync(out, { recursive: true });
    }, 60_000);
  }
});

describe.skipIf(SKIP)("SHA256SUMS", () => {
  test("lists exactly the archives built, and sha256sum -c agrees", () => {
    const sums = parseChecksums(readFileSync(join(dir, "dist", "SHA256SUMS"), "utf8"));
    expect([...sums.keys()].sort()).toEqual([...built.values()].map((b) => b.archive.split("/").at(-1) as string).sort());
    for (const b of built.values()) expect(sums.get(b.archive.split("/").at(-1) as string)).toBe(b.sha256);
    if (Bun.which("sha256sum")) {
      const check = run(["sha256sum", "-c", "SHA256SUMS"], join(dir, "dist"));
      expect(check.code).toBe(0);
      expect(check.stdout.match(/: OK$/gm)).toHaveLength(built.size);
    }
  }, 60_000);
});

describe.skipIf(SKIP)("the host binary from its archive", () => {
  test("prints the injected version and ignores .env and bunfig.toml in the cwd", () => {
    const host = hostTarget();
    const b = host && built.get(host.name);
    if (!b) throw new Error("host target was not built");
    const work = join(dir, "cwd");
    mkdirSync(work);
    // Both would change the run if loaded: a preload that prints, an env var that turns on debug output.
    writeFileSync(join(work, "bunfig.toml"), 'preload = ["./boom.ts"]\n');
    writeFileSync(join(work, "boom.ts"), 'console.log("BUNFIG LOADED");\n');
    writeFileSync(join(work, ".env"), "REPO_MANAGER_DEBUG=1\n");
    const v = run([b.binary, "--version"], work);
    expect(v).toEqual({ code: 0, stdout: `repo-manager ${VERSION}\n`, stderr: "" });
    const bad = run([b.binary, "frobnicate"], work);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).not.toContain("    at "); // REPO_MANAGER_DEBUG from .env would print a stack
  });
});

describe.skipIf(SKIP)("packaging generated from the checksums", () => {
  const pkgDir = () => join(dir, "packaging");
  const sums = () => parseChecksums(readFileSync(join(dir, "dist", "SHA256SUMS"), "utf8"));
  const needed = ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64", "windows-x64"];
  const allBuilt = () => needed.every((n) => built.has(n));

  beforeAll(() => {
    if (allBuilt()) writePackaging({ dist: join(dir, "dist"), out: pkgDir(), version: VERSION, repo: "example/repo-manager" });
    else console.warn("skipping packaging checks: a target they need was skipped");
  });

  test("the Homebrew formula names each archive with its sha256 and is valid Ruby", () => {
    if (!allBuilt()) return;
    const rb = readFileSync(join(pkgDir(), "homebrew", "repo-manager.rb"), "utf8");
    for (const n of needed.filter((x) => !x.startsWith("windows"))) {
      const file = archiveName(VERSION, TARGETS.find((t) => t.name === n) as (typeof TARGETS)[number]);
      expect(rb).toContain(`url "https://github.com/example/repo-manager/releases/download/v${VERSION}/${file}"\n      sha256 "${sums().get(file)}"`);
    }
    expect(rb).toContain('shell_output("#{bin}/repo-manager --version")');
    if (!Bun.which("ruby")) {
      console.warn("skipping the Ruby syntax check of the formula: ruby is not installed (apt-get install -y ruby)");
      return;
    }
    const r = run(["ruby", "-c", join(pkgDir(), "homebrew", "repo-manager.rb")]);
    expect(r.stdout.trim()).toBe("Syntax OK");
  });

  test("the Scoop manifest passes the schema and carries the zip's sha256; a tampered one fails", () => {
    if (!allBuilt()) return;
    const manifest = JSON.parse(readFileSync(join(pkgDir(), "scoop", "repo-manager.json"), "utf8"));
    expect(scoopManifestProblems(manifest)).toEqual([]);
    const zip = archiveName(VERSION, TARGETS.find((t) => t.name === "windows-x64") as (typeof TARGETS)[number]);
    expect(manifest.architecture["64bit"].hash).toBe(sums().get(zip));
    expect(manifest.architecture["64bit"].url.endsWith(`/v${VERSION}/${zip}`)).toBe(true);
    expect(manifest.version).toBe(VERSION);
    const tampered = { ...manifest, architecture: { "64bit": { ...manifest.architecture["64bit"], hash: "abc" } }, extra: 1 };
    expect(scoopManifestProblems(tampered).join("\n")).toMatch(/hash[\s\S]*extra|extra[\s\S]*hash/);
  });
});

describe.skipIf(SKIP)("build-binaries command line", () => {
  test("an unknown target is a usage error (exit 2) that writes nothing", () => {
    const before = snapshotTree(dir);
    const r = run([process.execPath, join(ROOT, "scripts/build-binaries.ts"), "--out", join(dir, "dist"), "--target", "plan9-mips"], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown target 'plan9-mips'");
    expect(r.stderr).toContain("linux-x64-musl");
    expect(snapshotTree(dir)).toBe(before);
  });

  test("REPO_MANAGER_RUNTIME_FROM=npm: the runtime comes from `npm pack` and --compile-executable-path", () => {
    const out = join(dir, "npm-runtime");
    const p = Bun.spawnSync(
      [process.execPath, join(ROOT, "scripts/build-binaries.ts"), "--target", "darwin-arm64", "--out", out, "--version", VERSION, "--json"],
      { cwd: ROOT, env: { ...process.env, REPO_MANAGER_RUNTIME_FROM: "npm" }, stdout: "pipe", stderr: "pipe" },
    );
    const [r] = JSON.parse(p.stdout.toString()).targets as (BuiltTarget | SkippedTarget)[];
    if (r && "skipped" in r) {
      console.warn(`skipping the npm runtime check: ${r.skipped}`);
      return;
    }
    expect(p.exitCode).toBe(0);
    expect(inspectExecutable(new Uint8Array(readFileSync((r as BuiltTarget).binary)))).toEqual({ format: "macho", arch: "arm64" });
    expect(existsSync(join(ROOT, ".tmp", "runtimes", `darwin-arm64-${Bun.version}`, "package", "bin", "bun"))).toBe(true);
  }, 180_000);

  test("--current builds only the host's target", () => {
    const out = join(dir, "current");
    const r = run([process.execPath, join(ROOT, "scripts/build-binaries.ts"), "--current", "--out", out, "--version", VERSION, "--json"], ROOT);
    expect(r.code).toBe(0);
    const targets = JSON.parse(r.stdout).targets as BuiltTarget[];
    expect(targets.map((t) => t.target)).toEqual([hostTarget()?.name as string]);
    expect(existsSync(join(out, "SHA256SUMS"))).toBe(true);
  }, 120_000);
});
