/**
 * What a failed or interrupted `worktree add` must undo, recorded as it is
 * created and undone in reverse order. git 2.39 removes only the directory
 * and the admin dir (its remove_junk()); we also take back a branch we
 * created or reset and the upstream config we wrote, so a failed add leaves
 * the repository exactly as it was.
 */
import { readdirSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type GitConfig, normalizeKey } from "../../git/config/config.ts";
import { setConfigValues } from "../../git/config/config-write.ts";
import { deleteLooseRef, reflogSize, restoreReflog, updateRef } from "../../git/refs/ref-write.ts";
import type { Repository } from "../../git/repo/types.ts";
import { deleteAdminDirAt, deleteWorktreesDirIfEmpty } from "../../git/worktree/worktree-admin.ts";

/** What is to be undone, as JSON (persisted in the admin dir for recovery after a kill -9, see add-recovery.ts). */
export interface RollbackState {
  adminDir: string | null;
  worktree: { path: string; created: string | null } | null;
  branch: { ref: string; oldOid: string | null; newOid: string | null; reflogSize: number | null } | null;
  config: { file: string; restore: [string, string | null][] } | null;
}

export class AddRollback {
  adminDir: string | null = null;
  /** The worktree path; `created` is the top-most directory we made (null: it existed, empty). */
  private worktreeDir: { path: string; created: string | null } | null = null;
  private branch: RollbackState["branch"] = null;
  /** The value `branch` is about to get: persisted before the update so a kill right after it is covered. */
  private intendedOid: string | null = null;
  private config: RollbackState["config"] = null;
  private finished = false;
  /** Called with the state after every change (add.ts persists it); null before the admin dir exists. */
  onChange: ((state: RollbackState) => void) | null = null;

  constructor(private readonly repo: Repository) {}

  /** A rollback rebuilt from a persisted state (recovery of a killed add). */
  static fromState(repo: Repository, state: RollbackState): AddRollback {
    const r = new AddRollback(repo);
    r.adminDir = state.adminDir;
    r.worktreeDir = state.worktree;
    r.branch = state.branch;
    r.config = state.config;
    return r;
  }

  /** The state to persist: a branch update in flight counts as done (undo checks the ref's value first). */
  state(): RollbackState {
    const b = this.branch;
    return { adminDir: this.adminDir, worktree: this.worktreeDir, branch: b && { ...b, newOid: b.newOid ?? this.intendedOid }, config: this.config };
  }

  private changed(): void {
    this.onChange?.(this.state());
  }

  get worktree(): { path: string; created: string | null } | null {
    return this.worktreeDir;
  }

  set worktree(w: { path: string; created: string | null } | null) {
    this.worktreeDir = w;
    this.changed();
  }

  /** Call before updating `ref` to `newOid`: remembers its old value and reflog length. */
  branchWillChange(ref: string, oldOid: string | null, newOid?: string): void {
    this.branch = { ref, oldOid, newOid: null, reflogSize: reflogSize(this.repo.commonDir, ref) };
    this.intendedOid = newOid ?? null;
    this.changed();
  }

  branchChanged(ref: string, newOid: string): void {
    if (this.branch?.ref === ref) this.branch.newOid = newOid;
    this.changed();
  }

  /** Sets config keys, remembering their previous values (last one wins) to restore them. */
  setConfig(file: string, changes: [string, string][], before: GitConfig): void {
    const restore: [string, string | null][] = changes.map(([k]) => {
      const v = before.entries.filter((e) => e.key === normalizeKey(k) && e.file === file).at(-1);
      return [k, v === undefined ? null : (v.value ?? "true")];
    });
    this.config = { file, restore };
    this.changed(); // before writing, so a kill midway still restores
    setConfigValues(file, changes);
  }

  /** Success: nothing to undo any more. */
  done(): void {
    this.finished = true;
  }

  /** Undoes everything recorded, best effort: each step runs even if an earlier one failed. */
  run(warn?: (message: string) => void): void {
    if (this.finished) return;
    this.finished = true;
    const attempt = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (e) {
        warn?.(`could not undo ${what}: ${(e as Error).message}`);
      }
    };
    const wt = this.worktree;
    if (wt) {
      attempt(`'${wt.path}'`, () => removeWorktreeDir(wt.path, wt.created));
    }
    const admin = this.adminDir;
    if (admin) {
      attempt(`'${admin}'`, () => {
        deleteAdminDirAt(admin);
        deleteWorktreesDirIfEmpty(this.repo);
      });
    }
    const cfg = this.config;
    // In-process, the config is written after the branch; restoring it when it was not
    // written yet sets the keys to the values they already have.
    if (cfg) attempt("the upstream configuration", () => setConfigValues(cfg.file, cfg.restore));
    const b = this.branch;
    if (b && b.newOid !== null) {
      const newOid = b.newOid;
      attempt(`branch '${b.ref}'`, () => {
        if (b.oldOid === null) {
          deleteLooseRef(this.repo.gitDir, this.repo.commonDir, b.ref, newOid);
          // `-b a/b` made refs/heads/a/ (and logs/refs/heads/a/): git drops such empty parents too.
          removeEmptyParents(join(this.repo.commonDir, b.ref), join(this.repo.commonDir, "refs", "heads"));
          removeEmptyParents(join(this.repo.commonDir, "logs", b.ref), join(this.repo.commonDir, "logs", "refs", "heads"));
          return;
        }
        // -B reset an existing branch: put the old value back and drop the reflog line we added.
        updateRef({
          gitDir: this.repo.gitDir,
          commonDir: this.repo.commonDir,
          ref: b.ref,
          newOid: b.oldOid,
          expectOld: newOid,
          message: "",
          ident: { name: "", email: "", seconds: 0, tz: "+0000" },
          log: false,
        });
        restoreReflog(this.repo.commonDir, b.ref, b.reflogSize);
      });
    }
  }
}

/**
 * Removes the worktree directory add made (or, when it existed empty, its
 * contents), then the parents add created for it, each only while empty, up
 * to `created`: never a directory someone else put something into.
 */
function removeWorktreeDir(path: string, created: string | null): void {
  if (created === null) {
    for (const name of readdirSync(path)) rmSync(join(path, name), { recursive: true, force: true });
    return;
  }
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (e) {
    // A path too long to name, or under a file, was never created (mkdir failed on it): nothing to undo.
    if (!isUnnameable(e)) throw e;
  }
  const top = resolve(created);
  for (let dir = dirname(resolve(path)); dir.length >= top.length && dir !== dirname(dir); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch (e) {
      if (isUnnameable(e) || (e as NodeJS.ErrnoException).code === "ENOENT") continue; // not made here: look further up
      return; // not empty: leave it and everything above
    }
    if (dir === top) return;
  }
}

/** ENAMETOOLONG, ENOTDIR: no such directory can exist, so we cannot have made it. */
const isUnnameable = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === "ENAMETOOLONG" || code === "ENOTDIR";
};

/** Removes the directories between `file` and `stop` (exclusive), innermost first, while they are empty. */
function removeEmptyParents(file: string, stop: string): void {
  const top = resolve(stop);
  for (let dir = dirname(resolve(file)); dir.length > top.length && dir.startsWith(top); dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}
