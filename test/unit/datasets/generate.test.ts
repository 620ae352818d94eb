import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchKey, normalizeMac } from '../../../domain/normalize.js';
import { demoDataset } from '../../../simulators/datasets/demo.js';
import { datasetSchema, type Dataset } from '../../../simulators/datasets/format.js';
import {
  BACKUP_TYPE,
  CASE_KINDS,
  MICROSOFT_365_TYPE,
  generateDataset,
  generateDatasetDetailed,
  resolveOptions,
  type TrickyCase,
} from '../../../simulators/datasets/generate.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const base = generateDatasetDetailed();
const { dataset } = base;
const bms = dataset.bms!;
const itg = dataset.itglue!;

/** BMS times carry no zone (server UTC); IT Glue times do. */
const ms = (t: string | null | undefined): number => (t ? Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t}Z`) : Number.NaN);
const ids = (list: readonly { id: unknown }[]) => new Set(list.map((r) => String(r.id)));
function expectUnique(list: readonly { id?: unknown }[], what: string): void {
  const seen = new Set<string>();
  for (const r of list) {
    expect(r.id, `${what} without id`).toBeDefined();
    expect(seen.has(String(r.id)), `duplicate ${what} id ${String(r.id)}`).toBe(false);
    seen.add(String(r.id));
  }
}
const lookupIds = (d: Dataset, table: string) => new Set((d.bms!.lookups[table] ?? []).map((r) => r.id));
const foreignContactAssets = (cases: TrickyCase[]) => new Set(cases.filter((c) => c.kind === 'foreign-contact').map((c) => Number(c.bmsId)));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('generateDataset: determinism and sizes', () => {
  const small = { seed: 5, accounts: 12, assets: 300 };

  it('gives the same dataset for the same seed, whatever the clock and Math.random say', () => {
    const first = generateDataset(small);
    vi.useFakeTimers({ now: new Date('2001-02-03T04:05:06Z') });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const second = generateDataset(small);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives a different dataset for another seed', () => {
    const a = generateDataset(small);
    const b = generateDataset({ ...small, seed: 6 });
    expect(b.dataset.bms!.accounts.map((x) => x.accountName)).not.toEqual(a.dataset.bms!.accounts.map((x) => x.accountName));
    expect(JSON.stringify(b.dataset)).not.toBe(JSON.stringify(a.dataset));
  });

  it('uses the documented defaults, and the demo dataset is the default one', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({
      seed: 1,
      accounts: 25,
      locations: 50,
      contacts: 250,
      assets: 1250,
      tickets: 150,
      itglueOverlap: 0.3,
      itglueOnlyOrganizations: 2,
      cases: true,
      now: '2026-11-01T00:00:00Z',
      apiKey: 'ITG.demo-key',
      bms: { tenant: 'DemoMSP', userName: 'api.sync', password: 'demo-password', userType: 'ApiEmployee' },
    });
    expect(demoDataset()).toEqual(dataset);
    expect(bms.tenant).toBe('DemoMSP');
    expect(bms.users).toEqual([expect.objectContaining({ userName: 'api.sync', password: 'demo-password', userType: 'ApiEmployee', hasApiAccess: true })]);
    expect(itg.apiKeys).toEqual(['ITG.demo-key']);
  });

  it('respects the requested sizes', () => {
    const r = generateDataset({ seed: 3, accounts: 40, locations: 95, contacts: 333, assets: 1234, tickets: 77, itglueOverlap: 0.5, itglueOnlyOrganizations: 4 });
    const d = r.dataset;
    expect(d.bms!.accounts).toHaveLength(40);
    expect(d.bms!.accounts.reduce((n, a) => n + a.locations.length, 0)).toBe(95);
    expect(d.bms!.contacts).toHaveLength(333);
    expect(d.bms!.hardwareAssets).toHaveLength(1234);
    expect(d.bms!.tickets).toHaveLength(77);
    expect(r.summary['overlap.accounts']).toBe(20);
    expect(r.summary['expected.organizationLinks']).toBe(20);
    // Copies of the overlapping accounts, their decoys, the IT Glue-only ones and the MSP's own.
    expect(d.itglue!.organizations).toHaveLength(20 + r.summary['cases.duplicate-organization-earliest']! + 4 + 1);
    expect(r.summary['bms.hardwareAssets']).toBe(1234);
  });

  it('has no copies and no cases without overlap, and copies every account at full overlap', () => {
    const none = generateDataset({ accounts: 10, itglueOverlap: 0 });
    expect(none.cases).toEqual([]);
    expect(none.summary['expected.organizationLinks']).toBe(0);
    expect(none.dataset.itglue!.organizations).toHaveLength(resolveOptions({ accounts: 10 }).itglueOnlyOrganizations + 1);
    const all = generateDataset({ accounts: 10, itglueOverlap: 1, cases: false });
    expect(all.cases).toEqual([]);
    expect(all.summary['expected.organizationLinks']).toBe(10);
  });

  it('passes the dataset format schema unchanged (nothing relies on defaults)', () => {
    const parsed = datasetSchema.parse(dataset);
    expect(parsed).toEqual(dataset);
  });
});

describe('generateDataset: options', () => {
  it.each([
    [{ accounts: 1001 }, /accounts: .*1000/],
    [{ accounts: 0 }, /accounts/],
    [{ seed: 1.5 }, /seed/],
    [{ itglueOverlap: 1.5 }, /itglueOverlap/],
    [{ accounts: 10, locations: 5 }, /locations: must be at least the number of accounts/],
    [{ assets: 100_001 }, /assets/],
    [{ contacts: -1 }, /contacts/],
    [{ now: 'yesterday' }, /now/],
    [{ apiKey: '' }, /apiKey/],
    [{ bms: { userType: 'Admin' } }, /bms\.userType/],
    [{ colour: 'red' }, /colour: unknown option/],
  ])('rejects %j naming the field', (options, message) => {
    expect(() => generateDataset(options as never)).toThrow(message);
  });

  it('reports every bad field at once', () => {
    expect(() => generateDataset({ accounts: 0, itglueOverlap: -1 })).toThrow(/accounts.*itglueOverlap/);
  });

  it('takes the BMS user and the IT Glue key from the options', () => {
    const d = generateDataset({ accounts: 3, apiKey: 'ITG.other', bms: { tenant: 'Acme IT', userName: 'jane', password: 'pw', userType: 'Employee' } }).dataset;
    expect(d.bms!.tenant).toBe('Acme IT');
    expect(d.bms!.users[0]).toMatchObject({ userName: 'jane', password: 'pw', userType: 'Employee' });
    expect(d.itglue!.apiKeys).toEqual(['ITG.other']);
  });
});

function checkBmsIntegrity(d: Dataset, cases: TrickyCase[]): void {
  const b = d.bms!;
  const accountIds = ids(b.accounts);
  const locationOwner = new Map<number, number>();
  for (const a of b.accounts) for (const l of a.locations) locationOwner.set(l.id, a.id);
  const contactOwner = new Map(b.contacts.map((c) => [c.id, c.accountId]));
  const assetOwner = new Map(b.hardwareAssets.map((a) => [a.id, a.accountId]));
  const employees = ids(b.employees);
  const foreign = foreignContactAssets(cases);

  expectUnique(b.accounts, 'account');
  expectUnique(b.accounts.flatMap((a) => a.locations), 'location');
  expectUnique(b.accounts.flatMap((a) => a.locations.flatMap((l) => l.addresses)), 'address');
  expectUnique(b.contacts, 'contact');
  expectUnique(b.contacts.flatMap((c) => c.emails), 'e-mail');
  expectUnique(b.contacts.flatMap((c) => c.phones), 'phone');
  expectUnique(b.hardwareAssets, 'asset');
  expectUnique(b.tickets, 'ticket');
  expectUnique(b.contracts, 'contract');
  expectUnique(b.contracts.flatMap((c) => c.services), 'service line');
  expectUnique(b.employees, 'employee');

  const accountTypes = ids(b.accountTypes);
  for (const a of b.accounts) {
    expect(accountTypes.has(String(a.accountTypeId))).toBe(true);
    if (a.parentId != null) {
      expect(accountIds.has(String(a.parentId))).toBe(true);
      expect(a.parentId).not.toBe(a.id);
    }
    expect(lookupIds(d, 'BusinessType').has(a.businessTypeId!)).toBe(true);
    expect(employees.has(String(a.accountManagerId))).toBe(true);
    expect(a.locations.length).toBeGreaterThan(0);
    expect(a.locations.filter((l) => l.isMain)).toHaveLength(1);
    expect(a.locations[0]!.isMain).toBe(true);
    for (const l of a.locations) {
      expect(l.addresses.filter((x) => x.isMain)).toHaveLength(1);
      for (const x of l.addresses) expect(lookupIds(d, 'Country').has(x.countryId!)).toBe(true);
    }
  }
  for (const c of b.contacts) {
    expect(accountIds.has(String(c.accountId))).toBe(true);
    if (c.locationId != null) expect(locationOwner.get(c.locationId)).toBe(c.accountId);
    expect(c.emails.length).toBeGreaterThanOrEqual(1);
    expect(c.emails.length).toBeLessThanOrEqual(2);
    expect(c.phones.length).toBeGreaterThanOrEqual(1);
    expect(c.phones.length).toBeLessThanOrEqual(3);
    expect(c.emails.filter((e) => e.isDefault)).toHaveLength(1);
    expect(c.phones.filter((p) => p.isDefault)).toHaveLength(1);
    for (const e of c.emails) expect(lookupIds(d, 'EmailType').has(e.emailTypeId)).toBe(true);
    for (const p of c.phones) expect(lookupIds(d, 'PhoneType').has(p.phoneTypeId)).toBe(true);
  }
  for (const a of b.hardwareAssets) {
    expect(locationOwner.get(a.accountLocationId)).toBe(a.accountId);
    expect(lookupIds(d, 'AssetCategory').has(a.categoryId)).toBe(true);
    expect(lookupIds(d, 'Manufacturer').has(a.manufacturerId!)).toBe(true);
    expect(lookupIds(d, 'AssetStatus').has(a.stateId!)).toBe(true);
    if (a.contactId != null) {
      expect(contactOwner.has(a.contactId)).toBe(true);
      // Only the deliberate foreign-contact cases point at another account's contact.
      expect(contactOwner.get(a.contactId) === a.accountId || foreign.has(a.id), `asset ${a.id} contact ${a.contactId}`).toBe(true);
    }
  }
  for (const t of b.tickets) {
    expect(accountIds.has(String(t.accountId))).toBe(true);
    if (t.locationId != null) expect(locationOwner.get(t.locationId)).toBe(t.accountId);
    if (t.contactId != null) expect(contactOwner.get(t.contactId)).toBe(t.accountId);
    if (t.hardwareAssetId != null) expect(assetOwner.get(t.hardwareAssetId)).toBe(t.accountId);
    if (t.assigneeId != null) expect(employees.has(String(t.assigneeId))).toBe(true);
    expect(lookupIds(d, 'TicketStatus').has(t.statusId)).toBe(true);
    expect(lookupIds(d, 'TicketPriority').has(t.priorityId)).toBe(true);
    expect(lookupIds(d, 'TicketType').has(t.typeId!)).toBe(true);
    expect(lookupIds(d, 'Queue').has(t.queueId!)).toBe(true);
  }
  const services = ids(b.services);
  for (const c of b.contracts) {
    expect(accountIds.has(String(c.accountId))).toBe(true);
    expect(lookupIds(d, 'BillingCycle').has(c.billingCycleId!)).toBe(true);
    expect(c.services.length).toBeGreaterThan(0);
    for (const line of c.services) expect(services.has(String(line.serviceId))).toBe(true);
  }
  const timed = [...b.accounts, ...b.accounts.flatMap((a) => a.locations), ...b.contacts, ...b.hardwareAssets, ...b.tickets];
  for (const r of timed) {
    expect(ms(r.createdOn)).toBeLessThanOrEqual(ms(r.modifiedOn));
    expect(ms(r.modifiedOn)).toBeLessThanOrEqual(NOW);
  }
}

function checkItGlueIntegrity(d: Dataset): void {
  const i = d.itglue!;
  const collections = ['organizations', 'locations', 'contacts', 'configurations', 'configurationInterfaces', 'flexibleAssetTypes', 'flexibleAssetFields', 'flexibleAssets', 'passwords', 'documents', 'organizationTypes', 'organizationStatuses', 'configurationTypes', 'configurationStatuses', 'contactTypes', 'manufacturers', 'models', 'operatingSystems', 'platforms', 'countries', 'regions', 'passwordCategories'] as const;
  for (const c of collections) expectUnique(i[c], c);

  const has = (list: readonly { id: string }[]) => {
    const set = ids(list);
    return (v: number | null | undefined) => v == null || set.has(String(v));
  };
  const org = has(i.organizations);
  const locationOrg = new Map(i.locations.map((l) => [Number(l.id), l['organization-id']]));
  const contactOrg = new Map(i.contacts.map((c) => [Number(c.id), c['organization-id']]));
  const regionCountry = new Map(i.regions.map((r) => [Number(r.id), r['country-id']]));
  const sameOrg = (map: Map<number, number>, id: number | null | undefined, orgId: number) => id == null || map.get(id) === orgId;

  for (const o of i.organizations) {
    expect(has(i.organizationTypes)(o['organization-type-id'])).toBe(true);
    expect(has(i.organizationStatuses)(o['organization-status-id'])).toBe(true);
    expect(org(o['parent-id'])).toBe(true);
  }
  const primaries = new Map<number, number>();
  for (const l of i.locations) {
    expect(org(l['organization-id'])).toBe(true);
    expect(has(i.countries)(l['country-id'])).toBe(true);
    if (l['region-id'] != null) expect(regionCountry.get(l['region-id'])).toBe(l['country-id']);
    if (l.primary) primaries.set(l['organization-id'], (primaries.get(l['organization-id']) ?? 0) + 1);
  }
  for (const n of primaries.values()) expect(n).toBe(1);
  for (const c of i.contacts) {
    expect(org(c['organization-id'])).toBe(true);
    expect(sameOrg(locationOrg, c['location-id'], c['organization-id'])).toBe(true);
    expect(has(i.contactTypes)(c['contact-type-id'])).toBe(true);
  }
  const interfaces = new Map<number, typeof i.configurationInterfaces>();
  for (const x of i.configurationInterfaces) interfaces.set(x['configuration-id'], [...(interfaces.get(x['configuration-id']) ?? []), x]);
  const configurationIds = ids(i.configurations);
  for (const x of i.configurationInterfaces) expect(configurationIds.has(String(x['configuration-id']))).toBe(true);
  for (const c of i.configurations) {
    expect(org(c['organization-id'])).toBe(true);
    expect(has(i.configurationTypes)(c['configuration-type-id'])).toBe(true);
    expect(has(i.configurationStatuses)(c['configuration-status-id'])).toBe(true);
    expect(has(i.manufacturers)(c['manufacturer-id'])).toBe(true);
    expect(has(i.models)(c['model-id'])).toBe(true);
    expect(has(i.operatingSystems)(c['operating-system-id'])).toBe(true);
    expect(has(i.platforms)(c['platform-id'])).toBe(true);
    expect(sameOrg(locationOrg, c['location-id'], c['organization-id'])).toBe(true);
    expect(sameOrg(contactOrg, c['contact-id'], c['organization-id'])).toBe(true);
    const ip = (c['primary-ip'] as string | null | undefined) ?? null;
    const mac = (c['mac-address'] as string | null | undefined) ?? null;
    const primary = (interfaces.get(Number(c.id)) ?? []).filter((x) => x.primary);
    if (ip === null && mac === null) {
      expect(primary).toHaveLength(0);
    } else {
      // Exactly one primary interface, carrying the configuration's own IP and MAC.
      expect(primary).toHaveLength(1);
      expect(primary[0]!['ip-address'] ?? null).toBe(ip);
      expect(primary[0]!['mac-address'] ?? null).toBe(mac);
    }
  }
  for (const m of i.models) expect(has(i.manufacturers)(m['manufacturer-id'])).toBe(true);
  for (const os of i.operatingSystems) expect(has(i.platforms)(os['platform-id'])).toBe(true);
  for (const r of i.regions) expect(has(i.countries)(r['country-id'])).toBe(true);

  const fieldsOf = new Map<number, typeof i.flexibleAssetFields>();
  for (const f of i.flexibleAssetFields) {
    expect(has(i.flexibleAssetTypes)(f['flexible-asset-type-id'])).toBe(true);
    fieldsOf.set(f['flexible-asset-type-id'], [...(fieldsOf.get(f['flexible-asset-type-id']) ?? []), f]);
  }
  for (const fields of fieldsOf.values()) {
    expect(new Set(fields.map((f) => f.order)).size).toBe(fields.length);
    expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
    expect(fields.some((f) => f['show-in-list'])).toBe(true);
  }
  for (const a of i.flexibleAssets) {
    expect(org(a['organization-id'])).toBe(true);
    const keys = new Set((fieldsOf.get(a['flexible-asset-type-id']) ?? []).map((f) => f['name-key']));
    for (const key of Object.keys(a.traits)) expect(keys.has(key), `trait ${key}`).toBe(true);
  }
  for (const p of i.passwords) {
    expect(org(p['organization-id'])).toBe(true);
    expect(has(i.passwordCategories)(p['password-category-id'])).toBe(true);
  }
  for (const x of i.documents) expect(org(x['organization-id'])).toBe(true);
  for (const r of [...i.organizations, ...i.locations, ...i.contacts, ...i.configurations, ...i.flexibleAssets, ...i.passwords, ...i.documents]) {
    expect(ms(r['created-at'])).toBeLessThanOrEqual(ms(r['updated-at']));
    expect(ms(r['updated-at'])).toBeLessThanOrEqual(NOW);
  }
}

describe('generateDataset: referential integrity', () => {
  const other = generateDataset({ seed: 11, accounts: 70, itglueOverlap: 0.6 });

  it('keeps every BMS reference inside its own account (except the foreign-contact cases)', () => {
    checkBmsIntegrity(dataset, base.cases);
    checkBmsIntegrity(other.dataset, other.cases);
  });

  it('keeps every IT Glue reference valid and inside its organization', () => {
    checkItGlueIntegrity(dataset);
    checkItGlueIntegrity(other.dataset);
  });
});

describe('generateDataset: content', () => {
  const addresses = bms.accounts.flatMap((a) => a.locations.flatMap((l) => l.addresses.filter((x) => x.isMain)));

  it('spreads accounts over types (some an operator would not sync), statuses, codes and parents', () => {
    const typeName = new Map(bms.accountTypes.map((t) => [t.id, t.name]));
    const used = new Set(bms.accounts.map((a) => typeName.get(a.accountTypeId)));
    expect(used.has('Customer')).toBe(true);
    expect([...used].filter((t) => t !== 'Customer').length).toBeGreaterThanOrEqual(2);
    expect(bms.accounts.some((a) => !a.isActive)).toBe(true);
    expect(bms.accounts.filter((a) => a.parentId != null).length).toBeGreaterThanOrEqual(2);
    expect(bms.accounts.filter((a) => a.accountCode).length).toBeGreaterThan(bms.accounts.length / 2);
    expect(new Set(bms.accounts.map((a) => matchKey(a.accountName))).size).toBe(bms.accounts.length - base.summary['cases.duplicate-account-name']!);
  });

  it('has addresses in several countries, with states as ISO codes and as full names', () => {
    expect(new Set(addresses.map((x) => x.countryId)).size).toBeGreaterThanOrEqual(3);
    const regions = itg.regions;
    const isoStates = addresses.filter((x) => x.state && regions.some((r) => r.iso === x.state));
    const namedStates = addresses.filter((x) => x.state && regions.some((r) => r.name === x.state));
    expect(isoStates.length).toBeGreaterThan(0);
    expect(namedStates.length).toBeGreaterThan(0);
    expect(addresses.filter((x) => x.address2).length).toBeGreaterThan(0);
    expect(addresses.every((x) => x.address1 && x.city && x.zipCode)).toBe(true);
  });

  it('gives contacts company e-mails, typed phones, titles, POC flags and sometimes no location', () => {
    const domainOf = new Map<number, Set<string>>();
    for (const c of bms.contacts) {
      const domain = c.emails[0]!.emailAddress.split('@')[1]!;
      domainOf.set(c.accountId, (domainOf.get(c.accountId) ?? new Set()).add(domain));
      expect(c.emails[0]!.emailAddress).toMatch(/^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+$/);
    }
    for (const domains of domainOf.values()) expect(domains.size).toBe(1);
    expect(bms.contacts.some((c) => c.emails.length === 2)).toBe(true);
    expect(bms.contacts.some((c) => c.phones.length === 3)).toBe(true);
    expect(new Set(bms.contacts.flatMap((c) => c.phones.map((p) => p.phoneTypeId))).size).toBeGreaterThanOrEqual(3);
    expect(bms.contacts.filter((c) => c.jobTitle).length).toBeGreaterThan(bms.contacts.length / 2);
    expect(bms.contacts.filter((c) => c.locationId == null).length).toBeGreaterThan(0);
    const withContacts = new Set(bms.contacts.map((c) => c.accountId));
    for (const id of withContacts) expect(bms.contacts.some((c) => c.accountId === id && c.isPoc)).toBe(true);
  });

  it('names assets like CONTOSO-WS-014 and writes MACs in mixed formats', () => {
    const assets = bms.hardwareAssets;
    expect(assets.filter((a) => /^[A-Z0-9-]+-[A-Z]{2,3}-\d{3}$/.test(a.name)).length).toBeGreaterThan(assets.length * 0.9);
    const macs = assets.map((a) => a.macAddress).filter((m): m is string => !!m);
    expect(macs.some((m) => /^([0-9A-F]{2}-){5}[0-9A-F]{2}$/.test(m))).toBe(true);
    expect(macs.some((m) => /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(m))).toBe(true);
    expect(macs.some((m) => /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(m))).toBe(true);
    expect(macs.every((m) => normalizeMac(m).length === 12)).toBe(true);
    expect(assets.filter((a) => a.serialNumber).length).toBeGreaterThan(assets.length * 0.8);
    for (const a of assets) if (a.ipAddress) expect(a.ipAddress).toMatch(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
    expect(assets.some((a) => !a.isActive)).toBe(true);
    expect(new Set(assets.map((a) => a.categoryId)).size).toBeGreaterThanOrEqual(6);
    expect(assets.some((a) => a.osInfo)).toBe(true);
  });

  it('names lookups differently between the systems on purpose', () => {
    const lower = (names: string[]) => new Set(names.map((n) => n.toLowerCase()));
    const types = lower(itg.configurationTypes.map((t) => t.name));
    expect(bms.lookups.AssetCategory!.some((c) => !types.has(c.name.toLowerCase()))).toBe(true);
    const itgManufacturers = lower(itg.manufacturers.map((m) => m.name));
    const bmsManufacturers = lower(bms.lookups.Manufacturer!.map((m) => m.name));
    expect([...bmsManufacturers].some((m) => !itgManufacturers.has(m))).toBe(true);
    expect([...itgManufacturers].some((m) => !bmsManufacturers.has(m))).toBe(true);
    const orgTypes = lower(itg.organizationTypes.map((t) => t.name));
    expect(bms.accountTypes.some((t) => !orgTypes.has(t.name.toLowerCase()))).toBe(true);
    expect(itg.organizationStatuses.map((s) => s.name)).toEqual(['Active', 'Inactive']);
    for (const iso of ['US', 'CA', 'GB', 'AU']) {
      const country = itg.countries.find((c) => c.iso === iso)!;
      expect(itg.regions.some((r) => r['country-id'] === Number(country.id))).toBe(true);
    }
    expect(itg.regions.find((r) => r.iso === 'IL')?.name).toBe('Illinois');
    expect(itg.operatingSystems.every((o) => o['platform-id'] != null)).toBe(true);
    for (const table of ['AssetCategory', 'Manufacturer', 'AssetStatus', 'EmailType', 'PhoneType', 'Country', 'BusinessType', 'BillingCycle']) {
      expect(bms.lookups[table]?.length, table).toBeGreaterThan(0);
    }
  });

  it('has IT Glue-only records and Microsoft 365 contacts, some without a phone or a location', () => {
    const linkedOrgs = new Set(Object.values(base.expectedLinks.organization));
    expect(itg.organizations.some((o) => !linkedOrgs.has(o.id))).toBe(true);
    const microsoft = itg.contacts.filter((c) => c['adapters-resources']?.some((a) => a['integration-type'] === 'office365' && /^[0-9a-f-]{36}$/.test(a['external-id'] ?? '')));
    expect(microsoft.length).toBe(base.summary['itglue.microsoft365Contacts']);
    expect(microsoft.length).toBeGreaterThan(3);
    expect(microsoft.some((c) => c['contact-phones'].length === 0)).toBe(true);
    expect(microsoft.some((c) => c['location-id'] == null)).toBe(true);
    const linkedConfigurations = new Set(Object.values(base.expectedLinks.configuration));
    expect(itg.configurations.filter((c) => linkedOrgs.has(String(c['organization-id'])) && !linkedConfigurations.has(c.id)).length).toBeGreaterThan(0);
    expect(itg.passwords.length).toBeGreaterThan(0);
    expect(itg.documents.length).toBeGreaterThan(0);
  });

  it('has billing data: the flexible asset types, values with gaps, services and contracts', () => {
    const type = (name: string) => itg.flexibleAssetTypes.find((t) => t.name === name)!;
    const fields = (name: string) => itg.flexibleAssetFields.filter((f) => f['flexible-asset-type-id'] === Number(type(name).id));
    expect(fields(MICROSOFT_365_TYPE).map((f) => [f.name, f.kind])).toEqual(
      expect.arrayContaining([
        ['License Type', 'Select'],
        ['Licensed Users', 'Number'],
        ['Status', 'Select'],
      ]),
    );
    expect(fields(BACKUP_TYPE).map((f) => [f.name, f.kind])).toEqual(expect.arrayContaining([['Protected Devices', 'Number']]));
    for (const [name, key] of [
      [MICROSOFT_365_TYPE, 'licensed-users'],
      [BACKUP_TYPE, 'protected-devices'],
    ] as const) {
      const assets = itg.flexibleAssets.filter((a) => a['flexible-asset-type-id'] === Number(type(name).id));
      expect(new Set(assets.map((a) => a['organization-id'])).size, name).toBeGreaterThanOrEqual(2);
      expect(assets.some((a) => typeof a.traits[key] === 'number')).toBe(true);
      expect(assets.some((a) => a.traits[key] === undefined)).toBe(true);
      expect(assets.some((a) => typeof a.traits[key] === 'string')).toBe(true);
    }
    expect(bms.services.some((s) => s.name === 'Microsoft 365 Business Premium')).toBe(true);
    expect(bms.contracts.length).toBeGreaterThan(0);
    expect(bms.tickets.length).toBe(150);
  });
});

describe('generateDataset: scale', () => {
  it('generates 1,000 accounts, 2,000 locations, 10,000 contacts and 100,000 assets in seconds', { timeout: 120_000 }, () => {
    const started = performance.now();
    const r = generateDataset({ accounts: 1000, assets: 100_000, seed: 2 });
    const elapsed = performance.now() - started;
    expect(r.summary).toMatchObject({ 'bms.accounts': 1000, 'bms.locations': 2000, 'bms.contacts': 10_000, 'bms.hardwareAssets': 100_000 });
    for (const kind of CASE_KINDS) expect(r.summary[`cases.${kind}`], kind).toBe(12);
    // Measured at about 3 s; the bound is loose so slow CI machines pass.
    expect(elapsed).toBeLessThan(30_000);
    expect(datasetSchema.safeParse(r.dataset).success).toBe(true);
  });
});
