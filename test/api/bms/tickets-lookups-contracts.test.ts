import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BmsClient, BmsLookupTableName } from '../../../clients/bms/index.js';
import { buildDataset, collect, failure, startBms, type RunningBms } from './helpers.js';

let bms: RunningBms;
let client: BmsClient;

beforeAll(async () => {
  bms = await startBms();
  client = bms.client();
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.load(buildDataset());
  await bms.admin.configure({ undocumentedRoutes: false });
});

describe('tickets', () => {
  it('lists with totalRecords and filters by status names, exclude-completed and open date', async () => {
    const all = await client.listTicketsPage();
    expect(all.totalRecords).toBe(3);
    expect(all.items.map((t) => [t.ticketNumber, t.statusName, t.accountName])).toEqual([
      ['T20240501.0001', 'New', 'Contoso Ltd'],
      ['T20240503.0002', 'In Progress', 'Fabrikam Inc'],
      ['T20240505.0003', 'Completed', 'Contoso Ltd'],
    ]);
    expect((await client.listTicketsPage({ filter: { statusNames: ['new', 'Completed'] } })).items.map((t) => t.id)).toEqual([1, 3]);
    expect((await client.listTicketsPage({ filter: { excludeCompleted: true } })).items.map((t) => t.id)).toEqual([1, 2]);
    expect((await client.listTicketsPage({ filter: { openDateFrom: '2024-05-02', openDateTo: '2024-05-05' } })).items.map((t) => t.id)).toEqual([2, 3]);
    expect((await client.listTicketsPage({ filter: { accountIds: [2], queueNames: ['Projects'] } })).items.map((t) => t.id)).toEqual([2]);
  });

  it('searches with a JSON body (POST …/tickets/search)', async () => {
    const page = await client.searchTicketsPage({ filter: { queueNames: ['Help Desk'], excludeCompleted: true } });
    expect(page).toMatchObject({ totalRecords: 1, hasMore: false });
    expect(page.items[0]).toMatchObject({ id: 1, contactName: 'Jane Doe', queueName: 'Help Desk', priorityName: 'Medium' });
    expect(await collect(client.iterateTicketSearch({ title: 'password' }))).toHaveLength(1);
  });

  it('creates a ticket and reads it back', async () => {
    const created = await client.createTicket({
      title: 'Disk full',
      details: 'C: is full on PC-0001',
      accountId: 1,
      locationId: 10,
      contactId: 1001,
      hardwareAssetId: 2001,
      statusId: 1,
      priorityId: 3,
      typeId: 2,
      sourceId: 5,
      queueId: 3,
      assigneeId: 2,
      openDate: '2024-06-01T08:00:00Z',
    });
    expect(created.ticketNumber).toMatch(/^T20240601\.\d{4}$/);
    const read = await client.getTicket(created.id);
    expect(read).toMatchObject({ title: 'Disk full', sourceName: 'Monitoring', hardwareAssetName: 'PC-0001', assigneeName: 'Alex Tech', contactEmail: 'user1@customer1.example', typeName: 'Incident' });
    const invalid = await failure(client.createTicket({ title: 'x', details: 'y', accountId: 1, locationId: 20, statusId: 9, priorityId: 2, typeId: 1, sourceId: 4, openDate: 'soon' }));
    expect(invalid.details.slice(1)).toEqual([
      'locationId: location 20 does not belong to account 1',
      'statusId: status 9 does not exist',
      "openDate: 'soon' is not a valid date",
    ]);
  });
});

describe('lookups', () => {
  it('serves account types, generic tables case-insensitively, employees, statuses and priorities', async () => {
    expect((await client.listAccountTypes()).find((t) => t.name === 'Vendor')).toMatchObject({ isVendor: true, isClient: false });
    const categories = await client.listLookup('assetcategory' as BmsLookupTableName);
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Workstation', 'Server', 'Laptop']));
    expect(categories.find((c) => c.name === 'Workstation')!.isDefault).toBe(true);
    for (const table of ['Manufacturer', 'AssetStatus', 'EmailType', 'PhoneType', 'Country', 'BusinessType', 'BillingCycle']) {
      expect((await client.listLookup(table as BmsLookupTableName)).length, table).toBeGreaterThan(1);
    }
    expect((await client.listTenantLookup('PHONETYPE')).map((p) => p.name)).toContain('Mobile');
    expect((await failure(client.listLookup('NoSuchTable' as BmsLookupTableName))).kind).toBe('not-found');
    expect((await client.listEmployeesPage({ filter: { name: 'alex' } })).items).toEqual([{ id: 2, name: 'Alex Tech' }]);
    expect((await client.listTicketStatuses()).map((s) => s.name)).toEqual(['New', 'In Progress', 'Waiting on Customer', 'Completed']);
    expect((await client.listTicketPriorities()).find((p) => p.isDefault)!.name).toBe('Medium');
  });

  it('serves dataset lookup tables instead of the defaults when given', async () => {
    const dataset = buildDataset();
    await bms.admin.load({ bms: { ...dataset.bms, lookups: { AssetCategory: [{ id: 1, name: 'Desktop' }, { id: 3, name: 'Rack Server' }] } } });
    expect((await client.listLookup('AssetCategory')).map((c) => c.name)).toEqual(['Desktop', 'Rack Server']);
    expect((await client.listLookup('Manufacturer')).length).toBeGreaterThan(0);
  });
});

