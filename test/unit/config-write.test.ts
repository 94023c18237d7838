// The config writer against git: what we write, `git config -f` reads back as the value
// we meant; where we put it is where `git config` puts it (same bytes for the same edits).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { editConfigText, quoteConfigValue, removeSectionText, setConfigValues } from "../../src/git/config/config-write.ts";
import { LockedError } from "../../src/platform/lockfile.ts";
import { createSandbox, type Sandbox } from "../helpers/sandbox.ts";

let sb: Sandbox;
let n = 0;
beforeAll(() => {
  sb = createSandbox("rm-cfgw-");
});
afterAll(() => sb.cleanup());

const START = '# a comment\n[core]\n\tbare = false\n[branch "main"]\n\tremote = origin\n\tmerge = refs/heads/main\n; trailing comment\n[alias]\n\tst = status\n';

/** Applies the same edits with us and with `git config -f`, returns both texts. */
function twin(start: string, edits: [string, string | null][]): { ours: string; theirs: string } {
  const file = join(sb.root, `cfg${++n}`);
  writeFileSync(file, start);
  for (const [k, v] of edits) {
    sb.git(v === null ? ["config", "-f", file, "--unset", k] : ["config", "-f", file, k, v]);
  }
  return { ours: editConfigText(start, edits), theirs: readFileSync(file, "utf8") };
}

describe("same bytes as git config", () => {
  test("a new section is appended; a new key goes at the end of its section; an existing one is replaced", () => {
    const t = twin(START, [
      ["branch.feature.remote", "origin"],
      ["branch.feature.merge", "refs/heads/feature"],
      ["branch.main.remote", "upstream"],
      ["core.autocrlf", "input"],
    ]);
    expect(t.ours).toBe(t.theirs);
  });
  test("subsection case is kept, key case is not", () => {
    const t = twin(START, [["branch.Feature/X.remote", "origin"], ["Branch.Feature/X.Merge", "refs/heads/Feature/X"]]);
    expect(t.ours).toBe(t.theirs);
  });
  test("unsetting the last key of a section removes the section", () => {
    const t = twin(START, [["alias.st", null]]);
    expect(t.ours).toBe(t.theirs);
  });
  test("an empty file", () => {
    const t = twin("", [["branch.x.remote", "."]]);
    expect(t.ours).toBe(t.theirs);
  });
});

describe("values read back as written", () => {
  const values = ["plain", " leading", "trailing ", "semi;colon", "hash#tag", 'quo"te', "back\\slash", "tab\there", "new\nline", "", "ünï"];
  for (const v of values) {
    test(JSON.stringify(v), () => {
      const file = join(sb.root, `val${++n}`);
      writeFileSync(file, editConfigText("", [["x.y.z", v]]));
      expect(sb.git(["config", "-f", file, "--get", "x.y.z"])).toBe(`${v}\n`);
    });
  }
  test("quoting follows git's write_pair", () => {
    expect(quoteConfigValue("a;b")).toBe('"a;b"');
    expect(quoteConfigValue("a b")).toBe("a b");
  });
});

describe("setConfigValues uses the lock protocol", () => {
  test("writes through config.lock and returns the previous text", () => {
    const file = join(sb.root, "locked-cfg");
    writeFileSync(file, START);
    expect(setConfigValues(file, [["branch.a.remote", "origin"]])).toBe(START);
    expect(sb.git(["config", "-f", file, "branch.a.remote"])).toBe("origin\n");
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
  test("refuses while someone else holds config.lock, leaving the file alone", () => {
    const file = join(sb.root, "busy-cfg");
    writeFileSync(file, START);
    writeFileSync(`${file}.lock`, "");
    expect(() => setConfigValues(file, [["branch.a.remote", "origin"]])).toThrow(LockedError);
    expect(readFileSync(file, "utf8")).toBe(START);
  });
});

describe("removing a section (git branch -d's config step)", () => {
  test("every occurrence, with its keys and comments, as git config --remove-section leaves the file", () => {
    const start = `${START}[branch "feat"]\n\tremote = .\n# about feat\n\tmerge = refs/heads/main\n[alias]\n\tco = checkout\n[branch "feat"]\n\trebase = true\n[branch "Feat"]\n\tremote = keep\n`;
    const file = join(sb.root, `cfg${++n}`);
    writeFileSync(file, start);
    sb.git(["config", "-f", file, "--remove-section", "branch.feat"]);
    expect(removeSectionText(start, "branch", "feat")).toBe(readFileSync(file, "utf8"));
    expect(removeSectionText(start, "branch", "absent")).toBe(start);
  });
});
