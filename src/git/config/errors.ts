/** The errors of git/config/, one place for their codes and hints. */
import { RepoManagerError } from "../../errors.ts";

/** A line config-parse.ts cannot parse; config.ts turns it into a ConfigError naming the file and line. */
export class ConfigSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {
    super(`bad config line ${line} in file ${file}`);
  }
}

/** A config file (or GIT_CONFIG_* variable) git would refuse: bad syntax, a bad boolean, too deep includes. */
export class ConfigError extends RepoManagerError {
  constructor(message: string, opts: { hint?: string; data?: Record<string, unknown> } = {}) {
    super("E_CONFIG", message, opts);
    this.name = "ConfigError";
  }
}
