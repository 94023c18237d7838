/**
 * The trust checks run before a plugin is executed (and shown by `plugin list`).
 * Plugins are not sandboxed: they run with the user's rights. What we can do
 * is refuse files someone else could have changed, in the spirit of git's
 * `safe.directory` and OpenSSH's `StrictModes` (Unix):
 *
 * - the file, after following every symlink, is a regular file owned by us or
 *   root and writable by neither its group nor others;
 * - every directory on the way to it, on every hop of a symlink chain (the
 *   link's own directories, then the target's), from `/` down, is owned by us
 *   or root and not writable by others, unless it has the sticky bit (`/tmp`),
 *   and then only the entry we look up in it must be ours or root's (the
 *   sticky bit stops others from deleting or renaming what is not theirs).
 *
 * Group-writable directories are accepted, on purpose: real layouts have
 * them for administrators (Homebrew's /usr/local/bin on Intel macOS is owned
 * by the user who installed Homebrew and writable by group `admin`; older
 * Debian's /usr/local/bin is root:staff 2775), and refusing them would refuse
 * every plugin installed there. Members of those groups can already replace
 * any command the shell finds on PATH. A group-writable plugin file is still
 * refused: nothing needs one, and `plugin install` writes 0755.
 *
 * Windows has ACLs, not mode bits; Node reports a synthetic mode there, so
 * these checks are skipped (documented in docs/plugins.md).
 */
import { accessSync, constants, lstatSync, readlinkSync, type Stats } from "node:fs";
import { resolve } from "node:path";

/** Why a plugin must not run: the message, the path at fault, and what to do about it. */
export interface TrustProblem {
  reason: string;
  path: string;
  hint: string;
}

/** Symlinks followed before giving up, as Linux's ELOOP limit. */
const MAX_SYMLINKS = 40;

// Many plugins share their directories: lstat/readlink each one once per process.
// Only what lies on the way to a plugin is cached, never the plugin file itself.
const dirStats = new Map<string, Stats | NodeJS.ErrnoException>();
const linkTargets = new Map<string, string>();

function lstatCached(path: string): Stats | NodeJS.ErrnoException {
  let st = dirStats.get(path);
  if (st === undefined) {
    try {
      st = lstatSync(path);
    } catch (e) {
      st = e as NodeJS.ErrnoException;
    }
    dirStats.set(path, st);
  }
  return st;
}

function readlinkCached(path: string): string {
  let target = linkTargets.get(path);
  if (target === undefined) {
    target = readlinkSync(path);
    linkTargets.set(path, target);
  }
  return target;
}

const modeText = (st: Stats) => (st.mode & 0o7777).toString(8).padStart(4, "0");
const ownedByUsOrRoot = (st: Stats, uid: number) => st.uid === uid || st.uid === 0;

function otherOwner(kind: string, path: string, st: Stats): TrustProblem {
  return {
    path,
    reason: `unsafe ownership: the ${kind} ${path} belongs to another user (uid ${st.uid})`,
    hint: `whoever owns it can change what runs as you; run plugins only from ${kind === "file" ? "files" : "directories"} owned by you or root ('chown' it if you trust its content)`,
  };
}

/** The checks on one directory we pass through (the sticky rule is applied to the entry looked up next). */
function directoryProblem(dir: string, st: Stats, uid: number): TrustProblem | undefined {
  if (!ownedByUsOrRoot(st, uid)) return otherOwner("directory", dir, st);
  if ((st.mode & 0o002) !== 0 && (st.mode & 0o1000) === 0) {
    return {
      path: dir,
      reason: `unsafe permissions: the directory ${dir} is writable by others without the sticky bit (mode ${modeText(st)})`,
      hint: `anyone can replace what is in it; fix it with 'chmod o-w ${dir}' (or move the plugin)`,
    };
  }
  return undefined;
}

/** An entry of a sticky directory writable by others (/tmp) is safe only if it is ours or root's. */
function stickyEntryProblem(path: string, st: Stats, uid: number): TrustProblem | undefined {
  if (ownedByUsOrRoot(st, uid)) return undefined;
  return {
    path,
    reason: `unsafe ownership: ${path} belongs to another user (uid ${st.uid}) in a directory anyone can write to`,
    hint: "its owner can replace it; run plugins only from files and directories owned by you or root",
  };
}

function fileProblem(path: string, st: Stats, uid: number): TrustProblem | undefined {
  if (!ownedByUsOrRoot(st, uid)) return otherOwner("file", path, st);
  if ((st.mode & 0o022) !== 0) {
    return {
      path,
      reason: `unsafe permissions: the file ${path} is writable by ${st.mode & 0o002 ? "others" : "its group"} (mode ${modeText(st)})`,
      hint: `anyone who can write it can run code as you; fix it with 'chmod go-w ${path}' if you trust its content`,
    };
  }
  return undefined;
}

const cannotCheck = (path: string, e: NodeJS.ErrnoException): TrustProblem => ({
  path,
  reason: `cannot check ${path}: ${e.code ?? e.message}`,
  hint: "the plugin's path changed while it was being checked, or cannot be read; try again",
});

/** Where a walk stands: a directory with no symlink in its path, all checked, and whether it is sticky and writable by others. */
interface WalkState {
  real: string;
  sticky: boolean;
  links: number;
}

const isStickyOpen = (st: Stats) => (st.mode & 0o1002) === 0o1002;
const childOf = (dir: string, name: string) => (dir === "/" ? `/${name}` : `${dir}/${name}`);
const componentsOf = (path: string) => path.split("/").filter((c) => c !== "" && c !== ".");

/**
 * Resolves the components on `todo` (a stack: next one last) from `at`, as the
 * kernel would, checking every directory and link met. With `file`, the last
 * component must be a safe regular file; without, the walk ends on a
 * directory and returns where it stands.
 */
