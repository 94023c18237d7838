/**
 * Typed errors of the object store. Every failure to read an object ends in
 * one of these (never a raw zlib or fs exception), so commands can print one
 * clear line and a hint.
 */
import { RepoManagerError } from "../../errors.ts";

/** An object id that is not 40 hex digits. */
export class InvalidObjectIdError extends RepoManagerError {
  constructor(oid: string) {
    super("E_OBJECT_ID_INVALID", `not a valid object id: ${JSON.stringify(oid)}`, {
      hint: "object ids are 40 hexadecimal digits (SHA-1)",
      data: { oid },
    });
    this.name = "InvalidObjectIdError";
  }
}

/** The object is in none of the packs, loose objects or alternates. */
export class ObjectNotFoundError extends RepoManagerError {
  readonly oid: string;
  constructor(oid: string, opts: { partialClone?: boolean; objectsDir?: string } = {}) {
    super(
      "E_OBJECT_MISSING",
      opts.partialClone
        ? `object ${oid} is not in this partial clone (it was never fetched)`
        : `object ${oid} is missing from the repository`,
      {
        hint: opts.partialClone
          ? "fetch it with git first (for example `git fetch` or `git checkout <commit>` in the main worktree), then retry"
          : "the repository may be corrupt or a fetch was interrupted; check it with `git fsck`",
        data: { oid, ...(opts.objectsDir === undefined ? {} : { objectsDir: opts.objectsDir }) },
      },
    );
    this.name = "ObjectNotFoundError";
    this.oid = oid;
  }
}

/** Bytes that do not decode as a git object: a damaged pack, idx or loose file. */
export class CorruptObjectError extends RepoManagerError {
  constructor(detail: string, where: { path: string; offset?: number; oid?: string }, cause?: unknown) {
    const at = where.offset === undefined ? where.path : `${where.path} at offset ${where.offset}`;
    super("E_OBJECT_CORRUPT", `corrupt object data in ${at}: ${detail}`, {
      hint: "run `git fsck` to see the damage; a fresh clone or `git repack -adf` from a good copy repairs it",
      data: { ...where, detail },
      cause,
    });
    this.name = "CorruptObjectError";
  }
}

const READ_CAUSES: Record<string, [what: string, hint: string]> = {
  EACCES: ["permission denied", "make the repository's objects readable by you (e.g. `chmod -R u+r .git/objects`), or run as the user who owns them"],
  EPERM: ["operation not permitted", "make the repository's objects readable by you, or run as the user who owns them"],
  EIO: ["input/output error", "the disk or file system reported an error; check it, then retry"],
  EMFILE: ["too many open files", "raise the open-file limit (ulimit -n) and retry"],
  ENFILE: ["too many open files in the system", "close other programs or raise the system's open-file limit, then retry"],
  ELOOP: ["too many levels of symbolic links", "check the symbolic links under the objects directory"],
  ENAMETOOLONG: ["file name too long", "the repository's path is too long for this file system; move it somewhere shorter"],
  EISDIR: ["is a directory", "a directory stands where an object file should be; check it with `git fsck`"],
};

/**
 * The file holding an object could not be read for a reason that is not
 * damage to the data (permissions, I/O, open-file limits): said as such,
 * with no `git fsck` hint, since fsck would find nothing wrong.
 */
export class ObjectReadError extends RepoManagerError {
  /** `subject`: "object <id>", or "pack" for a pack or its index. */
  constructor(subject: string, errno: string, path: string | undefined, cause: unknown) {
    const [what, hint] = READ_CAUSES[errno] ?? [errno, "check the repository's files and retry"];
    super("E_OBJECT_READ", `cannot read ${subject}: ${what}${path ? `: ${path}` : ""}`, { hint, data: { subject, errno, path }, cause });
    this.name = "ObjectReadError";
  }

  /** True for an fs error this class describes (a Node errno error). */
  static applies(e: unknown): e is NodeJS.ErrnoException {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    return typeof code === "string" && code in READ_CAUSES;
  }
}

/** Peeling found an object of the wrong type (e.g. a blob where a commit was needed). */
export class UnexpectedObjectTypeError extends RepoManagerError {
  constructor(oid: string, found: string, wanted: string) {
    super("E_OBJECT_TYPE", `object ${oid} is a ${found}, not a ${wanted}`, {
      hint: `name a ${wanted} (or a tag pointing at one)`,
      data: { oid, found, wanted },
    });
    this.name = "UnexpectedObjectTypeError";
  }
}

/** A repository whose extensions.objectFormat we cannot read (SHA-256). */
export class UnsupportedObjectFormatError extends RepoManagerError {
  constructor(format: string) {
    super("E_OBJECT_FORMAT_UNSUPPORTED", `object format ${JSON.stringify(format)} is not supported (only sha1)`, {
      hint: "use git itself for SHA-256 repositories",
      data: { format },
    });
    this.name = "UnsupportedObjectFormatError";
  }
}
