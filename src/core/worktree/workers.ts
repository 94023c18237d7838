/**
 * The switches for the second threads of `worktree add` (checkout) and
 * `worktree remove` (deletion): REPO_MANAGER_CHECKOUT_WORKERS and
 * REPO_MANAGER_REMOVE_WORKERS. `0` keeps everything on the main thread, `1`
 * always starts the worker (tests, debugging); unset or anything else: the
 * worker only for trees large enough to gain from it.
 */
export function workersMode(env: NodeJS.ProcessEnv, variable: "REPO_MANAGER_CHECKOUT_WORKERS" | "REPO_MANAGER_REMOVE_WORKERS"): "auto" | "on" | "off" {
  const v = env[variable];
  return v === "0" ? "off" : v === "1" ? "on" : "auto";
}
