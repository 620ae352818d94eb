/**
 * Disconnect an integration (SPEC §9).
 *
 * - `keep-data`: the integration is marked disconnected, its schedules are removed, its running
 *   workflows are cancelled (and awaited), and every link is marked `disconnected`. Nothing is
 *   deleted anywhere. `integration reconnect <id>` later drops those links, so the next sync
 *   runs the matching rules against the data left in IT Glue.
 * - `delete-data`: only when an administrator has enabled hard delete for the integration and
 *   the input repeats the integration's name exactly (otherwise it fails at once, before
 *   anything changes). After the same stop steps it writes a JSON backup of everything it will
 *   delete — the synced organizations and all they hold in IT Glue — then deletes those records
 *   in resumable pages, children first, and reports the counts.
 *
 * The id is `disconnect:<integrationId>` (USE_EXISTING): asking twice attaches to the running one.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createDisconnectActivities } from '../activities/disconnect.js';
import { disconnectInputSchema, type DisconnectInput } from '../contract/inputs.js';
import { parseInput } from '../contract/parse-input.js';
import { disconnectProgressQuery, HANDLER_DESCRIPTIONS, type DisconnectProgress } from '../contract/messages.js';
import { IntegrationIdKey, SyncKindKey, SyncPhaseKey } from '../contract/search-attributes.js';

type DisconnectActivities = ReturnType<typeof createDisconnectActivities>;

const steps = proxyActivities<DisconnectActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '30s', maximumAttempts: 20 },
});
/** Waiting for cancelled workflows to end heartbeats; a minute of silence means a lost worker. */
const waits = proxyActivities<DisconnectActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2s', maximumInterval: '1 minute', maximumAttempts: 10 },
});
/** Pages against IT Glue keep a short heartbeat timeout, so a killed worker is noticed quickly. */
const pages = proxyActivities<DisconnectActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 25 },
});

/** The order of deletion (mirrors activities/hard-delete.ts DELETE_ORDER): attachments, then children before their organization. */
const DELETE_ORDER = ['attachment', 'document', 'password', 'flexible-asset', 'configuration', 'contact', 'location', 'organization'] as const;

export interface DisconnectResult {
  integrationId: string;
  mode: DisconnectInput['mode'];
  counts: Record<string, number>;
  backupFile: string | null;
  backedUp: Record<string, number> | null;
  deleted: Record<string, number> | null;
  /** delete-data: kinds the IT Glue API cannot list (not in the backup; deleted with their organization), with why. */
  notListed: Record<string, string> | null;
}

function clearFailure(err: unknown): unknown {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    return ApplicationFailure.nonRetryable(err.cause.message, err.cause.type ?? 'DisconnectRefused');
  }
  return err;
}

