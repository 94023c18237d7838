/** The repository around the cwd for configuration commands: none outside one (the user file still applies). */
import type { Repository } from "../../git/repo/types.ts";
import { isRepoManagerError } from "../../errors.ts";
import type { CommandContext } from "../_context.ts";

export function repoOrNull(ctx: CommandContext): Repository | null {
  try {
    return ctx.repo().repo;
  } catch (error) {
    if (isRepoManagerError(error) && error.code === "E_NOT_A_REPOSITORY") return null;
    throw error;
  }
}
