#!/usr/bin/env bun
/**
 * Release builds: one single-file binary per target, each packed as
 * dist/repo-manager-<version>-<os>-<arch>.tar.gz (.zip for Windows), plus one
 * dist/SHA256SUMS covering every archive of this version in dist/.
 *
 *   bun scripts/build-binaries.ts                 all targets
 *   bun scripts/build-binaries.ts --target linux-x64 [--target ...]
 *   bun scripts/build-binaries.ts --current       the host's target only
 *   options: --out <dir> (default dist/), --version <v> (default package.json),
 *            --strict (a target that cannot be built fails the run instead of
 *            being skipped), --json (summary on stdout)
 *
 * Cross-compiling needs only the npm registry: `bun build --compile
 * --target=bun-<os>-<arch>` downloads the target's runtime from the registry
 * bun is configured with (the @oven/bun-<os>-<arch> packages) into bun's
 * install cache. If that fails we fetch the same package with `npm pack` and
 * point `--compile-executable-path` at the unpacked runtime (at once with
 * REPO_MANAGER_RUNTIME_FROM=npm); if that fails too the target is skipped with
 * the reason printed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { makeTarGz, makeZip, sha256 } from "./archive.ts";
import { compileArgs, ENTRY_POINTS, ROOT } from "./build.ts";

export type ExecutableFormat = "elf" | "macho" | "pe";

export interface Target {
  /** Our name, used in archive names and `--target`. */
  name: string;
  os: "linux" | "darwin" | "windows";
  arch: "x64" | "arm64";
  /** bun's `--target` value. */
  bunTarget: string;
  /** npm package holding that runtime (the fallback fetch). */
  runtimePackage: string;
  format: ExecutableFormat;
}

const t = (name: string, os: Target["os"], arch: Target["arch"], runtime: string, format: ExecutableFormat): Target => ({
  name,
  os,
  arch,
  bunTarget: `bun-${name}`,
  runtimePackage: `@oven/bun-${runtime}`,
  format,
});

/** Every release target. Baseline: x64 CPUs without AVX2; musl: Alpine and other musl-libc containers. */
export const TARGETS: readonly Target[] = [
  t("linux-x64", "linux", "x64", "linux-x64", "elf"),
  t("linux-x64-baseline", "linux", "x64", "linux-x64-baseline", "elf"),
  t("linux-arm64", "linux", "arm64", "linux-aarch64", "elf"),
  t("linux-x64-musl", "linux", "x64", "linux-x64-musl", "elf"),
  t("darwin-x64", "darwin", "x64", "darwin-x64", "macho"),
  t("darwin-arm64", "darwin", "arm64", "darwin-aarch64", "macho"),
  t("windows-x64", "windows", "x64", "windows-x64", "pe"),
];

export const binaryName = (target: Target): string => (target.os === "windows" ? "repo-manager.exe" : "repo-manager");
export const archiveName = (version: string, target: Target): string =>
  `repo-manager-${version}-${target.name}.${target.os === "windows" ? "zip" : "tar.gz"}`;

/** The target this machine runs, or undefined for an unsupported host. Musl is told apart by its loader. */
export function hostTarget(): Target | undefined {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch;
  let name = `${os}-${arch}`;
  if (os === "linux" && arch === "x64" && existsSync("/etc/alpine-release")) name = "linux-x64-musl";
  return TARGETS.find((x) => x.name === name);
}

