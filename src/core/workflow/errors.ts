/** Errors of the daily-loop workflow: configuration, worktree-path templates, switch. */
import { RepoManagerError } from "../../errors.ts";

/** A configuration file that cannot be read, parsed or validated; nothing was done. */
export class ConfigError extends RepoManagerError {
  constructor(message: string, hint: string, data: Record<string, unknown> = {}) {
    super("E_CONFIG", message, { hint, data });
    this.name = "ConfigError";
  }
}

/** A `worktree-path` template that names an unknown variable or resolves somewhere unusable. */
export class TemplateError extends RepoManagerError {
  constructor(message: string, hint: string, data: Record<string, unknown> = {}) {
    super("E_TEMPLATE", message, { hint, data });
    this.name = "TemplateError";
  }
}

/** `switch` cannot find or create what it was asked for. */
export class SwitchError extends RepoManagerError {
  constructor(code: string, message: string, hint: string, data: Record<string, unknown> = {}) {
    super(code, message, { hint, data });
    this.name = "SwitchError";
  }
}
