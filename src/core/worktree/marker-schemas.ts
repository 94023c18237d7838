/**
 * The shapes of the recovery markers that `worktree add` (`repo-manager-add`,
 * add-recovery.ts) and `worktree move` (`repo-manager-move`,
 * move-recovery.ts) leave in an admin dir, checked with valibot before
 * prune or repair may act on one.
 *
 * A marker that does not fit is not ours, and prune leaves that worktree
 * alone, as git would: it names what to delete (a directory, a branch) and
 * which config to rewrite, so nothing in it is taken on trust. Beyond types:
 * the pid must be a real process id (process.kill(-n, 0) would test a whole
 * process group and could call a live add dead), the branch must be under
 * refs/heads/ (add creates nothing else) and object ids full hex.
 *
 * Its own module, loaded by require() only when a marker is read (prune,
 * repair), so add and move, which only write markers, do not load valibot.
 */
import * as v from "valibot";

const Oid = v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/));
const Path = v.pipe(v.string(), v.minLength(1));

const RollbackStateSchema = v.object({
  adminDir: v.nullable(Path),
  worktree: v.nullable(v.object({ path: Path, created: v.nullable(Path) })),
  branch: v.nullable(
    v.object({
      ref: v.pipe(v.string(), v.startsWith("refs/heads/"), v.minLength("refs/heads/x".length)),
      oldOid: v.nullable(Oid),
      newOid: v.nullable(Oid),
      reflogSize: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
    }),
  ),
  config: v.nullable(v.object({ file: Path, restore: v.array(v.tuple([v.string(), v.nullable(v.string())])) })),
});

export const AddMarkerSchema = v.object({
  version: v.literal(1),
  pid: v.pipe(v.number(), v.integer(), v.minValue(1)),
  host: v.string(),
  started: v.string(),
  lock: v.string(),
  rollback: RollbackStateSchema,
  // Optional (markers of older versions lack them): the commit checked out, "done" once the add
  // is complete, and the steps after the index that recovery replays to finish a checked-out add.
  commit: v.optional(Oid),
  done: v.optional(v.boolean()),
  finish: v.optional(v.object({ origHead: v.pipe(v.string(), v.regex(/^[0-9a-f]{40}\n$/)), headReflog: v.nullable(v.string()) })),
});

export type ParsedAddMarker = v.InferOutput<typeof AddMarkerSchema>;

/** The marker in `doc`, or null when it is not one of ours. */
export function parseAddMarker(doc: unknown): ParsedAddMarker | null {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return null;
  const r = v.safeParse(AddMarkerSchema, doc);
  return r.success ? r.output : null;
}

export const MoveMarkerSchema = v.object({
  version: v.literal(1),
  pid: v.pipe(v.number(), v.integer(), v.minValue(1)),
  host: v.string(),
  started: v.string(),
  from: Path,
  to: Path,
});

export type ParsedMoveMarker = v.InferOutput<typeof MoveMarkerSchema>;

/** The move marker in `doc`, or null when it is not one of ours. */
export function parseMoveMarker(doc: unknown): ParsedMoveMarker | null {
  const r = v.safeParse(MoveMarkerSchema, doc);
  return r.success ? r.output : null;
}

/** A marker file's text as the given kind, or null when it is absent, not JSON, or not of that shape. */
export function parseMarkerText(text: string | null, kind: "add"): ParsedAddMarker | null;
export function parseMarkerText(text: string | null, kind: "move"): ParsedMoveMarker | null;
export function parseMarkerText(text: string | null, kind: "add" | "move"): ParsedAddMarker | ParsedMoveMarker | null {
  if (text === null) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  return kind === "add" ? parseAddMarker(doc) : parseMoveMarker(doc);
}
