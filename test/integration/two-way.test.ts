/**
 * Two-way sync (SPEC §8) and per-record control (§6, §9), against the real Temporal dev server,
 * PostgreSQL and both simulators over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manageDataReport } from '../../control/report.js';
import type { ConflictPolicy } from '../../domain/entities.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import type { RecordSyncInput } from '../../contract/inputs.js';
import { workflowIds } from '../../contract/ids.js';
import { cli, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import {
  ALL_ASSET_CATEGORIES,
  allLinks,
  logRows,
  resetCounters,
  rootMessage,
  runSync,
  setSettings as setSettingsOf,
  SYNC_EVERYTHING,
  writeCalls,
} from '../support/sync.js';

type Rec = Record<string, unknown>;
const generated = generateDatasetDetailed({ accounts: 4, seed: 11 });
const links = generated.expectedLinks;
let h: Harness;

async function push(): Promise<{ counts: Record<string, Record<string, number>> }> {
  return h.temporal.workflow.execute('twoWayPushWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
    args: [{ integrationId: h.integrationId }],
  });
}

async function recordSync(input: Omit<RecordSyncInput, 'integrationId'>): Promise<Rec> {
  return h.temporal.workflow.execute('recordSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `record-${randomUUID()}`,
    args: [{ integrationId: h.integrationId, ...input }],
  });
}

const setSettings = (patch: Record<string, unknown>) => setSettingsOf(h, patch);

const itg = {
  get: (collection: string, id: string) => h.itglue.admin.get<Rec>(collection, id),
  edit: (collection: string, id: string, patch: Rec) => h.itglue.admin.edit<Rec>(collection, id, patch),
  list: (collection: string) => h.itglue.admin.list<Rec>(collection),
};
const bms = {
  get: (collection: string, id: string | number) => h.bms.admin.get<Rec>(collection, id),
  edit: (collection: string, id: string | number, patch: Rec) => h.bms.admin.edit<Rec>(collection, id, patch),
};
const lookupId = async (collection: string, name: string) => {
  const row = (await itg.list(collection)).find((r) => String(r.name).toLowerCase() === name.toLowerCase());
  if (!row) throw new Error(`no ${collection} named ${name}`);
  return Number(row.id);
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const firstOf = (table: Record<string, string>) => Object.entries(table)[0]!;

beforeAll(async () => {
  h = await createHarness({
    dataset: generated.dataset,
    settings: { ...SYNC_EVERYTHING, twoWay: true, microsoftContacts: { autoPush: true, emailType: 'Work', phoneType: 'Mobile' } },
  });
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

describe('IT Glue → BMS', () => {
  it('pushes every mapped organization field edited in IT Glue', async () => {
    const [bmsId, itglueId] = firstOf(links.organization);
    await itg.edit('organizations', itglueId, {
      name: 'Compass Winery Group',
      'short-name': 'CWG',
      'organization-type-id': await lookupId('organizationTypes', 'Partner'),
    });
    await push();
    const account = await bms.get('accounts', bmsId);
    expect(account.accountName).toBe('Compass Winery Group');
    expect(account.accountCode).toBe('CWG');
    const types = await h.bms.admin.list<Rec>('accountTypes');
    expect(types.find((t) => t.id === account.accountTypeId)?.name).toBe('Partner');
    const [row] = (await logRows(h, { entity: 'organization', action: 'push', bmsId })).slice(-1);
    expect(row?.details).toMatchObject({ fields: expect.arrayContaining(['name', 'shortName', 'typeName']) });
  });

  it('pushes configuration fields, with only the primary interface’s IP and MAC', async () => {
    const [bmsId, itglueId] = firstOf(links.configuration);
    await itg.edit('configurations', itglueId, {
      name: 'CW-RENAMED-01',
      'asset-tag': 'TAG-42',
      'serial-number': 'SN-TWO-WAY-1',
      notes: 'edited in IT Glue',
      position: 'Rack 2',
      'default-gateway': '10.9.0.1',
      'purchased-at': '2024-02-29',
      'warranty-expires-at': '2027-03-01',
      'primary-ip': '10.9.0.50',
      'mac-address': 'AA:BB:CC:00:11:22',
      'configuration-status-id': await lookupId('configurationStatuses', 'Inactive'),
    });
    // A second, non-primary interface must not reach BMS.
    await h.itglue.admin.create('configurationInterfaces', { 'configuration-id': Number(itglueId), name: 'WLAN', 'ip-address': '192.168.77.7', 'mac-address': 'DE:AD:BE:EF:00:01', primary: false });
    await push();
    const asset = await bms.get('hardwareAssets', bmsId);
    expect(asset).toMatchObject({
      name: 'CW-RENAMED-01',
      assetTag: 'TAG-42',
      serialNumber: 'SN-TWO-WAY-1',
      description: 'edited in IT Glue',
      locationInfo: 'Rack 2',
      defaultGateway: '10.9.0.1',
      ipAddress: '10.9.0.50',
      macAddress: 'AA:BB:CC:00:11:22',
      isActive: false,
    });
    expect(String(asset.acquisitionDate)).toMatch(/^2024-02-29/);
    expect(String(asset.warrantyExpirationDate)).toMatch(/^2027-03-01/);
  });

  it('pushes contact fields: title, point of contact, e-mails and phones by type', async () => {
    const [bmsId, itglueId] = firstOf(links.contact);
    const before = await itg.get('contacts', itglueId);
    await itg.edit('contacts', itglueId, {
      title: 'Chief Wine Officer',
      important: true,
      'contact-emails': [
        ...(before['contact-emails'] as Rec[]),
        { value: 'second.address@example.com', primary: false, 'label-name': 'Personal' },
      ],
      'contact-phones': [{ value: '4155550199', extension: '12', primary: true, 'label-name': 'Mobile' }],
    });
    await push();
    const contact = await bms.get('contacts', bmsId);
    expect(contact.jobTitle).toBe('Chief Wine Officer');
    expect(contact.isPoc).toBe(true);
    const emails = contact.emails as Rec[];
    expect(emails.map((e) => String(e.emailAddress).toLowerCase())).toContain('second.address@example.com');
    const phones = contact.phones as Rec[];
    expect(phones).toHaveLength(1);
    expect(String(phones[0]!.phone).replace(/\D/g, '')).toBe('415555019912');
  });

  it('pushes location address fields to the account location (undocumented route, both sides told)', async () => {
    // BMS v2 has no route to edit a location (test/integration/location-holds.test.ts shows the default).
    await setSettings({ undocumentedBmsRoutes: true });
    await h.bms.admin.configure({ undocumentedRoutes: true });
    const [bmsId, itglueId] = firstOf(links.location);
    await itg.edit('locations', itglueId, { 'address-1': '1 Vineyard Road', city: 'Napa', 'postal-code': '94558', phone: '7075550100' });
    try {
      await push();
    } finally {
      await setSettings({ undocumentedBmsRoutes: false });
      await h.bms.admin.configure({ undocumentedRoutes: false });
    }
    const location = await bms.get('locations', bmsId);
    const main = (location.addresses as Rec[]).find((a) => a.isMain) ?? (location.addresses as Rec[])[0]!;
    expect(main).toMatchObject({ address1: '1 Vineyard Road', city: 'Napa', zipCode: '94558' });
    expect(String(main.phone).replace(/\D/g, '')).toBe('7075550100');
  });

  it('pushes references and lookups: location, contact, manufacturer, operating system, platform, parent organization', async () => {
    const [assetId, configId] = firstOf(links.configuration);
    const organizationLinks = (await allLinks(h, 'organization')).filter((l) => l.state === 'enabled');
    const [accountId, orgId] = firstOf(links.organization);
    const locationLinks = (await allLinks(h, 'location')).filter((l) => l.state === 'enabled' && l.itglueParentId === orgId);
    const contactLinks = (await allLinks(h, 'contact')).filter((l) => l.state === 'enabled' && l.itglueParentId === orgId);
    const otherLocation = locationLinks.at(-1)!;
    const contact = contactLinks[0]!;
    await itg.edit('configurations', configId, {
      'location-id': Number(otherLocation.itglueId),
      'contact-id': Number(contact.itglueId),
      'manufacturer-id': await lookupId('manufacturers', 'HP'),
      'operating-system-id': await lookupId('operatingSystems', 'Windows 11 Pro'),
      'platform-id': await lookupId('platforms', 'Windows'),
    });
    const parent = organizationLinks.find((l) => l.bmsId !== accountId)!;
    await itg.edit('organizations', orgId, { 'parent-id': Number(parent.itglueId) });
    await itg.edit('contacts', contact.itglueId!, { 'location-id': Number(otherLocation.itglueId) });
    await push();

    const { bms: api } = await h.deps.connectors.get(h.integrationId);
    const asset = await api.getHardwareAsset(Number(assetId));
    expect(asset).toMatchObject({
      accountLocationId: Number(otherLocation.bmsId),
      contactId: Number(contact.bmsId),
      manufacturer: 'HP',
      osInfo: 'Windows 11 Pro',
      osType: 'Windows',
    });
    expect((await api.getAccount(Number(accountId))).parentId).toBe(Number(parent.bmsId));
    expect((await api.getContact(Number(contact.bmsId))).locationId).toBe(Number(otherLocation.bmsId));
  });

  it('does not ping-pong: a pushed change does not come back as a change on the next pull', async () => {
    await resetCounters(h);
    await runSync(h, 'incremental');
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
    await push();
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
  });
});

describe('conflicts, per policy', () => {
  const cases: { policy: ConflictPolicy; edits: 'bms-last' | 'itglue-last'; winner: 'bms' | 'itglue' }[] = [
    { policy: 'bms-wins', edits: 'bms-last', winner: 'bms' },
    { policy: 'bms-wins', edits: 'itglue-last', winner: 'bms' },
    { policy: 'itglue-wins', edits: 'bms-last', winner: 'itglue' },
    { policy: 'newest-wins', edits: 'bms-last', winner: 'bms' },
    { policy: 'newest-wins', edits: 'itglue-last', winner: 'itglue' },
  ];
  for (const [index, c] of cases.entries()) {
    it(`${c.policy}, ${c.edits === 'bms-last' ? 'BMS' : 'IT Glue'} edited last → ${c.winner} wins and the conflict is logged`, async () => {
      await setSettings({ conflictPolicy: c.policy });
      const [bmsId, itglueId] = firstOf(links.organization);
      const bmsValue = `BMS-${index}`;
      const itgValue = `ITG-${index}`;
      const editBms = () => bms.edit('accounts', bmsId, { accountCode: bmsValue });
      const editItg = () => itg.edit('organizations', itglueId, { 'short-name': itgValue });
      if (c.edits === 'bms-last') {
        await editItg();
        await pause(1_100);
        await editBms();
      } else {
        await editBms();
        await pause(1_100);
        await editItg();
      }
      await runSync(h, 'incremental');
      const expected = c.winner === 'bms' ? bmsValue : itgValue;
      expect((await bms.get('accounts', bmsId)).accountCode).toBe(expected);
      expect((await itg.get('organizations', itglueId))['short-name']).toBe(expected);
      const conflicts = (await logRows(h, { entity: 'organization', action: 'conflict', bmsId })).filter(
        (r) => (r.details as Rec).bms === bmsValue,
      );
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.details).toMatchObject({ field: 'shortName', bms: bmsValue, itglue: itgValue, winner: c.winner });
      expect(conflicts[0]!.message).toContain(bmsValue);
      expect(conflicts[0]!.message).toContain(itgValue);
    });
  }
  afterAll(async () => setSettings({ conflictPolicy: 'bms-wins' }));
});

describe('records that existed before two-way was enabled', () => {
  it('stay not-yet-pushed until edited, then are pushed and linked', async () => {
    const linked = new Set((await allLinks(h, 'configuration')).map((l) => l.itglueId));
    const syncedOrganizations = new Set(Object.values(links.organization));
    const configs = await itg.list('configurations');
    const typeName = new Map((await itg.list('configurationTypes')).map((t) => [Number(t.id), String(t.name)]));
    const statusName = new Map((await itg.list('configurationStatuses')).map((t) => [Number(t.id), String(t.name)]));
    // Only records of synced organizations whose type and status are synced are pushed at all.
    const unlinked = configs.filter(
      (c) =>
        syncedOrganizations.has(String(c['organization-id'])) &&
        !linked.has(String(c.id)) &&
        ALL_ASSET_CATEGORIES.includes(typeName.get(Number(c['configuration-type-id'])) ?? '') &&
        ['Active', 'Inactive'].includes(statusName.get(Number(c['configuration-status-id'])) ?? ''),
    );
    expect(unlinked.length).toBeGreaterThan(0);
    const target = unlinked[0]!;

    await push();
    expect((await allLinks(h, 'configuration')).some((l) => l.itglueId === String(target.id))).toBe(false);
    const report = await manageDataReport(h.database.db, h.integrationId);
    expect(report.entities.find((e) => e.entity === 'configuration')!.counts['not-yet-pushed']).toBeGreaterThanOrEqual(unlinked.length);

    await itg.edit('configurations', String(target.id), { notes: 'edited after two-way was enabled' });
    await push();
    const link = (await allLinks(h, 'configuration')).find((l) => l.itglueId === String(target.id));
    expect(link?.state).toBe('enabled');
    const asset = await bms.get('hardwareAssets', link!.bmsId!);
    expect(asset.name).toBe(target.name);
    expect(asset.description).toBe('edited after two-way was enabled');
  });
});

describe('Microsoft 365 contacts', () => {
  // The generator puts them in an IT Glue-only organization: push that organization first.
  const msContacts = generated.dataset.itglue!.contacts.filter((c) => c['adapters-resources']);
  const organizationId = String(msContacts[0]!['organization-id']);

  it('are pushed without an edit when complete, and held naming what is missing otherwise', async () => {
    const org = await recordSync({ entity: 'organization', itglueId: organizationId, action: 'sync' });
    expect(org.state).toBe('enabled');
    await push();
    const byItGlue = new Map((await allLinks(h, 'contact')).map((l) => [l.itglueId!, l]));
    const missing = (contact: Rec) => [
      ...((contact['contact-phones'] as unknown[]).length === 0 ? ['a phone number'] : []),
      ...(contact['location-id'] == null ? ['a location'] : []),
    ];
    const complete = msContacts.filter((c) => missing(c).length === 0);
    const incomplete = msContacts.filter((c) => missing(c).length > 0);
    // The generated data has every case: complete, no phone, no location.
    expect(complete.length).toBeGreaterThan(0);
    expect(incomplete.map(missing).flat()).toEqual(expect.arrayContaining(['a phone number', 'a location']));

    // Read through the API, which names the types.
    const { bms: api } = await h.deps.connectors.get(h.integrationId);
    for (const contact of complete) {
      const link = byItGlue.get(String(contact.id));
      expect(link?.state, `contact ${String(contact.id)}`).toBe('enabled');
      const created = await api.getContact(Number(link!.bmsId));
      expect(created.firstName).toBe(contact['first-name']);
      expect(created.phones.length).toBeGreaterThan(0);
      expect(created.phones.map((p) => p.phoneType)).toEqual(created.phones.map(() => 'Mobile'));
      expect(created.emails.length).toBeGreaterThan(0);
      expect(created.emails.map((e) => e.emailType)).toEqual(created.emails.map(() => 'Work'));
    }
    for (const contact of incomplete) {
      const link = byItGlue.get(String(contact.id));
      expect(link?.state, `contact ${String(contact.id)}`).toBe('held');
      for (const what of missing(contact)) expect(link?.reason, `contact ${String(contact.id)}`).toContain(what);
    }
    const holds = await logRows(h, { entity: 'contact', action: 'hold' });
    expect(holds.map((row) => row.itglueId).sort()).toEqual(incomplete.map((c) => String(c.id)).sort());
  });
});

describe('sync-now and per-record control', () => {
  it('pulls one record now, for each entity', async () => {
    const [accountId, orgId] = firstOf(links.organization);
    await bms.edit('accounts', accountId, { accountName: 'Sync Now Account' });
    expect((await recordSync({ entity: 'organization', bmsId: accountId, action: 'sync' })).state).toBe('enabled');
    expect((await itg.get('organizations', orgId)).name).toBe('Sync Now Account');

    const [contactId, itgContactId] = firstOf(links.contact);
    await bms.edit('contacts', contactId, { lastName: 'Nowell' });
    await recordSync({ entity: 'contact', bmsId: contactId, action: 'sync' });
    expect((await itg.get('contacts', itgContactId))['last-name']).toBe('Nowell');

    const [assetId, configId] = Object.entries(links.configuration)[1]!;
    await bms.edit('hardwareAssets', assetId, { assetTag: 'NOW-1' });
    await recordSync({ entity: 'configuration', bmsId: assetId, action: 'sync' });
    expect((await itg.get('configurations', configId))['asset-tag']).toBe('NOW-1');

    const [locationId, itgLocationId] = firstOf(links.location);
    const location = await bms.get('locations', locationId);
    await bms.edit('locations', locationId, { locationName: 'Cellar Door', addresses: location.addresses });
    await recordSync({ entity: 'location', bmsId: locationId, action: 'sync' });
    expect((await itg.get('locations', itgLocationId)).name).toBe('Cellar Door');
  });

  it('leaves a disabled record untouched by a full sync, and syncs it again once enabled', async () => {
    const [assetId, configId] = Object.entries(links.configuration)[2]!;
    const disabled = await recordSync({ entity: 'configuration', bmsId: assetId, action: 'disable', requestedBy: 'tech@msp.example' });
    expect(disabled.state).toBe('disabled');
    const before = await itg.get('configurations', configId);
    await bms.edit('hardwareAssets', assetId, { name: 'SHOULD-NOT-ARRIVE' });
    await runSync(h, 'full');
    expect((await itg.get('configurations', configId)).name).toBe(before.name);

    const enabled = await recordSync({ entity: 'configuration', bmsId: assetId, action: 'enable' });
    expect(enabled.state).toBe('enabled');
    expect((await itg.get('configurations', configId)).name).toBe('SHOULD-NOT-ARRIVE');
  });

  it('deletes the IT Glue record of an orphan on request, and refuses for a synced one', async () => {
    const [assetId, configId] = Object.entries(links.configuration)[3]!;
    const refused = await recordSync({ entity: 'configuration', bmsId: assetId, action: 'delete-orphan' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(rootMessage(refused)).toBe('only an orphaned record can be deleted (this one is enabled)');
    expect(await itg.get('configurations', configId)).toBeTruthy();
    await h.bms.admin.remove('hardwareAssets', assetId);
    await runSync(h, 'full');
    const orphan = (await allLinks(h, 'configuration')).find((l) => l.bmsId === assetId);
    expect(orphan).toMatchObject({ state: 'orphaned', reason: expect.stringContaining('deleted in BMS') });
    expect(await itg.get('configurations', configId)).toBeTruthy();

    const result = await recordSync({ entity: 'configuration', bmsId: assetId, action: 'delete-orphan' });
    expect(result.state).toBe('deleted');
    await expect(itg.get('configurations', configId)).rejects.toThrow(/404/);
    expect((await allLinks(h, 'configuration')).some((l) => l.bmsId === assetId)).toBe(false);
  });

  it('is safe to start twice for the same record', async () => {
    const [contactId] = Object.entries(links.contact)[1]!;
    const input = { integrationId: h.integrationId, entity: 'contact' as const, bmsId: contactId, action: 'sync' as const };
    const { startRecordSync } = await import('../../control/start.js');
    const [a, b] = await Promise.all([startRecordSync(h.temporal, h.taskQueue, input), startRecordSync(h.temporal, h.taskQueue, input)]);
    expect(a.firstExecutionRunId).toBe(b.firstExecutionRunId);
    expect((await a.result()).state).toBe('enabled');
  });
});

describe('the Manage-data report', () => {
  it('counts records per state, the same from the CLI and from a finished full sync', async () => {
    await runSync(h, 'incremental');
    const handle = h.temporal.workflow.getHandle(workflowIds.fullSync(h.integrationId));
    const queried = (await handle.query('report')) as { entities: { entity: string; counts: Record<string, number> }[] };
    useTestStackForCli(h);
    const printed = JSON.parse(await cli('report', h.integrationId, '--json')) as {
      entities: { entity: string; syncEnabled: boolean; counts: Record<string, number>; lastSyncedAt: string | null }[];
    };
    expect(printed.entities.map((e) => e.entity)).toEqual(['organization', 'location', 'contact', 'configuration', 'ticket']);
    // Tickets are off here: listed, not synced.
    expect(printed.entities.find((e) => e.entity === 'ticket')).toMatchObject({ syncEnabled: false, counts: expect.objectContaining({ enabled: 0 }) });
    expect(printed.entities.map(({ entity, counts }) => ({ entity, counts }))).toEqual(queried.entities.map(({ entity, counts }) => ({ entity, counts })));
    const configuration = printed.entities.find((e) => e.entity === 'configuration')!;
    expect(configuration.counts.enabled).toBeGreaterThan(0);
    expect(configuration.counts.orphaned ?? 0).toBe(0);
    expect(configuration.lastSyncedAt).not.toBeNull();
    const held = (await allLinks(h, 'contact')).filter((l) => l.state === 'held').length;
    expect(held).toBeGreaterThanOrEqual(3);
    expect(printed.entities.find((e) => e.entity === 'contact')!.counts.held).toBe(held);
    // The table an operator reads shows the same numbers.
    const table = await cli('report', h.integrationId);
    expect(table).toMatch(new RegExp(`configuration.*\\b${configuration.counts.enabled}\\b`));
  });
});
