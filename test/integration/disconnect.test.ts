/**
 * Disconnect against the real stack (SPEC §9): keep-data stops everything and keeps every record
 * in both systems, and a reconnect matches again without duplicating; delete-data is refused
 * without the administrator's flag or the integration's exact name, and otherwise deletes the
 * synced organizations and everything they hold in IT Glue — exactly what its backup holds.
 */
import { ScheduleNotFoundError, WorkflowFailedError } from '@temporalio/client';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconnectIntegration } from '../../control/reconnect.js';
import { applyIntegrationSchedules } from '../../control/schedules.js';
import { startFullSync } from '../../control/start.js';
import { getIntegration, updateIntegration } from '../../db/integrations.js';
import { links, syncLog } from '../../db/schema.js';
import { scheduleIds } from '../../contract/ids.js';
import { disconnectProgressQuery, progressQuery } from '../../contract/messages.js';
import type { DisconnectResult } from '../../workflows/disconnect.js';
import type { SyncResult } from '../../workflows/full-sync.js';
import { backupIds, itglueIds, itglueRecords, KIND_OF, linkedOrganizationIds, RECORD_COLLECTIONS, readBackup, without } from '../support/disconnect.js';
import { createHarness, type Harness } from '../support/harness.js';
import { DISCONNECT_SETTINGS, disconnectDataset, UNRELATED_ORG } from '../support/push-all-dataset.js';
import { requestDisconnect } from '../support/push-all.js';
import { runSync } from '../support/sync.js';
import { waitFor } from '../support/wait.js';

