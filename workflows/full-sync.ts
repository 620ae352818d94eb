/**
 * Full sync for one integration (SPEC §7, §8, §9), and the two-way push poll. Every step is an
 * activity that works for a bounded time and returns only a cursor and counts, so no record data
 * enters history; the workflow continues as new when history grows.
 *
 * One run per integration: the id is `full-sync:<integrationId>` and starters use the
 * USE_EXISTING conflict policy, so a second start returns the running run.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createRecordActivities } from '../activities/records.js';
import type { createSyncActivities, StartedRun, SyncStage } from '../activities/sync.js';
import { fullSyncInputSchema, pushInputSchema, type FullSyncInput, type PushInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { HANDLER_DESCRIPTIONS, progressQuery, reportQuery, syncAgainSignal, type Counts, type ReportView, type SyncAgainRequest, type SyncProgress } from '../contract/messages.js';
import { IntegrationIdKey, SyncKindKey, SyncPhaseKey } from '../contract/search-attributes.js';
import type { Entity } from '../domain/entities.js';
import { recordedRun, runTitle, stepLoop, withClearFailure, type StepLoopState } from './run.js';

const steps = proxyActivities<ReturnType<typeof createSyncActivities>>({
  // Long enough to wait for API budget inside a step (it heartbeats meanwhile); a dead worker is
  // noticed by the heartbeat timeout.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 25 },
});
const { manageDataReport } = proxyActivities<ReturnType<typeof createRecordActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});

export interface SyncStep {
  entity: Entity;
  stage: SyncStage;
}

/** Where a run is; carried across continue-as-new. */
export interface SyncCursor extends StepLoopState<SyncStep> {
  run: StartedRun;
  startedAt: string;
  continuedAsNew: number;
  /** A full sync asked for while this one ran (`syncAgain`): it starts when this one is done. */
  queued?: SyncAgainRequest[];
}

/** A continued run gets the public input plus the cursor; a queued run starting in the same chain, `followUp`. */
export type FullSyncArgs = FullSyncInput & { resume?: SyncCursor; followUp?: boolean };

export interface SyncResult {
  runId: number;
  counts: Counts;
  skipped?: string;
}

/**
 * The steps of a run. Every IT Glue mirror is refreshed first (so a new BMS account is created
 * with its IT Glue primary location, and pushes see every entity's IT Glue records); then, parents
 * first, each entity is read from BMS, applied and swept; then IT Glue's own changes are taken
 * (two-way: pushed to BMS; one-way: edits of mapped fields put back). A push run only refreshes
 * the IT Glue mirrors and takes their changes.
 */
export function syncSteps(mode: SyncProgress['mode'], run: Pick<StartedRun, 'entities' | 'slimListed'>, rereadAllAssets: boolean): SyncStep[] {
  const list: SyncStep[] = run.entities.map((entity) => ({ entity, stage: 'itglue-mirror' }));
  if (mode !== 'push') {
    for (const entity of run.entities) {
      list.push({ entity, stage: 'read' }, { entity, stage: 'apply' }, { entity, stage: 'sweep' });
      // Records whose list row did not change are re-read in rotation on full reconciles.
      if (mode === 'full' && !rereadAllAssets && run.slimListed.includes(entity)) list.push({ entity, stage: 'refresh' });
    }
  }
  for (const entity of run.entities) list.push({ entity, stage: 'changes' });
  return list;
}

/** How a step reads in the Web UI (the activity's summary, the run's current details). */
export function stepSummary(step: SyncStep): string {
  return `${step.stage} ${step.entity}`;
}

export async function fullSyncWorkflow(args: FullSyncArgs): Promise<SyncResult> {
  const { resume, followUp, ...raw } = args ?? ({} as FullSyncArgs);
  const input = parseInput('full sync', fullSyncInputSchema, raw);
  const queued: SyncAgainRequest[] = [...(resume?.queued ?? [])];
  setHandler(syncAgainSignal, (request) => void queued.push(request));
  // The run row is keyed by the chain's first run id; a queued run in the same chain has its own.
  const runKey = followUp && !resume ? workflowInfo().runId : undefined;
  const result = await withClearFailure('full sync', () =>
    runSync(
      input.integrationId,
      input.mode,
      input.trigger,
      resume,
      input.rereadAllAssets,
      (cursor) => continueAsNew<typeof fullSyncWorkflow>({ ...input, resume: { ...cursor, queued } }),
      runKey,
    ),
  );
  // A sync queued meanwhile (control/start.ts `startOrQueueFullSync`) runs now, as a new run
  // under the same id: still one full sync per integration at a time.
  await condition(allHandlersFinished);
  if (queued.length > 0 && !result.skipped) {
    return continueAsNew<typeof fullSyncWorkflow>({ integrationId: input.integrationId, mode: 'full', trigger: 'manual', followUp: true });
  }
  return result;
}

