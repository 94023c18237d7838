/** The shape of the config dir's `config.json`, checked with valibot: its own module, loaded only when that file exists. */
import * as v from "valibot";

const ConfigSchema = v.object({ plugins: v.optional(v.picklist(["managed", "all"])) });

/** The policy the document sets, or the first problem with it (its dot path and message). */
export function parsePolicyDocument(doc: unknown): { ok: true; plugins: "managed" | "all" | undefined } | { ok: false; where: string; message: string } {
  const parsed = v.safeParse(ConfigSchema, doc);
  if (parsed.success) return { ok: true, plugins: parsed.output.plugins };
  const issue = parsed.issues[0];
  return { ok: false, where: v.getDotPath(issue) ?? "(root)", message: issue?.message ?? "invalid" };
}
