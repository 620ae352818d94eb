/**
 * Behaviours of the sync core that the simulators once hid (each failed before the redesign):
 * global matching, a create one direction has sent and not resolved kept from the other, a
 * recovered asset that syncs afterwards, an organization pushed with its primary location, pushes
 * that cannot go to BMS ending the run, one-way mode putting IT Glue edits back, and the
 * queued-for-push / not-yet-pushed states as they really are. Real Temporal, PostgreSQL and both
 * simulators; each scenario has its own integration.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import type { RecordSyncInput } from '../../contract/inputs.js';
import { manageDataReport } from '../../control/report.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, CATEGORY, CONTACT, LOCATION, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { allLinks, faults, linkTable, logRows, runSync, setSettings } from '../support/sync.js';

type Rec = Record<string, unknown>;

async function push(h: Harness): Promise<void> {
  await h.temporal.workflow.execute('twoWayPushWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
    args: [{ integrationId: h.integrationId }],
  });
}

async function recordSync(h: Harness, input: Omit<RecordSyncInput, 'integrationId'>): Promise<Rec> {
  return h.temporal.workflow.execute('recordSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `record-${randomUUID()}`,
    args: [{ integrationId: h.integrationId, ...input }],
  });
}

async function itglueId(h: Harness, collection: string, name: string): Promise<string> {
  const row = (await h.itglue.admin.list<Rec>(collection)).find((r) => r.name === name);
  if (!row) throw new Error(`IT Glue ${collection} has no "${name}"`);
  return String(row.id);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('matching over competing BMS records', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('gives the IT Glue record to the better pair, not to the record BMS lists first', async () => {
    const organization = (await linkTable(h, 'organization'))[ACCOUNT.contoso]!;
    await h.itglue.admin.create('configurations', {
      'organization-id': Number(organization),
      name: 'WS-06',
      'configuration-type-id': Number(await itglueId(h, 'configurationTypes', 'Workstation')),
      'serial-number': 'S6A',
    });
    const asset = { accountId: ACCOUNT.contoso, accountLocationId: LOCATION.contosoMain, categoryId: CATEGORY.workstation, name: 'WS-06' };
    // The lower id has no serial (tier 4 with the IT Glue record); the higher one has S6A (tier 3).
    const serialLess = await h.bms.admin.create<Rec>('hardwareAssets', asset);
    const withSerial = await h.bms.admin.create<Rec>('hardwareAssets', { ...asset, serialNumber: 'S6A' });
    expect(Number(serialLess.id)).toBeLessThan(Number(withSerial.id));
    const target = (await h.itglue.admin.list<Rec>('configurations')).find((c) => c.name === 'WS-06')!;

    await runSync(h, 'incremental');

    const links = await linkTable(h, 'configuration');
    expect(links[String(withSerial.id)]).toBe(String(target.id));
    expect(links[String(serialLess.id)]).toBeDefined();
    expect(links[String(serialLess.id)]).not.toBe(String(target.id));
    expect((await h.itglue.admin.get<Rec>('configurations', String(target.id)))['serial-number']).toBe('S6A');
    const loser = (await allLinks(h, 'configuration')).find((l) => l.bmsId === String(serialLess.id))!;
    expect(loser.matchRule).toBe('created');
    expect(loser.matchExplanation).toContain(`${target.id} (matched BMS hardware asset ${withSerial.id} instead`);
  });
});

describe('a create one direction has sent and not resolved', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, twoWay: true } });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('is not taken by the other direction until it is resolved: no duplicate in either system', async () => {
    const accountsBefore = (await h.bms.admin.list('accounts')).length;
    await h.bms.admin.create('accounts', { accountName: 'Harbour Freight', accountTypeId: 1, isActive: true, locations: [] });
    // The pull's create lands but its answer is lost, and its look-up keeps failing for a while:
    // the link stays `creating` between the pull's attempts.
    await h.itglue.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/organizations', times: 1 });
    const sync = runSync(h, 'incremental');
    await until('the lost create', async () => (await faults(h.itglue))[0]!.applied > 0);
    // The pull tries again 2 s later at the earliest; its look-up fails from now on.
    await h.itglue.admin.addFault({ kind: 'error', method: 'GET', route: '/organizations', query: 'filter[name]', status: 503, times: 1000 });
    const organization = await itglueId(h, 'organizations', 'Harbour Freight');

    // Meanwhile the push side decides the new IT Glue organization: it must wait.
    const pushed = await recordSync(h, { entity: 'organization', itglueId: organization, action: 'sync' });
    expect((await h.bms.admin.list('accounts')).length).toBe(accountsBefore + 1);
    expect(pushed.state).not.toBe('enabled');

    await h.itglue.admin.clearFaults();
    await sync;
    expect((await h.bms.admin.list<Rec>('accounts')).filter((a) => a.accountName === 'Harbour Freight')).toHaveLength(1);
    expect((await h.itglue.admin.list<Rec>('organizations')).filter((o) => o.name === 'Harbour Freight')).toHaveLength(1);
    const link = (await allLinks(h, 'organization')).find((l) => l.itglueId === organization)!;
    expect(link).toMatchObject({ state: 'enabled', matchRule: 'created' });
  });
});

describe('a hardware asset the push found again after its create answer was lost', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, twoWay: true } });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('is linked completely and later pushes reach BMS', async () => {
    const organization = (await linkTable(h, 'organization'))[ACCOUNT.contoso]!;
    const created = await h.itglue.admin.create<Rec>('configurations', {
      'organization-id': Number(organization),
      name: 'CON-NEW-01',
      'configuration-type-id': Number(await itglueId(h, 'configurationTypes', 'Workstation')),
      'serial-number': 'CN-7781',
    });
    await h.bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/hardwareasset', times: 1 });
    await push(h);
    const link = (await allLinks(h, 'configuration')).find((l) => l.itglueId === String(created.id))!;
    expect(link).toMatchObject({ state: 'enabled', matchRule: 'created' });
    expect((await h.bms.admin.list<Rec>('hardwareAssets')).filter((a) => a.name === 'CON-NEW-01')).toHaveLength(1);

    await h.itglue.admin.edit('configurations', String(created.id), { notes: 'Front desk' });
    await push(h);
    expect((await allLinks(h, 'configuration')).find((l) => l.itglueId === String(created.id))).toMatchObject({ state: 'enabled', reason: null });
    expect((await h.bms.admin.get<Rec>('hardwareAssets', link.bmsId!)).description).toBe('Front desk');
    expect((await logRows(h, { entity: 'configuration', action: 'error' })).map((r) => r.message)).toEqual([]);
  });
});

describe('an organization pushed to BMS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, twoWay: true } });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('is created with its primary location, and no empty one comes back to IT Glue', async () => {
    const organization = await h.itglue.admin.create<Rec>('organizations', {
      name: 'Seaside Dental',
      'organization-type-id': Number(await itglueId(h, 'organizationTypes', 'Customer')),
      'organization-status-id': Number(await itglueId(h, 'organizationStatuses', 'Active')),
    });
    await h.itglue.admin.create('locations', { 'organization-id': Number(organization.id), name: 'Seaside HQ', 'address-1': '3 Shore Road', city: 'Brighton', primary: true });
    await runSync(h, 'full');

    const account = (await h.bms.admin.list<Rec>('accounts')).find((a) => a.accountName === 'Seaside Dental')!;
    expect((account.locations as Rec[]).map((l) => l.locationName)).toEqual(['Seaside HQ']);
    await runSync(h, 'full');
    const itglueLocations = (await h.itglue.admin.list<Rec>('locations')).filter((l) => String(l['organization-id']) === String(organization.id));
    expect(itglueLocations.map((l) => l.name)).toEqual(['Seaside HQ']);
    const locationLink = (await allLinks(h, 'location')).find((l) => l.itglueId === String(itglueLocations[0]!.id))!;
    expect(locationLink).toMatchObject({ state: 'enabled', bmsParentId: String(account.id) });
  });
});

describe('Microsoft 365 contacts that cannot be pushed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      dataset: smallDataset(),
      settings: { ...SMALL_SYNC_ALL, twoWay: true, microsoftContacts: { autoPush: true, emailType: 'Work', phoneType: 'Work' } },
    });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('end the push run: 150 held contacts are decided once and the run finishes', async () => {
    const organization = (await linkTable(h, 'organization'))[ACCOUNT.contoso]!;
    for (let i = 0; i < 150; i++) {
      await h.itglue.admin.create('contacts', {
        'organization-id': Number(organization),
        'first-name': 'Teams',
        'last-name': `User ${i}`,
        'adapters-resources': [{ 'integration-type': 'office365', 'integration-id': `ms-${i}` }],
      });
    }
    const started = Date.now();
    await push(h);
    await push(h);
    expect(Date.now() - started).toBeLessThan(120_000);
    const held = (await allLinks(h, 'contact')).filter((l) => l.state === 'held');
    expect(held).toHaveLength(150);
    // Held once, logged once: the second push decides nothing again.
    expect((await logRows(h, { entity: 'contact', action: 'hold' }))).toHaveLength(150);
  });
});

describe('one-way mode', () => {
  let h: Harness;
  let contactId: string;
  beforeAll(async () => {
    h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
    await runSync(h, 'full');
    contactId = (await linkTable(h, 'contact'))[CONTACT.peter]!;
  });
  afterAll(async () => h?.close());

  it('puts a mapped field edited in IT Glue back to the BMS value, and logs it', async () => {
    const bms = await h.bms.admin.get<Rec>('contacts', CONTACT.peter);
    await h.itglue.admin.edit('contacts', contactId, { title: 'Edited in IT Glue' });
    const { runId } = await runSync(h, 'incremental');
    expect((await h.itglue.admin.get<Rec>('contacts', contactId)).title).toBe(bms.jobTitle ?? null);
    const reverted = await logRows(h, { runId, entity: 'contact', action: 'revert' });
    expect(reverted.map((r) => r.itglueId)).toEqual([contactId]);
    expect(reverted[0]!.message).toContain('title');
    expect((await h.bms.admin.get<Rec>('contacts', CONTACT.peter)).jobTitle).toBe(bms.jobTitle);
  });

  it('so switching two-way on later pushes only what is edited after that moment', async () => {
    await setSettings(h, { twoWay: true });
    await push(h);
    expect(await logRows(h, { entity: 'contact', action: 'push' })).toEqual([]);
    await h.itglue.admin.edit('contacts', contactId, { title: 'Head of Ops' });
    await push(h);
    expect((await h.bms.admin.get<Rec>('contacts', CONTACT.peter)).jobTitle).toBe('Head of Ops');
  });
});

describe('states of IT Glue records waiting for a push', () => {
  let h: Harness;
  let eligible: string;
  let ineligible: string;
  beforeAll(async () => {
    h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
    await runSync(h, 'full');
    const active = Number(await itglueId(h, 'organizationStatuses', 'Active'));
    const create = async (name: string, type: string) =>
      String((await h.itglue.admin.create<Rec>('organizations', { name, 'organization-type-id': Number(await itglueId(h, 'organizationTypes', type)), 'organization-status-id': active })).id);
    eligible = await create('Existing Customer', 'Customer');
    ineligible = await create('Existing Vendor', 'Vendor');
    await new Promise((r) => setTimeout(r, 1100));
    await setSettings(h, { twoWay: true });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('not-yet-pushed counts only records the push would take (type and status synced)', async () => {
    const report = await manageDataReport(h.database.db, h.integrationId);
    expect(report.entities.find((e) => e.entity === 'organization')!.counts['not-yet-pushed']).toBe(1);
    expect((await allLinks(h, 'organization')).some((l) => l.itglueId === eligible || l.itglueId === ineligible)).toBe(false);
  });

  it('an edited record is queued-for-push while the run that will push it is pulling, then linked', async () => {
    await h.itglue.admin.edit('organizations', eligible, { 'short-name': 'EXC' });
    // A slow BMS read keeps the run pulling for a while after its IT Glue refresh.
    await h.bms.admin.addFault({ kind: 'latency', method: 'GET', route: '/v2/crm/accounts/summary', latencyMs: 4_000, times: 1 });
    const sync = runSync(h, 'incremental');
    await until('the queued state', async () => (await allLinks(h, 'organization')).some((l) => l.itglueId === eligible && l.state === 'queued-for-push'));
    const report = await manageDataReport(h.database.db, h.integrationId);
    expect(report.entities.find((e) => e.entity === 'organization')!.counts['queued-for-push']).toBe(1);
    await sync;
    expect((await allLinks(h, 'organization')).find((l) => l.itglueId === eligible)).toMatchObject({ state: 'enabled' });
  });
});

