/**
 * Sync settings (SPEC §4) end to end: which account types and statuses, asset categories and
 * statuses sync, contacts on/off, and auto-create off (an unmatched BMS record is listed as
 * `unmatched` instead of created). Each scenario has its own integration and simulators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrationSettingsInput } from '../../domain/settings.js';
import type { DatasetInput } from '../../simulators/datasets/format.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, ASSET, CONTACT, LOCATION, smallDataset } from '../support/small-dataset.js';
import { allLinks, linkTable, logRows, resetCounters, runRow, runSync, writeCalls } from '../support/sync.js';

const ids = (...values: number[]) => values.map(String).sort();
const keys = (table: Record<string, string>) => Object.keys(table).sort();

function withHarness(dataset: DatasetInput, settings: IntegrationSettingsInput) {
  const state: { h?: Harness } = {};
  beforeAll(async () => {
    state.h = await createHarness({ dataset, settings });
  });
  afterAll(async () => state.h?.close());
  return () => state.h!;
}

describe('account types and statuses, asset categories and statuses, contacts off', () => {
  const harness = withHarness(smallDataset(), {
    accountTypes: ['Customer'],
    accountStatuses: ['active'],
    assetCategories: ['Server', 'Workstation'],
    assetStatuses: ['active'],
    contactsEnabled: false,
  });
  let runId: number;
  beforeAll(async () => {
    ({ runId } = await runSync(harness(), 'full'));
  });

  it('syncs only active accounts of a selected type, and only their locations', async () => {
    const h = harness();
    expect(keys(await linkTable(h, 'organization'))).toEqual(ids(ACCOUNT.holdings, ACCOUNT.contoso));
    expect(keys(await linkTable(h, 'location'))).toEqual(ids(LOCATION.holdingsHq, LOCATION.contosoMain));
    const names = (await h.itglue.admin.list<{ name: string }>('organizations')).map((o) => o.name).sort();
    expect(names).toEqual(['Contoso Ltd', 'Northwind Holdings']);
  });

  it('syncs only active assets of a selected category in a synced account', async () => {
    const h = harness();
    // printer: category not selected; firewall: category not selected; laptop and old PC: account not synced
    expect(keys(await linkTable(h, 'configuration'))).toEqual(ids(ASSET.server));
    expect((await h.itglue.admin.list<{ name: string }>('configurations')).map((c) => c.name)).toEqual(['CON-SRV-001']);
  });

  it('reads and writes no contact when contact sync is off', async () => {
    const h = harness();
    expect(await allLinks(h, 'contact')).toEqual([]);
    expect(await h.itglue.admin.list('contacts')).toEqual([]);
    // The contact list is not read (single contacts are, to check a configuration's contact account).
    const bms = Object.keys((await h.bms.admin.counters()).routes).filter((r) => r.includes('/contacts'));
    expect(bms.filter((r) => !r.startsWith('GET /v2/crm/contacts/summary/{id}'))).toEqual([]);
    const itglue = Object.keys((await h.itglue.admin.counters()).routes).filter((r) => r.includes('contacts'));
    expect(itglue).toEqual([]);
  });

  it('leaves ineligible records without a link and counts them', async () => {
    const h = harness();
    const run = await runRow(h, runId);
    expect(run!.counts.organization!.ineligible).toBe(3);
    expect((await allLinks(h)).filter((l) => l.state !== 'enabled')).toEqual([]);
  });
});

describe('inactive records only, another account type', () => {
  const harness = withHarness(smallDataset(), {
    accountTypes: ['Managed Client'],
    accountStatuses: ['active', 'inactive'],
    assetCategories: ['Workstation', 'Other'],
    assetStatuses: ['inactive'],
  });
  beforeAll(async () => {
    await runSync(harness(), 'full');
  });

  it('syncs the accounts of that type and only the inactive assets in them', async () => {
    const h = harness();
    expect(keys(await linkTable(h, 'organization'))).toEqual(ids(ACCOUNT.traders));
    expect(keys(await linkTable(h, 'location'))).toEqual(ids(LOCATION.tradersMain, LOCATION.tradersWarehouse));
    expect(keys(await linkTable(h, 'contact'))).toEqual(ids(CONTACT.maria));
    // the laptop is active: not selected
    expect(keys(await linkTable(h, 'configuration'))).toEqual(ids(ASSET.oldPc));
  });
});

describe('auto-create off', () => {
  // IT Glue already has Contoso and its server; nothing else.
  const dataset = smallDataset();
  dataset.itglue = {
    organizations: [{ id: '900', name: 'Contoso Ltd', 'organization-type-id': 1, 'organization-status-id': 1, 'created-at': '2020-01-01T00:00:00Z' }],
    configurations: [{ id: '950', 'organization-id': 900, name: 'CON-SRV-001', 'configuration-type-id': 3, 'serial-number': 'DL-SRV-1', 'created-at': '2020-01-01T00:00:00Z' }],
  };
  const harness = withHarness(dataset, {
    accountTypes: ['Customer', 'Managed Client', 'Prospect'],
    accountStatuses: ['active', 'inactive'],
    assetCategories: ['Server', 'Printer', 'Workstation', 'Firewall', 'Other'],
    assetStatuses: ['active', 'inactive'],
    autoCreate: { organizations: false, configurations: false },
  });
  let runId: number;
  beforeAll(async () => {
    ({ runId } = await runSync(harness(), 'full'));
  });

  it('links what matches and lists every other account as unmatched, creating no organization', async () => {
    const h = harness();
    const organizations = await allLinks(h, 'organization');
    expect(organizations.find((l) => l.bmsId === String(ACCOUNT.contoso))).toMatchObject({ state: 'enabled', itglueId: '900', matchRule: 'organization-name' });
    const unmatched = organizations.filter((l) => l.state === 'unmatched');
    expect(unmatched.map((l) => l.bmsId).sort()).toEqual(ids(ACCOUNT.holdings, ACCOUNT.traders, ACCOUNT.prospect, ACCOUNT.inactive));
    for (const l of unmatched) expect(l.itglueId).toBeNull();
    expect((await h.itglue.admin.list('organizations')).length).toBe(1);
    const logged = await logRows(h, { runId, entity: 'organization', action: 'unmatched' });
    expect(logged.map((l) => l.bmsId).sort()).toEqual(unmatched.map((l) => l.bmsId).sort());
    expect(logged[0]!.message).toMatch(/auto-create is off/);
  });

  it('lists an unmatched configuration as unmatched while other entities are still created', async () => {
    const h = harness();
    const configurations = await allLinks(h, 'configuration');
    expect(configurations.find((l) => l.bmsId === String(ASSET.server))).toMatchObject({ state: 'enabled', itglueId: '950' });
    expect(configurations.find((l) => l.bmsId === String(ASSET.printer))).toMatchObject({ state: 'unmatched', itglueId: null });
    expect((await h.itglue.admin.list('configurations')).length).toBe(1);
    // Locations and contacts of the linked account are created (their auto-create is on).
    expect(keys(await linkTable(h, 'location'))).toEqual(ids(LOCATION.contosoMain));
    expect(keys(await linkTable(h, 'contact'))).toEqual(ids(CONTACT.peter));
    // Children of unmatched accounts are not synced at all.
    expect((await allLinks(h, 'contact')).map((l) => l.bmsId)).toEqual([String(CONTACT.peter)]);
  });

  it('keeps them unmatched on the next run without writing or logging them again', async () => {
    const h = harness();
    await resetCounters(h);
    const next = await runSync(h, 'full');
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await logRows(h, { runId: next.runId, action: 'unmatched' })).toEqual([]);
    expect((await allLinks(h, 'organization')).filter((l) => l.state === 'unmatched')).toHaveLength(4);
    expect(next.counts.organization!['still-unmatched']).toBe(4);
  });
});
