/**
 * `@{-N}` (and `-`, which git's `worktree add` turns into `@{-1}`): the N-th
 * branch checked out before the current one, read as git 2.39's
 * `interpret_nth_prior_checkout` does from this worktree's HEAD reflog
 * (`<gitdir>/logs/HEAD`), newest entry first, counting the entries whose
 * message is `checkout: moving from <A> to <B>` and taking `<A>` of the N-th.
 * `<A>` is a branch name, or a commit id when that checkout left a detached HEAD.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * N when `name` is exactly `@{-N}` with N > 0 (git's strtol parse: optional
 * leading blanks and `+`), else null: git leaves anything else to the ref
 * lookup, which then fails (`@{-0}`, `@{-x}`).
 */
export function parseNthPrior(name: string): number | null {
  const m = /^@\{-([ \t\n\v\f\r]*\+?\d+)\}$/.exec(name);
  if (!m) return null;
  const n = Number.parseInt((m[1] as string).trim(), 10);
  return n > 0 ? n : null;
}

/** The message part of a reflog line (after the tab), or null for a malformed line. */
function messageOf(line: string): string | null {
  const tab = line.indexOf("\t");
  return tab === -1 ? null : line.slice(tab + 1);
}

/**
 * The branch name (or commit id) of the N-th previous checkout in the
 * worktree whose git dir is `gitDir`; null when the reflog has fewer such
 * entries (or none at all).
 */
export function nthPriorCheckout(gitDir: string, n: number): string | null {
  let text: string;
  try {
    text = readFileSync(join(gitDir, "logs", "HEAD"), "utf8");
  } catch {
    return null;
  }
  const lines = text.split("\n");
  let remaining = n;
  for (let i = lines.length - 1; i >= 0; i--) {
    const msg = messageOf(lines[i] as string);
    if (msg === null || !msg.startsWith("checkout: moving from ")) continue;
    const rest = msg.slice("checkout: moving from ".length);
    const to = rest.indexOf(" to ");
    if (to === -1) continue;
    if (--remaining === 0) return rest.slice(0, to);
  }
  return null;
}
