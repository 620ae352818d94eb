/**
 * Dry-run preview (SPEC §5): for each entity, refresh the IT Glue mirror (our read cache), then
 * decide for every BMS record what the next sync would do. Nothing is written to BMS, IT Glue or
 * the links; the decisions are the preview run's log rows (`sync preview` prints them).
 */
import { proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createSyncActivities, PageRequest } from '../activities/sync.js';
import type { PageOutcome } from '../activities/sync/itglue-mirror.js';
import { ENTITIES } from '../domain/entities.js';
import { addCounts } from './full-sync.js';
import { parseInput, previewInputSchema, type PreviewInput } from './inputs.js';
import { progressQuery, type Counts, type SyncProgress } from './messages.js';
import { IntegrationIdKey, SyncKindKey } from './search-attributes.js';

type SyncActivities = ReturnType<typeof createSyncActivities>;
const pages = proxyActivities<SyncActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', maximumAttempts: 20 },
});
const bookkeeping = proxyActivities<SyncActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 20 } });

export async function previewWorkflow(raw: PreviewInput): Promise<{ runId: number; counts: Counts }> {
  const input = parseInput('preview', previewInputSchema, raw);
  const info = workflowInfo();
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'preview' },
  ]);
  const progress: SyncProgress = {
    integrationId: input.integrationId,
    mode: 'full',
    runId: null,
    phase: 'starting',
    entity: null,
    stage: null,
    page: 1,
    counts: {},
    startedAt: new Date().toISOString(),
    continuedAsNew: 0,
  };
  setHandler(progressQuery, () => progress);
  const started = await bookkeeping.startRun({
    integrationId: input.integrationId,
    kind: 'preview',
    trigger: 'manual',
    workflowId: info.workflowId,
    workflowRunId: info.firstExecutionRunId,
  });
  progress.runId = started.runId;
  const counts: Counts = {};
  const wanted = input.entities ?? ENTITIES;
  for (const entity of started.entities.filter((e) => wanted.includes(e))) {
    for (const stage of ['itglue-mirror', 'preview'] as const) {
      Object.assign(progress, { phase: 'pull', entity, stage });
      for (let page: number | null = 1; page !== null; ) {
        progress.page = page;
        const request: PageRequest = { integrationId: input.integrationId, runId: started.runId, entity, mode: 'incremental', page };
        const result: PageOutcome = stage === 'itglue-mirror' ? await pages.refreshItGlueMirror(request) : await pages.previewPage(request);
        if (stage === 'preview') addCounts(counts, entity, result.counts);
        page = result.nextPage;
      }
    }
  }
  progress.counts = counts;
  await bookkeeping.finishRun({ runId: started.runId, status: 'completed', counts });
  progress.phase = 'completed';
  return { runId: started.runId, counts };
}
