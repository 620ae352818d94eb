/**
 * Dry-run preview (SPEC §5): refresh the IT Glue mirrors, read BMS as the run would, then decide
 * for every record what the run would do, BMS's records first and then IT Glue's changes. Nothing is written to BMS, IT Glue or the links; the
 * decisions are the preview run's log rows (`sync preview` prints them).
 */
import { proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { createSyncActivities } from '../activities/sync.js';
import { previewInputSchema, type PreviewInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { HANDLER_DESCRIPTIONS, progressQuery, type Counts, type SyncProgress } from '../contract/messages.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';
import { ENTITIES } from '../domain/entities.js';
import { stepSummary, type SyncStep } from './full-sync.js';
import { recordedRun, runTitle, stepLoop, withClearFailure, type StepLoopState } from './run.js';

const steps = proxyActivities<ReturnType<typeof createSyncActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', maximumAttempts: 20 },
});

export async function previewWorkflow(raw: PreviewInput): Promise<{ runId: number; counts: Counts }> {
  const input = parseInput('preview', previewInputSchema, raw);
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'preview' },
  ]);
  const progress: SyncProgress = {
    integrationId: input.integrationId,
    mode: input.mode,
    runId: null,
    phase: 'starting',
    entity: null,
    stage: null,
    page: 1,
    counts: {},
    startedAt: new Date().toISOString(),
    continuedAsNew: 0,
  };
  setHandler(progressQuery, () => progress, { description: HANDLER_DESCRIPTIONS.previewProgress });
  let state: StepLoopState<SyncStep> | null = null;
  const result = await withClearFailure('preview', () =>
    recordedRun(
      { integrationId: input.integrationId, kind: 'preview', trigger: 'manual' },
      null,
      async (run) => {
        progress.runId = run.runId;
        const wanted = input.entities ?? ENTITIES;
        const entities = run.entities.filter((e) => wanted.includes(e));
        const list: SyncStep[] = [
          ...entities.map((entity) => ({ entity, stage: 'itglue-mirror' as const })),
          ...entities.flatMap((entity) => [
            { entity, stage: 'read' as const },
            { entity, stage: 'preview' as const },
          ]),
          // What the run's changes steps would do with IT Glue's edits, as the run does them: last.
          ...entities.map((entity) => ({ entity, stage: 'preview-changes' as const })),
        ];
        const current: StepLoopState<SyncStep> = { steps: list, step: 0, cursor: null, batches: 0, counts: {} };
        state = current;
        const previewCounts: Counts = {};
        await stepLoop(
          current,
          async (step, cursor) => {
            const outcome = await steps.syncStep.executeWithOptions({ summary: stepSummary(step) }, [
              { integrationId: input.integrationId, runId: run.runId, entity: step.entity, stage: step.stage, mode: input.mode, cursor },
            ]);
            // Only the decisions are the preview's counts (not the reading around them).
            if (step.stage === 'preview' || step.stage === 'preview-changes') for (const [action, n] of Object.entries(outcome.counts)) (previewCounts[step.entity] ??= {})[action] = ((previewCounts[step.entity] ?? {})[action] ?? 0) + n;
            return outcome;
          },
          {
            entityOf: (step) => step.entity,
            onStep: (step, s) => Object.assign(progress, { phase: 'pull', entity: step.entity, stage: step.stage, page: s.batches + 1 }),
            details: { title: runTitle({ integrationId: input.integrationId, kind: 'preview', trigger: 'manual' }), runId: run.runId, describe: stepSummary },
          },
        );
        progress.counts = previewCounts;
        return { runId: run.runId, counts: previewCounts };
      },
      () => state?.counts ?? {},
    ),
  );
  progress.phase = 'completed';
  return { runId: result.runId, counts: result.counts };
}
