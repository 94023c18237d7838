/**
 * A git-style progress line on stderr ("Updating files:  45% (2250/5000)"),
 * rewritten in place with \r. Shown only when stderr is a terminal and only
 * once the work has taken longer than the delay (git's progress.c uses 1 s
 * too), so quick commands and pipes/logs never see it.
 */

export interface Progress {
  update(done: number, total: number): void;
  /** Finishes the line with ", done." if it is shown (call before printing any other line). */
  done(): void;
  /** Erases an unfinished line (on errors), so the error starts on a clean line. */
  clear(): void;
}

export interface ProgressOptions {
  delayMs?: number;
  /** Whether to show it at all: stderr is a terminal. */
  enabled: boolean;
  /** Writes to stderr. */
  write: (s: string) => void;
  now?: () => number;
}

export function createProgress(title: string, opts: ProgressOptions): Progress {
  const { enabled, write } = opts;
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const delay = opts.delayMs ?? 1000;
  let shown = false;
  let finished = false;
  let lastPercent = -1;
  let last = { done: 0, total: 0 };
  const line = (d: number, t: number) => {
    const pct = t === 0 ? 100 : Math.floor((d * 100) / t);
    return `${title}: ${String(pct).padStart(3)}% (${d}/${t})`;
  };
  return {
    update(done, total) {
      last = { done, total };
      if (!enabled || finished) return;
      if (!shown && now() - start < delay) return;
      const pct = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (shown && pct === lastPercent) return;
      lastPercent = pct;
      shown = true;
      write(`\r${line(done, total)}`);
    },
    done() {
      // Only a shown line is finished: a message printed before any progress (e.g. git's
      // "Preparing worktree" line) calls done() too and must not switch the line off.
      if (finished || !shown) return;
      finished = true;
      write(`\r${line(last.done, last.total)}, done.\n`);
    },
    clear() {
      if (finished) return;
      finished = true;
      if (shown) write("\r\x1b[K");
    },
  };
}
