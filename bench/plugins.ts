#!/usr/bin/env bun
/**
 * `npm run bench:plugins`: the cost of the plugin layer, on the compiled binary.
 *
 * (a) `repo-manager hello` against running `repo-manager-plugin-hello`
 *     directly: the dispatch overhead (lookup, trust checks, context file),
 *     and that overhead as a ratio of `repo-manager --version` measured in the
 *     same run (start-up times differ 7x between machines; the ratio does
 *     not). Goals: <= 10 ms median, and <= 1.2x `--version`.
 * (b) `repo-manager plugin list` with 100 managed plugins and a warm metadata
 *     cache against `repo-manager --version` (the runtime's floor for us).
 *     Goal: <= 1.5x.
 *
 * Both in one run, in an isolated HOME, alternating the commands so noise hits
 * both sides alike. Options: --runs N (default 40), --no-build (use dist/
 * as it is instead of a fresh build in the temp dir).
 */
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHost, hostBinaryPath } from "../scripts/build.ts";

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf("--runs") + 1]) || 40;
const root = realpathSync(mkdtempSync(join(tmpdir(), "rm-bench-plugins-")));
// Our own build in the temp dir, so a concurrent `npm test` rebuilding dist/ cannot swap it mid-run.
const bin = argv.includes("--no-build") ? hostBinaryPath() : await buildHost(join(root, "repo-manager"));
const home = join(root, "home");
const pluginDir = join(root, "plugins");
mkdirSync(home, { recursive: true });
mkdirSync(pluginDir, { recursive: true });
const env: Record<string, string> = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_CACHE_HOME: join(home, ".cache"),
  NO_COLOR: "1",
};

const script = (name: string) =>
  `#!/bin/sh\nif [ "$1" = "__repo-manager-metadata" ]; then\n  echo '{"schemaVersion":1,"name":"${name}","version":"1.0.0","description":"bench plugin ${name}","protocols":[1]}'\n  exit 0\nfi\nexit 0\n`;

function run(cmd: string[], extra: Record<string, string> = {}): number {
  const t0 = Bun.nanoseconds();
  const p = Bun.spawnSync(cmd, { env: { ...env, ...extra }, cwd: root, stdout: "ignore", stderr: "pipe" });
  const ms = (Bun.nanoseconds() - t0) / 1e6;
  if (p.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed (${p.exitCode}): ${p.stderr.toString()}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function compare(label: string, a: () => number, b: () => number, c?: () => number): { a: number; b: number; c: number } {
  for (let i = 0; i < 3; i++) (a(), b(), c?.()); // warm the page cache and our metadata cache
  const ta: number[] = [];
  const tb: number[] = [];
  const tc: number[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(a());
    tb.push(b());
    if (c) tc.push(c());
  }
  const r = { a: median(ta), b: median(tb), c: c ? median(tc) : Number.NaN };
  console.log(`${label}\n  median ${r.a.toFixed(2)} ms vs ${r.b.toFixed(2)} ms (${runs} runs each)`);
  return r;
}

try {
  // (a) dispatch overhead
  const hello = join(pluginDir, "repo-manager-plugin-hello");
  writeFileSync(hello, script("hello"));
  chmodSync(hello, 0o755);
  const a = compare(
    "(a) repo-manager hello  vs  repo-manager-plugin-hello directly",
    () => run([bin, "hello"], { REPO_MANAGER_PLUGIN_PATH: pluginDir }),
    () => run([hello]),
    () => run([bin, "--version"]),
  );
  const overhead = a.a - a.b;
  const overheadRatio = overhead / a.c;
  console.log(`  overhead ${overhead.toFixed(2)} ms (goal <= 10 ms): ${overhead <= 10 ? "ok" : "OVER"}`);
  console.log(`  overhead / repo-manager --version (${a.c.toFixed(2)} ms, same run): ${overheadRatio.toFixed(2)}x (goal <= 1.2x): ${overheadRatio <= 1.2 ? "ok" : "OVER"}`);

  // (b) plugin list with 100 managed plugins, warm cache
  const src = join(root, "src");
  mkdirSync(src);
  for (let i = 0; i < 100; i++) {
    const name = `bench${String(i).padStart(3, "0")}`;
    const file = join(src, `repo-manager-plugin-${name}`);
    writeFileSync(file, script(name));
    chmodSync(file, 0o755);
    run([bin, "plugin", "install", file]);
  }
  const listed = Bun.spawnSync([bin, "plugin", "list", "--json"], { env, cwd: root });
  const n = (JSON.parse(listed.stdout.toString()) as { managed: boolean; status: string }[]).filter((e) => e.managed && e.status === "ok").length;
  if (n !== 100) throw new Error(`expected 100 managed plugins, got ${n}`);
  // The install just changed the plugins dir: its listing is reused only once
  // its mtime is older than the racy window (see RACY_MS in src/plugins/cache.ts).
  await Bun.sleep(2100);
  const b = compare(
    "(b) repo-manager plugin list (100 managed, warm cache)  vs  repo-manager --version",
    () => run([bin, "plugin", "list"]),
    () => run([bin, "--version"]),
  );
  const ratio = b.a / b.b;
  console.log(`  ratio ${ratio.toFixed(2)}x (goal <= 1.5x): ${ratio <= 1.5 ? "ok" : "OVER"}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
