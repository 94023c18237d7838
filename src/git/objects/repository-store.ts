/**
 * Opening a repository's object store the one way every command should:
 * its `objects` dir, the alternates named by GIT_ALTERNATE_OBJECT_DIRECTORIES
 * (as well as `objects/info/alternates`, which the store reads itself), the
 * object format, and whether it is a partial clone (so a missing object is
 * reported as "never fetched" rather than as corruption).
 */
import { join } from "node:path";
import type { GitConfig } from "../config/config.ts";
import { type GitObjectStore, openObjectStore, type ObjectStoreOptions } from "./store.ts";

/**
 * True when git would treat the repository as a partial clone:
 * `extensions.partialClone` (what git 2.39's `clone --filter` used to write)
 * or any `remote.<name>.promisor = true` (what git 2.39 writes today).
 */
export function isPartialClone(config: GitConfig): boolean {
  if (config.getString("extensions.partialClone") !== undefined) return true;
  for (const remote of config.subsections("remote")) {
    // A malformed boolean here must not break reading objects: treat it as "not a promisor".
    try {
      if (config.getBool(`remote.${remote}.promisor`, false)) return true;
    } catch {
      /* ignore */
    }
  }
  return false;
}

/** GIT_ALTERNATE_OBJECT_DIRECTORIES split as git splits it (';' on Windows, ':' elsewhere). */
export function alternatesFromEnv(env: NodeJS.ProcessEnv): string[] {
  return (env.GIT_ALTERNATE_OBJECT_DIRECTORIES ?? "").split(process.platform === "win32" ? ";" : ":").filter((d) => d !== "");
}

/**
 * core.deltaBaseCacheLimit when set (git's size syntax: 96m, 1g), else
 * `fallback` (undefined: the store's own default).
 */
export function deltaBaseCacheLimit(config: GitConfig, fallback?: number): number | undefined {
  const v = config.getString("core.deltaBaseCacheLimit");
  const m = v === undefined ? null : /^\s*(\d+)\s*([kmg]?)\s*$/i.exec(v);
  if (!m) return fallback;
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}

/**
 * Opens `<commonDir>/objects` with the repository's alternates, object
 * format and partial-clone flag, and core.deltaBaseCacheLimit if set. Throws UnsupportedObjectFormatError for
 * sha256. The caller closes the store.
 */
export function openRepositoryObjectStore(
  commonDir: string,
  config: GitConfig,
  env: NodeJS.ProcessEnv = process.env,
  extra: Omit<ObjectStoreOptions, "alternateObjectDirectories" | "partialClone" | "objectFormat"> = {},
): GitObjectStore {
  return openObjectStore(join(commonDir, "objects"), {
    ...extra,
    baseCacheBytes: deltaBaseCacheLimit(config, extra.baseCacheBytes),
    alternateObjectDirectories: alternatesFromEnv(env),
    partialClone: isPartialClone(config),
    objectFormat: config.getString("extensions.objectFormat"),
  });
}
