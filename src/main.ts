/**
 * Entry point: parses the global options, dispatches to a built-in command or
 * a plugin, and maps every outcome to an exit code. This is the only module
 * that decides how the process ends; everything else returns or throws.
 *
 * Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted; a plugin's own code
 * passes through.
 */
import { VERSION } from "./version.ts";

interface GlobalOptions {
  chdirs: string[];
  debug: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
  rest: string[];
}

function parseGlobal(argv: string[]): GlobalOptions {
  const o: GlobalOptions = { chdirs: [], debug: false, json: false, help: false, version: false, rest: [] };
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
    else if (a === "--no-color") process.env.NO_COLOR = "1";
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

async function run(argv: string[]): Promise<number> {
  const g = parseGlobal(argv);
  if (g.debug) process.env.REPO_MANAGER_DEBUG = "1";
  if (g.version && g.rest.length === 0) {
    // console.log: the cheapest way to stdout in Bun (no node:fs, no streams); same bytes.
    console.log(`repo-manager ${VERSION}`);
    return 0;
  }
  for (const dir of g.chdirs) {
    try {
      process.chdir(dir);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === "ENOTDIR" ? "not a directory" : (error as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : "no such directory";
      throw Object.assign(new Error(`cannot change to '${dir}': ${why}`), { exitCode: 1, code: "E_CHDIR" });
    }
  }
  const [name, ...args] = g.rest;
  const { builtins } = await import("./commands/index.ts");
  if (name === undefined || (name === "help" && args.length === 0)) {
    const [{ renderRootHelp }, { writeErr, writeOut }] = await Promise.all([import("./commands/_help.ts"), import("./output/stdio.ts")]);
    const text = await renderRootHelp();
    // `repo-manager` alone is a usage error (like git); `--help` is a request.
    if (g.help || name === "help") {
      writeOut(text);
      return 0;
    }
    writeErr(text);
    return 2;
  }
  if (name === "help") return run([...args, "--help"]);

  const entry = builtins[name];
  if (entry) {
    const { runBuiltin } = await import("./commands/_run.ts");
    return runBuiltin(name, entry, g.help ? [...args, "--help"] : args, { json: g.json });
  }
  const { dispatchPlugin } = await import("./plugins/dispatch.ts");
  // `repo-manager --help <plugin>` asks the plugin for its own help.
  const code = await dispatchPlugin(name, g.help ? [...args, "--help"] : args, { json: g.json });
  if (code !== undefined) return code;
  const { UsageError } = await import("./errors.ts");
  throw new UsageError(`'${name}' is not a repo-manager command or an installed plugin`, {
    hint: "see 'repo-manager --help' for commands and 'repo-manager plugin list' for plugins",
  });
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
  const { installInterruptHandlers } = await import("./platform/interrupt.ts");
  installInterruptHandlers(() => process.exit(130));
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    const { reportError } = await import("./commands/_report.ts");
    process.exitCode = reportError(error);
  }
}

// Not a top-level await: `bun build --compile --bytecode` rejects those.
void main();
