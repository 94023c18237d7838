/**
 * The command context: everything a command may use from the outside world,
 * built once by the frame (src/main.ts) or by a test. A command touches no
 * `process.*` and no module-level writer; it reads its options, the
 * environment and the cwd from here, finds the repository through `repo()`,
 * and writes through `io`. Tests run commands in-process with a context over
 * buffers (`bufferIO`).
 */
import { discoverRepositorySync } from "../git/repo/discovery.ts";
import type { GitConfig } from "../git/config/config.ts";
import type { Repository } from "../git/repo/types.ts";
import { formatJson } from "../output/json.ts";
import type { IO } from "../output/io.ts";
import type { ParsedCommandLine, ParsedValues } from "./_parse.ts";

import type { Env } from "../platform/env.ts";

export type { Env };

/** Options of the whole program, given before the command's name. */
export interface GlobalOptions {
  debug: boolean;
  json: boolean;
}

export interface DiscoveredRepository {
  repo: Repository;
  config: GitConfig;
}

/** What the frame knows before a command is chosen. */
export interface FrameContext {
  readonly global: GlobalOptions;
  /** The environment (with `--no-color` applied as NO_COLOR=1). */
  readonly env: Env;
  /** The working directory after every `-C`. */
  readonly cwd: string;
  readonly io: IO;
  readonly version: string;
  /** The repository around `cwd`: discovered on the first call, at most once; throws NotARepositoryError & co. */
  repo(): DiscoveredRepository;
}

/** The frame's context plus the parsed command line of the command that runs. */
export interface CommandContext<A = ParsedValues> extends FrameContext {
  readonly args: A;
  /** `repo-manager worktree add`, for messages. */
  readonly where: string;
  /** How often a boolean option was given (`-ff` is 2). */
  count(name: string): number;
  /** Whether the user typed the option (`--track` or `--no-track`), as opposed to its default. */
  given(name: string): boolean;
  /** Prints `value` as JSON on stdout. */
  json(value: unknown): void;
}

export interface FrameInit {
  global: GlobalOptions;
  env: Env;
  cwd: string;
  io: IO;
  version: string;
}

/** Builds the frame context; discovery is lazy and memoised (errors too). */
export function createFrameContext(init: FrameInit): FrameContext {
  let found: { ok: DiscoveredRepository } | { error: unknown } | undefined;
  return {
    ...init,
    repo() {
      found ??= (() => {
        try {
          return { ok: discoverRepositorySync(init.cwd, init.env) };
        } catch (error) {
          return { error };
        }
      })();
      if ("error" in found) throw found.error;
      return found.ok;
    },
  };
}

/** Adds a command's parsed command line to the frame context. */
export function commandContext(frame: FrameContext, parsed: ParsedCommandLine, where: string): CommandContext {
  return {
    ...frame,
    args: parsed.values,
    where,
    count: (name) => parsed.counts[name] ?? 0,
    given: (name) => parsed.given.has(name),
    json: (value) => frame.io.out(formatJson(value)),
  };
}

/** The context a command's `run` receives as citty's `data`. */
export const contextOf = (data: unknown): CommandContext => data as CommandContext;
