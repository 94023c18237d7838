/**
 * Fixtures for checkout/status tests: repositories made by the real git,
 * a checkout by git itself (`git worktree add`) as the oracle, and a
 * byte-level comparison of two work trees (contents, exec bits, symlinks).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type CheckoutOptions, type CheckoutResult, checkoutTree } from "../../src/git/checkout/checkout.ts";
import { writeIndexFile } from "../../src/git/index/write.ts";
import { openObjectStore } from "../../src/git/objects/store.ts";
import type { Sandbox } from "./sandbox.ts";

/** A file in a fixture: text/bytes, or `{ link }` for a symlink, `{ exec }` for mode 755. */
export type FixtureFile = string | Uint8Array | { link: string } | { exec: string };

export interface FixtureRepo {
  dir: string;
  gitDir: string;
  commit: string;
  tree: string;
}

/** Makes a repository with `files` committed on main (config applied before `git add`). */
export function makeRepo(sb: Sandbox, name: string, files: Record<string, FixtureFile>, config: Record<string, string> = {}): FixtureRepo {
  const dir = join(sb.root, name);
  sb.git(["init", "-q", dir]);
  for (const [k, v] of Object.entries(config)) sb.git(["config", k, v], { cwd: dir });
  for (const [path, f] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof f === "string" || f instanceof Uint8Array) writeFileSync(full, f);
    else if ("link" in f) symlinkSync(f.link, full);
    else {
      writeFileSync(full, f.exec);
      chmodSync(full, 0o755);
    }
  }
  sb.git(["add", "-A"], { cwd: dir });
  sb.git(["commit", "-q", "--allow-empty", "-m", "fixture"], { cwd: dir });
  const commit = sb.git(["rev-parse", "HEAD"], { cwd: dir }).trim();
  const tree = sb.git(["rev-parse", "HEAD^{tree}"], { cwd: dir }).trim();
  return { dir, gitDir: join(dir, ".git"), commit, tree };
}

/** Git's own checkout of `commit` as a linked worktree at `<root>/<name>` (the oracle). */
export function gitWorktree(sb: Sandbox, repo: FixtureRepo, name: string, commit = repo.commit): string {
  const path = join(sb.root, name);
  sb.git(["worktree", "add", "-q", "--detach", path, commit], { cwd: repo.dir });
  return path;
}

/**
 * Our checkout as a linked worktree: git makes the admin dir with
 * `--no-checkout`, we write the files and the index (exactly what
 * `worktree add` will do). Returns the path and the checkout result.
 */
export function ourWorktree(
  sb: Sandbox,
  repo: FixtureRepo,
  name: string,
  extra: Partial<CheckoutOptions> = {},
  treeOid = repo.tree,
): { path: string; result: CheckoutResult; indexPath: string } {
  const path = join(sb.root, name);
  sb.git(["worktree", "add", "-q", "--no-checkout", "--detach", path, repo.commit], { cwd: repo.dir });
  const store = openObjectStore(join(repo.gitDir, "objects"));
  try {
    // attributesFile: null keeps the developer's own ~/.config/git/attributes out of in-process runs.
    const result = checkoutTree({ store, treeOid, worktree: path, gitDir: repo.gitDir, attributesFile: null, ...extra });
    const indexPath = join(repo.gitDir, "worktrees", name, "index");
    writeIndexFile(indexPath, result.entries, { tree: result.tree, sorted: true });
    return { path, result, indexPath };
  } finally {
    store.close();
  }
}

/** Every entry under dir except the top-level `.git`: "path type mode content-or-target". */
export function describeTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      if (rel === "" && name === ".git") continue;
      const r = rel === "" ? name : `${rel}/${name}`;
      const full = join(dir, r);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) out.push(`${r} link ${readlinkSync(full)}`);
      else if (st.isDirectory()) {
        out.push(`${r} dir`);
        walk(r);
      } else out.push(`${r} file ${(st.mode & 0o111) !== 0 ? "x" : "-"} ${readFileSync(full).toString("base64")}`);
    }
  };
  walk("");
  return out;
}
