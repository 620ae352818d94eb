/**
 * Temporal Schedules for an integration's regular sync and two-way push polling, and for the
 * nightly billing of each region. Creating them is idempotent: an existing schedule is updated to
 * the current settings. Overlap is skipped and the catch-up window is explicit (the server's
 * default of one year would replay every missed run after an outage).
 */
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import { REGION_TIME_ZONES, REGIONS, type IntegrationSettings, type Region } from '../domain/settings.js';
import { scheduleIds } from '../contract/ids.js';
import type { WorkflowInputs, WorkflowType } from '../contract/workflows.js';
import { IntegrationIdKey, SyncKindKey } from '../contract/search-attributes.js';
import { startMetadata } from './start.js';

type Options = ScheduleOptions & ScheduleUpdateOptions;

/** Creates the schedule, or brings an existing one in line with `options`. */
export async function upsertSchedule(client: Client, options: Options): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(options.scheduleId).update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: options.policies ?? previous.policies,
      state: { ...previous.state, note: options.state?.note },
    }));
    return 'updated';
  }
}

export async function deleteSchedule(client: Client, scheduleId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleId).delete();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

export async function pauseSchedule(client: Client, scheduleId: string, note: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleId).pause(note);
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

/**
 * The integration's regular sync (incremental, with a full reconcile every Nth run) and, in
 * two-way mode, the IT Glue poll that pushes edits to BMS promptly.
 */
export async function applyIntegrationSchedules(
  client: Client,
  taskQueue: string,
  integrationId: string,
  settings: IntegrationSettings,
  options: { paused?: boolean } = {},
): Promise<Record<string, 'created' | 'updated' | 'deleted' | 'absent'>> {
  const result: Record<string, 'created' | 'updated' | 'deleted' | 'absent'> = {};
  const attributes = (kind: string) => [
    { key: IntegrationIdKey, value: integrationId },
    { key: SyncKindKey, value: kind },
  ];

  const syncId = scheduleIds.sync(integrationId);
  result[syncId] = await upsertSchedule(client, {
    scheduleId: syncId,
    spec: { intervals: [{ every: settings.schedule.syncEvery }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'scheduledSyncWorkflow' satisfies WorkflowType,
      taskQueue,
      args: [{ integrationId }] satisfies [WorkflowInputs['scheduledSyncWorkflow']],
      workflowId: `scheduled-sync:${integrationId}`,
      typedSearchAttributes: attributes('scheduled'),
      ...startMetadata('scheduledSyncWorkflow', { integrationId }, 'schedule'),
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes', pauseOnFailure: false },
    state: { paused: options.paused ?? false, note: `regular sync every ${settings.schedule.syncEvery}` },
  });

  const pushId = scheduleIds.pushPoll(integrationId);
  if (settings.twoWay) {
    result[pushId] = await upsertSchedule(client, {
      scheduleId: pushId,
      spec: { intervals: [{ every: settings.schedule.pushPollEvery }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'twoWayPushWorkflow' satisfies WorkflowType,
        taskQueue,
        args: [{ integrationId }] satisfies [WorkflowInputs['twoWayPushWorkflow']],
        workflowId: `push-poll:${integrationId}`,
        typedSearchAttributes: attributes('push'),
        ...startMetadata('twoWayPushWorkflow', { integrationId }, 'schedule'),
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute', pauseOnFailure: false },
      state: { paused: options.paused ?? false, note: `two-way push poll every ${settings.schedule.pushPollEvery}` },
    });
  } else {
    result[pushId] = (await deleteSchedule(client, pushId)) ? 'deleted' : 'absent';
  }
  return result;
}

export async function removeIntegrationSchedules(client: Client, integrationId: string): Promise<void> {
  await deleteSchedule(client, scheduleIds.sync(integrationId));
  await deleteSchedule(client, scheduleIds.pushPoll(integrationId));
}

/** Billing runs at 00:30 in each region's time zone ("after midnight" on the tenant's server). */
export const BILLING_TIME = { hour: 0, minute: 30 };

export async function applyBillingSchedules(
  client: Client,
  taskQueue: string,
  regions: readonly Region[] = REGIONS,
): Promise<Record<string, 'created' | 'updated'>> {
  const result: Record<string, 'created' | 'updated'> = {};
  for (const region of regions) {
    const scheduleId = scheduleIds.billing(region);
    result[scheduleId] = await upsertSchedule(client, {
      scheduleId,
      spec: {
        calendars: [{ hour: BILLING_TIME.hour, minute: BILLING_TIME.minute, comment: 'after midnight, region time' }],
        timezone: REGION_TIME_ZONES[region],
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'billingWorkflow' satisfies WorkflowType,
        taskQueue,
        args: [{ region }] satisfies [WorkflowInputs['billingWorkflow']],
        workflowId: `billing-nightly:${region}`,
        typedSearchAttributes: [{ key: SyncKindKey, value: 'billing' }],
        ...startMetadata('billingWorkflow', { region }, 'schedule'),
      },
      // A missed night is caught up after an outage of up to three days; the workflow also
      // fills gaps from its own ledger of billed dates.
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow: '3 days', pauseOnFailure: false },
      state: { note: `nightly billing at 00:30 ${REGION_TIME_ZONES[region]}` },
    });
  }
  return result;
}
