/**
 * Regular runs after the first sync (SPEC §7): a run with nothing changed costs no write call
 * and no log noise; a BMS edit reaches IT Glue on the next incremental run, writing only the
 * mapped fields that changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, ASSET, CONTACT, LOCATION, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linkAndMirrorVersions, linkTable, logRows, resetCounters, rowsWritten, runSync, writeCalls } from '../support/sync.js';

let h: Harness;
const itglueId = {} as Record<'organization' | 'location' | 'contact' | 'configuration', Record<string, string>>;

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
  await runSync(h, 'full');
  for (const entity of ['organization', 'location', 'contact', 'configuration'] as const) itglueId[entity] = await linkTable(h, entity);
});
afterAll(async () => h?.close());

describe.each(['incremental', 'full'] as const)('a %s run with no changes', (mode) => {
  it('makes no write call to either API and logs nothing but its completion', async () => {
    await resetCounters(h);
    const { runId, counts } = await runSync(h, mode);
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
    expect((await logRows(h, { runId })).map((l) => l.action)).toEqual(['complete']);
    // Every asset is listed (the list has no modified filter); none is read in full again. A full
    // run decides on every record it read, an incremental one only on what changed.
    expect(counts.configuration!.listed).toBe(6);
    expect(counts.configuration!['bms-read'] ?? 0).toBe(0);
    if (mode === 'full') expect(counts.configuration!.unchanged).toBe(6);
  });

  it('writes no link row and changes no mirror', async () => {
    // The run after the one that created the IT Glue contacts rewrites their mirrors once: the
    // create answer lacks the `integration-sources` a list read has. A run settles that first.
    await runSync(h, mode);
    const before = await linkAndMirrorVersions(h);
    expect(before.size).toBeGreaterThan(20);
    await runSync(h, mode);
    // Run bookkeeping (sync_runs, sync_log, cursors, rate-limit windows) changes; the data does not.
    expect(rowsWritten(before, await linkAndMirrorVersions(h))).toEqual([]);
  });
});

describe('a BMS edit', () => {
  let runId: number;

  beforeAll(async () => {
    await h.bms.admin.edit('accounts', ACCOUNT.holdings, { accountCode: 'NWH-1' });
    const warehouse = await h.bms.admin.get<{ addresses: Record<string, unknown>[] }>('locations', LOCATION.tradersWarehouse);
    await h.bms.admin.edit('locations', LOCATION.tradersWarehouse, { addresses: warehouse.addresses.map((a) => ({ ...a, city: 'Alameda' })) });
    await h.bms.admin.edit('contacts', CONTACT.maria, { jobTitle: 'Chief Operations Officer' });
    await h.bms.admin.edit('hardwareAssets', ASSET.laptop, { serialNumber: 'FRM13-7788-B', description: 'Spare laptop' });
    await resetCounters(h);
    ({ runId } = await runSync(h, 'incremental'));
  });

  it('reaches IT Glue on the next incremental run', async () => {
    expect(await h.itglue.admin.get('organizations', itglueId.organization[ACCOUNT.holdings]!)).toMatchObject({ 'short-name': 'NWH-1' });
    expect(await h.itglue.admin.get('locations', itglueId.location[LOCATION.tradersWarehouse]!)).toMatchObject({ city: 'Alameda', 'address-1': '12 Dock Road' });
    expect(await h.itglue.admin.get('contacts', itglueId.contact[CONTACT.maria]!)).toMatchObject({ title: 'Chief Operations Officer', 'first-name': 'Maria' });
    expect(await h.itglue.admin.get('configurations', itglueId.configuration[ASSET.laptop]!)).toMatchObject({
      'serial-number': 'FRM13-7788-B',
      notes: 'Spare laptop',
      name: 'NWT-LT-001',
    });
  });

  it('writes one update per edited record and nothing else', async () => {
    expect(await writeCalls(h.itglue)).toEqual({
      'PATCH /organizations/{id}': 1,
      'PATCH /locations/{id}': 1,
      'PATCH /contacts/{id}': 1,
      'PATCH /configurations/{id}': 1,
    });
    expect(await writeCalls(h.bms)).toEqual({});
  });

  it('sends and logs only the changed fields', async () => {
    const updates = await logRows(h, { runId, action: 'update' });
    const byEntity = Object.fromEntries(updates.map((u) => [u.entity, u]));
    expect(updates).toHaveLength(4);
    expect(byEntity.organization).toMatchObject({ bmsId: String(ACCOUNT.holdings), details: { fields: ['shortName'], attributes: { 'short-name': 'NWH-1' } } });
    expect(byEntity.location).toMatchObject({ bmsId: String(LOCATION.tradersWarehouse), details: { fields: ['city'], attributes: { city: 'Alameda' } } });
    expect(byEntity.contact).toMatchObject({ bmsId: String(CONTACT.maria), details: { fields: ['title'], attributes: { title: 'Chief Operations Officer' } } });
    expect(byEntity.configuration).toMatchObject({
      bmsId: String(ASSET.laptop),
      details: { fields: ['notes', 'serialNumber'], attributes: { notes: 'Spare laptop', 'serial-number': 'FRM13-7788-B' } },
    });
    // `toMatchObject` allows extra keys: the attributes sent must be exactly the changed ones.
    expect(Object.keys(byEntity.configuration!.details!.attributes as object).sort()).toEqual(['notes', 'serial-number']);
    expect(Object.keys(byEntity.organization!.details!.attributes as object)).toEqual(['short-name']);
  });

  it('is not written again by the following run', async () => {
    await resetCounters(h);
    await runSync(h, 'incremental');
    expect(await writeCalls(h.itglue)).toEqual({});
  });
});

describe('an asset edit outside the asset list row', () => {
  // BMS has no modified-on filter for hardware assets and its list rows are slim: an incremental
  // run re-reads only assets whose row changed; a full reconcile also re-reads the least recently
  // read assets (here all of them: the budget is larger than the dataset; see asset-rotation.test.ts).
  it('reaches IT Glue at the next full reconcile', async () => {
    await h.bms.admin.edit('hardwareAssets', ASSET.server, { description: 'Rack 4, top', warrantyExpirationDate: '2027-06-30T00:00:00' });
    await resetCounters(h);
    const { runId } = await runSync(h, 'full');
    expect(await h.itglue.admin.get('configurations', itglueId.configuration[ASSET.server]!)).toMatchObject({ notes: 'Rack 4, top', 'warranty-expires-at': '2027-06-30' });
    expect(await writeCalls(h.itglue)).toEqual({ 'PATCH /configurations/{id}': 1 });
    const [update] = await logRows(h, { runId, action: 'update' });
    expect(update!.details).toMatchObject({ fields: ['notes', 'warrantyExpiresAt'] });
  });
});
