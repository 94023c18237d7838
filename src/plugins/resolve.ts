/**
 * Resolving a plugin for execution: find the first file along the search
 * order, then apply every check that must pass before it runs (executable,
 * safe permissions, managed integrity, managed-only mode). Each refusal is a
 * PluginError naming the plugin and saying what to do.
 */
import type { PluginFile } from "./discover.ts";
import { findPlugin } from "./discover.ts";
import { PluginError, PluginErrorCode } from "./errors.ts";
import { PLUGIN_NAME_RE, type Env } from "./paths.ts";
import { pluginPolicy } from "./policy.ts";
import { isExecutable, unsafePermissionReason } from "./trust.ts";

export interface RunnablePlugin extends PluginFile {
  managed: boolean;
}

/**
 * The plugin `name` ready to run, undefined if no file has that name, or a
 * PluginError when the file found must not run.
 */
export async function resolveRunnable(name: string, env: Env = process.env): Promise<RunnablePlugin | undefined> {
  if (!PLUGIN_NAME_RE.test(name)) return undefined;
  const file = await findPlugin(name, env);
  if (!file) return undefined;
  const policy = pluginPolicy(env);
  if (!isExecutable(file.path, file.stat)) {
    throw new PluginError(PluginErrorCode.notExecutable, `plugin '${name}' is not executable: ${file.path}`, {
      hint: `make it executable with 'chmod +x ${file.path}', or remove it`,
    });
  }
  const unsafe = unsafePermissionReason(file.path, file.entry);
  if (unsafe) {
    throw new PluginError(PluginErrorCode.unsafe, `refusing to run plugin '${name}' (${file.path}): ${unsafe.reason}`, {
      hint: unsafe.hint,
      data: { path: file.path, offendingPath: unsafe.path },
    });
  }
  let managed = false;
  if (file.source === "config") {
    // Only plugins in the config dir can be managed; valibot (lock.ts) is loaded only then.
    const [{ readLock }, verify] = await Promise.all([import("./lock.ts"), import("./verify.ts")]);
    const lock = await readLock(env);
    const entry = verify.managedEntry(file, lock);
    if (entry) {
      const integrity = await verify.checkIntegrity(file, entry);
      if (!integrity.ok) {
        throw new PluginError(PluginErrorCode.tampered, `refusing to run managed plugin '${name}': ${integrity.reason}`, {
          hint: verify.retrustHint(name, file.path, entry),
          data: { path: file.path, expected: entry.sha256, actual: integrity.actual },
        });
      }
      if (integrity.rehashed) await verify.refreshLockStamp(file, env);
      managed = true;
    }
  }
  if (policy === "managed" && !managed) {
    throw new PluginError(PluginErrorCode.notManaged, `refusing to run plugin '${name}' (${file.path}): it is not a managed plugin`, {
      hint: "only plugins installed with 'repo-manager plugin install' may run (REPO_MANAGER_PLUGINS=managed, or \"plugins\": \"managed\" in config.json)",
    });
  }
  return { ...file, managed };
}
