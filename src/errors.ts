/**
 * One error base for everything repo-manager reports to a user.
 *
 * Core code throws these; only src/main.ts turns them into stderr lines and an
 * exit code. `code` is stable and machine-readable (shown in `--json` error
 * output), `message` says what went wrong, `hint` says what to do about it.
 */
export interface ErrorOptions {
  hint?: string;
  exitCode?: number;
  data?: Record<string, unknown>;
  cause?: unknown;
}

export class RepoManagerError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RepoManagerError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
    this.data = options.data;
  }

  toJSON(): { code: string; message: string; hint?: string; data?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.data === undefined ? {} : { data: this.data }),
    };
  }
}

/** Bad command line: unknown option, missing argument. Exit code 2. */
export class UsageError extends RepoManagerError {
  constructor(message: string, options: Omit<ErrorOptions, "exitCode"> = {}) {
    super("E_USAGE", message, { ...options, exitCode: 2 });
    this.name = "UsageError";
  }
}

/** The user pressed Ctrl-C (or we got SIGTERM); whatever was started has been undone. */
export class InterruptedError extends RepoManagerError {
  constructor(message = "interrupted") {
    super("E_INTERRUPTED", message, { exitCode: 130 });
    this.name = "InterruptedError";
  }
}

/** The cwd (or -C dir) is not inside a git repository. */
export class NotARepositoryError extends RepoManagerError {
  constructor(path: string) {
    super("E_NOT_A_REPOSITORY", `not a git repository (or any of the parent directories): ${path}`, {
      hint: "run inside a git repository, or point at one with -C <dir>",
      data: { path },
    });
    this.name = "NotARepositoryError";
  }
}

export function isRepoManagerError(value: unknown): value is RepoManagerError {
  return value instanceof RepoManagerError;
}
