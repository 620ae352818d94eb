/**
 * One writer per integration (README "One writer per integration at a time"): a pull page and a
 * push page of the same integration never run at once. A pull page is held up by a slow IT Glue
 * write while a push starts; the push page waits for it, both finish, and neither overwrote the
 * other's edit.
 */
import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ASSET, CONTACT, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linkTable, resetCounters, runSync, writeCalls } from '../support/sync.js';

type Rec = Record<string, unknown>;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** How long the pull's IT Glue write is held up. */
const SLOW_WRITE_MS = 6_000;

let h: Harness;
let configurationId: string;
let contactId: string;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (event: HistoryEvent) => Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6);

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, twoWay: true } });
  await runSync(h, 'full');
  configurationId = (await linkTable(h, 'configuration'))[ASSET.laptop]!;
  contactId = (await linkTable(h, 'contact'))[CONTACT.maria]!;
});
afterAll(async () => h?.close());

describe('the per-integration writer lock', () => {
  it('makes a push page wait for a pull page in progress; both finish and nothing is overwritten', async () => {
    // A BMS edit the pull writes to IT Glue, slowly.
    await h.bms.admin.edit('hardwareAssets', ASSET.laptop, { serialNumber: 'FRM13-LOCK-1', description: 'edited in BMS' });
    await h.itglue.admin.addFault({ kind: 'latency', method: 'PATCH', route: '/configurations/{id}', latencyMs: SLOW_WRITE_MS, times: 1 });
    await resetCounters(h);
    const pull = runSync(h, 'incremental');
    // The pull page holds the lock from here until its write is answered.
    for (let i = 0; ((await h.itglue.admin.counters()).routes['PATCH /configurations/{id}'] ?? 0) === 0; i++) {
      if (i > 600) throw new Error('the pull never wrote the configuration');
      await pause(50);
    }
    // An IT Glue edit the push writes to BMS, made while the pull page runs.
    await h.itglue.admin.edit('contacts', contactId, { title: 'Edited in IT Glue' });
    const push = await h.temporal.workflow.start('twoWayPushWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
      args: [{ integrationId: h.integrationId }],
    });

    // When each edit lands on the other side.
    let pulledAt: number | undefined;
    let pushedAt: number | undefined;
    for (let i = 0; pulledAt === undefined || pushedAt === undefined; i++) {
      if (i > 1200) throw new Error(`an edit never arrived (pulled at ${pulledAt}, pushed at ${pushedAt})`);
      const [configuration, contact] = await Promise.all([h.itglue.admin.get<Rec>('configurations', configurationId), h.bms.admin.get<Rec>('contacts', CONTACT.maria)]);
      if (pulledAt === undefined && configuration.notes === 'edited in BMS') pulledAt = Date.now();
      if (pushedAt === undefined && contact.jobTitle === 'Edited in IT Glue') pushedAt = Date.now();
      await pause(50);
    }
    // Both finish.
    await Promise.all([pull, push.result()]);
    // The push reached BMS only after the pull's write was answered: it waited for the lock.
    expect(pushedAt).toBeGreaterThanOrEqual(pulledAt);
    const history = await push.fetchHistory();
    const started = new Map<number, HistoryEvent>();
    const waits: number[] = [];
    for (const event of history.events ?? []) {
      if (event.activityTaskStartedEventAttributes) started.set(Number(event.activityTaskStartedEventAttributes.scheduledEventId), event);
      const done = event.activityTaskCompletedEventAttributes;
      if (done) {
        const scheduled = history.events!.find((e) => Number(e.eventId) === Number(done.scheduledEventId))!;
        if (scheduled.activityTaskScheduledEventAttributes?.activityType?.name === 'syncStep') waits.push(ms(event) - ms(started.get(Number(done.scheduledEventId))!));
      }
    }
    // Its first step that needed the lock was running for the rest of the slow write.
    expect(Math.max(...waits)).toBeGreaterThan(SLOW_WRITE_MS / 3);

    // Nothing overwritten: each side keeps the other's edit, and its own.
    expect(await h.itglue.admin.get<Rec>('configurations', configurationId)).toMatchObject({ notes: 'edited in BMS', 'serial-number': 'FRM13-LOCK-1' });
    expect(await h.bms.admin.get<Rec>('hardwareAssets', ASSET.laptop)).toMatchObject({ description: 'edited in BMS', serialNumber: 'FRM13-LOCK-1' });
    expect(await h.bms.admin.get<Rec>('contacts', CONTACT.maria)).toMatchObject({ jobTitle: 'Edited in IT Glue' });
    expect(await h.itglue.admin.get<Rec>('contacts', contactId)).toMatchObject({ title: 'Edited in IT Glue' });
    // And the next run has nothing left to write.
    await resetCounters(h);
    await runSync(h, 'incremental');
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
  });
});
