/**
 * Full sync for one integration (SPEC §7, §8, §9): for each entity, parents first, refresh the
 * IT Glue mirror, pull BMS pages (match, create, update), sweep orphans; then, in two-way mode,
 * push IT Glue edits. Every step is a page-sized activity that returns only cursors and counts,
 * so no record data enters history; the workflow continues as new when history grows.
 *
 * One run per integration: the id is `full-sync:<integrationId>` and starters use the
 * USE_EXISTING conflict policy, so a second start returns the running run.
 */
import {
  ApplicationFailure,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  CancellationScope,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
  condition,
} from '@temporalio/workflow';
import type { createRecordActivities } from '../activities/records.js';
import type { createSyncActivities } from '../activities/sync.js';
import type { Entity } from '../domain/entities.js';
import { fullSyncInputSchema, parseInput, pushInputSchema, type FullSyncInput, type PushInput } from './inputs.js';
import { progressQuery, reportQuery, type Counts, type ReportView, type SyncProgress } from './messages.js';
import { IntegrationIdKey, SyncKindKey, SyncPhaseKey } from './search-attributes.js';

type SyncActivities = ReturnType<typeof createSyncActivities>;

const pageActivities = proxyActivities<SyncActivities>({
  // Long enough to wait for API budget inside a page (it heartbeats meanwhile); a dead worker
  // is noticed by the heartbeat timeout.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 25 },
});
const bookkeeping = proxyActivities<SyncActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 20 },
});
const { manageDataReport } = proxyActivities<ReturnType<typeof createRecordActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});

export type PullStage = 'itglue-mirror' | 'bms' | 'sweep' | 'refresh' | 'push';

/** Where a run is; carried across continue-as-new. */
export interface SyncCursor {
  runId: number;
  twoWay: boolean;
  entities: Entity[];
  /** Index into the step list built by `steps()`. */
  step: number;
  page: number;
  counts: Counts;
  startedAt: string;
  continuedAsNew: number;
}

/** A continued run gets the public input plus the cursor. */
export type FullSyncArgs = FullSyncInput & { resume?: SyncCursor };

interface Step {
  entity: Entity;
  stage: PullStage;
}

/** The steps of a run, parents before children. A push run only refreshes mirrors and pushes. */
function steps(mode: SyncProgress['mode'], entities: Entity[], twoWay: boolean, rereadAllAssets: boolean): Step[] {
  const list: Step[] = [];
  if (mode === 'push') {
    for (const entity of entities) list.push({ entity, stage: 'itglue-mirror' }, { entity, stage: 'push' });
    return list;
  }
  for (const entity of entities) {
    list.push({ entity, stage: 'itglue-mirror' }, { entity, stage: 'bms' }, { entity, stage: 'sweep' });
    // Assets whose list row did not change are re-read in rotation on full reconciles.
    if (entity === 'configuration' && mode === 'full' && !rereadAllAssets) list.push({ entity, stage: 'refresh' });
  }
  if (twoWay) for (const entity of entities) list.push({ entity, stage: 'push' });
  return list;
}

export function addCounts(into: Counts, entity: string, add: Record<string, number>): void {
  const bucket = (into[entity] ??= {});
  for (const [action, n] of Object.entries(add)) if (n) bucket[action] = (bucket[action] ?? 0) + n;
}

export async function fullSyncWorkflow(args: FullSyncArgs): Promise<SyncResult> {
  const { resume, ...raw } = args ?? ({} as FullSyncArgs);
  const input = parseInput('full sync', fullSyncInputSchema, raw);
  return withClearFailure('full sync', () =>
    runSync(input.integrationId, input.mode, input.trigger, resume, (cursor) =>
      continueAsNew<typeof fullSyncWorkflow>({ ...input, resume: cursor }),
      input.rereadAllAssets,
    ),
  );
}

/** Two-way only: refresh the IT Glue mirrors from what changed and push those edits to BMS. */
export async function twoWayPushWorkflow(args: PushInput & { resume?: SyncCursor }): Promise<SyncResult> {
  const { resume, ...raw } = args ?? ({} as PushInput);
  const input = parseInput('two-way push', pushInputSchema, raw);
  return withClearFailure('two-way push', () =>
    runSync(input.integrationId, 'push', 'schedule', resume, (cursor) =>
      continueAsNew<typeof twoWayPushWorkflow>({ ...input, resume: cursor }),
    ),
  );
}

/**
 * The workflow's failure says what went wrong in its own message (the Web UI's list shows only
 * that), instead of "Activity task failed" with the reason in a cause.
 */
