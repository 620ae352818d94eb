/**
 * Activities of the disconnect workflow (SPEC §9). The order matters and is kept by the workflow:
 * check (refusals fail at once, before anything changes) → mark the integration disconnected
 * (a sync that starts now ends at once) → remove its schedules → cancel its running workflows
 * and wait for them to end → delete-data only: plan with backup, then delete in IT Glue → mark
 * the remaining links disconnected.
 */
import { heartbeat, sleep } from '@temporalio/activity';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { deleteSchedule } from '../control/schedules.js';
import { deletionCounts, disconnectAllLinks, forgetDeletedRecords } from '../db/disconnect.js';
import { getIntegration, IntegrationNotFoundError, updateIntegration } from '../db/integrations.js';
import { finishRun, startRun, writeLogs } from '../db/runs.js';
import type { RunCounts } from '../db/schema.js';
import { scheduleIds } from '../contract/ids.js';
import { SyncKindKey } from '../contract/search-attributes.js';
import type { ActivityDeps } from './deps.js';
import { InputError } from './errors.js';
import { withKeepalive } from './keepalive.js';
import { assembleBackup, deletePage, NOT_LISTED, planDeletionPage, type DeletableKind } from './hard-delete.js';
import { recordRunMetrics } from './sync.js';

export interface BeginDisconnectInput {
  integrationId: string;
  mode: 'keep-data' | 'delete-data';
  confirmName?: string;
  requestedBy: string;
  workflowId: string;
  workflowRunId: string;
}

/** How long a cancelled workflow may take to end before it is terminated. */
const CANCEL_GRACE_MS = 60_000;

function refuse(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'DisconnectRefused');
}

