/**
 * The API budgets are shared through PostgreSQL (README "API budgets across workers"): two
 * worker processes running two workflows of one integration at once stay, together, within the
 * IT Glue budget. The simulator enforces that budget itself and counts what it refuses, so a
 * worker that spent more than its share would show as refused calls.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { resetCounters } from '../support/sync.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

// 14 calls per 6 s: the engine counts in sub-windows of a sixth (1 s) with a seventh of the
// limit each (2 calls), so any 6 s window sees at most 14.
const BUDGET = 14;
const WINDOW_SECONDS = 6;
const PER_SUB_WINDOW = 2;

let h: Harness;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL, worker: false });
  // The simulator refuses the 15th call of a 6 s window (fixed windows aligned like the engine's).
  await h.itglue.admin.configure({ rateLimit: BUDGET, rateLimitWindowSeconds: WINDOW_SECONDS });
  const env = { ITGLUE_RATE_LIMIT_PER_5MIN: String(BUDGET), ITGLUE_RATE_WINDOW_SECONDS: String(WINDOW_SECONDS) };
  workers.push(...(await Promise.all([startWorkerProcess(h, { env }), startWorkerProcess(h, { env })])));
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await h?.close();
});

/** The workers (pid@host) that ran activities of a workflow, following continue-as-new. */
async function activityWorkers(workflowId: string, firstRunId: string): Promise<Set<string>> {
  const identities = new Set<string>();
  for (let runId: string | undefined = firstRunId; runId; ) {
    const history = await h.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    for (const event of history.events ?? []) {
      const identity = event.activityTaskStartedEventAttributes?.identity;
      if (identity) identities.add(identity);
    }
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return identities;
}

describe('API budgets shared by worker processes', () => {
  it('two workflows on two worker processes stay within one IT Glue budget together', async () => {
    await resetCounters(h);
    const started = Date.now();
    const [sync, preview] = await Promise.all([
      h.temporal.workflow.start('fullSyncWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: workflowIds.fullSync(h.integrationId),
        args: [{ integrationId: h.integrationId, mode: 'full' }],
      }),
      h.temporal.workflow.start('previewWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `${workflowIds.preview(h.integrationId)}-${randomUUID()}`,
        args: [{ integrationId: h.integrationId }],
      }),
    ]);
    await Promise.all([sync.result(), preview.result()]);
    const elapsedMs = Date.now() - started;

    const { total, rateLimited } = await h.itglue.admin.counters();
    // Enough calls that the budget mattered, and the simulator never had to refuse one.
    expect(total).toBeGreaterThan(2 * BUDGET);
    expect(rateLimited).toBe(0);
    // The budget paced them: at most two calls per one-second sub-window, so the calls spanned at
    // least ceil(total / 2) sub-windows; the first may have been entered just before its end, so
    // the run took at least one sub-window less than that (twice the budget would take half).
    expect(elapsedMs).toBeGreaterThanOrEqual((Math.ceil(total / PER_SUB_WINDOW) - 2) * 1000);
    // Both processes did the work, between them.
    const identities = new Set([...(await activityWorkers(sync.workflowId, sync.firstExecutionRunId)), ...(await activityWorkers(preview.workflowId, preview.firstExecutionRunId))]);
    expect([...identities].map((i) => Number(i.split('@')[0])).sort()).toEqual(workers.map((w) => w.pid).sort());
  });
});