async function withClearFailure<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isCancellation(err) || isContinueAsNew(err) || !(err instanceof Error)) throw err;
    throw ApplicationFailure.create({ message: `${what} failed: ${rootMessage(err)}`, nonRetryable: true, cause: err });
  }
}

function isContinueAsNew(err: unknown): boolean {
  return err instanceof ContinueAsNew;
}

/** The innermost message of a failure chain (the activity's own error). */
export function rootMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

export interface SyncResult {
  runId: number;
  counts: Counts;
  skipped?: string;
}

async function runSync(
  integrationId: string,
  mode: SyncProgress['mode'],
  trigger: 'manual' | 'schedule',
  resume: SyncCursor | undefined,
  continueWith: (cursor: SyncCursor) => Promise<never>,
  rereadAllAssets = false,
): Promise<SyncResult> {
  const info = workflowInfo();
  const progress: SyncProgress = {
    integrationId,
    mode,
    runId: resume?.runId ?? null,
    phase: 'starting',
    entity: null,
    stage: null,
    page: resume?.page ?? 1,
    counts: resume?.counts ?? {},
    startedAt: resume?.startedAt ?? new Date().toISOString(),
    continuedAsNew: resume?.continuedAsNew ?? 0,
  };
  setHandler(progressQuery, () => progress);
  let report: ReportView | null = null;
  setHandler(reportQuery, () => report);

  if (!resume) {
    upsertSearchAttributes([
      { key: IntegrationIdKey, value: integrationId },
      { key: SyncKindKey, value: mode },
    ]);
  }

  let cursor: SyncCursor;
  if (resume) {
    cursor = resume;
  } else {
    const started = await bookkeeping.startRun({
      integrationId,
      kind: mode,
      trigger,
      workflowId: info.workflowId,
      workflowRunId: info.firstExecutionRunId,
    });
    if (started.skip) {
      progress.phase = 'completed';
      return { runId: started.runId, counts: {}, skipped: started.skip };
    }
    cursor = {
      runId: started.runId,
      twoWay: started.twoWay,
      entities: started.entities,
      step: 0,
      page: 1,
      counts: {},
      startedAt: progress.startedAt,
      continuedAsNew: 0,
    };
  }
  progress.runId = cursor.runId;

  const plan = steps(mode, cursor.entities, cursor.twoWay, rereadAllAssets);
  try {
    while (cursor.step < plan.length) {
      const { entity, stage } = plan[cursor.step]!;
      if (progress.entity !== entity || progress.stage !== stage) {
        upsertSearchAttributes([{ key: SyncPhaseKey, value: `${stage}:${entity}` }]);
      }
      Object.assign(progress, { phase: stage === 'push' ? 'push' : 'pull', entity, stage, page: cursor.page });

      const request = { integrationId, runId: cursor.runId, entity, mode, page: cursor.page, rereadAllAssets };
      const result =
        stage === 'itglue-mirror'
          ? await pageActivities.refreshItGlueMirror(request)
          : stage === 'bms'
            ? await pageActivities.pullBmsPage(request)
            : stage === 'sweep'
              ? await pageActivities.sweepOrphans(request)
              : stage === 'refresh'
                ? await pageActivities.refreshStaleAssets(request)
                : await pageActivities.pushItGluePage(request);

      addCounts(cursor.counts, entity, result.counts);
      progress.counts = cursor.counts;
      if (result.nextPage === null) {
        cursor.step++;
        cursor.page = 1;
      } else {
        cursor.page = result.nextPage;
      }

      if (workflowInfo().continueAsNewSuggested && cursor.step < plan.length) {
        await condition(allHandlersFinished);
        cursor.continuedAsNew++;
        return await continueWith(cursor);
      }
    }
  } catch (err) {
    // Continuing as new is not an end: the next execution finishes the run (and notifies once).
    if (isContinueAsNew(err)) throw err;
    const cancelled = isCancellation(err);
    await CancellationScope.nonCancellable(() =>
      bookkeeping.finishRun({
        runId: cursor.runId,
        status: cancelled ? 'cancelled' : 'failed',
        counts: cursor.counts,
        error: cancelled ? 'cancelled by an operator' : errorMessage(err),
      }),
    );
    progress.phase = 'failed';
    throw err;
  }

  progress.phase = 'finishing';
  await bookkeeping.finishRun({ runId: cursor.runId, status: 'completed', counts: cursor.counts });
  // Full syncs end with the Manage-data report, answered by the `report` query.
  if (mode !== 'push') report = await manageDataReport({ integrationId });
  progress.phase = 'completed';
  return { runId: cursor.runId, counts: cursor.counts };
}

function errorMessage(err: unknown): string {
  if (err instanceof ApplicationFailure || err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
