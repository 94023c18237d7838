/**
 * The second thread of a parallel tree deletion (see remove-tree.ts): it
 * deletes the paths it is sent, each with everything under it, then answers
 * and ends itself. A path it cannot delete is left for the main thread's
 * final pass, which reports the error.
 *
 * Message in:  { paths: string[] } once.
 * Message out: { done: true, failed: number }.
 */
import { rmSync } from "node:fs";

// biome-ignore lint: the worker global scope has no type in this project's lib settings
declare const self: any;

if (!Bun.isMainThread) {
  self.onmessage = (e: MessageEvent) => {
    const { paths } = e.data as { paths: string[] };
    let failed = 0;
    for (const path of paths) {
      try {
        rmSync(path, { recursive: true, force: true, maxRetries: process.platform === "win32" ? 3 : 0 });
      } catch {
        failed++;
      }
    }
    self.postMessage({ done: true, failed });
    self.close();
  };
}