/** Two-way only: refresh the IT Glue mirrors from what changed and push those edits to BMS. */
export async function twoWayPushWorkflow(args: PushInput & { resume?: SyncCursor }): Promise<SyncResult> {
  const { resume, ...raw } = args ?? ({} as PushInput);
  const input = parseInput('two-way push', pushInputSchema, raw);
  return withClearFailure('two-way push', () =>
    runSync(input.integrationId, 'push', 'schedule', resume, false, (cursor) => continueAsNew<typeof twoWayPushWorkflow>({ ...input, resume: cursor })),
  );
}

async function runSync(
  integrationId: string,
  mode: SyncProgress['mode'],
  trigger: 'manual' | 'schedule',
  resume: SyncCursor | undefined,
  rereadAllAssets: boolean,
  continueWith: (cursor: SyncCursor) => Promise<never>,
  runKey?: string,
): Promise<SyncResult> {
  const progress: SyncProgress = {
    integrationId,
    mode,
    runId: resume?.run.runId ?? null,
    phase: 'starting',
    entity: null,
    stage: null,
    page: (resume?.batches ?? 0) + 1,
    counts: resume?.counts ?? {},
    startedAt: resume?.startedAt ?? new Date().toISOString(),
    continuedAsNew: resume?.continuedAsNew ?? 0,
  };
  setHandler(progressQuery, () => progress, { description: HANDLER_DESCRIPTIONS.syncProgress });
  let report: ReportView | null = null;
  setHandler(reportQuery, () => report, { description: HANDLER_DESCRIPTIONS.report });
  if (!resume) {
    upsertSearchAttributes([
      { key: IntegrationIdKey, value: integrationId },
      { key: SyncKindKey, value: mode },
    ]);
  }

  let cursor: SyncCursor | null = resume ?? null;
  const result = await recordedRun(
    { integrationId, kind: mode, trigger, ...(runKey ? { workflowRunId: runKey } : {}) },
    resume?.run ?? null,
    async (run) => {
      progress.runId = run.runId;
      cursor ??= { run, steps: syncSteps(mode, run, rereadAllAssets), step: 0, cursor: null, batches: 0, counts: {}, startedAt: progress.startedAt, continuedAsNew: 0 };
      const state = cursor;
      const call = (step: SyncStep, at: string | null) =>
        steps.syncStep.executeWithOptions({ summary: stepSummary(step) }, [{ integrationId, runId: run.runId, entity: step.entity, stage: step.stage, mode, cursor: at, rereadAllAssets }]);
      await stepLoop(state, call, {
        entityOf: (step) => step.entity,
        details: { title: runTitle({ integrationId, kind: mode, trigger }), runId: run.runId, describe: stepSummary },
        onStep: (step, s) => {
          if (progress.entity !== step.entity || progress.stage !== step.stage) upsertSearchAttributes([{ key: SyncPhaseKey, value: `${step.stage}:${step.entity}` }]);
          Object.assign(progress, { phase: step.stage === 'changes' ? 'push' : 'pull', entity: step.entity, stage: step.stage, page: s.batches + 1, step: s.step + 1, steps: s.steps.length, counts: s.counts });
        },
        continueWith: async (s) => {
          state.continuedAsNew++;
          return continueWith({ ...state, ...s });
        },
      });
      progress.phase = 'finishing';
      return { runId: run.runId, counts: state.counts };
    },
    () => cursor?.counts ?? {},
  ).catch((err: unknown) => {
    progress.phase = 'failed';
    throw err;
  });
  if ('skipped' in result) {
    progress.phase = 'completed';
    return result;
  }
  // Full syncs end with the Manage-data report, answered by the `report` query.
  if (mode !== 'push') report = await manageDataReport({ integrationId });
  progress.phase = 'completed';
  return result;
}
