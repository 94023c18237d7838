/**
 * The compiled binary starts with JavaScriptCore's JIT made reluctant
 * (`--compile-jit-policy`, scripts/build.ts): most commands are short, and
 * their run-once start-up code is cheaper interpreted than compiled
 * (`worktree list` on 100 worktrees: 8.3 -> 7.3 ms). Work with hot loops
 * (checkout, the clean check, reading objects) calls fullJit() first, so it
 * runs with the normal policy. Each thread has its own VM: workers call it too.
 */
export function fullJit(): void {
  // Absent when running from source under an older Bun, or in another runtime: nothing to undo then.
  (Bun as { unsafe?: { setJITPolicy?: (scale: number) => void } }).unsafe?.setJITPolicy?.(1);
}
