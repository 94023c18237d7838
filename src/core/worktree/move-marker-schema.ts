/**
 * The shape of the move marker (`repo-manager-move`, see move-recovery.ts),
 * checked with valibot before prune or repair act on it: a marker that does
 * not fit is not ours. Its own module, required only when a marker is read.
 */
import * as v from "valibot";

const Path = v.pipe(v.string(), v.minLength(1));

export const MoveMarkerSchema = v.object({
  version: v.literal(1),
  pid: v.pipe(v.number(), v.integer(), v.minValue(1)),
  host: v.string(),
  started: v.string(),
  from: Path,
  to: Path,
});

export type ParsedMoveMarker = v.InferOutput<typeof MoveMarkerSchema>;

/** The marker in `doc`, or null when it is not one of ours. */
export function parseMoveMarker(doc: unknown): ParsedMoveMarker | null {
  const r = v.safeParse(MoveMarkerSchema, doc);
  return r.success ? r.output : null;
}
