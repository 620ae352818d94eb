/**
 * Activities of the full sync and the two-way push: thin shells that open a session and call the
 * step in activities/sync/. Each returns only cursors and counts (never record data), and each
 * is safe to run twice.
 */
import { getIntegration } from '../db/integrations.js';
import { finishRun, getRun, startRun, writeLogs } from '../db/runs.js';
import type { RunCounts, RunKind, RunStatus } from '../db/schema.js';
import { ENTITIES, type Entity } from '../domain/entities.js';
import type { ActivityDeps } from './deps.js';
import { InputError } from './errors.js';
import { withIntegrationLock } from './locks.js';
import { refreshItGlueMirrorPage, type PageOutcome } from './sync/itglue-mirror.js';
import { pullBmsPage, refreshStaleAssetsPage } from './sync/pull.js';
import { previewPage } from './sync/preview.js';
import { pushItGluePage } from './sync/push.js';
import { SyncSession } from './sync/session.js';
import { sweepPage } from './sync/sweep.js';

export interface PageRequest {
  integrationId: string;
  runId: number;
  entity: Entity;
  mode: 'incremental' | 'full' | 'push';
  /** Page number, or a keyset cursor (the lowest id still to do) for steps over our own tables. */
  page: number;
  /** Full mode: read every hardware asset in full. */
  rereadAllAssets?: boolean;
}

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
  /** Set when the run has nothing to do (e.g. the integration is disconnected). */
  skip?: string;
}

export interface FinishRunInput {
  runId: number;
  status: RunStatus;
  counts: RunCounts;
  error?: string;
}

export function createSyncActivities(deps: ActivityDeps) {
  const session = (integrationId: string, runId: number | null) => SyncSession.open(deps, integrationId, runId);

  return {
    async startRun(input: StartRunInput): Promise<StartedRun> {
      const integration = await getIntegration(deps.db, input.integrationId).catch((err: unknown) => {
        throw new InputError(err instanceof Error ? err.message : String(err));
      });
      const run = await startRun(deps.db, input);
      const entities = ENTITIES.filter((e) => e !== 'contact' || integration.settings.contactsEnabled);
      const twoWay = integration.settings.twoWay;
      if (integration.status !== 'active') {
        return { runId: run.id, twoWay, entities, skip: `integration ${integration.id} is ${integration.status}` };
      }
      if (input.kind === 'push' && !twoWay) return { runId: run.id, twoWay, entities, skip: 'two-way sync is off' };
      return { runId: run.id, twoWay, entities };
    },

    async finishRun(input: FinishRunInput): Promise<void> {
      const run = await finishRun(deps.db, input);
      const integration = await getIntegration(deps.db, run.integrationId);
      const url = integration.settings.webhookUrl;
      if (!url) return;
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
    },

    async refreshItGlueMirror(request: PageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      return refreshItGlueMirrorPage(s, request.entity, request.mode, request.page);
    },

    async pullBmsPage(request: PageRequest): Promise<PageOutcome> {
      if (request.mode === 'push') return { nextPage: null, counts: {} };
      const run = await getRun(deps.db, request.runId);
      if (!run) throw new InputError(`sync run ${request.runId} does not exist`);
      const s = await session(request.integrationId, request.runId);
      return withIntegrationLock(deps, request.integrationId, () =>
        pullBmsPage(s, request.entity, request.mode as 'full' | 'incremental', request.page, run.startedAt, request.rereadAllAssets ?? false),
      );
    },

    /** Full reconcile: re-read the least recently read hardware assets (see assetRefreshPerRun). */
    async refreshStaleAssets(request: PageRequest): Promise<PageOutcome> {
      const run = await getRun(deps.db, request.runId);
      if (!run) throw new InputError(`sync run ${request.runId} does not exist`);
      const s = await session(request.integrationId, request.runId);
      return withIntegrationLock(deps, request.integrationId, () => refreshStaleAssetsPage(s, request.page, run.startedAt));
    },

    async sweepOrphans(request: PageRequest): Promise<PageOutcome> {
      if (request.mode === 'push') return { nextPage: null, counts: {} };
      const s = await session(request.integrationId, request.runId);
      return withIntegrationLock(deps, request.integrationId, () =>
        sweepPage(s, request.entity, request.mode as 'full' | 'incremental', request.page),
      );
    },

    /** One page of a dry-run preview: decisions are logged under the preview run, nothing is written elsewhere. */
    async previewPage(request: PageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      return previewPage(s, request.entity, request.page);
    },

    async pushItGluePage(request: PageRequest): Promise<PageOutcome> {
      const s = await session(request.integrationId, request.runId);
      return withIntegrationLock(deps, request.integrationId, () => pushItGluePage(s, request.entity, request.page));
    },
  };
}
