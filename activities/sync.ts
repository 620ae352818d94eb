/**
 * Activities of the full sync, the two-way push and the preview: thin shells around the steps in
 * activities/sync/. One activity, `syncStep`, runs any stage of one entity: it calls the stage's
 * batch function again and again for up to STEP_BUDGET_MS (so a no-change run costs a handful of
 * activities, not one per page), heartbeating where it stands, and returns where to go on plus
 * counts (never record data). A retried attempt resumes from its last heartbeat; redoing a batch
 * is harmless (every write is idempotent).
 */
import { activityInfo, Context, log } from '@temporalio/activity';
import { getIntegration } from '../db/integrations.js';
import { countLinksByState } from '../db/links.js';
import { countLogged, finishRun, getRun, startRun, writeLogs, type RunRow } from '../db/runs.js';
import type { RunCounts, RunKind, RunStatus } from '../db/schema.js';
import { ENTITIES, type Entity } from '../domain/entities.js';
import { isActive } from '../entities/module.js';
import { moduleOf } from '../entities/registry.js';
import type { ActivityDeps } from './deps.js';
import { sendCompletionMail } from './completion-mail.js';
import { InputError } from './errors.js';
import { withIntegrationLock } from './locks.js';
import { createUnmatchedBatch } from './sync/create-unmatched.js';
import { refreshItGlueMirrorPage } from './sync/itglue-mirror.js';
import { previewBatch, previewChangesBatch } from './sync/preview.js';
import { applyBmsBatch, readBmsPage, refreshStalePage, type StepResult } from './sync/pull.js';
import { itglueChangesBatch } from './sync/push.js';
import { SyncSession } from './sync/session.js';
import { sweepStep } from './sync/sweep.js';

/** The stages of a sync, per entity (workflows/full-sync.ts orders them). */
export type SyncStage = 'itglue-mirror' | 'read' | 'apply' | 'sweep' | 'refresh' | 'changes' | 'preview' | 'preview-changes' | 'create-unmatched';

export interface StepRequest {
  integrationId: string;
  runId: number;
  entity: Entity;
  stage: SyncStage;
  mode: 'incremental' | 'full' | 'push';
  /** Where the stage stands; null starts it. */
  cursor: string | null;
  /** Full mode: read every BMS record of slim lists in full (not just the changed ones). */
  rereadAllAssets?: boolean;
}

export interface StepOutcome {
  /** Where to go on; null when the stage is done. */
  next: string | null;
  counts: Record<string, number>;
  /** Batches done in this call (progress). */
  batches: number;
}

/** How long one step activity works before it hands back (a few history events per this much work). */
const STEP_BUDGET_MS = 20_000;

/** Stages that write links (and so take the integration's writer lock, batch by batch). */
const WRITERS: ReadonlySet<SyncStage> = new Set(['itglue-mirror', 'apply', 'sweep', 'refresh', 'changes', 'create-unmatched']);

export interface StartRunInput {
  integrationId: string;
  kind: RunKind;
  trigger: string;
  workflowId: string;
  workflowRunId: string;
}

export interface StartedRun {
  runId: number;
  twoWay: boolean;
  entities: Entity[];
  /** Entities BMS lists slimly (their unchanged records are re-read in rotation on full runs). */
  slimListed: Entity[];
  /** Set when the run has nothing to do (e.g. the integration is disconnected). */
  skip?: string;
}

export interface FinishRunInput {
  runId: number;
  /** For the log lines of this activity (telemetry/logger.ts); the run row knows it anyway. */
  integrationId?: string;
  status: RunStatus;
  counts: RunCounts;
  error?: string;
}

function batchFunction(session: SyncSession, request: StepRequest, run: { startedAt: Date; kind: string }): (cursor: string | null) => Promise<StepResult> {
  const runStartedAt = run.startedAt;
  const { entity, mode } = request;
  const pullMode = mode === 'push' ? 'incremental' : mode;
  switch (request.stage) {
    case 'itglue-mirror':
      return (cursor) => refreshItGlueMirrorPage(session, entity, mode, Number(cursor ?? 1), { queue: run.kind !== 'preview' });
    case 'read':
      return (cursor) => readBmsPage(session, entity, pullMode, cursor, runStartedAt, { rereadAllAssets: request.rereadAllAssets });
    case 'apply':
      return (cursor) => applyBmsBatch(session, entity, pullMode, cursor, request.runId);
    case 'sweep':
      return (cursor) => sweepStep(session, entity, pullMode, cursor);
    case 'refresh':
      return (cursor) => refreshStalePage(session, entity, Number(cursor ?? 1), runStartedAt);
    case 'changes':
      return (cursor) => itglueChangesBatch(session, entity, cursor);
    case 'preview':
      return (cursor) => previewBatch(session, entity, pullMode, cursor, request.runId);
    case 'preview-changes':
      return (cursor) => previewChangesBatch(session, entity, cursor);
    case 'create-unmatched':
      return (cursor) => createUnmatchedBatch(session, entity, cursor);
  }
}