function walk(at: WalkState, todo: string[], uid: number, file: boolean): WalkState | TrustProblem {
  let { real, sticky, links } = at;
  let problem: TrustProblem | undefined;
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (name === "..") {
      // `real` holds no symlink, so its parent is simply the dirname (already checked on the way down).
      real = real.slice(0, real.lastIndexOf("/")) || "/";
      const parent = lstatCached(real);
      sticky = !(parent instanceof Error) && isStickyOpen(parent);
      continue;
    }
    const here = childOf(real, name);
    const last = file && todo.length === 0;
    let st: Stats | NodeJS.ErrnoException;
    if (last) {
      try {
        st = lstatSync(here);
      } catch (e) {
        st = e as NodeJS.ErrnoException;
      }
    } else st = lstatCached(here);
    if (st instanceof Error) return cannotCheck(here, st);
    if (sticky && (problem = stickyEntryProblem(here, st, uid))) return problem;
    if (st.isSymbolicLink()) {
      if (++links > MAX_SYMLINKS) return cannotCheck(here, Object.assign(new Error("too many levels of symbolic links"), { code: "ELOOP" }));
      let target: string;
      try {
        target = last ? readlinkSync(here) : readlinkCached(here);
      } catch (e) {
        return cannotCheck(here, e as NodeJS.ErrnoException);
      }
      // A relative target continues from the link's directory (`real`); an absolute one from `/`.
      // (never a problem here: pathTrustProblem checked `/` before any walk)
      if (target.startsWith("/")) ({ real, sticky } = rootState(uid) as WalkState);
      const parts = componentsOf(target);
      for (let i = parts.length - 1; i >= 0; i--) todo.push(parts[i] as string);
      continue;
    }
    if (st.isDirectory()) {
      if ((problem = directoryProblem(here, st, uid))) return problem;
      real = here;
      sticky = isStickyOpen(st);
      continue;
    }
    if (!last) return cannotCheck(here, Object.assign(new Error("not a directory"), { code: "ENOTDIR" }));
    if (!st.isFile()) return cannotCheck(here, Object.assign(new Error("not a regular file"), { code: "EINVAL" }));
    return fileProblem(here, st, uid) ?? { real: here, sticky: false, links };
  }
  // With `file`, the path ended on a directory (a link to one): discovery only hands us regular files, so a race.
  if (file) return cannotCheck(real, Object.assign(new Error("not a regular file"), { code: "EISDIR" }));
  return { real, sticky, links };
}

const isProblem = (r: WalkState | TrustProblem): r is TrustProblem => "reason" in r;

// `/` itself, checked once per process.
let rootChecked: WalkState | TrustProblem | undefined;
function rootState(uid: number): WalkState | TrustProblem {
  if (rootChecked === undefined) {
    const st = lstatCached("/");
    rootChecked = st instanceof Error ? cannotCheck("/", st) : (directoryProblem("/", st, uid) ?? { real: "/", sticky: isStickyOpen(st), links: 0 });
  }
  return rootChecked;
}

// Plugins share directories: the walk to each directory a plugin is found in is made once per process.
const dirWalks = new Map<string, WalkState | TrustProblem>();

/**
 * Walks `path` from `/` as the kernel resolves it, following symlinks (at most
 * 40), and returns the first problem met, or undefined if the file and every
 * directory on the way are safe. Exported for tests; the per-process caches
 * assume one `uid` per process, as a command run has.
 */
export function pathTrustProblem(path: string, uid: number, entry?: Stats): TrustProblem | undefined {
  const abs = path.startsWith("/") ? path : resolve(path);
  const cut = abs.lastIndexOf("/");
  const dir = abs.slice(0, cut) || "/";
  let at = dirWalks.get(dir);
  if (at === undefined) {
    const root = rootState(uid);
    at = isProblem(root) ? root : walk(root, componentsOf(dir).reverse(), uid, false);
    dirWalks.set(dir, at);
  }
  if (isProblem(at)) return at;
  // The common case, a plain file whose lstat discovery already made: no system call.
  if (entry && !entry.isSymbolicLink()) {
    if (at.sticky && !ownedByUsOrRoot(entry, uid)) return stickyEntryProblem(abs, entry, uid);
    return fileProblem(abs, entry, uid);
  }
  const end = walk(at, componentsOf(abs.slice(cut + 1)), uid, true);
  return isProblem(end) ? end : undefined;
}

let ownUid: number | undefined;
const myUid = (): number => (ownUid ??= process.getuid?.() ?? -1);

/**
 * Why the plugin file at `path` may not run, or undefined when it may: the
 * checks above (Unix only). `entry` is the lstat() of the path if the caller
 * has it (discovery does), to spare a system call.
 */
export function unsafePermissionReason(path: string, entry?: Stats, platform: NodeJS.Platform = process.platform): TrustProblem | undefined {
  if (platform === "win32") return undefined;
  const uid = myUid();
  if (uid < 0) return undefined; // no getuid: not a Unix
  return pathTrustProblem(path, uid, entry);
}

/**
 * Whether the file may be executed by us. Windows: decided by the extension
 * (PATHEXT) at discovery. Unix: access(X_OK), which also counts supplementary
 * groups and root's rules, exactly as exec will.
 */
export function isExecutable(path: string, st: Stats, platform: NodeJS.Platform = process.platform): boolean {
  if (!st.isFile()) return false;
  if (platform === "win32") return true;
  // Fast path, no syscall: our own file, or root (any x bit). Else ask the kernel.
  const uid = myUid();
  if (uid === 0) return (st.mode & 0o111) !== 0;
  if (uid === st.uid) return (st.mode & 0o100) !== 0;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
