/**
 * The nightly billing schedules (SPEC §9) on the real Temporal dev server: one per region at
 * 00:30 in the region's time zone, and runs whose billing date comes from their scheduled start
 * time (`TemporalScheduledStartTime`), shown with backfills of past nights. The schedules are
 * paused so the real clock never starts a run during the test; backfills run regardless.
 */
import { ScheduleOverlapPolicy, type WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBillingRule } from '../../control/billing-rules.js';
import { applyBillingSchedules, deleteSchedule, pauseSchedule } from '../../control/schedules.js';
import { updateIntegration } from '../../db/integrations.js';
import { ALL_INTEGRATIONS, billingLedger, billingRuns, syncRuns } from '../../db/schema.js';
import { REGION_TIME_ZONES, REGIONS, type Region } from '../../domain/settings.js';
import { ScheduledStartTimeKey, type BillingResult } from '../../workflows/billing.js';
import { scheduleIds } from '../../contract/ids.js';
import { SyncKindKey } from '../../contract/search-attributes.js';
import { ASSET_TYPE, BILLING_ACCOUNT, BILLING_ORG, billingDataset, CONTRACT, SERVICE, serviceUnits } from '../support/billing-dataset.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitForWorkflow } from '../support/wait.js';

let h: Harness;
let veeamAssetId: string;

beforeAll(async () => {
  h = await createHarness({ dataset: billingDataset(), settings: { accountTypes: ['Customer'], region: 'APAC', twoWay: true } });
  await h.temporal.workflow.execute('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `full-sync:${h.integrationId}`,
    args: [{ integrationId: h.integrationId, mode: 'full' }],
  });
  const connection = await h.deps.connectors.get(h.integrationId);
  await addBillingRule(h.database.db, connection, {
    integrationId: h.integrationId,
    name: 'Globex backup',
    bmsAccountId: String(BILLING_ACCOUNT.globex),
    bmsContractId: String(CONTRACT.globex),
    bmsServiceId: String(SERVICE.backup),
    billedUnits: '4',
    assetType: 'Backup',
    billBy: 'Protected Devices',
    cycle: 'quarterly',
  });
});

afterAll(async () => {
  for (const region of REGIONS) await deleteSchedule(h.temporal, scheduleIds.billing(region)).catch(() => undefined);
  if (h) await updateIntegration(h.database.db, h.integrationId, { status: 'disconnected' });
  await h?.close();
});

/** The run a schedule starts for `scheduledAt` (its id is the action's id plus the time). */
async function scheduledRun(region: Region, scheduledAt: string): Promise<WorkflowHandle> {
  return waitForWorkflow(h.temporal.workflow.getHandle(`billing-nightly:${region}-${scheduledAt.replace('.000Z', 'Z')}`), 30_000);
}

async function backfill(region: Region, scheduledAt: string): Promise<{ handle: WorkflowHandle; result: BillingResult }> {
  const at = new Date(scheduledAt).getTime();
  await h.temporal.schedule.getHandle(scheduleIds.billing(region)).backfill({
    start: new Date(at - 10 * 60_000),
    end: new Date(at + 10 * 60_000),
    overlap: ScheduleOverlapPolicy.ALLOW_ALL,
  });
  const handle = await scheduledRun(region, scheduledAt);
  return { handle, result: (await handle.result()) as BillingResult };
}

async function backupDevices(devices: number): Promise<void> {
  const { itglue } = await h.deps.connectors.get(h.integrationId);
  if (!veeamAssetId) {
    const created = await itglue.createFlexibleAsset({
      'organization-id': Number(BILLING_ORG.globex),
      'flexible-asset-type-id': Number(ASSET_TYPE.backup),
      traits: { product: 'Veeam Backup & Replication', 'protected-devices': devices, status: 'Active' },
    });
    veeamAssetId = created.id;
  } else {
    await itglue.updateFlexibleAsset(veeamAssetId, { traits: { product: 'Veeam Backup & Replication', 'protected-devices': devices, status: 'Active' } });
  }
}

async function ledgerOn(billingDate: string) {
  const rows = await h.database.db
    .select()
    .from(billingLedger)
    .where(and(eq(billingLedger.integrationId, h.integrationId), eq(billingLedger.billingDate, billingDate)));
  return rows.map((l) => ({ previous: Number(l.previousUnits), next: Number(l.newUnits), days: `${l.remainingDays}/${l.daysInPeriod}`, amount: l.proratedAmount }));
}

