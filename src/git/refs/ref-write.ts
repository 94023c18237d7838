/**
 * Writing refs and reflogs as git's files backend does: the ref through
 * `<ref>.lock` (O_EXCL) renamed over the loose file, the reflog line
 * `<old> <new> <name> <<email>> <seconds> <tz>[\t<message>]\n` appended to
 * `logs/<ref>`. Reflogs follow core.logAllRefUpdates (default: on unless
 * bare), and an existing reflog is always appended to, as git does.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { dirname, join } from "node:path";
import type { GitConfig } from "../config/config.ts";
import { LockFile } from "../../platform/lockfile.ts";
import { looseRefPath, readRefRaw, isPerWorktreeRef } from "./refs.ts";
import { RefUpdateError } from "./errors.ts";

export const NULL_OID = "0000000000000000000000000000000000000000";

/** `Name <email> <seconds> <+hhmm>` as git's committer ident for reflogs. */
export interface Ident {
  name: string;
  email: string;
  seconds: number;
  tz: string;
}

function formatTz(offsetMinutesEast: number): string {
  const sign = offsetMinutesEast < 0 ? "-" : "+";
  const a = Math.abs(offsetMinutesEast);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}${String(a % 60).padStart(2, "0")}`;
}

/**
 * Parses GIT_COMMITTER_DATE in the formats tests and scripts use: git's
 * internal `<seconds> <tz>` (optionally `@`-prefixed) and ISO 8601
 * (`2024-01-01T00:00:00Z`, `2024-01-01 00:00:00 +0100`). Others: undefined.
 */
export function parseGitDate(text: string): { seconds: number; tz: string } | undefined {
  const t = text.trim();
  const raw = /^@?(\d+)(?:\s+([+-]\d{4}))?$/.exec(t);
  if (raw) return { seconds: Number(raw[1]), tz: raw[2] ?? "+0000" };
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!iso) return undefined;
  const [, y, mo, d, h, mi, s, zone] = iso;
  let offset = 0;
  if (zone && zone !== "Z") {
    const z = zone.replace(":", "");
    offset = (z.startsWith("-") ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)) / 1000 - offset * 60;
  return { seconds: utc, tz: formatTz(offset) };
}

/**
 * The committer ident git would put in a reflog: GIT_COMMITTER_NAME/EMAIL,
 * else user.name/user.email, else EMAIL, else the login name and
 * `<login>@<host>` (git also reads the passwd gecos field for the name; we
 * use the login name). GIT_COMMITTER_DATE, else now in the local zone.
 */
export function committerIdent(config: GitConfig, env: NodeJS.ProcessEnv = process.env, now = new Date()): Ident {
  let login = "unknown";
  try {
    login = userInfo().username;
  } catch {
    // no passwd entry (containers): keep the fallback
  }
  const name = env.GIT_COMMITTER_NAME ?? config.getString("user.name") ?? login;
  const email = env.GIT_COMMITTER_EMAIL ?? config.getString("user.email") ?? env.EMAIL ?? `${login}@${hostname()}`;
  const date = env.GIT_COMMITTER_DATE ? parseGitDate(env.GIT_COMMITTER_DATE) : undefined;
  return {
    name: name.trim(),
    email: email.trim(),
    seconds: date?.seconds ?? Math.floor(now.getTime() / 1000),
    tz: date?.tz ?? formatTz(-now.getTimezoneOffset()),
  };
}

export const formatIdent = (i: Ident): string => `${i.name} <${i.email}> ${i.seconds} ${i.tz}`;

/** One reflog line; git drops the tab when the message is empty and squeezes whitespace in it. */
export function reflogLine(oldOid: string, newOid: string, ident: Ident, message: string): string {
  const msg = message.replace(/\s+/g, " ").trim();
  return `${oldOid} ${newOid} ${formatIdent(ident)}${msg === "" ? "" : `\t${msg}`}\n`;
}

/** core.logAllRefUpdates: "always" logs every ref; true logs branches, remotes, notes and HEAD. */
export function shouldLogRef(config: GitConfig, ref: string, bare: boolean): boolean {
  const v = config.get("core.logAllRefUpdates");
  if (v !== undefined && v !== null && v.toLowerCase() === "always") return true;
  const on = v === undefined ? !bare : config.getBool("core.logAllRefUpdates", !bare);
  if (!on) return false;
  return ref === "HEAD" || ref.startsWith("refs/heads/") || ref.startsWith("refs/remotes/") || ref.startsWith("refs/notes/");
}

/** Appends a reflog entry to `<dir>/logs/<ref>`, creating it when `create` (or when it exists already). */
export function appendReflog(logsBase: string, ref: string, line: string, create: boolean): void {
  const file = join(logsBase, "logs", ref);
  if (!create && !existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, line);
}

/** Size in bytes of `<dir>/logs/<ref>`, or null when there is no reflog. */
export function reflogSize(logsBase: string, ref: string): number | null {
  return statSync(join(logsBase, "logs", ref), { throwIfNoEntry: false })?.size ?? null;
}

/**
 * Takes back reflog lines appended since reflogSize() gave `size`: the file
 * is cut back to `size` bytes, or deleted when there was none (null).
 */
export function restoreReflog(logsBase: string, ref: string, size: number | null): void {
  const file = join(logsBase, "logs", ref);
  if (size !== null) truncateSync(file, size);
  else rmSync(file, { force: true });
}

export interface UpdateRefOptions {
  gitDir: string;
  commonDir: string;
  ref: string;
  newOid: string;
  /** The value the ref must have now: NULL_OID for "must not exist", undefined for "anything". */
  expectOld?: string;
  message: string;
  ident: Ident;
  log: boolean;
}

/**
 * Creates or updates a loose ref under its lock and appends its reflog.
 * Returns the previous value (NULL_OID when it did not exist).
 */
export function updateRef(o: UpdateRefOptions): string {
  const file = looseRefPath(o.gitDir, o.commonDir, o.ref);
  mkdirSync(dirname(file), { recursive: true });
  const lock = LockFile.acquire(file);
  try {
    const cur = readRefRaw(o.gitDir, o.commonDir, o.ref);
    if (cur?.kind === "symbolic") throw new RefUpdateError(o.ref, `cannot update symbolic ref '${o.ref}'`, "update the ref it points to");
    const old = cur?.oid ?? NULL_OID;
    if (o.expectOld !== undefined && o.expectOld !== old) {
      throw new RefUpdateError(
        o.ref,
        o.expectOld === NULL_OID ? `cannot create '${o.ref}': it already exists` : `cannot update '${o.ref}': it changed meanwhile`,
        "another process updated it; look at it and try again",
      );
    }
    if (old === o.newOid) {
      // git's files backend writes neither the ref nor a reflog entry for a no-op update.
      lock.rollback();
      return old;
    }
    lock.write(`${o.newOid}\n`);
    lock.commit();
    const logsBase = isPerWorktreeRef(o.ref) ? o.gitDir : o.commonDir;
    appendReflog(logsBase, o.ref, reflogLine(old, o.newOid, o.ident, o.message), o.log);
    return old;
  } catch (e) {
    lock.rollback();
    throw e;
  }
}

/**
 * Deletes a loose ref (and its reflog) if it still holds `expect`; used to
 * undo a branch we created. A packed copy is left alone (we never pack).
 */
export function deleteLooseRef(gitDir: string, commonDir: string, ref: string, expect: string): boolean {
  const file = looseRefPath(gitDir, commonDir, ref);
  const lock = LockFile.acquire(file);
  try {
    let cur: string | undefined;
    try {
      cur = readFileSync(file, "utf8").trim();
    } catch {
      return false;
    }
    if (cur !== expect) return false;
    rmSync(file, { force: true });
    rmSync(join(isPerWorktreeRef(ref) ? gitDir : commonDir, "logs", ref), { force: true });
    return true;
  } finally {
    lock.rollback();
  }
}
