/**
 * Entry point: parses the global options, builds the command context once,
 * dispatches to a built-in command or a plugin, and maps every outcome to an
 * exit code. This is the only module that touches the process (argv, cwd,
 * environment, exit); everything else gets the context, returns or throws.
 *
 * Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted; a plugin's own code
 * passes through.
 */
import { VERSION } from "./version.ts";

interface GlobalFlags {
  chdirs: string[];
  debug: boolean;
  json: boolean;
  noColor: boolean;
  help: boolean;
  version: boolean;
  rest: string[];
}

function parseGlobal(argv: string[]): GlobalFlags {
  const o: GlobalFlags = { chdirs: [], debug: false, json: false, noColor: false, help: false, version: false, rest: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "-C") {
      const dir = argv[++i];
      if (dir === undefined) throw usage("option '-C' needs a directory");
      o.chdirs.push(dir);
    } else if (a.startsWith("-C") && a.length > 2) o.chdirs.push(a.slice(2));
    else if (a === "--debug") o.debug = true;
    else if (a === "--json") o.json = true;
    else if (a === "--no-color") o.noColor = true;
    else if (a === "--version" || a === "-v") o.version = true;
    else if (a === "--help" || a === "-h") o.help = true;
    else if (a.startsWith("-")) throw usage(`unknown option '${a}'`);
    else break;
  }
  o.rest = argv.slice(i);
  return o;
}

// A tiny stand-in so the fast paths (--version) never load errors.ts & co.
function usage(message: string): Error {
  return Object.assign(new Error(message), { exitCode: 2, code: "E_USAGE", hint: "see 'repo-manager --help'" });
}

function chdirAll(dirs: string[]): void {
  for (const dir of dirs) {
    try {
      process.chdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOTDIR" ? "not a directory" : code === "EACCES" ? "permission denied" : "no such directory";
      throw Object.assign(new Error(`cannot change to '${dir}': ${why}`), { exitCode: 1, code: "E_CHDIR" });
    }
  }
}

async function run(argv: string[], g: GlobalFlags, env: Record<string, string | undefined>): Promise<number> {
  if (g.version && g.rest.length === 0) {
    // console.log: the cheapest way to stdout in Bun (no node:fs, no streams); same bytes.
    console.log(`repo-manager ${VERSION}`);
    return 0;
  }
  const { checkArgvBytes, createFrameContext, dispatch, processIO } = await import("./frame.ts");
  checkArgvBytes(argv);
  // Relative paths everywhere (and plugins' cwd) follow -C, as git's -C does.
  chdirAll(g.chdirs);
  const frame = createFrameContext({ global: { debug: g.debug, json: g.json }, env, cwd: process.cwd(), io: processIO(env), version: VERSION });
  return dispatch(frame, g.rest, g.help);
}

async function main(): Promise<void> {
  // stdout is written through output/stdio.ts, not process.stdout (see there why); a reader
  // that went away (`repo-manager wt list | head -1`) surfaces as EPIPE, which reportError
  // turns into the quiet exit 141 a shell gives SIGPIPE. On Windows, where stdio.ts keeps the
  // Node streams, the stream reports it as an event.
  if (process.platform === "win32") {
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(141);
    });
  }
  // One chunk for the whole frame (see frame.ts), loaded before anything can be interrupted.
  const { installInterruptHandlers } = await import("./frame.ts");
  installInterruptHandlers(() => process.exit(130));
  const argv = process.argv.slice(2);
  // --no-color and --debug reach everything through the environment, plugins included.
  let env: Record<string, string | undefined> = process.env;
  try {
    const g = parseGlobal(argv);
    if (g.noColor) env = { ...env, NO_COLOR: "1" };
    if (g.debug) env = { ...env, REPO_MANAGER_DEBUG: "1" };
    process.exitCode = await run(argv, g, env);
  } catch (error) {
    const { reportError, processIO } = await import("./frame.ts");
    process.exitCode = reportError(error, processIO(env), env.REPO_MANAGER_DEBUG === "1");
  }
}

// Not a top-level await: `bun build --compile --bytecode` rejects those.
void main();
