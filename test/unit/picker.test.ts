/** The picker's logic with scripted keys (the real terminal is in test/e2e/switch-picker.test.ts). */
import { expect, test } from "bun:test";
import type { KeyInput } from "../../src/output/io.ts";
import { filterItems, pick, splitKeys } from "../../src/output/picker.ts";
import { makeStyle } from "../../src/output/style.ts";

const items = [
  { label: "main", detail: "/src/app", current: true },
  { label: "feat/login", detail: "/src/app.feat-login" },
  { label: "fix-typo", detail: "(no worktree yet)" },
];

function scripted(chunks: string[]): KeyInput & { closed: boolean } {
  const k = {
    closed: false,
    async listen(onChunk: (c: string) => boolean) {
      for (const c of chunks) if (onChunk(c)) break;
      k.closed = true;
    },
  };
  return k;
}

const run = async (chunks: string[]) => {
  let screen = "";
  const keys = scripted(chunks);
  const chosen = await pick(items, keys, { title: "switch to:", write: (t) => (screen += t), style: makeStyle(false) });
  expect(keys.closed).toBe(true);
  return { chosen: chosen?.label ?? null, screen };
};

test("splitKeys keeps escape sequences whole", () => {
  expect(splitKeys("ab\x1b[A\x1b[Bc\r")).toEqual(["a", "b", "\x1b[A", "\x1b[B", "c", "\r"]);
  expect(splitKeys("\x1b")).toEqual(["\x1b"]);
  expect(splitKeys("é😀")).toEqual(["é", "😀"]);
});

test("filterItems: every word, case-insensitive, label or path", () => {
  expect(filterItems(items, "FEAT").map((i) => i.label)).toEqual(["feat/login"]);
  expect(filterItems(items, "app login").map((i) => i.label)).toEqual(["feat/login"]);
  expect(filterItems(items, "").length).toBe(3);
});

test("Enter picks the first match of the filter; typed in one chunk or several", async () => {
  expect((await run(["fi", "x", "\r"])).chosen).toBe("fix-typo");
  expect((await run(["login\r"])).chosen).toBe("feat/login");
  expect((await run(["\r"])).chosen).toBe("main");
});

test("arrows and Ctrl-N/Ctrl-P move, within the list; Backspace edits the filter", async () => {
  expect((await run(["\x1b[B", "\x1b[B", "\x1b[B", "\r"])).chosen).toBe("fix-typo");
  expect((await run(["\x0e", "\x10", "\x10", "\r"])).chosen).toBe("main");
  expect((await run(["zz", "\x7f\x7f", "f", "\r"])).chosen).toBe("feat/login");
});

test("Esc, Ctrl-C and no match give nothing", async () => {
  expect((await run(["fe", "\x1b"])).chosen).toBeNull();
  expect((await run(["\x03"])).chosen).toBeNull();
  const none = await run(["nothing-like-this", "\r"]);
  expect(none.chosen).toBeNull();
  expect(none.screen).toContain("(nothing matches)");
});

test("the screen shows the title, the marker of the current worktree and the paths", async () => {
  const { screen } = await run(["\r"]);
  expect(screen).toContain("switch to:");
  expect(screen).toContain("› * main  /src/app");
  expect(screen).toContain("    feat/login  /src/app.feat-login");
});
