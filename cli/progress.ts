/**
 * `sync run --wait` on a terminal: a progress bar redrawn from the run's `progress` query (step,
 * entity, page, counts, and an ETA from the steps done so far). Off a terminal nothing is drawn;
 * the result (or the failure's cause) is printed either way.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { SyncProgress } from '../contract/messages.js';
import { isTimingCount } from '../domain/counts.js';

const BAR_WIDTH = 24;

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Totals per action over every entity, e.g. `12 create, 3 update`. */
function totals(progress: SyncProgress): string {
  const sum: Record<string, number> = {};
  for (const actions of Object.values(progress.counts)) for (const [action, n] of Object.entries(actions)) if (!isTimingCount(action)) sum[action] = (sum[action] ?? 0) + n;
  return Object.entries(sum)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action}`)
    .join(', ');
}

/** One line: `[#####-----] 40% step 6/15 apply contact, page 3 · 12 create, 3 update · 1m 05s, ETA 1m 30s`. */
export function renderProgress(progress: SyncProgress, now: number): string {
  const elapsed = now - Date.parse(progress.startedAt);
  const done = progress.step && progress.steps ? (progress.step - 1) / progress.steps : 0;
  const filled = Math.round(done * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.round(done * 100)).padStart(3)}%`;
  const where =
    progress.stage && progress.entity
      ? `step ${progress.step ?? '?'}/${progress.steps ?? '?'} ${progress.stage} ${progress.entity}${progress.page > 1 ? `, page ${progress.page}` : ''}`
      : progress.phase;
  const eta = done > 0 ? `, ETA ${duration((elapsed * (1 - done)) / done)}` : '';
  const counts = totals(progress);
  return `${bar} ${where}${counts ? ` · ${counts}` : ''} · ${duration(elapsed)}${eta}`;
}

export interface ProgressOutput {
  /** Draws over the current line (a terminal). */
  redraw(line: string): void;
  /** Ends the line drawn last. */
  done(): void;
}

export const terminalOutput = (stream: NodeJS.WriteStream): ProgressOutput => ({
  redraw: (line) => stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 120) - 1))}`),
  done: () => stream.write('\n'),
});

/**
 * Waits for the run's result, redrawing its progress every `everyMs` on `output` (when given).
 * A query that fails (the workflow is between tasks, a worker restarts) just skips a redraw.
 */
export async function waitWithProgress<T>(
  handle: WorkflowHandle,
  query: (handle: WorkflowHandle) => Promise<SyncProgress>,
  output: ProgressOutput | null,
  everyMs = 1_000,
): Promise<T> {
  const result = handle.result() as Promise<T>;
  if (!output) return result;
  let finished = false;
  void result.then(
    () => (finished = true),
    () => (finished = true),
  );
  let drawn = false;
  try {
    while (!finished) {
      try {
        const progress = await query(handle);
        if (!finished) {
          output.redraw(renderProgress(progress, Date.now()));
          drawn = true;
        }
      } catch {
        // no answer this time
      }
      await Promise.race([result.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, everyMs))]);
    }
  } finally {
    if (drawn) output.done();
  }
  return result;
}
