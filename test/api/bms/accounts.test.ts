import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BmsClient } from '../../../clients/bms/index.js';
import { buildDataset, collect, failure, rawCall, rawLogin, startBms, type RunningBms } from './helpers.js';

let bms: RunningBms;
let client: BmsClient;

beforeAll(async () => {
  bms = await startBms({ dataset: buildDataset({ accountCount: 250 }) });
  client = bms.client();
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.load(buildDataset({ accountCount: 250 }));
  await bms.admin.configure({ bareSummaryDto: true, undocumentedRoutes: false });
  await bms.admin.resetCounters();
});

/** The location routes are undocumented: both the simulator and the client must be told to use them. */
async function legacyClient(): Promise<BmsClient> {
  await bms.admin.configure({ undocumentedRoutes: true });
  return bms.client({ undocumentedRoutes: true });
}

const newAccount = {
  accountName: 'Northwind Traders',
  accountCode: 'NORTHWIND',
  accountTypeId: 1,
  businessTypeId: 1,
  accountManagerId: 2,
  website: 'https://northwind.example',
  locations: [
    { locationName: 'Main Office', isMain: true, addresses: [{ address1: '5 Harbor Way', city: 'Seattle', state: 'WA', zipCode: '98101', country: 'united states', phone: '555-2000', fax: '555-2001' }] },
    { locationName: 'Branch', addresses: [{ address1: '1 Side St', city: 'Tacoma', state: 'WA', countryId: 1 }] },
  ],
};

