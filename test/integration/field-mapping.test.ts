/**
 * Field mapping (SPEC §3) end to end: BMS accounts, locations, contacts and hardware assets with
 * every mapped field set are synced by a full sync into an empty IT Glue, and each IT Glue
 * record's attributes are read back from the IT Glue simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, ASSET, CONTACT, LOCATION, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linkTable, logRows, runSync, type LogRow } from '../support/sync.js';

type Attributes = Record<string, unknown>;

let h: Harness;
let runId: number;
const itglueId = {} as Record<'organization' | 'location' | 'contact' | 'configuration', Record<string, string>>;
let lookups: Record<string, Attributes[]>;
let warnings: LogRow[];

/** The IT Glue record linked to a BMS record, as the IT Glue simulator stores it. */
async function itglueRecord(entity: keyof typeof itglueId, bmsId: number): Promise<Attributes> {
  const collection = { organization: 'organizations', location: 'locations', contact: 'contacts', configuration: 'configurations' }[entity];
  const id = itglueId[entity][String(bmsId)];
  expect(id, `${entity} ${bmsId} is linked`).toBeDefined();
  return h.itglue.admin.get<Attributes>(collection, id!);
}

/** Name of an IT Glue lookup row by id (organization types, models, regions, …). */
function lookupName(collection: string, id: unknown): string | undefined {
  return lookups[collection]!.find((r) => String(r.id) === String(id))?.name as string | undefined;
}

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL });
  ({ runId } = await runSync(h, 'full'));
  for (const entity of ['organization', 'location', 'contact', 'configuration'] as const) itglueId[entity] = await linkTable(h, entity);
  const dump = await h.itglue.admin.dump<Record<string, Attributes[]>>();
  lookups = dump;
  warnings = await logRows(h, { runId, action: 'warning' });
});
afterAll(async () => h?.close());

describe('organization ↔ account', () => {
  it('maps name, type, status and short name, and sets the parent once both exist', async () => {
    const holdings = await itglueRecord('organization', ACCOUNT.holdings);
    const traders = await itglueRecord('organization', ACCOUNT.traders);
    const inactive = await itglueRecord('organization', ACCOUNT.inactive);
    expect(holdings).toMatchObject({ name: 'Northwind Holdings', 'short-name': 'NWH', 'parent-id': null });
    expect(lookupName('organizationTypes', holdings['organization-type-id'])).toBe('Customer');
    expect(lookupName('organizationStatuses', holdings['organization-status-id'])).toBe('Active');
    expect(traders).toMatchObject({ name: 'Northwind Traders', 'short-name': 'NWT', 'parent-id': Number(itglueId.organization[ACCOUNT.holdings]) });
    expect(lookupName('organizationStatuses', inactive['organization-status-id'])).toBe('Inactive');
  });

  it('creates an organization type IT Glue lacks, once', async () => {
    const traders = await itglueRecord('organization', ACCOUNT.traders);
    expect(lookupName('organizationTypes', traders['organization-type-id'])).toBe('Managed Client');
    expect(lookups.organizationTypes!.filter((t) => t.name === 'Managed Client')).toHaveLength(1);
  });

  it('marks the main location as the primary location', async () => {
    expect(await itglueRecord('location', LOCATION.tradersMain)).toMatchObject({ primary: true });
    expect(await itglueRecord('location', LOCATION.tradersWarehouse)).toMatchObject({ primary: false });
  });
});

describe('location ↔ account location', () => {
  it('maps the main address, with phone and fax', async () => {
    const hq = await itglueRecord('location', LOCATION.holdingsHq);
    expect(hq).toMatchObject({
      'organization-id': Number(itglueId.organization[ACCOUNT.holdings]),
      name: 'HQ',
      'address-1': '1 Front Street West',
      'address-2': 'Suite 100',
      city: 'Toronto',
      'postal-code': 'M5J 2X5',
      // IT Glue keeps the digits of phone numbers
      phone: '4165550100',
      fax: '4165550199',
    });
    expect(lookupName('countries', hq['country-id'])).toBe('Canada');
  });

  it('matches the state to the IT Glue region by ISO code or name within the country, and the country by name or ISO code', async () => {
    const hq = await itglueRecord('location', LOCATION.holdingsHq); // state "ON", country "Canada"
    const main = await itglueRecord('location', LOCATION.tradersMain); // state "California", country "United States"
    const warehouse = await itglueRecord('location', LOCATION.tradersWarehouse); // state "CA", country "US"
    expect(lookupName('regions', hq['region-id'])).toBe('Ontario');
    expect(lookupName('regions', main['region-id'])).toBe('California');
    expect(lookupName('regions', warehouse['region-id'])).toBe('California');
    expect(lookupName('countries', warehouse['country-id'])).toBe('United States');
    expect(warehouse).toMatchObject({ 'address-2': 'Gate 4', 'postal-code': '94607', phone: '5105550177', fax: '5105550178' });
  });
});

