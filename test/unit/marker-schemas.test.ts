import { describe, expect, test } from "bun:test";
import { parseAddMarker, parseMarkerText, parseMoveMarker } from "../../src/core/worktree/marker-schemas.ts";

const base = {
  version: 1,
  pid: 4242,
  host: "h",
  started: "2026-01-01T00:00:00.000Z",
  lock: "initializing",
  rollback: { adminDir: "/r/.git/worktrees/w", worktree: { path: "/w", created: "/w" }, branch: null, config: null },
};
const oid = "a".repeat(40);

describe("the add marker's schema", () => {
  test("keeps the recovery fields (commit, done, finish): valibot's object would drop undeclared keys", () => {
    const m = parseAddMarker({ ...base, commit: oid, done: true, finish: { origHead: `${oid}\n`, headReflog: null } });
    expect(m).toMatchObject({ commit: oid, done: true, finish: { origHead: `${oid}\n`, headReflog: null } });
    expect(parseAddMarker(base)).not.toBeNull(); // markers of older versions lack them
  });
  test("refuses malformed recovery fields (the marker is then foreign)", () => {
    expect(parseAddMarker({ ...base, commit: "xyz" })).toBeNull();
    expect(parseAddMarker({ ...base, done: "yes" })).toBeNull();
    expect(parseAddMarker({ ...base, finish: { origHead: "../../etc", headReflog: null } })).toBeNull();
  });
});

describe("the move marker's schema", () => {
  const move = { version: 1 as const, pid: 77, host: "h", started: "2026-01-01T00:00:00.000Z", from: "/a", to: "/b" };
  test("a marker of ours parses; one that does not fit is foreign (prune and repair leave it alone)", () => {
    expect(parseMoveMarker(move)).toEqual(move);
    expect(parseMoveMarker({ ...move, pid: -1 })).toBeNull();
    expect(parseMoveMarker({ ...move, to: "" })).toBeNull();
    expect(parseMoveMarker({ ...move, version: 2 })).toBeNull();
    expect(parseMoveMarker([move])).toBeNull();
  });
  test("a marker file's text: absent, not JSON, or of the other kind is not ours", () => {
    expect(parseMarkerText(JSON.stringify(move), "move")).toEqual(move);
    expect(parseMarkerText(null, "move")).toBeNull();
    expect(parseMarkerText("{not json", "add")).toBeNull();
    expect(parseMarkerText(JSON.stringify(move), "add")).toBeNull();
  });
});
