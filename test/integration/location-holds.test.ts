/**
 * Two-way location writes BMS v2 cannot do (no route adds a location to an existing account or
 * edits one), with the integration setting `undocumentedBmsRoutes` off (the default): they are
 * held with what the operator must do in BMS, never sent, and never loop. Real Temporal,
 * PostgreSQL and both simulators (which answer the undocumented routes 404).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { allLinks, logRows, runSync, SYNC_EVERYTHING } from '../support/sync.js';

type Rec = Record<string, unknown>;
const generated = generateDatasetDetailed({ accounts: 4, seed: 23 });
let h: Harness;

async function push(): Promise<void> {
  await h.temporal.workflow.execute('twoWayPushWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
    args: [{ integrationId: h.integrationId }],
  });
}

const writes = (routes: Record<string, number>) => Object.entries(routes).filter(([route]) => !route.startsWith('GET ') && !route.includes('/security/'));

/** A synced location and everything a test needs about it. */
async function syncedLocation(index: number) {
  const link = (await allLinks(h, 'location')).filter((l) => l.state === 'enabled' && l.bmsId && l.itglueId)[index]!;
  const itg = await h.itglue.admin.get<Rec>('locations', link.itglueId!);
  const bms = await h.bms.admin.get<Rec>('locations', link.bmsId!);
  return { link, itg, bms, address: ((bms.addresses as Rec[]).find((a) => a.isMain) ?? (bms.addresses as Rec[])[0])! };
}