describe('contact ↔ contact', () => {
  it('maps names, title, e-mails and phones with their types and primary flags, location and point of contact', async () => {
    const maria = await itglueRecord('contact', CONTACT.maria);
    expect(maria).toMatchObject({
      'organization-id': Number(itglueId.organization[ACCOUNT.traders]),
      'first-name': 'Maria',
      'last-name': 'Anders',
      title: 'Operations Manager',
      important: true,
      'location-id': Number(itglueId.location[LOCATION.tradersWarehouse]),
    });
    expect(maria['contact-emails']).toEqual([
      expect.objectContaining({ value: 'maria.anders@northwind.example', primary: true, 'label-name': 'Work' }),
      expect.objectContaining({ value: 'maria@home.example', primary: false, 'label-name': 'Personal' }),
    ]);
    expect(maria['contact-phones']).toEqual([
      expect.objectContaining({ value: '4155550143', primary: true, 'label-name': 'Work' }),
      expect.objectContaining({ value: '4155550199', primary: false, 'label-name': 'Mobile' }),
    ]);
    const hanna = await itglueRecord('contact', CONTACT.hanna);
    expect(hanna).toMatchObject({ title: null, important: false, 'contact-emails': [], 'contact-phones': [] });
  });
});

describe('configuration ↔ hardware asset', () => {
  it('maps every field, with dates as dates only', async () => {
    const laptop = await itglueRecord('configuration', ASSET.laptop);
    expect(laptop).toMatchObject({
      'organization-id': Number(itglueId.organization[ACCOUNT.traders]),
      name: 'NWT-LT-001',
      'asset-tag': 'NW-0001',
      'default-gateway': '10.1.2.1',
      'contact-id': Number(itglueId.contact[CONTACT.maria]),
      'location-id': Number(itglueId.location[LOCATION.tradersWarehouse]),
      notes: 'Dispatcher laptop',
      position: 'Dispatch desk 2',
      'serial-number': 'FRM13-7788-A',
      'purchased-at': '2023-01-10',
      'warranty-expires-at': '2026-01-09',
      'primary-ip': '10.1.2.3',
      'mac-address': '00:1A:2B:3C:4D:5E',
    });
    expect(lookupName('configurationStatuses', laptop['configuration-status-id'])).toBe('Active');
    expect(lookupName('operatingSystems', laptop['operating-system-id'])).toBe('Windows 11');
    expect(lookupName('platforms', laptop['platform-id'])).toBe('Windows');
  });

  it('creates the configuration type, manufacturer and model IT Glue lacks (the model under its manufacturer)', async () => {
    const laptop = await itglueRecord('configuration', ASSET.laptop);
    expect(lookupName('configurationTypes', laptop['configuration-type-id'])).toBe('Other');
    expect(lookupName('manufacturers', laptop['manufacturer-id'])).toBe('Framework');
    const model = lookups.models!.find((m) => String(m.id) === String(laptop['model-id']));
    expect(model).toMatchObject({ name: 'Laptop 13 (2024)', 'manufacturer-id': laptop['manufacturer-id'] });
    for (const [collection, name] of [['configurationTypes', 'Other'], ['manufacturers', 'Framework'], ['models', 'Laptop 13 (2024)']] as const) {
      expect(lookups[collection]!.filter((r) => r.name === name), collection).toHaveLength(1);
    }
  });

  it('uses existing lookups by name instead of creating them', async () => {
    const oldPc = await itglueRecord('configuration', ASSET.oldPc);
    expect(lookupName('configurationTypes', oldPc['configuration-type-id'])).toBe('Workstation');
    expect(lookupName('manufacturers', oldPc['manufacturer-id'])).toBe('Dell');
    expect(lookupName('models', oldPc['model-id'])).toBe('OptiPlex 7010');
    expect(lookups.models!.filter((m) => m.name === 'OptiPlex 7010')).toHaveLength(1);
    expect(lookupName('configurationStatuses', oldPc['configuration-status-id'])).toBe('Inactive');
  });

  it('leaves an unknown operating system and platform empty and logs a warning for each (IT Glue lists are read-only)', async () => {
    const oldPc = await itglueRecord('configuration', ASSET.oldPc);
    expect(oldPc['operating-system-id']).toBeNull();
    expect(oldPc['platform-id']).toBeNull();
    const mine = warnings.filter((w) => w.entity === 'configuration' && w.bmsId === String(ASSET.oldPc)).map((w) => w.message);
    expect(mine).toContainEqual(expect.stringContaining('no operating system named "Windows 3.11"'));
    expect(mine).toContainEqual(expect.stringContaining('no platform named "BeOS"'));
    expect(lookups.operatingSystems!.some((o) => o.name === 'Windows 3.11')).toBe(false);
    expect(lookups.platforms!.some((p) => p.name === 'BeOS')).toBe(false);
  });

  it('leaves the contact empty when the BMS contact belongs to another account, and logs it', async () => {
    const oldPc = await itglueRecord('configuration', ASSET.oldPc);
    expect(oldPc['contact-id']).toBeNull();
    const mine = warnings.filter((w) => w.entity === 'configuration' && w.bmsId === String(ASSET.oldPc)).map((w) => w.message);
    expect(mine).toContainEqual(`BMS contact ${CONTACT.peter} belongs to another account (${ACCOUNT.contoso}); the contact is left empty`);
    // The same contact on an asset of its own account is mapped.
    const server = await itglueRecord('configuration', ASSET.server);
    expect(server['contact-id']).toBe(Number(itglueId.contact[CONTACT.peter]));
  });

  it('puts the IP and MAC address on the primary interface', async () => {
    const interfaces = lookups.configurationInterfaces!.filter((i) => String(i['configuration-id']) === itglueId.configuration[ASSET.laptop]);
    expect(interfaces).toEqual([expect.objectContaining({ primary: true, 'ip-address': '10.1.2.3', 'mac-address': '00:1A:2B:3C:4D:5E' })]);
  });
});
