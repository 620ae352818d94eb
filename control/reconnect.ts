/**
 * Reconnecting an integration after a keep-data disconnect (SPEC §9): the integration becomes
 * active, its `disconnected` links are dropped and its watermarks reset, so the next sync reads
 * everything and runs the matching rules against what IT Glue kept; its schedules come back.
 * With two-way on, the "not yet pushed" safeguard restarts now: IT Glue records are pushed to
 * BMS only once edited after the reconnect.
 */
import { ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { dropDisconnectedLinks } from '../db/disconnect.js';
import { getIntegration, nextVersion } from '../db/integrations.js';
import { integrations } from '../db/schema.js';
import { scheduleIds, workflowIds } from '../contract/ids.js';
import { applyIntegrationSchedules } from './schedules.js';

export class ReconnectRefusedError extends Error {
  override readonly name = 'ReconnectRefusedError';
}

export interface ReconnectResult {
  integrationId: string;
  linksDropped: number;
  schedules: Record<string, string>;
}

export async function reconnectIntegration(db: Db, client: Client, taskQueue: string, integrationId: string): Promise<ReconnectResult> {
  const integration = await getIntegration(db, integrationId);
  if (integration.status !== 'disconnected') throw new ReconnectRefusedError(`integration ${integrationId} is ${integration.status}: there is nothing to reconnect`);
  const disconnect = await client.workflow
    .getHandle(workflowIds.disconnect(integrationId))
    .describe()
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
  if (disconnect?.status.name === 'RUNNING') {
    throw new ReconnectRefusedError(`a disconnect of integration ${integrationId} is still running (${disconnect.workflowId}); reconnect once it has ended`);
  }

  const linksDropped = await dropDisconnectedLinks(db, integrationId);
  await db
    .update(integrations)
    .set({ status: 'active', twoWayEnabledAt: integration.settings.twoWay ? new Date() : null, version: nextVersion, updatedAt: new Date() })
    .where(eq(integrations.id, integrationId));
  const schedules: Record<string, string> = await applyIntegrationSchedules(client, taskQueue, integrationId, integration.settings);
  // Schedules an operator paused by hand are resumed too: the integration is live again.
  for (const id of [scheduleIds.sync(integrationId), scheduleIds.pushPoll(integrationId)]) {
    await client.schedule
      .getHandle(id)
      .unpause('integration reconnected')
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }
  return { integrationId, linksDropped, schedules };
}