describe('billing schedules', () => {
  it('run at 00:30 in each region’s time zone, start billingWorkflow for the region and catch up 3 days', async () => {
    const applied = await applyBillingSchedules(h.temporal, h.taskQueue);
    expect(Object.keys(applied).sort()).toEqual(['billing:APAC', 'billing:EMEA', 'billing:US']);
    for (const region of REGIONS) await pauseSchedule(h.temporal, scheduleIds.billing(region), 'paused by the test');

    for (const region of REGIONS) {
      const description = await h.temporal.schedule.getHandle(scheduleIds.billing(region)).describe();
      expect(description.spec.timezone).toBe(REGION_TIME_ZONES[region]);
      expect(description.spec.calendars).toHaveLength(1);
      expect(description.spec.calendars![0]).toMatchObject({
        hour: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
        second: [{ start: 0, end: 0, step: 1 }],
        comment: 'after midnight, region time',
      });
      expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'billingWorkflow', taskQueue: h.taskQueue, args: [{ region }] });
      const attributes = description.action.typedSearchAttributes;
      expect(attributes instanceof TypedSearchAttributes ? attributes.get(SyncKindKey) : attributes?.find((a) => a.key.name === 'SyncKind')?.value).toBe('billing');
      expect(description.policies).toMatchObject({ overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow: 3 * 86_400_000, pauseOnFailure: false });
      expect(description.state.paused).toBe(true);
    }
    expect({ US: 'America/New_York', EMEA: 'Europe/London', APAC: 'Australia/Sydney' }).toEqual(REGION_TIME_ZONES);

    // Applying again (every start of the stack does) updates in place and keeps the pause.
    expect(Object.values(await applyBillingSchedules(h.temporal, h.taskQueue))).toEqual(['updated', 'updated', 'updated']);
    expect((await h.temporal.schedule.getHandle(scheduleIds.billing('US')).describe()).state.paused).toBe(true);
  });

  it('bills the Sydney date of the scheduled time: 00:30 on 1 July is 14:30 UTC on 30 June', async () => {
    await backupDevices(2); // Globex backup: 4 → 6
    const { handle, result } = await backfill('APAC', '2024-06-30T14:30:00.000Z');
    expect(result).toMatchObject({ region: 'APAC', scope: ALL_INTEGRATIONS, billingDate: '2024-07-01', dateSource: 'schedule', nights: ['2024-07-01'], integrationsBilled: 1 });
    // Q3 starts that day: the whole quarter, 2 × 25.
    expect(await ledgerOn('2024-07-01')).toEqual([{ previous: 4, next: 6, days: '92/92', amount: '50.00' }]);

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(ScheduledStartTimeKey)?.toISOString()).toBe('2024-06-30T14:30:00.000Z');
    expect(description.typedSearchAttributes.get(SyncKindKey)).toBe('billing');
    const [run] = await h.database.db.select().from(syncRuns).where(and(eq(syncRuns.integrationId, h.integrationId), eq(syncRuns.kind, 'billing')));
    expect(run).toMatchObject({ trigger: 'schedule', status: 'completed' });

    // The change went to BMS as a line of its own: +2 units from 1 July.
    expect(await serviceUnits(h, CONTRACT.globex, SERVICE.backup)).toBe(6);
  });

  it('a scheduled night catches up the nights missed since the last completed one', async () => {
    await backupDevices(5); // 6 → 9
    // 00:30 on 4 July in Sydney; the nights of 2 and 3 July never ran.
    const { result } = await backfill('APAC', '2024-07-03T14:30:00.000Z');
    expect(result.nights).toEqual(['2024-07-02', '2024-07-03', '2024-07-04']);
    // The change is billed on the oldest missed night: 3 × 25 × 91 ÷ 92.
    expect(await ledgerOn('2024-07-02')).toEqual([{ previous: 6, next: 9, days: '91/92', amount: '74.18' }]);
    expect(await ledgerOn('2024-07-04')).toEqual([]);
    const nights = await h.database.db
      .select({ date: billingRuns.billingDate, status: billingRuns.status, scope: billingRuns.scope })
      .from(billingRuns)
      .where(eq(billingRuns.region, 'APAC'))
      .orderBy(billingRuns.billingDate);
    expect(nights).toEqual(['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-04'].map((date) => ({ date, status: 'completed', scope: ALL_INTEGRATIONS })));
  });

  it.each([
    // 00:30 BST on 1 July is 23:30 UTC on 30 June.
    ['EMEA', '2024-06-30T23:30:00.000Z', '2024-07-01'],
    // 00:30 EST on 10 March 2024, the night clocks go forward (at 02:00).
    ['US', '2024-03-10T05:30:00.000Z', '2024-03-10'],
  ] as const)('%s: a run scheduled at %s bills %s', async (region, scheduledAt, billingDate) => {
    const { result } = await backfill(region, scheduledAt);
    expect(result).toMatchObject({ region, billingDate, dateSource: 'schedule', scope: ALL_INTEGRATIONS });
    const [night] = await h.database.db.select().from(billingRuns).where(and(eq(billingRuns.region, region), eq(billingRuns.billingDate, billingDate)));
    expect(night?.status).toBe('completed');
  });
});
