// Our tar.gz and zip writers, read back by the system's tar and unzip (the oracles).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTarGz, makeZip, sha256 } from "../../scripts/archive.ts";
import { inspectExecutable } from "../../scripts/build-binaries.ts";

const NO_UNZIP = !Bun.which("unzip");
if (NO_UNZIP) console.warn("skipping the zip read-back test: unzip is not installed");
let dir: string;
beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "rm-archive-")));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (cmd: string[], cwd = dir) => {
  const p = Bun.spawnSync(cmd, { cwd, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
};

// Sizes around the 512-byte tar block edge, an empty file, random (incompressible) bytes.
const random = new Uint8Array(70_001).map(() => Math.floor(Math.random() * 256));
const entries = [
  { name: "repo-manager", data: random, mode: 0o755 },
  { name: "README.md", data: new TextEncoder().encode("x".repeat(512)), mode: 0o644 },
  { name: "empty", data: new Uint8Array(0), mode: 0o600 },
  { name: "one", data: new Uint8Array([65]), mode: 0o644 },
];
const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 6));

describe("makeTarGz", () => {
  test("system tar extracts every entry byte for byte with its mode and mtime", () => {
    const file = join(dir, "a.tar.gz");
    writeFileSync(file, makeTarGz(entries, when));
    const out = join(dir, "tar-out");
    mkdirSync(out);
    const r = run(["tar", "-xzf", file, "-C", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const e of entries) {
      const p = join(out, e.name);
      expect(sha256(new Uint8Array(readFileSync(p)))).toBe(sha256(e.data));
      expect(statSync(p).mode & 0o777).toBe(e.mode);
      expect(statSync(p).mtimeMs).toBe(when.getTime());
    }
    expect(run(["tar", "-tzf", file]).stdout).toBe(`${entries.map((e) => e.name).join("\n")}\n`);
  });

  test("the same input and time give the same bytes (reproducible with SOURCE_DATE_EPOCH)", () => {
    expect(sha256(makeTarGz(entries, when))).toBe(sha256(makeTarGz(entries, when)));
  });

  test("a name longer than ustar allows is refused, not truncated", () => {
    expect(() => makeTarGz([{ name: "n".repeat(101), data: new Uint8Array(1), mode: 0o644 }])).toThrow("too long");
  });
});

describe.skipIf(NO_UNZIP)("makeZip", () => {
  test("unzip tests it, lists the entries and extracts them byte for byte with their modes", () => {
    const file = join(dir, "a.zip");
    writeFileSync(file, makeZip(entries, when));
    expect(run(["unzip", "-t", file]).stdout).toContain("No errors detected");
    expect(run(["unzip", "-Z", "-1", file]).stdout).toBe(`${entries.map((e) => e.name).join("\n")}\n`);
    const out = join(dir, "zip-out");
    expect(run(["unzip", "-q", file, "-d", out]).code).toBe(0);
    for (const e of entries) {
      const p = join(out, e.name);
      expect(sha256(new Uint8Array(readFileSync(p)))).toBe(sha256(e.data));
      expect(statSync(p).mode & 0o777).toBe(e.mode);
    }
  });
});

describe("inspectExecutable", () => {
  const header = (size: number, put: (v: DataView, b: Uint8Array) => void) => {
    const b = new Uint8Array(size);
    put(new DataView(b.buffer), b);
    return b;
  };

  test("reads format and CPU from ELF, Mach-O and PE headers", () => {
    const elf = header(64, (v) => {
      v.setUint32(0, 0x7f454c46, false);
      v.setUint16(18, 0xb7, true);
    });
    const macho = header(64, (v) => {
      v.setUint32(0, 0xfeedfacf, true);
      v.setUint32(4, 0x01000007, true);
    });
    const pe = header(256, (v, b) => {
      b[0] = 0x4d;
      b[1] = 0x5a;
      v.setUint32(0x3c, 0x80, true);
      v.setUint32(0x80, 0x50450000, false);
      v.setUint16(0x84, 0x8664, true);
    });
    expect(inspectExecutable(elf)).toEqual({ format: "elf", arch: "arm64" });
    expect(inspectExecutable(macho)).toEqual({ format: "macho", arch: "x64" });
    expect(inspectExecutable(pe)).toEqual({ format: "pe", arch: "x64" });
  });

  test("anything else, or too short, is not an executable", () => {
    expect(inspectExecutable(new TextEncoder().encode("#!/bin/sh\necho hi\n".padEnd(80)))).toBeUndefined();
    expect(inspectExecutable(new Uint8Array([0x7f, 0x45, 0x4c, 0x46]))).toBeUndefined();
    // MZ without a PE signature (a DOS program)
    expect(inspectExecutable(header(128, (_v, b) => ((b[0] = 0x4d), (b[1] = 0x5a))))).toBeUndefined();
  });
});
