/**
 * The shell integration's directive file: the shell function (shell-init)
 * creates an empty file and names it in REPO_MANAGER_DIRECTIVE_FILE; we
 * write the one directory to change into, never shell code, and the function
 * `cd`s there after we exit.
 */
import { writeFileSync } from "node:fs";
import type { Env } from "../../plugins/paths.ts";

export const DIRECTIVE_ENV = "REPO_MANAGER_DIRECTIVE_FILE";

/** The directive file the shell function gave us, or null without the integration. */
export const directiveFile = (env: Env): string | null => env[DIRECTIVE_ENV] || null;

/**
 * Writes `dir` as the directory to change into. A path with a line break
 * cannot be carried (the shells read one line): false, and nothing written.
 */
export function writeDirective(file: string, dir: string): boolean {
  if (/[\r\n\0]/.test(dir)) return false;
  writeFileSync(file, dir);
  return true;
}
