/**
 * Ref-name rules, exactly as git's refs.c `check_refname_format` and
 * object-name.c `strbuf_check_branch_ref` apply them. Kept byte-for-byte
 * faithful because a name we accept and git rejects (or the reverse) makes a
 * branch git cannot use.
 */

/**
 * git's refname_disposition table, per byte:
 * 0 ok, 1 end of component ('/' and NUL), 2 '.', 3 '{', 4 forbidden
 * (controls, DEL, space, ':', '?', '[', '\\', '^', '~'), 5 '*'.
 */
function disposition(ch: number): number {
  if (ch === 0x2f) return 1;
  if (ch < 0x20 || ch === 0x7f) return 4;
  switch (ch) {
    case 0x2e: // .
      return 2;
    case 0x7b: // {
      return 3;
    case 0x20: // space
    case 0x3a: // :
    case 0x3f: // ?
    case 0x5b: // [
    case 0x5c: // backslash
    case 0x5e: // ^
    case 0x7e: // ~
      return 4;
    case 0x2a: // *
      return 5;
    default:
      return 0;
  }
}

export interface RefnameFormatOptions {
  /** REFNAME_ALLOW_ONELEVEL: accept `foo` as well as `refs/foo`. */
  allowOneLevel?: boolean;
  /** REFNAME_REFSPEC_PATTERN: accept one `*`. */
  refspecPattern?: boolean;
}

/**
 * Why `refname` is not a valid ref name, or null when it is. Works on the
 * UTF-8 bytes, as git does (bytes >= 0x80 are allowed).
 */
export function refnameProblem(refname: string, opts: RefnameFormatOptions = {}): string | null {
  if (refname === "@") return "a ref cannot be the single character '@'";
  const bytes = Buffer.from(refname, "utf8");
  if (bytes.includes(0)) return "a ref cannot contain a NUL byte";
  let pattern = opts.refspecPattern === true;
  let components = 0;
  let start = 0;
  for (;;) {
    let last = -1;
    let i = start;
    for (; i < bytes.length; i++) {
      const ch = bytes[i] as number;
      const d = disposition(ch);
      if (d === 1) break;
      if (d === 2 && last === 0x2e) return "a ref cannot contain '..'";
      if (d === 3 && last === 0x40) return "a ref cannot contain '@{'";
      if (d === 4) return `a ref cannot contain ${describeByte(ch)}`;
      if (d === 5) {
        if (!pattern) return "a ref cannot contain '*'";
        pattern = false; // only one '*' allowed
      }
      last = ch;
    }
    const len = i - start;
    if (len === 0) return "a ref cannot have an empty component (leading, trailing or double '/')";
    if (bytes[start] === 0x2e) return "a ref component cannot begin with '.'";
    if (len >= 5 && bytes.subarray(i - 5, i).toString("latin1") === ".lock") return "a ref component cannot end with '.lock'";
    components++;
    if (i >= bytes.length) break;
    start = i + 1;
  }
  if (bytes[bytes.length - 1] === 0x2e) return "a ref cannot end with '.'";
  if (!opts.allowOneLevel && components < 2) return "a ref needs at least two components (e.g. refs/heads/x)";
  return null;
}

/** git's check_refname_format(): true when valid. */
export function isValidRefname(refname: string, opts: RefnameFormatOptions = {}): boolean {
  return refnameProblem(refname, opts) === null;
}

function describeByte(ch: number): string {
  if (ch === 0x20) return "a space";
  if (ch < 0x20 || ch === 0x7f) return "control characters";
  return `'${String.fromCharCode(ch)}'`;
}

/**
 * Why `name` is not a valid branch name (`refs/heads/<name>` must be a valid
 * ref; `-x` and `HEAD` are refused), or null when it is. As git's
 * strbuf_check_branch_ref, minus the `@{-N}` expansion (not supported here:
 * such names are refused by the '@{' rule).
 */
export function branchNameProblem(name: string): string | null {
  if (name.startsWith("-")) return "a branch name cannot begin with '-'";
  if (name === "HEAD") return "'HEAD' is not a valid branch name";
  return refnameProblem(`refs/heads/${name}`);
}

export const isValidBranchName = (name: string): boolean => branchNameProblem(name) === null;
