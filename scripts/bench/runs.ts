/** Starting a sync run of the benchmark and waiting for it, with progress lines and a readable failure. */
import { performance } from 'node:perf_hooks';
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { SyncProgress } from '../../contract/messages.js';
import { startFullSync } from '../../control/start.js';
import { duration, int } from './format.js';
import type { Counts } from './report.js';
import { log, TASK_QUEUE, type BenchStack } from './stack.js';

export interface StartedSync {
  handle: WorkflowHandleWithFirstExecutionRunId;
  integrationId: string;
  startedAt: number;
}

export async function startSync(stack: BenchStack, integrationId: string, mode: 'full' | 'incremental'): Promise<StartedSync> {
  const startedAt = performance.now();
  const handle = await startFullSync(stack.client, TASK_QUEUE, { integrationId, mode, trigger: 'manual' });
  return { handle, integrationId, startedAt };
}

/** Logs the run's progress every 15 s until stopped. */
export function progressTicker(stack: BenchStack, run: StartedSync): () => void {
  const ticker = setInterval(() => {
    run.handle
      .query<SyncProgress>('progress')
      .then((p) => {
        const current = p.entity ? (p.counts[p.entity] ?? {}) : {};
        const shown = Object.entries(current)
          .filter(([a]) => a !== 'match-us')
          .map(([a, n]) => `${a} ${int(n)}`)
          .join(', ');
        log(
          `  … ${duration(performance.now() - run.startedAt)}: ${p.stage ?? p.phase}:${p.entity ?? ''} page ${p.page}, continued as new ${p.continuedAsNew}×; ` +
            `${p.entity ?? 'run'} so far: ${shown || 'nothing'}; worker RSS ${stack.workerRssKb().map((kb) => `${Math.round(kb / 1024)} MB`).join(', ')}`,
        );
      })
      .catch(() => {});
  }, 15_000);
  return () => clearInterval(ticker);
}

/** The run's result; a failed run throws with its own message (and its cause's). */
export async function awaitSync(stack: BenchStack, run: StartedSync, label: string, timeoutMs: number): Promise<{ runId: number; counts: Counts; finishedAt: number }> {
  try {
    const result = await stack.withTimeout(run.handle.result() as Promise<{ runId: number; counts: Counts }>, timeoutMs, label);
    return { ...result, finishedAt: performance.now() };
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      const cause = err.cause as (Error & { cause?: Error }) | undefined;
      throw new Error(`${label} failed: ${cause?.message ?? err.message}${cause?.cause ? `: ${cause.cause.message}` : ''}`);
    }
    throw err;
  }
}
