/**
 * Record sync-now (SPEC §9): one record, addressed by its BMS id or its IT Glue id. Actions:
 * `sync` (pull it from BMS now, or push it when it is an IT Glue record in two-way mode),
 * `disable`, `enable`, `reconnect` (a disabled record), `delete-orphan` (delete the IT Glue
 * record of an orphan). The id is per record with USE_EXISTING, so starting it twice is safe.
 */
import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createRecordActivities } from '../activities/records.js';
import type { createSyncActivities } from '../activities/sync.js';
import type { RecordResult } from '../activities/sync/record.js';
import { recordSyncInputSchema, type RecordSyncInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';
import { showDetails } from './run.js';

const { recordAction } = proxyActivities<ReturnType<typeof createRecordActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', maximumAttempts: 10 },
});
const { startRun, finishRun } = proxyActivities<ReturnType<typeof createSyncActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 20 },
});

export async function recordSyncWorkflow(raw: RecordSyncInput): Promise<RecordResult> {
  const input = parseInput('record sync', recordSyncInputSchema, raw);
  const info = workflowInfo();
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'record' },
  ]);
  const title = `Record ${input.action}: ${input.entity} ${input.bmsId ? `BMS ${input.bmsId}` : `IT Glue ${input.itglueId}`} of ${input.integrationId}`;
  showDetails({ title, runId: null, phase: 'starting', counts: {} });
  const run = await startRun({
    integrationId: input.integrationId,
    kind: 'record',
    trigger: 'manual',
    workflowId: info.workflowId,
    workflowRunId: info.firstExecutionRunId,
  });
  try {
    showDetails({ title, runId: run.runId, phase: 'running', counts: {} });
    const result = await recordAction({ ...input, runId: run.runId });
    const counts = { [input.entity]: { [input.action]: 1 } };
    await finishRun({ runId: run.runId, integrationId: input.integrationId, status: 'completed', counts });
    showDetails({ title, runId: run.runId, phase: 'completed', counts, message: `${result.message} (BMS ${result.bmsId ?? '-'} ↔ IT Glue ${result.itglueId ?? '-'}: ${result.state})` });
    return result;
  } catch (err) {
    showDetails({ title, runId: run.runId, phase: 'failed', counts: {}, message: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) });
    await finishRun({ runId: run.runId, integrationId: input.integrationId, status: 'failed', counts: {}, error: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) });
    throw err;
  }
}