describe('contracts and recurring services', () => {
  it('lists contract summaries and looks contracts up by account', async () => {
    const page = await client.listContractsPage();
    expect(page.totalRecords).toBe(1);
    expect(page.items[0]).toMatchObject({ id: 700, accountName: 'Contoso Ltd', contractType: 'Recurring Services', status: 'Active', billingCycle: 'Monthly', contractBillingPrice: 875 });
    expect(await client.lookupContracts({ accountId: 1 })).toEqual([{ id: 700, name: 'Contoso Managed Services', isDefault: false, isActive: true, endDate: '2030-12-31T00:00:00' }]);
    expect(await client.lookupContracts({ accountId: 2 })).toEqual([]);
    expect((await client.listContractsPage({ filter: { accountName: 'fabrikam' } })).items).toEqual([]);
  });

  it('creates a recurring-services contract, adds lines, lists them and updates units (undocumented routes)', async () => {
    await bms.admin.configure({ undocumentedRoutes: true });
    const client = bms.client({ undocumentedRoutes: true });
    const services = await collect(client.iterateServices());
    expect(services.map((s) => s.name)).toContain('Managed Workstation');
    const contract = await client.createRecurringServicesContract({
      accountId: 2,
      billingCycleId: 1,
      startDate: '2024-06-01T00:00:00',
      endDate: '2025-05-31T00:00:00',
      services: [{ serviceId: 1, units: 10, unitPrice: 30, effectiveDate: '2024-06-01T00:00:00' }],
    });
    expect(contract).toMatchObject({ accountId: 2, accountName: 'Fabrikam Inc', contractName: 'Fabrikam Inc Recurring Services', billingCycleName: 'Monthly', contractBillingPrice: 300 });
    expect(contract.services).toHaveLength(1);

    const added = await client.addServiceLines(contract.id, [
      { serviceId: 2, units: 2, effectiveDate: '2024-06-01T00:00:00' },
      { serviceId: 3, units: 15 },
    ]);
    expect(added).toMatchObject({ serviceId: 2, serviceName: 'Managed Server', units: 2, unitPrice: 120, totalPrice: 240, contractId: contract.id });

    const lines = await client.listServiceLines(contract.id);
    expect(lines.map((l) => [l.serviceName, l.units, l.sortOrder])).toEqual([
      ['Managed Workstation', 10, 1],
      ['Managed Server', 2, 2],
      ['Microsoft 365 Business Premium', 15, 3],
    ]);

    const line = lines[0]!;
    const updated = await client.updateServiceLine(contract.id, line.id, { units: 12, effectiveDate: '2024-07-01T00:00:00' });
    expect(updated).toMatchObject({ id: line.id, units: 12, unitPrice: 30, totalPrice: 360, effectiveDate: '2024-07-01T00:00:00' });
    expect((await client.listServiceLines(contract.id))[0]!.units).toBe(12);
    const summary = (await client.listContractsPage({ filter: { accountName: 'fabrikam' } })).items[0]!;
    expect(summary.contractBillingPrice).toBe(360 + 240 + 15 * 22);

    const badLine = await failure(client.updateServiceLine(contract.id, 999_999, { units: 1 }));
    expect(badLine.kind).toBe('not-found');
    const badUnits = await failure(client.updateServiceLine(contract.id, line.id, { units: -1 }));
    expect(badUnits.details.slice(1)).toEqual(['units: The field Units must be between 0 and 2147483647.']);
    const badContract = await failure(client.createRecurringServicesContract({ accountId: 99, billingCycleId: 9, startDate: '2024-06-01', endDate: '2024-01-01' }));
    expect(badContract.details.slice(1)).toEqual([
      'accountId: account 99 does not exist',
      'billingCycleId: billing cycle 9 does not exist',
      'endDate: the end date must not be before the start date',
    ]);
  });
});
