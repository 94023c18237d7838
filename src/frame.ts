/**
 * Everything the frame needs after `--version`, in one module so that
 * start-up loads it as one chunk: each dynamic import() is a separate chunk
 * of the compiled binary and costs about as much as loading node:fs (measured
 * in bench/list.ts terms: ~10% of a hello-world's start-up per hop).
 */
export { checkArgvBytes } from "./platform/argv.ts";
export { installInterruptHandlers } from "./platform/interrupt.ts";
export { processIO } from "./output/stdio.ts";
export { createFrameContext } from "./commands/_context.ts";
export { dispatch } from "./commands/_dispatch.ts";
export { reportError } from "./commands/_report.ts";