describe('accounts', () => {
  it('pages to the end with totalRecords', async () => {
    const first = await client.listAccountsPage({ pageSize: 100 });
    expect(first.items).toHaveLength(100);
    expect(first.totalRecords).toBe(250);
    expect(first.hasMore).toBe(true);
    const last = await client.listAccountsPage({ pageNumber: 3, pageSize: 100 });
    expect(last.items).toHaveLength(50);
    expect(last.hasMore).toBe(false);
    const all = await collect(client.iterateAccounts());
    expect(all.map((a) => a.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect((await bms.admin.counters()).routes['GET /v2/crm/accounts/summary']).toBe(5);
  });

  it('clamps PageSize to 100 and treats PageNumber 0 as 1', async () => {
    const { accessToken } = await rawLogin(bms.url);
    const response = await rawCall(bms.url, accessToken, 'GET', '/v2/crm/accounts/summary?pageSize=500&PAGENUMBER=0');
    expect(response.body.result).toHaveLength(100);
    expect(response.body.result[0].id).toBe(1);
    expect(response.body.totalRecords).toBe(250);
  });

  it('filters by name (case-insensitive contains), code, type, active flag and modified-on range', async () => {
    expect((await client.listAccountsPage({ filter: { accountName: 'CONTOSO' } })).items.map((a) => a.id)).toEqual([1]);
    expect((await client.listAccountsPage({ filter: { accountCode: 'fabri' } })).items.map((a) => a.accountName)).toEqual(['Fabrikam Inc']);
    const vendors = await client.listAccountsPage({ filter: { accountTypeId: 3 } });
    expect(vendors.totalRecords).toBe(50);
    expect(vendors.items.every((a) => a.accountType === 'Vendor')).toBe(true);
    expect((await client.listAccountsPage({ filter: { accountTypeName: 'vend' } })).totalRecords).toBe(50);
    const inactive = await client.listAccountsPage({ filter: { isActive: false } });
    expect(inactive.totalRecords).toBe(35);
    expect(inactive.items.every((a) => !a.isActive)).toBe(true);
    // modifiedOn is 2024-05-(1 + i % 20)T12:00:00; both bounds inclusive, a date-only upper bound covers the day.
    const range = await client.listAccountsPage({ filter: { modifiedOnFrom: '2024-05-03T12:00:00', modifiedOnTo: '2024-05-04' } });
    expect(range.totalRecords).toBe(26);
    expect(range.items.every((a) => a.modifiedOn === '2024-05-03T12:00:00' || a.modifiedOn === '2024-05-04T12:00:00')).toBe(true);
    const created = await client.listAccountsPage({ filter: { createdOnFrom: new Date('2024-05-20T00:00:00Z') } });
    expect(created.totalRecords).toBe(12);
  });

  it('sorts best effort with "field desc"', async () => {
    const page = await client.listAccountsPage({ pageSize: 3, sort: 'Id desc' });
    expect(page.items.map((a) => a.id)).toEqual([250, 249, 248]);
  });

  it('returns full rows with locations, addresses and computed companions', async () => {
    const [contoso] = (await client.listAccountsPage({ filter: { accountName: 'Contoso' } })).items;
    expect(contoso).toMatchObject({ accountCode: 'CONTOSO', accountType: 'Customer', businessType: 'Small Business', accountManagerUserName: 'System Administrator', tenantName: 'Contoso MSP' });
    expect(contoso!.locations.map((l) => [l.locationName, l.isMain])).toEqual([
      ['Head Office', true],
      ['Warehouse', false],
    ]);
    expect(contoso!.locations[0]!.addresses[0]).toMatchObject({ address1: '1 Main St', state: 'IL', country: 'United States', phone: '555-0101', isMain: true });
  });

  it('gets one account as a bare DTO or as an envelope (config switch)', async () => {
    const { accessToken } = await rawLogin(bms.url);
    const bare = await rawCall(bms.url, accessToken, 'GET', '/v2/crm/accounts/summary/2');
    expect(bare.body.accountName).toBe('Fabrikam Inc');
    expect(bare.body.success).toBeUndefined();
    expect((await client.getAccount(2)).accountName).toBe('Fabrikam Inc');
    await bms.admin.configure({ bareSummaryDto: false });
    const wrapped = await rawCall(bms.url, accessToken, 'GET', '/v2/crm/accounts/summary/2');
    expect(wrapped.body.result.accountName).toBe('Fabrikam Inc');
    expect((await client.getAccount(2)).accountName).toBe('Fabrikam Inc');
  });

  it('answers 404 (not-found) for an unknown account', async () => {
    const err = await failure(client.getAccount(99_999));
    expect(err.kind).toBe('not-found');
    expect(err.status).toBe(404);
  });

  it('looks accounts up by ids and name, leaving inactive ones out unless asked', async () => {
    const page = await client.lookupAccountsPage({ filter: { ids: [1, 2, 7] } });
    expect(page.items.map((a) => a.id)).toEqual([1, 2]);
    const withInactive = await client.lookupAccountsPage({ filter: { ids: [1, 2, 7], withInactiveAccounts: true } });
    expect(withInactive.items.map((a) => a.id)).toEqual([1, 2, 7]);
    expect((await client.lookupAccountsPage({ filter: { name: 'fabrikam' } })).items).toEqual([{ id: 2, name: 'Fabrikam Inc', tenantName: 'Contoso MSP', isActive: true }]);
    expect(await collect(client.iterateAccountLookup())).toHaveLength(215);
  });

  it('creates an account with locations, then updates it with PUT and PATCH', async () => {
    const created = await client.createAccount(newAccount);
    expect(created.id).toBeGreaterThan(250);
    expect(created).toMatchObject({ accountName: 'Northwind Traders', accountType: 'Customer', accountManagerUserName: 'Alex Tech', isActive: true });
    expect(created.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
    expect(created.modifiedOn).toBe(created.createdOn);
    expect(created.locations.map((l) => [l.locationName, l.isMain])).toEqual([
      ['Main Office', true],
      ['Branch', false],
    ]);
    expect(created.locations[0]!.addresses[0]).toMatchObject({ countryId: 1, country: 'United States', fax: '555-2001', isMain: true });

    const { locations: _ignored, ...header } = newAccount;
    const updated = await client.updateAccount(created.id, { ...header, accountName: 'Northwind Traders Ltd', parentId: 1, isActive: null });
    expect(updated).toMatchObject({ accountName: 'Northwind Traders Ltd', parentId: 1, isActive: true, accountCode: 'NORTHWIND' });
    expect(updated.locations).toHaveLength(2);
    expect(updated.modifiedOn! >= created.modifiedOn!).toBe(true);

    const patched = await client.patchAccount(created.id, [
      { op: 'replace', path: '/AccountCode', value: 'NWT' },
      { op: 'replace', path: 'isactive', value: false },
      { op: 'remove', path: 'website' },
    ]);
    expect(patched).toMatchObject({ accountCode: 'NWT', isActive: false, website: null, accountName: 'Northwind Traders Ltd' });
    expect((await client.getAccount(created.id)).accountCode).toBe('NWT');
  });

  it('refuses an invalid create with 400 and names each bad field', async () => {
    const err = await failure(client.createAccount({ accountName: '', accountTypeId: 1, businessTypeId: 1, accountManagerId: 1, locations: [] }));
    expect(err.kind).toBe('validation');
    expect(err.status).toBe(400);
    expect(err.details).toEqual(
      expect.arrayContaining(['accountName: The AccountName field is required.', 'locations: The field Locations must contain at least 1 item(s).']),
    );
    const refs = await failure(client.createAccount({ ...newAccount, accountTypeId: 99, accountManagerId: 77 }));
    expect(refs.details.slice(1)).toEqual(['accountTypeId: account type 99 does not exist', 'accountManagerId: employee 77 does not exist']);
    const badPatch = await failure(client.patchAccount(1, [{ op: 'replace', path: 'noSuchField', value: 1 }]));
    expect(badPatch.details.slice(1)).toEqual(["[0].path: 'noSuchField' is not a patchable property"]);
  });
});

describe('account locations', () => {
  it('looks up and gets locations of an account', async () => {
    expect(await client.listAccountLocations(1)).toEqual([
      { id: 10, name: 'Head Office', accountId: 1, isMain: true },
      { id: 11, name: 'Warehouse', accountId: 1, isMain: false },
    ]);
    const warehouse = await client.getLocation(1, 11);
    expect(warehouse.addresses[0]).toMatchObject({ address1: '9 Dock Rd', city: 'Shelbyville' });
    expect((await failure(client.getLocation(2, 11))).kind).toBe('not-found');
  });

  it('adds and edits a location (undocumented routes); each edit bumps the account so the modified-on filter sees it', async () => {
    const client = await legacyClient();
    const before = await client.getAccount(3);
    const since = new Date(Date.now() - 1).toISOString();
    const added = await client.createLocation(3, {
      locationName: 'Lab',
      isMain: false,
      addresses: [{ address1: '7 Research Pk', city: 'Austin', state: 'TX', zipCode: '73301', countryId: 1, phone: '555-7000' }],
    });
    expect(added.id).toBeGreaterThan(11);
    const changed = await client.listAccountsPage({ filter: { modifiedOnFrom: since } });
    expect(changed.items.map((a) => a.id)).toEqual([3]);
    expect(changed.items[0]!.modifiedOn! > before.modifiedOn!).toBe(true);

    const edited = await client.updateLocation(3, added.id, {
      locationName: 'Research Lab',
      isMain: true,
      addresses: [{ address1: '8 Research Pk', city: 'Austin', state: 'TX', zipCode: '73301', countryId: 1, phone: '555-7001' }],
    });
    expect(edited).toMatchObject({ id: added.id, locationName: 'Research Lab', isMain: true });
    expect(edited.addresses[0]!.id).toBe(added.addresses[0]!.id);
    expect(edited.addresses[0]!.phone).toBe('555-7001');
    const account = await client.getAccount(3);
    expect(account.locations.filter((l) => l.isMain).map((l) => l.id)).toEqual([added.id]);
  });

  it('validates location bodies', async () => {
    const client = await legacyClient();
    const err = await failure(client.createLocation(3, { locationName: ' ', addresses: [{ countryId: 999 }] }));
    expect(err.status).toBe(400);
    expect(err.details.slice(1)).toEqual(['locationName: The LocationName field is required.']);
    const country = await failure(client.createLocation(3, { locationName: 'X', addresses: [{ countryId: 999 }] }));
    expect(country.details.slice(1)).toEqual(['(body).addresses[0].countryId: country 999 does not exist']);
  });
});
