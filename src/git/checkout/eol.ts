/**
 * End-of-line conversion and `ident`, byte for byte as git's convert.c does
 * it: which action applies (`convert_attrs`), what output ending it means
 * (`output_eol`), git's text/binary heuristic (`gather_stats`,
 * `convert_is_binary`), LF to CRLF on checkout (`crlf_to_worktree`) and
 * CRLF to LF when hashing a worktree file (`crlf_to_git`, for the clean check).
 */
import type { Attributes } from "../patterns/attributes.ts";

/** The EOL-related configuration: core.autocrlf and core.eol. */
export interface EolConfig {
  /** core.autocrlf: true, false or "input". Default false. */
  autocrlf?: boolean | "input";
  /** core.eol: "lf", "crlf" or "native" (default). */
  eol?: "lf" | "crlf" | "native";
  /** The platform's native ending; git for Windows is built with CRLF. Default: by platform. */
  nativeEol?: "lf" | "crlf";
}

/** git's enum convert_crlf_action. */
export type CrlfAction = "undefined" | "binary" | "text" | "text-input" | "text-crlf" | "auto" | "auto-input" | "auto-crlf";

/** What convert.c decides for one path. */
export interface ConversionPlan {
  crlf: CrlfAction;
  ident: boolean;
  /** filter=<driver>, if any. */
  filter: string | null;
}

function textEolIsCrlf(c: EolConfig): boolean {
  if (c.autocrlf === true) return true;
  if (c.autocrlf === "input") return false;
  const eol = c.eol ?? "native";
  if (eol === "crlf") return true;
  const native = c.nativeEol ?? (process.platform === "win32" ? "crlf" : "lf");
  return eol === "native" && native === "crlf";
}

function checkCrlf(v: string | boolean | undefined): CrlfAction {
  if (v === true) return "text";
  if (v === false) return "binary";
  if (v === "input") return "text-input";
  if (v === "auto") return "auto";
  return "undefined";
}

/** git's convert_attrs(): the actions for a path with these attributes under this config. */
export function conversionPlan(attrs: Attributes | null, c: EolConfig): ConversionPlan {
  let crlf: CrlfAction = checkCrlf(attrs?.get("text"));
  if (crlf === "undefined") crlf = checkCrlf(attrs?.get("crlf"));
  if (crlf !== "binary") {
    const eol = attrs?.get("eol");
    if (crlf === "auto" && eol === "lf") crlf = "auto-input";
    else if (crlf === "auto" && eol === "crlf") crlf = "auto-crlf";
    else if (eol === "lf") crlf = "text-input";
    else if (eol === "crlf") crlf = "text-crlf";
  }
  if (crlf === "text") crlf = textEolIsCrlf(c) ? "text-crlf" : "text-input";
  const autocrlf = c.autocrlf ?? false;
  if (crlf === "undefined") crlf = autocrlf === false ? "binary" : autocrlf === true ? "auto-crlf" : "auto-input";
  const f = attrs?.get("filter");
  return { crlf, ident: attrs?.get("ident") === true, filter: typeof f === "string" && f !== "" ? f : null };
}

/** git's output_eol(). */
function outputIsCrlf(a: CrlfAction, c: EolConfig): boolean {
  switch (a) {
    case "binary":
    case "text-input":
    case "auto-input":
      return false;
    case "text-crlf":
    case "undefined":
    case "auto-crlf":
      return true;
    default:
      return textEolIsCrlf(c);
  }
}

/** Counts of git's gather_stats(). */
export interface TextStats {
  nul: number;
  lonecr: number;
  lonelf: number;
  crlf: number;
  printable: number;
  nonprintable: number;
}

export function gatherStats(buf: Uint8Array): TextStats {
  const s: TextStats = { nul: 0, lonecr: 0, lonelf: 0, crlf: 0, printable: 0, nonprintable: 0 };
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i] as number;
    if (c === 13) {
      if (i + 1 < n && buf[i + 1] === 10) {
        s.crlf++;
        i++;
      } else s.lonecr++;
      continue;
    }
    if (c === 10) {
      s.lonelf++;
      continue;
    }
    if (c === 127) s.nonprintable++;
    else if (c < 32) {
      // BS, HT, ESC and FF count as printable.
      if (c === 8 || c === 9 || c === 27 || c === 12) s.printable++;
      else {
        if (c === 0) s.nul++;
        s.nonprintable++;
      }
    } else s.printable++;
  }
  // A trailing ^Z (DOS end of file) is not held against the file.
  if (n >= 1 && buf[n - 1] === 26) s.nonprintable--;
  return s;
}