export function createDisconnectActivities(deps: ActivityDeps) {
  return {
    /**
     * Refuses what may not run (delete-data without the administrator's flag, or without the
     * integration's exact name), then marks the integration disconnected and opens the run.
     */
    async beginDisconnect(input: BeginDisconnectInput): Promise<{ runId: number }> {
      const integration = await getIntegration(deps.db, input.integrationId).catch((err: unknown) => {
        throw err instanceof IntegrationNotFoundError ? new InputError(err.message) : err;
      });
      if (input.mode === 'delete-data') {
        if (!integration.hardDeleteEnabled) {
          refuse(
            `delete-data refused: hard delete is not enabled for integration ${integration.id}; an administrator must first run ` +
              `\`integration hard-delete ${integration.id} --enable --confirm-name "<name>"\``,
          );
        }
        if (!input.confirmName) refuse("delete-data refused: confirmName is missing; repeat the integration's name exactly");
        if (input.confirmName !== integration.name) {
          refuse(`delete-data refused: confirmName does not match the name of integration ${integration.id} (it must be repeated exactly, case and spaces included)`);
        }
      }
      const run = await startRun(deps.db, {
        integrationId: integration.id,
        kind: 'disconnect',
        trigger: 'manual',
        workflowId: input.workflowId,
        workflowRunId: input.workflowRunId,
      });
      if (integration.status !== 'disconnected') await updateIntegration(deps.db, integration.id, { status: 'disconnected' });
      deps.connectors.invalidate(integration.id);
      await writeLogs(deps.db, run.id, integration.id, [
        { entity: 'run', action: 'info', key: 'begin', message: `disconnect (${input.mode}) requested by ${input.requestedBy}; the integration is now disconnected` },
      ]);
      return { runId: run.id };
    },

    /** Removes the integration's schedules (a reconnect creates them again). */
    async removeIntegrationSchedules(input: { integrationId: string }): Promise<number> {
      let removed = 0;
      for (const id of [scheduleIds.sync(input.integrationId), scheduleIds.pushPoll(input.integrationId)]) {
        if (await deleteSchedule(deps.temporal, id)) removed++;
      }
      return removed;
    },

    /**
     * Cancels every running workflow of the integration (full syncs, pushes, record syncs, a
     * waiting Push All, scheduled starters), except this disconnect and billing runs, and waits
     * for them to end; one that does not end within a minute is terminated.
     */
    async cancelIntegrationWorkflows(input: { integrationId: string; exceptWorkflowId: string }): Promise<{ cancelled: number; terminated: number }> {
      const query = `IntegrationId = "${input.integrationId}" AND ExecutionStatus = "Running"`;
      const cancelled = new Map<string, { runId: string; at: number }>();
      let terminated = 0;
      // Listed again until none is left: a workflow started just before the integration was
      // marked disconnected may show up in visibility a moment late.
      const started = Date.now();
      for (let round = 0; Date.now() - started < 5 * 60_000; round++) {
        let found = 0;
        for await (const run of deps.temporal.workflow.list({ query })) {
          if (run.workflowId === input.exceptWorkflowId || run.typedSearchAttributes.get(SyncKindKey) === 'billing') continue;
          found++;
          const key = `${run.workflowId}/${run.runId}`;
          const handle = deps.temporal.workflow.getHandle(run.workflowId, run.runId);
          const known = cancelled.get(key);
          if (!known) {
            await handle.cancel().catch(ignoreGone);
            cancelled.set(key, { runId: run.runId, at: Date.now() });
          } else if (Date.now() - known.at > CANCEL_GRACE_MS) {
            await handle.terminate(`integration ${input.integrationId} disconnected; the run did not end within a minute of its cancellation`).catch(ignoreGone);
            known.at = Infinity;
            terminated++;
          }
        }
        heartbeat({ round, found });
        if (found === 0 && round > 0) break;
        await sleep(found === 0 ? 500 : 1_000);
      }
      // Visibility trails the server: confirm each one has really ended.
      for (const [key, { runId }] of cancelled) {
        const workflowId = key.slice(0, key.length - runId.length - 1);
        for (;;) {
          const description = await deps.temporal.workflow.getHandle(workflowId, runId).describe().catch((err: unknown) => {
            if (err instanceof WorkflowNotFoundError) return null;
            throw err;
          });
          if (!description || description.status.name !== 'RUNNING') break;
          heartbeat({ waiting: workflowId });
          await sleep(500);
        }
      }
      return { cancelled: cancelled.size, terminated };
    },

    async disconnectLinks(input: { integrationId: string; runId: number; requestedBy: string; mode: string }): Promise<number> {
      const reason = `integration disconnected (${input.mode}) by ${input.requestedBy}; reconnecting runs the matching rules again`;
      return disconnectAllLinks(deps.db, input.integrationId, reason, () => heartbeat());
    },

    /** One page of the delete plan and its backup. */
    async planHardDeletePage(input: { integrationId: string; runId: number; page: number }): Promise<{ nextPage: number | null; counts: Record<string, number> }> {
      const { itglue } = await deps.connectors.get(input.integrationId);
      return withKeepalive(() => planDeletionPage(deps.db, itglue, { integrationId: input.integrationId, runId: input.runId, backupDir: deps.backupDir, fromLinkId: input.page }));
    },

    /**
     * Joins the backup's parts into one JSON file; returns its path, its counts (what will be
     * deleted) and what the IT Glue API could not list (deleted with its organization, not backed up).
     */
    async writeHardDeleteBackup(input: { integrationId: string; runId: number; requestedBy: string }): Promise<{ file: string; counts: Record<string, number>; notListed: Record<string, string> }> {
      const integration = await getIntegration(deps.db, input.integrationId);
      const { planned } = await deletionCounts(deps.db, input.runId);
      const file = await withKeepalive(() =>
        assembleBackup({ integrationId: integration.id, integrationName: integration.name, runId: input.runId, requestedBy: input.requestedBy, backupDir: deps.backupDir, counts: planned }),
      );
      await writeLogs(deps.db, input.runId, integration.id, [
        { entity: 'run', action: 'info', key: 'backup', message: `backup written to ${file} before deleting`, details: { file, counts: planned } },
        ...Object.entries(NOT_LISTED).map(([kind, why]) => ({
          entity: 'run' as const,
          action: 'warning' as const,
          key: `not-listed:${kind}`,
          message: `${kind}s of the synced organizations are not in the backup and go with their organization: ${why}`,
        })),
      ]);
      return { file, counts: planned, notListed: NOT_LISTED };
    },

    async hardDeletePage(input: { integrationId: string; runId: number; kind: DeletableKind }): Promise<{ deleted: number; done: boolean }> {
      const { itglue } = await deps.connectors.get(input.integrationId);
      return withKeepalive(() => deletePage(deps.db, itglue, { runId: input.runId, kind: input.kind }));
    },

    /** After the delete: links and mirror rows of deleted records go; returns the final counts. */
    async finishHardDelete(input: { integrationId: string; runId: number }): Promise<{ deleted: Record<string, number>; linksRemoved: number }> {
      const linksRemoved = await forgetDeletedRecords(deps.db, input.runId, input.integrationId);
      const { deleted } = await deletionCounts(deps.db, input.runId);
      return { deleted, linksRemoved };
    },

    async finishDisconnect(input: { runId: number; status: 'completed' | 'failed' | 'cancelled'; counts: RunCounts; error?: string; details?: Record<string, unknown> }): Promise<void> {
      recordRunMetrics(deps, await finishRun(deps.db, input));
    },
  };
}

function ignoreGone(err: unknown): void {
  if (err instanceof WorkflowNotFoundError) return;
  throw err;
}