async function linkStates(h: Harness): Promise<Record<string, number>> {
  const rows = await h.database.db.execute<{ state: string; n: number }>(
    sql`select state, count(*)::int as n from links where integration_id = ${h.integrationId} group by state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  return String((err as WorkflowFailedError).cause?.message);
}

describe('keep-data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: disconnectDataset(), settings: DISCONNECT_SETTINGS });
    await applyIntegrationSchedules(h.temporal, h.taskQueue, h.integrationId, (await getIntegration(h.database.db, h.integrationId)).settings);
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('stops schedules and running syncs, marks every link disconnected and keeps all data in both systems', async () => {
    const linksBefore = (await h.database.db.select().from(links).where(eq(links.integrationId, h.integrationId))).length;
    expect(linksBefore).toBeGreaterThan(0);
    const itglueBefore = await itglueRecords(h);
    const bmsBefore = await h.bms.admin.dump();

    // A sync is running (slowed down) when the disconnect arrives.
    await h.itglue.admin.addFault({ kind: 'latency', method: 'GET', latencyMs: 1_500, times: 0 });
    const running = await startFullSync(h.temporal, h.taskQueue, { integrationId: h.integrationId, mode: 'full' });
    // (A query may be refused until the workflow's first task is done: that is "not yet".)
    const phase = async () => (await running.query(progressQuery).catch(() => undefined))?.phase;
    await waitFor('the sync to be past its start', async () => ![undefined, 'starting'].includes(await phase()), { timeoutMs: 30_000 });

    const handle = await requestDisconnect(h, { mode: 'keep-data' });
    const result = (await handle.result()) as DisconnectResult;
    await h.itglue.admin.clearFaults();
    expect(result.counts).toMatchObject({ 'schedules-removed': 1, 'workflows-cancelled': 1 });
    expect(result.counts['links-disconnected']).toBe(linksBefore);
    expect(result.backupFile).toBeNull();
    expect((await handle.query(disconnectProgressQuery)).phase).toBe('completed');

    expect((await running.describe()).status.name).toBe('CANCELLED');
    await expect(h.temporal.schedule.getHandle(scheduleIds.sync(h.integrationId)).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await getIntegration(h.database.db, h.integrationId)).status).toBe('disconnected');
    expect(await linkStates(h)).toEqual({ disconnected: linksBefore });
    // Nothing deleted or changed in either system.
    expect(await itglueRecords(h)).toEqual(itglueBefore);
    expect(await h.bms.admin.dump()).toEqual(bmsBefore);
    // A sync started now does nothing.
    const skipped = (await runSync(h, 'full')) as SyncResult;
    expect(skipped.skipped).toMatch(/disconnected/);
  });

  it('reconnects: active again, schedules back, and the next sync matches the kept records instead of duplicating them', async () => {
    const organizationsBefore = (await itglueIds(h)).organizations;
    const result = await reconnectIntegration(h.database.db, h.temporal, h.taskQueue, h.integrationId);
    expect(result.linksDropped).toBeGreaterThan(0);
    expect((await getIntegration(h.database.db, h.integrationId)).status).toBe('active');
    expect((await h.temporal.schedule.getHandle(scheduleIds.sync(h.integrationId)).describe()).state.paused).toBe(false);

    const sync = await runSync(h, 'full');
    expect(sync.counts.organization?.create ?? 0).toBe(0);
    expect(sync.counts.organization?.match).toBe(3);
    expect((await itglueIds(h)).organizations).toEqual(organizationsBefore);
    const states = await linkStates(h);
    expect(states.disconnected ?? 0).toBe(0);
    expect(states.enabled).toBeGreaterThan(0);
    await h.temporal.schedule.getHandle(scheduleIds.sync(h.integrationId)).delete();
  });
});

describe('delete-data', () => {
  let h: Harness;
  let name: string;
  beforeAll(async () => {
    h = await createHarness({ dataset: disconnectDataset(), settings: DISCONNECT_SETTINGS });
    name = (await getIntegration(h.database.db, h.integrationId)).name;
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('is refused at once without the hard-delete flag, without the name, or with a wrong name; nothing changes', async () => {
    const before = await itglueIds(h);
    const linksBefore = await linkStates(h);

    const noFlag = await failureOf((await requestDisconnect(h, { mode: 'delete-data', confirmName: name })).result());
    expect(noFlag).toMatch(/hard delete is not enabled/);

    await updateIntegration(h.database.db, h.integrationId, { hardDeleteEnabled: true });
    const noName = await failureOf((await requestDisconnect(h, { mode: 'delete-data' })).result());
    expect(noName).toMatch(/confirmName.*repeat the integration's name/);
    const wrongName = await failureOf((await requestDisconnect(h, { mode: 'delete-data', confirmName: name.toUpperCase() })).result());
    expect(wrongName).toMatch(/confirmName does not match/);

    expect((await getIntegration(h.database.db, h.integrationId)).status).toBe('active');
    expect(await linkStates(h)).toEqual(linksBefore);
    expect(await itglueIds(h)).toEqual(before);
  });

  it('backs up, then deletes exactly the synced organizations and all they hold; the rest of IT Glue and BMS stay', async () => {
    const before = await itglueIds(h);
    const bmsBefore = await h.bms.admin.dump();
    const synced = await linkedOrganizationIds(h);
    expect(synced).toHaveLength(3);

    const handle = await requestDisconnect(h, { mode: 'delete-data', confirmName: name });
    const result = (await handle.result()) as DisconnectResult;
    expect(result.backupFile).toMatch(/disconnect-run-\d+\.json$/);
    const backup = await readBackup(result.backupFile!);
    const inBackup = backupIds(backup);

    // The backup holds the synced organizations and everything in them, and nothing else.
    expect(inBackup.organizations).toEqual(synced);
    expect(inBackup.organizations).not.toContain(String(UNRELATED_ORG));
    expect(inBackup.flexibleAssets).toEqual(['901']);
    expect(inBackup.passwords).toEqual(['601']);
    expect(inBackup.documents).toEqual(['501']);
    expect(inBackup.configurationInterfaces).toEqual(['801', '802']);
    expect(inBackup.locations.length).toBe(3);
    expect(inBackup.contacts.length).toBe(3);
    expect(inBackup.configurations.length).toBe(3);
    expect(JSON.stringify(backup)).not.toContain('s3cret'); // password values are never exported

    // IT Glue now holds exactly what it held minus the backup; the counts agree.
    expect(await itglueIds(h)).toEqual(without(before, inBackup));
    for (const c of RECORD_COLLECTIONS) {
      expect(result.deleted?.[KIND_OF[c]] ?? 0).toBe(inBackup[c].length);
      expect(result.backedUp?.[KIND_OF[c]] ?? 0).toBe(inBackup[c].length);
      expect(backup.counts[KIND_OF[c]] ?? 0).toBe(inBackup[c].length);
    }
    expect((await itglueIds(h)).organizations).toEqual([String(UNRELATED_ORG)]);
    expect(await h.bms.admin.dump()).toEqual(bmsBefore);

    // No link points at a deleted record any more; the integration is disconnected.
    const remaining = await h.database.db.select().from(links).where(eq(links.integrationId, h.integrationId));
    for (const l of remaining) expect(l.state).toBe('disconnected');
    expect(remaining.filter((l) => l.itglueId && inBackup[`${l.entity}s` as 'organizations'].includes(l.itglueId))).toEqual([]);
    expect((await getIntegration(h.database.db, h.integrationId)).status).toBe('disconnected');
    const [logged] = await h.database.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, h.integrationId), sql`${syncLog.message} like 'backup written to %'`));
    expect(logged?.message).toContain(result.backupFile!);
  });
});
