/**
 * What a failed or interrupted `worktree add` must undo, recorded as it is
 * created and undone in reverse order. git 2.39 removes only the directory
 * and the admin dir (its remove_junk()); we also take back a branch we
 * created or reset and the upstream config we wrote, so a failed add leaves
 * the repository exactly as it was.
 */
import { readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { type GitConfig, normalizeKey } from "../../git/config.ts";
import { setConfigValues } from "../../git/config-write.ts";
import { deleteLooseRef, updateRef } from "../../git/ref-write.ts";
import type { Repository } from "../../git/types.ts";
import { deleteWorktreesDirIfEmpty } from "../../git/worktree-admin.ts";

export class AddRollback {
  adminDir: string | null = null;
  /** The worktree path; `created` is the top-most directory we made (null: it existed, empty). */
  worktree: { path: string; created: string | null } | null = null;
  private branch: { ref: string; oldOid: string | null; newOid: string | null; reflogSize: number | null } | null = null;
  private config: { file: string; restore: [string, string | null][] } | null = null;
  private finished = false;

  constructor(private readonly repo: Repository) {}

  /** Call before updating `ref`: remembers its old value and reflog length. */
  branchWillChange(ref: string, oldOid: string | null): void {
    const log = join(this.repo.commonDir, "logs", ref);
    this.branch = { ref, oldOid, newOid: null, reflogSize: statSync(log, { throwIfNoEntry: false })?.size ?? null };
  }

  branchChanged(ref: string, newOid: string): void {
    if (this.branch?.ref === ref) this.branch.newOid = newOid;
  }

  /** Sets config keys, remembering their previous values (last one wins) to restore them. */
  setConfig(file: string, changes: [string, string][], before: GitConfig): void {
    const restore: [string, string | null][] = changes.map(([k]) => {
      const v = before.entries.filter((e) => e.key === normalizeKey(k) && e.file === file).at(-1);
      return [k, v === undefined ? null : (v.value ?? "true")];
    });
    setConfigValues(file, changes);
    this.config = { file, restore };
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
      attempt(`'${wt.path}'`, () => {
        if (wt.created !== null) rmSync(wt.created, { recursive: true, force: true });
        else for (const name of readdirSync(wt.path)) rmSync(join(wt.path, name), { recursive: true, force: true });
      });
    }
    const admin = this.adminDir;
    if (admin) {
      attempt(`'${admin}'`, () => {
        rmSync(admin, { recursive: true, force: true });
        deleteWorktreesDirIfEmpty(this.repo);
      });
    }
    const cfg = this.config;
    if (cfg) attempt("the upstream configuration", () => setConfigValues(cfg.file, cfg.restore));
    const b = this.branch;
    if (b && b.newOid !== null) {
      const newOid = b.newOid;
      attempt(`branch '${b.ref}'`, () => {
        if (b.oldOid === null) {
          deleteLooseRef(this.repo.gitDir, this.repo.commonDir, b.ref, newOid);
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
        const log = join(this.repo.commonDir, "logs", b.ref);
        if (b.reflogSize !== null) truncateSync(log, b.reflogSize);
        else rmSync(log, { force: true });
      });
    }
  }
}