/** Heartbeats `details` on a timer while `work` runs (a rate-limited call can take a while). */
async function beating<T>(details: () => unknown, work: () => Promise<T>): Promise<T> {
  let context: Context | null = null;
  try {
    context = Context.current();
  } catch {
    return work(); // outside an activity (CLI, tests)
  }
  const timer = setInterval(() => context!.heartbeat(details()), 5_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export function createSyncActivities(deps: ActivityDeps) {
  return {
    async startRun(input: StartRunInput): Promise<StartedRun> {
      const integration = await getIntegration(deps.db, input.integrationId).catch((err: unknown) => {
        throw new InputError(err instanceof Error ? err.message : String(err));
      });
      const run = await startRun(deps.db, input);
      // A push run (the two-way poll, every few seconds) looks only at entities that push: an IT
      // Glue edit of one pulled only (tickets) is put back by the next sync, which reads it then.
      const entities = ENTITIES.filter((e) => isActive(moduleOf(e), integration.settings) && (input.kind !== 'push' || moduleOf(e).push !== null));
      const slimListed = entities.filter((e) => moduleOf(e).bmsApi.reading.kind === 'list-then-read');
      const twoWay = integration.settings.twoWay;
      const started = { runId: run.id, twoWay, entities, slimListed };
      if (integration.status !== 'active') return { ...started, skip: `integration ${integration.id} is ${integration.status}` };
      if (input.kind === 'push' && !twoWay) return { ...started, skip: 'two-way sync is off' };
      return started;
    },

    /** Ends a run: its counts of logged actions are the log's own (whatever was retried), then the webhook and the e-mail. */
    async finishRun(input: FinishRunInput): Promise<void> {
      const counts = mergeLoggedCounts(input.counts, await countLogged(deps.db, input.runId));
      const { integrationId: _forLogs, ...finish } = input;
      const run = await finishRun(deps.db, { ...finish, counts });
      recordRunMetrics(deps, run);
      log.info(`${run.kind} run ${run.id} ${run.status}: ${run.summary ?? ''}${run.error ? ` (${run.error})` : ''}`, { integrationId: run.integrationId, syncRunId: run.id, kind: run.kind, status: run.status });
      deps.metrics.linkStates(run.integrationId, await countLinksByState(deps.db, run.integrationId));
      const integration = await getIntegration(deps.db, run.integrationId);
      const url = integration.settings.webhookUrl;
      if (url) {
        const payload = {
          event: 'sync.run.finished',
          integrationId: run.integrationId,
          runId: run.id,
          kind: run.kind,
          status: run.status,
          summary: run.summary,
          counts: run.counts,
          error: run.error,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
        };
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'bms-itglue-sync' },
            body: JSON.stringify(payload),
            signal: AbortSignal.timeout(10_000),
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
        } catch (err) {
          // A notification must never fail the run; the log says it did not arrive.
          await writeLogs(deps.db, run.id, run.integrationId, [
            { entity: 'run', action: 'info', message: `webhook notification failed: ${err instanceof Error ? err.message : String(err)}` },
          ]);
        }
      }
      await sendCompletionMail(deps, integration, run);
    },

    /** One step of a sync stage (see the file comment). */
    async syncStep(request: StepRequest): Promise<StepOutcome> {
      const run = await getRun(deps.db, request.runId);
      if (!run) throw new InputError(`sync run ${request.runId} does not exist`);
      const session = await SyncSession.open(deps, request.integrationId, request.runId);
      const batch = batchFunction(session, request, run);
      let cursor = resumeCursor(request.cursor);
      let batches = 0;
      const started = Date.now();
      // A preview's decisions are what a run would do, not records processed.
      const done = (outcome: StepOutcome): StepOutcome => {
        log.debug(`${request.stage} ${request.entity}: ${outcome.batches} batch(es)${outcome.next === null ? ', done' : ''}`, { syncRunId: request.runId, counts: outcome.counts });
        if (request.stage !== 'preview' && request.stage !== 'preview-changes') deps.metrics.records(request.integrationId, request.entity, outcome.counts);
        return outcome;
      };
      return beating(
        () => ({ cursor }),
        async () => {
          do {
            const result = WRITERS.has(request.stage)
              ? await withIntegrationLock(deps, request.integrationId, () => batch(cursor))
              : await batch(cursor);
            batches++;
            if (result.next === null) return done({ next: null, counts: session.counts, batches });
            cursor = result.next;
            session.beat({ cursor });
          } while (Date.now() - started < STEP_BUDGET_MS);
          return done({ next: cursor, counts: session.counts, batches });
        },
      );
    },
  };
}

/** A run's outcome and duration in the worker's metrics (telemetry/metrics.ts). */
export function recordRunMetrics(deps: ActivityDeps, run: RunRow): void {
  const seconds = ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000;
  deps.metrics.runFinished(run.integrationId, run.kind, run.status, seconds);
}

/** A retried attempt goes on from where the failed one had got to. */
function resumeCursor(requested: string | null): string | null {
  try {
    const details = activityInfo().heartbeatDetails as { cursor?: string | null } | undefined;
    if (details && 'cursor' in details && details.cursor !== undefined) return details.cursor;
  } catch {
    // outside an activity
  }
  return requested;
}

/** The run's counts with every logged action counted from the log itself. */
export function mergeLoggedCounts(counts: RunCounts, logged: RunCounts): RunCounts {
  const merged: RunCounts = {};
  for (const [entity, actions] of Object.entries(counts)) merged[entity] = { ...actions };
  for (const [entity, actions] of Object.entries(logged)) {
    const bucket = (merged[entity] ??= {});
    for (const [action, n] of Object.entries(actions)) bucket[action] = n;
  }
  return merged;
}
