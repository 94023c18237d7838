/**
 * Keeps the house: reads the imports of every file under src/ and fails on an
 * edge against the direction commands → core → git / plugins → platform,
 * naming the file and line (docs/design/01-architecture-spec.md).
 *
 * How it was checked to fail: the last test runs the same checker over
 * planted files with bad imports (static, dynamic and require); and by hand,
 * adding `import "../commands/index.ts";` to src/core/context.ts made the
 * first test fail with "src/core/context.ts:1: core must not import commands
 * (../commands/index.ts)" before it was removed again.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
const SRC = join(ROOT, "src");

type Layer = "main" | "commands" | "core" | "git" | "plugins" | "output" | "platform" | "shared";

/** What each layer must never import. "shared" is src/errors.ts and src/version.ts: leaves every layer may use. */
const FORBIDDEN: Record<Layer, Layer[]> = {
  main: [],
  commands: ["main"],
  core: ["main", "commands", "output"],
  git: ["main", "commands", "output", "core", "plugins"],
  plugins: ["main", "commands", "output", "core"],
  output: ["main", "commands", "core", "git", "plugins"],
  platform: ["main", "commands", "output", "core", "git", "plugins"],
  shared: ["main", "commands", "output", "core", "git", "plugins", "platform"],
};

/** Packages only some layers may load: citty is the command layer's description format. */
const PACKAGES: Record<string, Layer[]> = { citty: ["commands"] };

function layerOf(file: string): Layer {
  const rel = relative(SRC, file).replaceAll("\\", "/");
  if (rel === "main.ts" || rel === "frame.ts") return "main"; // frame.ts: main's one start-up chunk
  const top = rel.split("/")[0] as string;
  if (["commands", "core", "git", "plugins", "output", "platform"].includes(top)) return top as Layer;
  return "shared";
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** The import edges of one file against the rules. `file` is absolute; `text` its source. */
export function checkImports(file: string, text: string): Violation[] {
  const out: Violation[] = [];
  const from = layerOf(file);
  const lines = text.split("\n");
  lines.forEach((lineText, i) => {
    if (/^\s*(\/\/|\*)/.test(lineText)) return; // comments may name anything
    for (const m of lineText.matchAll(IMPORT)) {
      const spec = m[1] as string;
      const where = { file: relative(ROOT, file).replaceAll("\\", "/"), line: i + 1 };
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC)) continue;
        const to = layerOf(target);
        if (FORBIDDEN[from].includes(to)) out.push({ ...where, message: `${from} must not import ${to} (${spec})` });
      } else {
        const pkg = spec.split("/")[0] as string;
        const allowed = PACKAGES[pkg];
        if (allowed && !allowed.includes(from)) out.push({ ...where, message: `${from} must not import the package ${pkg}` });
      }
    }
    if (!file.endsWith("main.ts") && /\bprocess\.exit\s*\(/.test(lineText)) {
      out.push({ file: relative(ROOT, file), line: i + 1, message: "only src/main.ts ends the process" });
    }
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const format = (v: Violation[]) => v.map((x) => `${x.file}:${x.line}: ${x.message}`).join("\n");

describe("the layers", () => {
  test("no file under src/ imports against the direction commands → core → git / plugins → platform", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((f) => checkImports(f, readFileSync(f, "utf8")));
    expect(format(violations)).toBe("");
  });

  test("the commands take their context: no process.* and no module-level writer in src/commands", () => {
    const offenders = sourceFiles(join(SRC, "commands")).flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((l, i) => (/\bprocess\.|output\/stdio\.ts/.test(l) && !/^\s*(\/\/|\*)/.test(l) ? [`${relative(ROOT, f)}:${i + 1}: ${l.trim()}`] : [])),
    );
    expect(offenders.join("\n")).toBe("");
  });

  test("the checker catches planted bad imports (static, dynamic, require, a package) and names file and line", () => {
    const planted = (rel: string, text: string) => checkImports(join(SRC, rel), text);
    expect(planted("core/x.ts", `import { a } from "../commands/index.ts";`)).toEqual([
      { file: "src/core/x.ts", line: 1, message: "core must not import commands (../commands/index.ts)" },
    ]);
    expect(format(planted("git/refs/x.ts", `\nconst m = await import("../../core/context.ts");`))).toBe("src/git/refs/x.ts:2: git must not import core (../../core/context.ts)");
    expect(format(planted("plugins/x.ts", `const o = require("../output/json.ts");`))).toBe("src/plugins/x.ts:1: plugins must not import output (../output/json.ts)");
    expect(format(planted("platform/x.ts", `import "../git/discovery.ts";`))).toBe("src/platform/x.ts:1: platform must not import git (../git/discovery.ts)");
    expect(format(planted("core/y.ts", `import { defineCommand } from "citty";`))).toBe("src/core/y.ts:1: core must not import the package citty");
    expect(format(planted("core/z.ts", `process.exit(1);`))).toBe("src/core/z.ts:1: only src/main.ts ends the process");
    // Downward edges and comments are fine.
    expect(planted("commands/x.ts", `import { a } from "../core/context.ts";\n// import "../main.ts"`)).toEqual([]);
  });
});
