/**
 * The part of Scoop's manifest schema (ScoopInstaller/Scoop schema.json) our
 * manifest uses, as a valibot schema: the generator validates what it writes
 * and the tests validate the file on disk. Strict objects, so a misspelt key
 * (which Scoop would silently ignore) fails here.
 */
import * as v from "valibot";

const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "hash must be a lowercase hex sha256"));
const httpsUrl = v.pipe(v.string(), v.url(), v.startsWith("https://"));

const architecture64 = v.strictObject({
  url: httpsUrl,
  hash: sha256,
});

// Autoupdate URLs hold $version / $baseurl placeholders, so they are not checked as URLs.
const autoupdateUrl = v.pipe(v.string(), v.startsWith("https://"), v.includes("$version"));

export const ScoopManifestSchema = v.strictObject({
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/)),
  description: v.pipe(v.string(), v.minLength(1)),
  homepage: httpsUrl,
  license: v.pipe(v.string(), v.minLength(1)),
  architecture: v.strictObject({ "64bit": architecture64 }),
  bin: v.literal("repo-manager.exe"),
  checkver: v.union([v.literal("github"), v.strictObject({ github: httpsUrl })]),
  autoupdate: v.strictObject({
    architecture: v.strictObject({ "64bit": v.strictObject({ url: autoupdateUrl }) }),
    hash: v.strictObject({ url: v.pipe(v.string(), v.startsWith("$baseurl/")) }),
  }),
});

export type ScoopManifest = v.InferOutput<typeof ScoopManifestSchema>;

/** Validates a parsed manifest; returns the problems as readable lines (empty when valid). */
export function scoopManifestProblems(value: unknown): string[] {
  const r = v.safeParse(ScoopManifestSchema, value);
  if (r.success) return [];
  return r.issues.map((i) => `${v.getDotPath(i) ?? "(root)"}: ${i.message}`);
}