export async function disconnectWorkflow(raw: DisconnectInput): Promise<DisconnectResult> {
  const input = parseInput('disconnect', disconnectInputSchema, raw);
  const info = workflowInfo();
  const progress: DisconnectProgress = {
    integrationId: input.integrationId,
    mode: input.mode,
    requestedBy: input.requestedBy,
    phase: 'checking',
    counts: {},
    backedUp: null,
    deleted: null,
    backupFile: null,
    notListed: null,
    message: null,
  };
  setHandler(disconnectProgressQuery, () => progress, { description: HANDLER_DESCRIPTIONS.disconnectProgress });
  const enter = (phase: DisconnectProgress['phase']) => {
    progress.phase = phase;
    upsertSearchAttributes([{ key: SyncPhaseKey, value: phase }]);
    setCurrentDetails(describe(progress));
  };
  upsertSearchAttributes([
    { key: IntegrationIdKey, value: input.integrationId },
    { key: SyncKindKey, value: 'disconnect' },
  ]);
  enter('checking');

  let runId: number | null = null;
  try {
    runId = (
      await steps.beginDisconnect({
        integrationId: input.integrationId,
        mode: input.mode,
        confirmName: input.confirmName,
        requestedBy: input.requestedBy,
        workflowId: info.workflowId,
        workflowRunId: info.firstExecutionRunId,
      })
    ).runId;

    enter('stopping-syncs');
    progress.counts['schedules-removed'] = await steps.removeIntegrationSchedules({ integrationId: input.integrationId });
    const stopped = await waits.cancelIntegrationWorkflows({ integrationId: input.integrationId, exceptWorkflowId: info.workflowId });
    progress.counts['workflows-cancelled'] = stopped.cancelled;
    progress.counts['workflows-terminated'] = stopped.terminated;

    if (input.mode === 'delete-data') {
      enter('backing-up');
      progress.backedUp = {};
      for (let page: number | null = 1; page !== null; ) {
        const planned: { nextPage: number | null; counts: Record<string, number> } = await pages.planHardDeletePage({ integrationId: input.integrationId, runId, page });
        for (const [kind, n] of Object.entries(planned.counts)) progress.backedUp[kind] = (progress.backedUp[kind] ?? 0) + n;
        page = planned.nextPage;
      }
      const backup = await pages.writeHardDeleteBackup({ integrationId: input.integrationId, runId, requestedBy: input.requestedBy });
      progress.backupFile = backup.file;
      progress.backedUp = backup.counts;
      progress.notListed = backup.notListed;

      enter('deleting');
      progress.deleted = {};
      for (const kind of DELETE_ORDER) {
        for (let done = false; !done; ) {
          const result = await pages.hardDeletePage({ integrationId: input.integrationId, runId, kind });
          progress.deleted[kind] = (progress.deleted[kind] ?? 0) + result.deleted;
          done = result.done;
          setCurrentDetails(describe(progress));
        }
      }
      const finished = await steps.finishHardDelete({ integrationId: input.integrationId, runId });
      progress.deleted = finished.deleted;
      progress.counts['links-removed'] = finished.linksRemoved;
    }

    enter('disconnecting-links');
    progress.counts['links-disconnected'] = await waits.disconnectLinks({ integrationId: input.integrationId, runId, requestedBy: input.requestedBy, mode: input.mode });

    await steps.finishDisconnect({
      runId,
      status: 'completed',
      counts: { disconnect: progress.counts, ...(progress.deleted ? { deleted: progress.deleted } : {}) },
      details: { mode: input.mode, backupFile: progress.backupFile, backedUp: progress.backedUp, notListed: progress.notListed },
    });
    progress.message = input.mode === 'keep-data' ? 'disconnected; all data kept' : `disconnected; synced organizations deleted (backup: ${progress.backupFile})`;
    enter('completed');
    return {
      integrationId: input.integrationId,
      mode: input.mode,
      counts: progress.counts,
      backupFile: progress.backupFile,
      backedUp: progress.backedUp,
      deleted: progress.deleted,
      notListed: progress.notListed ?? null,
    };
  } catch (err) {
    const failure = clearFailure(err);
    progress.message = failure instanceof Error ? failure.message : String(failure);
    if (runId !== null) {
      const id = runId;
      const cancelled = isCancellation(err);
      await CancellationScope.nonCancellable(() =>
        steps.finishDisconnect({ runId: id, status: cancelled ? 'cancelled' : 'failed', counts: { disconnect: progress.counts }, error: progress.message ?? undefined }),
      );
    }
    enter('failed');
    throw failure;
  }
}

/** Markdown for the Web UI's "current details". */
function describe(p: DisconnectProgress): string {
  const lines = [`**Disconnect ${p.integrationId} (${p.mode})**: ${p.phase}${p.message ? ` — ${p.message}` : ''}`];
  const counts = Object.entries(p.counts).map(([k, n]) => `${k}: ${n}`);
  if (counts.length) lines.push('', counts.join(', '));
  if (p.backupFile) lines.push('', `Backup: \`${p.backupFile}\``);
  if (p.backedUp) lines.push('', `In the backup: ${Object.entries(p.backedUp).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (p.deleted) lines.push('', `Deleted so far: ${Object.entries(p.deleted).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (p.notListed) lines.push('', `Not in the backup (the API cannot list them; deleted with their organization): ${Object.keys(p.notListed).join(', ')}`);
  return lines.join('\n');
}
