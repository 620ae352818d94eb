/**
 * The windows over mirror change times (db/mirrors.ts changeWindowEnd): an incremental apply and
 * the IT Glue changes step take the mirror rows that changed since their last window ended.
 * Consecutive windows meet exactly, so a run right after another decides on nothing again; the
 * answers to the engine's own writes do not enter them; and a change whose transaction is still
 * open when a window closes is not lost between the two windows.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { changeWindowEnd, getMirrors, mirrorInputOf, sourceOf, upsertMirrors } from '../../db/mirrors.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { allLinks, linkTable, runSync } from '../support/sync.js';
import { setOverride } from '../../db/overrides.js';

let h: Harness;
let holdingsOrg: string;

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
  await runSync(h, 'full');
  holdingsOrg = (await linkTable(h, 'organization'))[String(ACCOUNT.holdings)]!;
});
afterAll(async () => h?.close());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A transaction that writes the BMS mirror of the holdings account as a read of it edited to `accountCode` would, and commits when told. */
async function openMirrorWrite(accountCode: string): Promise<{ started: Date; commit: () => Promise<void> }> {
  const scope = { integrationId: h.integrationId, system: 'bms' as const, entity: 'organization' as const };
  const current = (await getMirrors(h.database.db, scope, [String(ACCOUNT.holdings)])).get(String(ACCOUNT.holdings))!;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: Date;
  let ready!: () => void;
  const written = new Promise<void>((resolve) => (ready = resolve));
  const done = h.database.db.transaction(async (tx) => {
    const [row] = await tx.execute<{ now: string }>(sql`select now()::text as now`);
    started = new Date(row!.now);
    const source = sourceOf(current);
    await upsertMirrors(tx, { ...scope, runId: null }, [mirrorInputOf({ ...source, updatedAt: started, record: { ...source.record, accountCode, modifiedOn: started.toISOString() } })]);
    ready();
    await released;
  });
  await Promise.race([written, done]);
  return {
    started,
    commit: async () => {
      release();
      await done;
    },
  };
}

const shortName = async () => (await h.itglue.admin.get<Record<string, unknown>>('organizations', holdingsOrg))['short-name'];

describe('a run right after another', () => {
  it('decides on nothing the last run already decided on', async () => {
    // The first run after the creating one settles the create answers (test/integration/incremental.test.ts).
    await runSync(h, 'incremental');
    const { counts } = await runSync(h, 'incremental');
    for (const [entity, actions] of Object.entries(counts)) {
      expect({ entity, unchanged: actions.unchanged ?? 0, itglueUnchanged: actions['itglue-unchanged'] ?? 0 }).toEqual({ entity, unchanged: 0, itglueUnchanged: 0 });
    }
  });
});

describe('a mirror change whose transaction is still open when a window closes', () => {
  it('is taken by the window that closes after it commits', async () => {
    const write = await openMirrorWrite('LATE-7');
    // Older than a window end waits for: the run's windows end at its start instead.
    await pause(2_300);
    await runSync(h, 'incremental');
    expect(await shortName()).not.toBe('LATE-7');
    await write.commit();
    await runSync(h, 'incremental');
    expect(await shortName()).toBe('LATE-7');
  });

  it('is waited for when it is young, and the window ends after it', async () => {
    const write = await openMirrorWrite('LATE-8');
    let committed = false;
    const ending = changeWindowEnd(h.database.db).then((end) => ({ end, whileOpen: !committed }));
    await pause(300);
    await write.commit();
    committed = true;
    const { end, whileOpen } = await ending;
    expect(whileOpen).toBe(false);
    expect(end.getTime()).toBeGreaterThan(write.started.getTime());
    await runSync(h, 'incremental');
    expect(await shortName()).toBe('LATE-8');
  });

  it('cannot be seen with track_activities off: the window is refused, naming the setting', async () => {
    const single = openDatabase(inject('databaseUrl'), { max: 1 });
    try {
      await single.db.execute(sql`set track_activities = off`);
      await expect(changeWindowEnd(single.db)).rejects.toThrow(/track_activities setting is off/);
    } finally {
      await single.close();
    }
  });

  it('holds the end at its start when it stays open', async () => {
    const write = await openMirrorWrite('LATE-9');
    await pause(2_100);
    expect((await changeWindowEnd(h.database.db)).getTime()).toBeLessThanOrEqual(write.started.getTime());
    await write.commit();
    await runSync(h, 'incremental');
    expect(await shortName()).toBe('LATE-9');
  });
});

describe('an operator override', () => {
  it('is decided by the next incremental run, though the record did not change', async () => {
    await setOverride(h.database.db, { integrationId: h.integrationId, entity: 'organization', bmsId: String(ACCOUNT.traders), action: 'exclude', createdBy: 'test' });
    await runSync(h, 'incremental');
    const [link] = (await allLinks(h, 'organization')).filter((l) => l.bmsId === String(ACCOUNT.traders));
    expect(link?.state).toBe('excluded');
  });
});

// Last: its BMS edit makes the next incremental read re-read the account (and so wait for a
// transaction the tests above hold on its mirror row).
describe("the engine's own writes", () => {
  it('are not taken again by the changes step: the link written with them says they are unchanged', async () => {
    await h.bms.admin.edit('accounts', ACCOUNT.holdings, { accountCode: 'OWN-1' });
    const template = await h.bms.admin.get<Record<string, unknown>>('accounts', ACCOUNT.holdings);
    await h.bms.admin.create('accounts', { accountName: 'Own Writes Pty', accountTypeId: template.accountTypeId, isActive: true, locations: [] });
    const { counts } = await runSync(h, 'incremental');
    expect(counts.organization).toMatchObject({ update: 1, create: 1 });
    expect(counts.organization!['itglue-unchanged'] ?? 0).toBe(0);
    expect(await shortName()).toBe('OWN-1');
  });
});
