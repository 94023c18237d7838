/** The errors of git/checkout/, one place for their codes and hints. */
import { RepoManagerError } from "../../errors.ts";

/** A required filter is missing, failed, or uses an unsupported protocol. */
export class FilterError extends RepoManagerError {
  constructor(code: string, message: string, hint: string, data: Record<string, unknown>) {
    super(code, message, { hint, data });
    this.name = "FilterError";
  }
}

/** A tree (or one of its objects) cannot be checked out: wrong type, or an fs error while writing. */
export class CheckoutError extends RepoManagerError {
  constructor(code: string, message: string, hint: string, data: Record<string, unknown>, cause?: unknown) {
    super(code, message, { hint, data, cause });
    this.name = "CheckoutError";
  }
}

/** A tree path that must not be checked out. */
export class UnsafePathError extends RepoManagerError {
  constructor(path: string, reason: string) {
    super("E_UNSAFE_PATH", `refusing to check out unsafe path '${path}': ${reason}`, {
      hint: "the repository contains a path that could escape the worktree or overwrite git's own files; inspect it with git ls-tree before trusting it",
      data: { path, reason },
    });
    this.name = "UnsafePathError";
  }
}

/** Two tree paths that name the same file on a case-insensitive file system. */
export class PathCollisionError extends RepoManagerError {
  constructor(a: string, b: string) {
    super("E_PATH_COLLISION", `paths '${a}' and '${b}' collide on this case-insensitive file system`, {
      hint: "rename one of them in the repository, or check out on a case-sensitive file system",
      data: { paths: [a, b] },
    });
    this.name = "PathCollisionError";
  }
}