/** Reads the executable format and CPU from a binary's first bytes (ELF e_machine, Mach-O cputype, PE Machine). */
export function inspectExecutable(bytes: Uint8Array): { format: ExecutableFormat; arch: "x64" | "arm64" | "other" } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 64) return undefined;
  if (view.getUint32(0, false) === 0x7f454c46) {
    const machine = view.getUint16(18, true);
    return { format: "elf", arch: machine === 0x3e ? "x64" : machine === 0xb7 ? "arm64" : "other" };
  }
  if (view.getUint32(0, true) === 0xfeedfacf) {
    const cpu = view.getUint32(4, true);
    return { format: "macho", arch: cpu === 0x01000007 ? "x64" : cpu === 0x0100000c ? "arm64" : "other" };
  }
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = view.getUint32(0x3c, true);
    if (pe + 6 <= bytes.length && view.getUint32(pe, false) === 0x50450000) {
      const machine = view.getUint16(pe + 4, true);
      return { format: "pe", arch: machine === 0x8664 ? "x64" : machine === 0xaa64 ? "arm64" : "other" };
    }
  }
  return undefined;
}

export interface BuiltTarget {
  target: string;
  binary: string;
  binarySize: number;
  archive: string;
  archiveSize: number;
  sha256: string;
}

export interface SkippedTarget {
  target: string;
  skipped: string;
}

