/**
 * `filter=<driver>` attributes: the user's own `filter.<driver>.smudge`
 * (checkout) and `.clean` (hashing a worktree file) commands, run through
 * the shell as git runs them (run-command.c prepare_shell_cmd: `sh -c
 * <command>`), with the content on stdin and the result on stdout, in the
 * worktree root. `%f` becomes the path, single-quoted for the shell; `%%`
 * is a literal `%`. This is how Git LFS gets its files. These are the
 * user's configured commands, never git itself.
 *
 * Git's rules: a driver that is not configured passes content through,
 * unless `filter.<driver>.required` is true (then it is an error); a command
 * that fails is an error when required, otherwise git warns and keeps the
 * unfiltered content. The long-running `filter.<driver>.process` protocol
 * is not implemented: when a driver has only `process`, we refuse with a
 * clear error; when it has both (Git LFS configures both), we use `smudge`,
 * which gives the same files, one process per file.
 *
 * Windows: git for Windows runs these through its bundled `sh`; we run
 * `sh` from PATH, so Git for Windows' `usr/bin` must be on PATH there.
 */
import { FilterError } from "./errors.ts";

/** Configuration of one filter driver (`filter.<driver>.*`). */
export interface FilterDriver {
  smudge?: string;
  clean?: string;
  process?: string;
  required?: boolean;
}

export type FilterDrivers = Record<string, FilterDriver>;

/** git's sq_quote_buf(): wrap in single quotes; `'` and `!` are closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return `'${s.replace(/(['!])/g, "'\\$1'")}'`;
}

/** Expands `%f` (quoted path) and `%%` in a filter command, as git's strbuf_expand does. */
export function expandFilterCommand(cmd: string, path: string): string {
  return cmd.replace(/%(%|f)/g, (_, k: string) => (k === "%" ? "%" : shellQuote(path)));
}

export interface FilterRunOptions {
  /** Working directory of the command: the worktree root. */
  cwd: string;
  /** Extra environment (e.g. GIT_DIR for LFS). */
  env?: Record<string, string | undefined>;
  /** Called with a message when a non-required filter fails and the content is passed through. */
  warn?: (message: string) => void;
}

/**
 * Throws if driver `name` cannot run `direction` for `path`: only a
 * `process` command (unsupported), or required and not configured. A
 * driver that is simply absent and not required is fine (content passes).
 */
export function checkFilterUsable(name: string, drivers: FilterDrivers, path: string, direction: "smudge" | "clean"): void {
  const driver = drivers[name];
  if (driver?.[direction]) return;
  if (driver?.process) {
    throw new FilterError(
      "E_FILTER_PROCESS_UNSUPPORTED",
      `filter '${name}' for '${path}' uses filter.${name}.process, which repo-manager does not support yet`,
      `configure filter.${name}.${direction} as well (Git LFS: git lfs install), or check out with git`,
      { filter: name, path },
    );
  }
  if (driver?.required) {
    throw new FilterError(
      "E_FILTER_MISSING",
      `required filter '${name}' for '${path}' has no ${direction} command`,
      `configure filter.${name}.${direction} (for Git LFS: git lfs install)`,
      { filter: name, path },
    );
  }
}

/**
 * Runs the `direction` command of driver `name` for `path` over `data`.
 * Returns `data` unchanged when the driver is not configured (and not
 * required) or failed (and not required); throws FilterError otherwise.
 */
export function applyFilter(
  direction: "smudge" | "clean",
  name: string,
  drivers: FilterDrivers,
  path: string,
  data: Uint8Array,
  options: FilterRunOptions,
): Uint8Array {
  const driver = drivers[name];
  const cmd = driver?.[direction];
  if (!cmd) {
    checkFilterUsable(name, drivers, path, direction);
    return data;
  }
  const full = expandFilterCommand(cmd, path);
  let proc: ReturnType<typeof Bun.spawnSync>;
  try {
    proc = Bun.spawnSync(["sh", "-c", full], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdin: data,
      stdout: "pipe",
      stderr: "inherit",
    });
  } catch (e) {
    return failed(name, path, full, `could not start: ${(e as Error).message}`, driver, data, options);
  }
  if (proc.exitCode !== 0) return failed(name, path, full, `exit code ${proc.exitCode ?? proc.signalCode}`, driver, data, options);
  const out = proc.stdout as Uint8Array | undefined;
  return out ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : new Uint8Array(0);
}

function failed(
  name: string,
  path: string,
  cmd: string,
  why: string,
  driver: FilterDriver | undefined,
  data: Uint8Array,
  options: FilterRunOptions,
): Uint8Array {
  if (driver?.required) {
    throw new FilterError(
      "E_FILTER_FAILED",
      `required filter '${name}' failed for '${path}' (${why}): ${cmd}`,
      `fix filter.${name} in your git config, or make sure the command it runs is installed`,
      { filter: name, path, command: cmd },
    );
  }
  options.warn?.(`external filter '${cmd}' failed (${why}); '${path}' left unfiltered`);
  return data;
}
