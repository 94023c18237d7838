/**
 * The settings a status or a checkout takes from git's configuration:
 * filter drivers (`filter.<name>.*`) and the core.* switches that decide how
 * a work tree file is compared with the index. Pure: config in, options out.
 */
import type { GitConfig } from "../config/config.ts";
import type { FilterDrivers } from "../checkout/filters.ts";
import type { StatusOptions } from "./status.ts";

/** The configured filter drivers, as checkout and status use them. */
export function filterDriversFrom(config: GitConfig): FilterDrivers {
  const drivers: FilterDrivers = {};
  for (const name of config.subsections("filter")) {
    const get = (k: string) => config.getString(`filter.${name}.${k}`);
    drivers[name] = {
      smudge: get("smudge") || undefined,
      clean: get("clean") || undefined,
      process: get("process") || undefined,
      required: config.getBool(`filter.${name}.required`, false),
    };
  }
  return drivers;
}

/** worktreeStatus()'s options from the configuration (core.ignorecase, fileMode, symlinks, trustctime, autocrlf, eol, filters). */
export function statusConfigOptions(c: GitConfig): Omit<StatusOptions, "worktree" | "indexPath"> {
  const autocrlf = c.get("core.autocrlf");
  const eol = c.getString("core.eol")?.toLowerCase();
  return {
    ignoreCase: c.getBool("core.ignorecase", false),
    fileMode: c.getBool("core.fileMode", process.platform !== "win32"),
    symlinks: c.getBool("core.symlinks", process.platform !== "win32"),
    trustCtime: c.getBool("core.trustctime", true),
    filters: filterDriversFrom(c),
    autocrlf: typeof autocrlf === "string" && autocrlf.toLowerCase() === "input" ? "input" : c.getBool("core.autocrlf", false),
    eol: eol === "lf" || eol === "crlf" || eol === "native" ? eol : undefined,
  };
}
