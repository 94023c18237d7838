/**
 * Where a worker's module is, given its path under src/git/. From source,
 * relative to this file. In a compiled binary every module is bundled into
 * one whose import.meta.url is the binary itself at the root of Bun's
 * embedded file system (`/$bunfs/root/`, `B:/~BUN/root/` on Windows), and each
 * worker, an extra entry point of the build (scripts/build.ts ENTRY_POINTS),
 * sits at its path relative to the entry points' common directory, src/:
 * `git/<room>/<name>.js` (Bun also resolves the `.ts` name to it).
 */
export function workerUrl(file: "checkout/checkout-worker.ts" | "remove/remove-worker.ts"): URL {
  const here = import.meta.url;
  return here.endsWith("/worker-url.ts") ? new URL(`./${file}`, here) : new URL(`./git/${file}`, here);
}
