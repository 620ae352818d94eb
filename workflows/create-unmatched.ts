/**
 * Create Unmatched (Passportal's "Create Unmatched" button): every BMS record of one entity that
 * the sync listed `unmatched` because auto-create is off is matched or created now, as a recorded
 * run (kind `create-unmatched`, one log row per record): the IT Glue mirror of the entity is
 * refreshed, then the unmatched records are decided page by page (activities/sync/create-unmatched.ts).
 *
 * The id is `create-unmatched:<integrationId>:<entity>` (USE_EXISTING): asking twice attaches to
 * the running one.
 */
import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createSyncActivities } from '../activities/sync.js';
import { createUnmatchedInputSchema, type CreateUnmatchedInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import type { Counts } from '../contract/messages.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';
import type { SyncStep } from './full-sync.js';
import { recordedRun, stepLoop, withClearFailure, type StepLoopState } from './run.js';

const steps = proxyActivities<ReturnType<typeof createSyncActivities>>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 25 },
});

export interface CreateUnmatchedResult {
  runId: number;
  counts: Counts;
  skipped?: string;
}

export async function createUnmatchedWorkflow(raw: CreateUnmatchedInput): Promise<CreateUnmatchedResult> {
  const input = parseInput('Create Unmatched', createUnmatchedInputSchema, raw);
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'create-unmatched' },
  ]);
  let state: StepLoopState<SyncStep> | null = null;
  return withClearFailure('Create Unmatched', () =>
    recordedRun(
      { integrationId: input.integrationId, kind: 'create-unmatched', trigger: 'manual' },
      null,
      async (run) => {
        const current: StepLoopState<SyncStep> = {
          steps: [
            { entity: input.entity, stage: 'itglue-mirror' },
            { entity: input.entity, stage: 'create-unmatched' },
          ],
          step: 0,
          cursor: null,
          batches: 0,
          counts: {},
        };
        state = current;
        await stepLoop(current, (step, cursor) => steps.syncStep({ integrationId: input.integrationId, runId: run.runId, entity: step.entity, stage: step.stage, mode: 'incremental', cursor }), {
          entityOf: (step) => step.entity,
        });
        return { runId: run.runId, counts: current.counts };
      },
      () => state?.counts ?? {},
    ),
  );
}