function bunBuild(target: Target, version: string, outfile: string, executablePath?: string) {
  const cmd = [process.execPath, "build", ...ENTRY_POINTS, ...compileArgs(version), `--target=${target.bunTarget}`];
  if (executablePath) cmd.push(`--compile-executable-path=${executablePath}`);
  cmd.push("--outfile", outfile);
  const p = Bun.spawnSync(cmd, { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  return { ok: p.exitCode === 0, stderr: p.stderr.toString().trim() };
}

/** Fetches a target runtime with `npm pack` (npm registry only) and unpacks its bun binary; returns its path. */
export function fetchRuntimeWithNpm(target: Target, bunVersion = Bun.version): string {
  const dir = join(ROOT, ".tmp", "runtimes", `${target.name}-${bunVersion}`);
  const exe = join(dir, "package", "bin", target.os === "windows" ? "bun.exe" : "bun");
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  // On Windows npm is npm.cmd, a batch file, which only cmd.exe runs. The arguments are our own
  // constants (package name, version, a path under the checkout), so cmd's parsing is no risk here.
  const npm = process.platform === "win32" ? ["cmd.exe", "/d", "/s", "/c", "npm"] : ["npm"];
  const pack = Bun.spawnSync([...npm, "pack", `${target.runtimePackage}@${bunVersion}`, "--silent", "--pack-destination", dir], {
    cwd: dir,
    stdout: "pipe",
    stderr: "pipe",
  });
  const file = pack.stdout.toString().trim().split("\n").at(-1) ?? "";
  if (pack.exitCode !== 0 || !file) throw new Error(`npm pack ${target.runtimePackage}@${bunVersion} failed: ${pack.stderr.toString().trim()}`);
  const untar = Bun.spawnSync(["tar", "-xzf", file], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  if (untar.exitCode !== 0 || !existsSync(exe)) throw new Error(`could not unpack ${file}: ${untar.stderr.toString().trim()}`);
  return exe;
}

/** Builds, checks and packs one target into outDir. Returns a skip (with the reason) when its runtime cannot be had. */
export function buildTarget(target: Target, opts: { version: string; outDir: string }): BuiltTarget | SkippedTarget {
  const stage = join(opts.outDir, "build", target.name);
  mkdirSync(stage, { recursive: true });
  const binary = join(stage, binaryName(target));
  // REPO_MANAGER_RUNTIME_FROM=npm goes straight to the npm client (it honours .npmrc: proxies, mirrors).
  const npmOnly = process.env.REPO_MANAGER_RUNTIME_FROM === "npm";
  let r = npmOnly ? { ok: false, stderr: "skipped bun's own download (REPO_MANAGER_RUNTIME_FROM=npm)" } : bunBuild(target, opts.version, binary);
  if (!r.ok) {
    // bun's own download failed (offline cache, proxy...): try the npm client.
    let runtime: string;
    try {
      runtime = fetchRuntimeWithNpm(target);
    } catch (error) {
      return { target: target.name, skipped: `runtime unavailable (${r.stderr.split("\n").at(-1)}; ${(error as Error).message})` };
    }
    r = bunBuild(target, opts.version, binary, runtime);
    if (!r.ok) throw new Error(`bun build for ${target.name} failed:\n${r.stderr}`);
  }
  const bytes = new Uint8Array(readFileSync(binary));
  const kind = inspectExecutable(bytes);
  if (kind?.format !== target.format || kind.arch !== target.arch) {
    throw new Error(`${binary} is ${kind ? `${kind.format}/${kind.arch}` : "not an executable"}, expected ${target.format}/${target.arch}`);
  }
  const entry = { name: binaryName(target), data: bytes, mode: 0o755 };
  const archiveBytes = target.os === "windows" ? makeZip([entry]) : makeTarGz([entry]);
  const archive = join(opts.outDir, archiveName(opts.version, target));
  writeFileSync(archive, archiveBytes);
  return {
    target: target.name,
    binary,
    binarySize: bytes.length,
    archive,
    archiveSize: archiveBytes.length,
    sha256: sha256(archiveBytes),
  };
}

/** Rewrites outDir/SHA256SUMS (`sha256sum -c` format) from every archive of this version in outDir. */
export function writeChecksums(outDir: string, version: string): string {
  const prefix = `repo-manager-${version}-`;
  const names = readdirSync(outDir)
    .filter((n) => n.startsWith(prefix) && (n.endsWith(".tar.gz") || n.endsWith(".zip")))
    .sort();
  const text = names.map((n) => `${sha256(new Uint8Array(readFileSync(join(outDir, n))))}  ${n}\n`).join("");
  const file = join(outDir, "SHA256SUMS");
  writeFileSync(file, text);
  return file;
}

/** Parses SHA256SUMS text into file name -> hex digest. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (m) sums.set(m[2] as string, m[1] as string);
  }
  return sums;
}

function parseCli(argv: string[]) {
  const o = { targets: [] as Target[], current: false, outDir: join(ROOT, "dist"), version: pkg.version, strict: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--target") {
      const name = value();
      const target = TARGETS.find((x) => x.name === name);
      if (!target) throw new Error(`unknown target '${name}'; targets: ${TARGETS.map((x) => x.name).join(", ")}`);
      o.targets.push(target);
    } else if (a === "--current") o.current = true;
    else if (a === "--out") o.outDir = value();
    else if (a === "--version") o.version = value();
    else if (a === "--strict") o.strict = true;
    else if (a === "--json") o.json = true;
    else throw new Error(`unknown option '${a}'`);
  }
  if (o.current) {
    const host = hostTarget();
    if (!host) throw new Error(`no release target for this host (${process.platform}-${process.arch})`);
    o.targets.push(host);
  }
  if (o.targets.length === 0) o.targets = [...TARGETS];
  return o;
}

if (import.meta.main) {
  let o: ReturnType<typeof parseCli>;
  try {
    o = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`build-binaries: ${(error as Error).message}`);
    process.exit(2);
  }
  mkdirSync(o.outDir, { recursive: true });
  const results: (BuiltTarget | SkippedTarget)[] = [];
  for (const target of o.targets) {
    const t0 = performance.now();
    const r = buildTarget(target, { version: o.version, outDir: o.outDir });
    results.push(r);
    if ("skipped" in r) console.error(`skipped ${target.name}: ${r.skipped}`);
    else {
      const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
      console.error(`built ${target.name}: binary ${mb(r.binarySize)}, archive ${mb(r.archiveSize)} (${Math.round(performance.now() - t0)} ms)`);
    }
  }
  const sums = writeChecksums(o.outDir, o.version);
  console.error(`wrote ${sums}`);
  if (o.json) console.log(JSON.stringify({ version: o.version, checksums: sums, targets: results }, null, 2));
  if (o.strict && results.some((r) => "skipped" in r)) process.exit(1);
}
