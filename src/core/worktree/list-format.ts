/**
 * The two text forms of `git worktree list` (builtin/worktree.c), byte for
 * byte: show_worktree_porcelain() and show_worktree() with measure_widths().
 * Pure functions: the command prints what they return.
 */
import type { GitConfig } from "../../git/config/config.ts";
import { writeNameQuoted } from "../../git/repo/quote.ts";
import { resolveRefIn } from "../../git/refs/refs.ts";
import type { Repository, WorktreeInfo } from "../../git/repo/types.ts";
import { AbbrevContext } from "../../git/objects/abbrev.ts";

const ZERO_OID = "0".repeat(40);

/** `--porcelain` records; `terminator` is "\0" with -z. Paths are not quoted (git 2.39 does not); lock reasons are. */
export function formatPorcelain(list: WorktreeInfo[], terminator: "\n" | "\0" = "\n", quotePath = true): string {
  let out = "";
  for (const w of list) {
    out += `worktree ${w.path}${terminator}`;
    if (w.bare) out += `bare${terminator}`;
    else {
      out += `HEAD ${w.head ?? ZERO_OID}${terminator}`;
      if (w.detached) out += `detached${terminator}`;
      else if (w.branch !== null) out += `branch ${w.branch}${terminator}`;
    }
    if (w.lockReason !== null) {
      out += "locked";
      out += w.lockReason === "" ? terminator : ` ${writeNameQuoted(w.lockReason, terminator, quotePath)}`;
    }
    if (w.prunableReason !== null) out += `prunable ${w.prunableReason}${terminator}`;
    out += terminator;
  }
  return out;
}

/** Display width as git's utf8_strwidth(): wide (East Asian) characters count 2, control and combining ones 0. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) continue;
    if (/\p{Mn}|\p{Me}|\u200B/u.test(ch)) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe6f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** refs.c's ref_rev_parse_rules, in order. */
const RULES: [string, string][] = [
  ["", ""],
  ["refs/", ""],
  ["refs/tags/", ""],
  ["refs/heads/", ""],
  ["refs/remotes/", ""],
  ["refs/remotes/", "/HEAD"],
];

/** shorten_unambiguous_ref(ref, strict=0): "refs/heads/x" → "x", or "heads/x" when a tag "x" exists too. */
export function shortenRef(repo: Repository, ref: string): string {
  const exists = (name: string) => {
    try {
      return resolveRefIn(repo.gitDir, repo.commonDir, name).oid !== null;
    } catch {
      return false;
    }
  };
  for (let i = RULES.length - 1; i > 0; i--) {
    const [pre, post] = RULES[i] as [string, string];
    if (!ref.startsWith(pre) || !ref.endsWith(post) || ref.length <= pre.length + post.length) continue;
    const short = ref.slice(pre.length, ref.length - post.length);
    let ambiguous = false;
    for (let j = 0; j < i && !ambiguous; j++) {
      const [p2, s2] = RULES[j] as [string, string];
      ambiguous = exists(`${p2}${short}${s2}`);
    }
    if (!ambiguous) return short;
  }
  return ref;
}

export interface HumanOptions {
  verbose?: boolean;
  config?: GitConfig;
  /** Wraps annotations in colour (a TTY); identity otherwise. */
  paint?: { locked(s: string): string; prunable(s: string): string; dim(s: string): string };
}

/** The default, aligned output of `git worktree list` (one line per worktree, `-v` adds reason lines). */
export function formatHuman(repo: Repository, list: WorktreeInfo[], opts: HumanOptions = {}): string {
  const ctx = new AbbrevContext(`${repo.commonDir}/objects`);
  try {
    const auto = ctx.defaultLength(opts.config);
    let abbrev = -1;
    let maxlen = 0;
    const shown = new Map<WorktreeInfo, string>();
    for (const w of list) {
      maxlen = Math.max(maxlen, Buffer.byteLength(w.path));
      const hex = w.head ?? ZERO_OID;
      // measure_widths() passes the running maximum as the minimum length.
      const len = ctx.uniqueLength(hex, abbrev < 0 ? auto : abbrev);
      if (len > abbrev) abbrev = len;
      shown.set(w, hex.slice(0, ctx.uniqueLength(hex, auto)));
    }
    const paint = opts.paint;
    let out = "";
    for (const w of list) {
      let line = `${w.path}${" ".repeat(1 + maxlen - displayWidth(w.path))} `;
      if (w.bare) line += "(bare)";
      else {
        line += `${(shown.get(w) as string).padEnd(abbrev)} `;
        if (w.detached) line += "(detached HEAD)";
        else if (w.branch !== null) line += `[${shortenRef(repo, w.branch)}]`;
        else line += "(error)";
      }
      if (opts.verbose && w.lockReason) line += `\n\tlocked: ${w.lockReason}`;
      else if (w.lockReason !== null) line += ` ${paint ? paint.locked("locked") : "locked"}`;
      if (opts.verbose && w.prunableReason !== null) line += `\n\tprunable: ${w.prunableReason}`;
      else if (w.prunableReason !== null) line += ` ${paint ? paint.prunable("prunable") : "prunable"}`;
      out += `${line}\n`;
    }
    return out;
  } finally {
    ctx.close();
  }
}
