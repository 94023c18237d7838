/**
 * Errors about plugins. Every message names the plugin; `code` is stable.
 * Exit code 1 unless said otherwise (a usage mistake is 2).
 */
import { RepoManagerError, type ErrorOptions } from "../errors.ts";

export class PluginError extends RepoManagerError {
  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(code, message, options);
    this.name = "PluginError";
  }
}

/** Codes in one place so docs/plugins.md and tests can refer to them. */
export const PluginErrorCode = {
  notFound: "E_PLUGIN_NOT_FOUND",
  badName: "E_PLUGIN_BAD_NAME",
  notExecutable: "E_PLUGIN_NOT_EXECUTABLE",
  unsafe: "E_PLUGIN_UNSAFE_PERMISSIONS",
  tampered: "E_PLUGIN_TAMPERED",
  notManaged: "E_PLUGIN_NOT_MANAGED",
  metadata: "E_PLUGIN_METADATA",
  noJson: "E_PLUGIN_NO_JSON",
  badOutput: "E_PLUGIN_BAD_OUTPUT",
  failed: "E_PLUGIN_FAILED",
  spawn: "E_PLUGIN_SPAWN",
  unsafeArgs: "E_PLUGIN_UNSAFE_ARGUMENTS",
  builtin: "E_PLUGIN_BUILTIN_NAME",
  exists: "E_PLUGIN_EXISTS",
  digest: "E_PLUGIN_DIGEST",
  download: "E_PLUGIN_DOWNLOAD",
  lock: "E_PLUGIN_LOCK",
  config: "E_PLUGIN_CONFIG",
} as const;
