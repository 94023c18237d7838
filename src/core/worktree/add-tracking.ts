/**
 * Remote-tracking DWIM and upstream configuration for branches that
 * `worktree add` creates, as git's checkout.c unique_tracking_name() and
 * branch.c setup_tracking() do.
 */
import type { GitConfig } from "../../git/config/config.ts";
import { refExists } from "../../git/refs/refs.ts";

/** Maps `src` through one fetch refspec (`+refs/heads/*:refs/remotes/origin/*`); null when it does not match. */
export function mapRefspec(refspec: string, src: string, reverse = false): string | null {
  const spec = refspec.startsWith("+") ? refspec.slice(1) : refspec;
  const colon = spec.indexOf(":");
  if (colon < 0 || spec.startsWith("^")) return null;
  let from = spec.slice(0, colon);
  let to = spec.slice(colon + 1);
  if (reverse) [from, to] = [to, from];
  const star = from.indexOf("*");
  if (star < 0) return src === from ? to : null;
  const pre = from.slice(0, star);
  const post = from.slice(star + 1);
  if (!src.startsWith(pre) || !src.endsWith(post) || src.length < pre.length + post.length) return null;
  const middle = src.slice(pre.length, src.length - post.length);
  return to.replace("*", middle);
}

/**
 * git's unique_tracking_name(): the remote-tracking ref for branch `name`
 * that exactly one remote has (or the one of checkout.defaultRemote when
 * several do). Returns the full ref (`refs/remotes/origin/x`) and remote name.
 */
export function uniqueTrackingName(config: GitConfig, commonDir: string, name: string): { remote: string; ref: string } | null {
  const src = `refs/heads/${name}`;
  const found: { remote: string; ref: string }[] = [];
  for (const remote of config.subsections("remote")) {
    for (const spec of config.getAll(`remote.${remote}.fetch`)) {
      if (spec === null) continue;
      const dst = mapRefspec(spec, src);
      if (dst !== null && refExists(commonDir, dst)) {
        found.push({ remote, ref: dst });
        break;
      }
    }
  }
  if (found.length === 1) return found[0] ?? null;
  const preferred = config.getString("checkout.defaultRemote");
  if (found.length > 1 && preferred) return found.find((f) => f.remote === preferred) ?? null;
  return null;
}

/** Which remote fetches into `trackingRef`, and the branch it comes from there. */
function remoteOf(config: GitConfig, trackingRef: string): { remote: string; merge: string } | null {
  for (const remote of config.subsections("remote")) {
    for (const spec of config.getAll(`remote.${remote}.fetch`)) {
      if (spec === null) continue;
      const src = mapRefspec(spec, trackingRef, true);
      if (src !== null) return { remote, merge: src };
    }
  }
  return null;
}

export interface TrackingSetup {
  /** Config keys to set, in the order git sets them. */
  changes: [string, string][];
  /** git's message: "branch 'x' set up to track 'origin/x'." */
  message: string;
}

/**
 * The upstream config git's `branch <new> <start>` writes with
 * branch.autoSetupMerge (true: only from a remote-tracking branch; always:
 * from local branches too; simple: only when the names match; inherit: copy
 * the start branch's upstream; false: never) and branch.autoSetupRebase.
 * `startRef` is the full ref the start point named, or null for a commit id.
 */
export function planTracking(config: GitConfig, newBranch: string, startRef: string | null, track?: boolean): TrackingSetup | null {
  if (startRef === null || track === false) return null;
  const mode = (config.getString("branch.autoSetupMerge") ?? "true").toLowerCase();
  if (track !== true && (mode === "false" || mode === "no" || mode === "off" || mode === "0")) return null;
  let remote: string;
  let merge: string;
  let shown: string;
  if (startRef.startsWith("refs/heads/") && mode === "inherit") {
    const start = startRef.slice("refs/heads/".length);
    const r = config.getString(`branch.${start}.remote`);
    const m = config.getString(`branch.${start}.merge`);
    if (!r || !m) return null;
    remote = r;
    merge = m;
    shown = r === "." ? m.replace(/^refs\/heads\//, "") : `${r}/${m.replace(/^refs\/heads\//, "")}`;
  } else if (startRef.startsWith("refs/heads/")) {
    if (mode !== "always" && track !== true) return null;
    remote = ".";
    merge = startRef;
    shown = startRef.slice("refs/heads/".length);
  } else {
    const r = remoteOf(config, startRef);
    if (r === null) return null;
    remote = r.remote;
    merge = r.merge;
    shown = startRef.replace(/^refs\/remotes\//, "");
    if (mode === "simple" && track !== true && merge !== `refs/heads/${newBranch}`) return null;
  }
  const rebaseMode = (config.getString("branch.autoSetupRebase") ?? "never").toLowerCase();
  const rebase = rebaseMode === "always" || (rebaseMode === "remote" && remote !== ".") || (rebaseMode === "local" && remote === ".");
  const changes: [string, string][] = [
    [`branch.${newBranch}.remote`, remote],
    [`branch.${newBranch}.merge`, merge],
  ];
  if (rebase) changes.push([`branch.${newBranch}.rebase`, "true"]);
  return { changes, message: `branch '${newBranch}' set up to track '${shown}'${rebase ? " by rebasing" : ""}.` };
}