/** git's convert_is_binary(). */
export function isBinary(s: TextStats): boolean {
  return s.lonecr > 0 || s.nul > 0 || s.printable >> 7 < s.nonprintable;
}

/** Cheap pre-check: does the buffer contain a LF at all (most binary files and one-liners decide here). */
const hasLf = (buf: Uint8Array) => buf.indexOf(10) !== -1;

/**
 * LF to CRLF for checkout (crlf_to_worktree). Returns the input itself
 * when nothing changes, so callers can tell without comparing.
 */
export function toWorktreeEol(buf: Uint8Array, action: CrlfAction, c: EolConfig): Uint8Array {
  if (action === "binary" || !outputIsCrlf(action, c) || !hasLf(buf)) return buf;
  const s = gatherStats(buf);
  if (s.lonelf === 0) return buf;
  if (action === "auto" || action === "auto-input" || action === "auto-crlf") {
    // git's "safer autocrlf": leave files that already have CRs, or look binary.
    if (s.lonecr || s.crlf) return buf;
    if (isBinary(s)) return buf;
  }
  const out = new Uint8Array(buf.length + s.lonelf);
  let o = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b === 10 && (i === 0 || buf[i - 1] !== 13)) out[o++] = 13;
    out[o++] = b;
  }
  return out;
}

/**
 * CRLF to LF as git does when it hashes a worktree file (crlf_to_git), so
 * the clean check can compare with the index. `indexHasCr` says whether the
 * blob already in the index contains a CR (then `auto` leaves it alone).
 */
export function toGitEol(buf: Uint8Array, action: CrlfAction, indexHasCr: () => boolean): Uint8Array {
  if (action === "binary" || buf.indexOf(13) === -1) return buf;
  const s = gatherStats(buf);
  if (s.crlf === 0) return buf;
  if (action === "auto" || action === "auto-input" || action === "auto-crlf") {
    if (isBinary(s)) return buf;
    if (indexHasCr()) return buf;
  }
  const out = new Uint8Array(buf.length - s.crlf);
  let o = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b === 13 && buf[i + 1] === 10) continue;
    out[o++] = b;
  }
  return out;
}

const DOLLAR = 36;

/** `ident` on checkout: `$Id$` (or a git-style `$Id: ... $`) becomes `$Id: <oid> $` (ident_to_worktree). */
export function identToWorktree(buf: Uint8Array, oid: string): Uint8Array {
  if (buf.indexOf(DOLLAR) === -1) return buf;
  const src = Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString("latin1");
  let out = "";
  let i = 0;
  let changed = false;
  for (;;) {
    const dollar = src.indexOf("$", i);
    if (dollar === -1) break;
    out += src.slice(i, dollar + 1);
    i = dollar + 1;
    if (src.length - i < 3 || src.slice(i, i + 2) !== "Id") continue;
    if (src[i + 2] === "$") i += 3;
    else if (src[i + 2] === ":") {
      const end = src.indexOf("$", i + 3);
      if (end === -1) break;
      if (src.slice(i + 3, end).includes("\n")) continue;
      const spc = src.indexOf(" ", i + 4);
      if (spc !== -1 && spc < end - 1) continue; // a foreign ident: keep it
      i = end + 1;
    } else continue;
    out += `Id: ${oid} $`;
    changed = true;
  }
  if (!changed) return buf;
  out += src.slice(i);
  return new Uint8Array(Buffer.from(out, "latin1"));
}

/** `ident` when hashing a worktree file: `$Id: ... $` collapses back to `$Id$` (ident_to_git). */
export function identToGit(buf: Uint8Array): Uint8Array {
  if (buf.indexOf(DOLLAR) === -1) return buf;
  const src = Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString("latin1");
  // "$Id:" followed by anything but '$' and newline, up to the next '$'.
  const out = src.replace(/\$Id:[^$\n]*\$/g, "$$Id$$");
  return out === src ? buf : new Uint8Array(Buffer.from(out, "latin1"));
}
