/**
 * Managed installs: `plugin install <file|url>` and `plugin uninstall <name>`.
 *
 * Install copies the executable into the config plugins dir through a temp
 * file and a rename, checks the sha256 where given (always for a URL), runs
 * the handshake on the copy before it takes the plugin's name, refuses an
 * invalid plugin or a built-in's name, and records it in plugins.lock.json.
 * A refusal leaves the config dir as it was.
 */
import { chmod, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { storeResult, loadCache, saveCache } from "./cache.ts";
import { PluginError, PluginErrorCode } from "./errors.ts";
import { tempPathFor } from "./fs-atomic.ts";
import { updateLock } from "./lock.ts";
import { runHandshake } from "./metadata.ts";
import { executableExtensions, FRAME_COMMANDS, managedPluginsDir, PLUGIN_PREFIX, pluginNameOf, type Env } from "./paths.ts";
import { sha256Bytes } from "./hash.ts";
import { stampOf } from "./verify.ts";

export interface InstallOptions {
  sha256?: string;
  force?: boolean;
  builtins: readonly string[];
  env?: Env;
  platform?: NodeJS.Platform;
}

export interface InstallResult {
  name: string;
  version: string;
  path: string;
  source: string;
  sha256: string;
  replaced: boolean;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

async function fetchBytes(source: string): Promise<Uint8Array> {
  if (isUrl(source)) {
    let res: Response;
    try {
      res = await fetch(source, { redirect: "follow" });
    } catch (e) {
      throw new PluginError(PluginErrorCode.download, `cannot download ${source}: ${(e as Error).message}`, { hint: "check the URL and your network" });
    }
    if (!res.ok) throw new PluginError(PluginErrorCode.download, `cannot download ${source}: HTTP ${res.status}`, { hint: "check the URL" });
    return new Uint8Array(await res.arrayBuffer());
  }
  try {
    return new Uint8Array(await readFile(source));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PluginError(PluginErrorCode.notFound, `cannot read plugin file ${source}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`, {
      hint: "give the path of a plugin executable, or an https:// URL with --sha256",
    });
  }
}

/** Installs a plugin from a file or URL; see the module comment for the checks. */
export async function installPlugin(sourceArg: string, opts: InstallOptions): Promise<InstallResult> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const url = isUrl(sourceArg);
  const source = url ? sourceArg : resolve(sourceArg);
  const expected = opts.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new PluginError(PluginErrorCode.digest, `--sha256 must be 64 hexadecimal digits, got '${opts.sha256}'`, { exitCode: 2, hint: "copy the digest from the plugin's release page" });
  }
  if (url && expected === undefined) {
    throw new PluginError(PluginErrorCode.digest, `installing from a URL needs --sha256 <hex>: ${source}`, {
      exitCode: 2,
      hint: "get the digest from the plugin's publisher (not from the same download), then add --sha256",
    });
  }
  const bytes = await fetchBytes(source);
  const digest = sha256Bytes(bytes);
  if (expected !== undefined && digest !== expected) {
    throw new PluginError(PluginErrorCode.digest, `sha256 mismatch for ${source}: expected ${expected}, got ${digest}`, {
      hint: "the file is not the one the digest was published for; do not install it",
    });
  }
  const exts = executableExtensions(env, platform);
  const srcName = basename(url ? new URL(source).pathname : source);
  const nameFromFile = pluginNameOf(srcName, exts) ?? null;
  // Windows needs a PATHEXT extension to run the file; keep the source's, default .exe.
  const ext = platform === "win32" ? (exts.find((e) => e !== "" && srcName.toLowerCase().endsWith(e)) ?? ".exe") : "";

  const dir = managedPluginsDir(env, platform);
  const createdDir = await mkdir(dir, { recursive: true });
  const tmp = tempPathFor(join(dir, `${PLUGIN_PREFIX}install`), `.tmp${ext}`);
  const undo = async () => {
    await rm(tmp, { force: true });
    if (createdDir !== undefined) await rm(createdDir, { recursive: true, force: true });
  };
  try {
    await Bun.write(tmp, bytes);
    await chmod(tmp, 0o755);
    const hs = await runHandshake(nameFromFile, tmp, { env });
    if (!hs.ok) {
      throw new PluginError(PluginErrorCode.metadata, `refusing to install ${source}: ${hs.reason}`, {
        hint: "a plugin must answer '__repo-manager-metadata' with valid metadata; see docs/plugins.md",
      });
    }
    const name = hs.metadata.name;
    if (opts.builtins.includes(name) || FRAME_COMMANDS.includes(name)) {
      throw new PluginError(PluginErrorCode.builtin, `refusing to install plugin '${name}': it is the name of a built-in command`, {
        hint: "built-in commands always win; ask the plugin's author for another name",
      });
    }
    const file = `${PLUGIN_PREFIX}${name}${ext}`;
    const target = join(dir, file);
    // The existence check, the rename and the record happen under the lock of plugins.lock.json.
    const { exists, st } = await updateLock(env, async (lock) => {
      const exists = lock.plugins[name] !== undefined || (await stat(target).then(() => true, () => false));
      if (exists && !opts.force) {
        throw new PluginError(PluginErrorCode.exists, `plugin '${name}' is already installed (${target})`, {
          hint: `add --force to replace it`,
        });
      }
      await rename(tmp, target);
      const st = await stat(target);
      lock.plugins[name] = {
        name,
        version: hs.metadata.version,
        source,
        sha256: digest,
        file,
        ...stampOf(st),
        installedAt: new Date().toISOString(),
      };
      return { exists, st };
    });
    const cache = await loadCache(env);
    storeResult(cache, target, st.size, st.mtimeMs, hs);
    await saveCache(cache, env);
    return { name, version: hs.metadata.version, path: target, source, sha256: digest, replaced: exists };
  } catch (e) {
    await undo();
    throw e;
  }
}

/** Removes a managed plugin (its file and its lock entry). */
export async function uninstallPlugin(name: string, opts: { env?: Env; platform?: NodeJS.Platform } = {}): Promise<{ name: string; path: string }> {
  const env = opts.env ?? process.env;
  const dir = managedPluginsDir(env, opts.platform);
  return updateLock(env, async (lock) => {
    const entry = lock.plugins[name];
    if (!entry) {
      throw new PluginError(PluginErrorCode.notFound, `plugin '${name}' is not a managed plugin`, {
        hint: "'repo-manager plugin list' shows where each plugin comes from; only plugins installed with 'plugin install' can be uninstalled",
      });
    }
    const path = join(dir, entry.file);
    await rm(path, { force: true });
    delete lock.plugins[name];
    return { name, path };
  });
}