beforeAll(async () => {
  h = await createHarness({ dataset: generated.dataset, settings: { ...SYNC_EVERYTHING, twoWay: true } });
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

describe('a location added in IT Glue to an account that exists in BMS', () => {
  it('is held with what to do in BMS, and linked by a later sync once the operator adds it there', async () => {
    const { link: sibling, itg: siblingItg, address } = await syncedLocation(0);
    const accountId = sibling.bmsParentId!;
    const organizationId = sibling.itglueParentId!;
    const created = await h.itglue.admin.create<Rec>('locations', {
      'organization-id': Number(organizationId),
      name: 'Riverside Annex',
      'address-1': '77 Mill Lane',
      city: siblingItg.city,
      'region-id': siblingItg['region-id'],
      'country-id': siblingItg['country-id'],
      primary: false,
    });
    const itglueId = String(created.id);
    const bmsLocationsBefore = (await h.bms.admin.list<Rec>('locations')).length;
    await h.bms.admin.resetCounters();

    await push();
    const held = (await allLinks(h, 'location')).find((l) => l.itglueId === itglueId)!;
    expect(held).toMatchObject({ state: 'held', bmsId: null, bmsParentId: accountId });
    expect(held.reason).toContain('BMS v2 cannot add a location to an existing account');
    expect(held.reason).toContain(`add location "Riverside Annex" (77 Mill Lane`);
    expect(held.reason).toContain(`to BMS account ${accountId}`);
    expect(held.reason).toContain('undocumentedBmsRoutes');
    const holds = await logRows(h, { entity: 'location', action: 'hold' });
    expect(holds.filter((r) => r.itglueId === itglueId).map((r) => r.message)).toEqual([held.reason]);
    // Nothing was sent to BMS: no location route was called, no location appeared.
    expect(Object.keys((await h.bms.admin.counters()).routes).filter((r) => r.includes('/locations') && !r.startsWith('GET '))).toEqual([]);
    expect((await h.bms.admin.list<Rec>('locations')).length).toBe(bmsLocationsBefore);

    // Seen again (edited again in IT Glue): still held, logged once.
    await h.itglue.admin.edit('locations', itglueId, { phone: '5550104477' });
    await push();
    expect((await allLinks(h, 'location')).find((l) => l.itglueId === itglueId)).toMatchObject({ state: 'held', reason: held.reason });
    expect((await logRows(h, { entity: 'location', action: 'hold' })).filter((r) => r.itglueId === itglueId)).toHaveLength(1);

    // The operator does what the message says, in BMS.
    const added = await h.bms.admin.create<Rec>('locations', {
      accountId: Number(accountId),
      locationName: 'Riverside Annex',
      isMain: false,
      isActive: true,
      addresses: [{ address1: '77 Mill Lane', city: address.city, state: address.state, countryId: address.countryId, isMain: true }],
    });
    const itgLocationsBefore = (await h.itglue.admin.list<Rec>('locations')).filter((l) => String(l['organization-id']) === organizationId).length;
    await runSync(h, 'incremental');

    const linked = (await allLinks(h, 'location')).find((l) => l.itglueId === itglueId)!;
    expect(linked).toMatchObject({ state: 'enabled', bmsId: String(added.id), reason: null });
    expect((await allLinks(h, 'location')).filter((l) => l.bmsId === String(added.id))).toHaveLength(1);
    // Linked, not duplicated in IT Glue.
    expect((await h.itglue.admin.list<Rec>('locations')).filter((l) => String(l['organization-id']) === organizationId).length).toBe(itgLocationsBefore);
    expect((await logRows(h, { entity: 'location', action: 'match' })).some((r) => r.bmsId === String(added.id) && r.itglueId === itglueId)).toBe(true);
  });
});

describe('a synced location edited in IT Glue', () => {
  it('holds only the BMS write: BMS changes still reach IT Glue, IT Glue keeps its edit, nothing loops', async () => {
    const { link, bms: before, address } = await syncedLocation(1);
    const itglueId = link.itglueId!;
    const bmsId = link.bmsId!;
    await h.itglue.admin.edit('locations', itglueId, { 'address-1': '12 Harbour Road' });

    await push();
    const held = (await allLinks(h, 'location')).find((l) => l.id === link.id)!;
    expect(held.state).toBe('enabled');
    expect(held.reason).toContain('BMS v2 cannot edit a location: change address1 of location');
    expect(held.reason).toContain(`BMS location ${bmsId}, account ${link.bmsParentId}`);
    const after = await h.bms.admin.get<Rec>('locations', bmsId);
    expect(after.addresses).toEqual(before.addresses);
    expect((await h.itglue.admin.get<Rec>('locations', itglueId))['address-1']).toBe('12 Harbour Road');
    const holdRows = async () => (await logRows(h, { entity: 'location', action: 'hold' })).filter((r) => r.bmsId === bmsId);
    expect((await holdRows()).map((r) => r.message)).toEqual([held.reason]);

    // BMS → IT Glue keeps working for the other fields; IT Glue's own edit is not undone.
    const addresses = (after.addresses as Rec[]).map((a) => (a.id === address.id ? { ...a, city: 'Port Hollow' } : a));
    await h.bms.admin.edit('locations', bmsId, { addresses });
    await runSync(h, 'incremental');
    const itg = await h.itglue.admin.get<Rec>('locations', itglueId);
    expect(itg).toMatchObject({ city: 'Port Hollow', 'address-1': '12 Harbour Road' });

    // No ping-pong: further syncs and pushes write nothing anywhere and log the hold no more.
    await h.bms.admin.resetCounters();
    await h.itglue.admin.resetCounters();
    await push();
    await runSync(h, 'full');
    expect(writes((await h.bms.admin.counters()).routes)).toEqual([]);
    expect(writes((await h.itglue.admin.counters()).routes)).toEqual([]);
    expect(await holdRows()).toHaveLength(1);
    expect((await allLinks(h, 'location')).find((l) => l.id === link.id)!.reason).toBe(held.reason);

    // The operator makes the change in BMS: the hold clears itself, with no write.
    const fixed = (await h.bms.admin.get<Rec>('locations', bmsId)).addresses as Rec[];
    await h.bms.admin.edit('locations', bmsId, { addresses: fixed.map((a) => (a.id === address.id ? { ...a, address1: '12 Harbour Road' } : a)) });
    await runSync(h, 'incremental');
    expect((await allLinks(h, 'location')).find((l) => l.id === link.id)).toMatchObject({ state: 'enabled', reason: null });
    expect((await h.itglue.admin.get<Rec>('locations', itglueId))['address-1']).toBe('12 Harbour Road');
  });
});
