/**
 * Which plugins may run: all of them, or only managed ones (installed with
 * `plugin install`, digest recorded). For locked-down CI.
 *
 * `REPO_MANAGER_PLUGINS=managed|all` wins; else `"plugins"` in the config
 * dir's `config.json` (`{ "plugins": "managed" }`); else all. A config file
 * that cannot be read as that is an error: this is a security setting, so we
 * fail closed rather than guess.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PluginError, PluginErrorCode } from "./errors.ts";
import { configDir, type Env } from "./paths.ts";

export type PluginPolicy = "managed" | "all";

export const configFilePath = (env: Env = process.env): string => join(configDir(env), "config.json");

/** The policy in force; throws PluginError(E_PLUGIN_CONFIG) for a bad env value or config file. */
export function pluginPolicy(env: Env = process.env): PluginPolicy {
  const fromEnv = env.REPO_MANAGER_PLUGINS;
  if (fromEnv === "managed" || fromEnv === "all") return fromEnv;
  if (fromEnv !== undefined && fromEnv !== "") {
    throw new PluginError(PluginErrorCode.config, `REPO_MANAGER_PLUGINS must be 'managed' or 'all', not '${fromEnv}'`, {
      hint: "unset it, or set it to 'managed' to run only managed plugins",
    });
  }
  const path = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "all";
    throw new PluginError(PluginErrorCode.config, `cannot read ${path}: ${(e as Error).message}`, { hint: "fix its permissions or remove it" });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new PluginError(PluginErrorCode.config, `${path} is not valid JSON`, { hint: 'it should look like { "plugins": "managed" }' });
  }
  // valibot's object() takes an array as an object with no "plugins": that
  // would silently mean "all" for a file like ["managed"]. Fail closed instead.
  if (Array.isArray(doc)) {
    throw new PluginError(PluginErrorCode.config, `${path}: (root): expected an object, not an array`, { hint: 'it should look like { "plugins": "managed" }' });
  }
  // required, not imported: every plugin run asks for the policy (valibot is a 180 KB chunk to load),
  // and most machines have no config.json.
  const { parsePolicyDocument } = require("./policy-schema.ts") as typeof import("./policy-schema.ts");
  const parsed = parsePolicyDocument(doc);
  if (!parsed.ok) {
    throw new PluginError(PluginErrorCode.config, `${path}: ${parsed.where}: ${parsed.message}`, {
      hint: 'it should look like { "plugins": "managed" } (or "all")',
    });
  }
  return parsed.plugins ?? "all";
}
