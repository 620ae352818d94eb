import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BmsClient, BmsHardwareAssetInput } from '../../../clients/bms/index.js';
import { ApiError } from '../../../clients/http.js';
import { buildDataset, collect, failure, rawCall, rawLogin, startBms, type RunningBms } from './helpers.js';

let bms: RunningBms;
let client: BmsClient;

beforeAll(async () => {
  bms = await startBms();
  client = bms.client();
});
afterAll(() => bms.close());
beforeEach(async () => {
  // 230 assets 2001..2230: odd ids on account 1, even on account 2; every 3rd a server; every 4th inactive.
  await bms.admin.load(buildDataset({ assetCount: 230 }));
  await bms.admin.clearFaults();
  await bms.admin.resetCounters();
});

const newAsset: BmsHardwareAssetInput = {
  name: 'CONTOSO-PC99',
  accountId: 1,
  accountLocationId: 11,
  categoryId: 2,
  contactId: 1001,
  assetTag: 'A-0099',
  serialNumber: 'SN-99',
  manufacturerId: 3,
  modelNumber: 'ThinkPad T14',
  ipAddress: '10.0.1.99',
  macAddress: '00-11-22-33-44-99',
  defaultGateway: '10.0.1.1',
  osType: 'Windows',
  osInfo: 'Windows 11 Pro',
  locationInfo: '2nd floor',
  acquisitionDate: '2023-01-10T00:00:00',
  warrantyExpirationDate: '2026-01-10T00:00:00',
  description: 'Finance laptop',
  stateId: 1,
};

describe('hardware assets', () => {
  it('pages searchselect to the end without totalRecords (a short page ends it)', async () => {
    const first = await client.listHardwareAssetsPage({ pageSize: 100 });
    expect(first.items).toHaveLength(100);
    expect(first.totalRecords).toBeUndefined();
    expect(first.hasMore).toBe(true);
    const all = await collect(client.iterateHardwareAssets());
    expect(all).toHaveLength(230);
    expect(all.at(-1)!.id).toBe(2230);
    expect((await bms.admin.counters()).routes['GET /v2/servicedesk/hardwareasset/searchselect']).toBe(4);
    const { accessToken } = await rawLogin(bms.url);
    const raw = await rawCall(bms.url, accessToken, 'GET', '/v2/servicedesk/hardwareasset/searchselect?PageSize=5');
    expect(raw.body.totalRecords).toBeUndefined();
    expect(raw.body.result[0]).toEqual({
      id: 2001, categoryName: 'Workstation', categoryId: 1, locationName: 'Head Office', assetName: 'PC-0001', serialNumber: 'SN1X',
      machineGroupId: null, ipAddress: '10.0.1.1', contactId: 1001, contactName: 'Jane Doe', accountId: 1, accountName: 'Contoso Ltd', isActive: true,
    });
  });

  it('filters searchselect by categories (comma list), name, serial, account, activity and excluded id', async () => {
    const servers = await collect(client.iterateHardwareAssets({ categoryIds: [3] }));
    expect(servers).toHaveLength(76);
    expect(servers.every((a) => a.categoryName === 'Server')).toBe(true);
    expect(await collect(client.iterateHardwareAssets({ categoryIds: [1, 3] }))).toHaveLength(230);
    expect((await client.listHardwareAssetsPage({ filter: { assetName: 'pc-012' } })).items.map((a) => a.id)).toEqual([2120, 2121, 2122, 2123, 2124, 2125, 2126, 2127, 2128, 2129]);
    expect((await client.listHardwareAssetsPage({ filter: { serialNumber: 'sn77x' } })).items.map((a) => a.assetName)).toEqual(['PC-0077']);
    const account2 = await collect(client.iterateHardwareAssets({ accountId: 2, isActive: true }));
    expect(account2).toHaveLength(58);
    expect(account2.every((a) => a.accountId === 2 && a.isActive)).toBe(true);
    expect((await client.listHardwareAssetsPage({ filter: { contactId: 1001 } })).items.map((a) => a.id)).toEqual([2001]);
    expect((await client.listHardwareAssetsPage({ filter: { contactId: 1001, excludedId: 2001 } })).items).toEqual([]);
    expect((await client.listHardwareAssetsPage({ filter: { ipAddress: '10.0.2.23' } })).items.map((a) => a.id)).toEqual([2230]);
  });

  it('gets the full DTO with companions and modifiedOn', async () => {
    const asset = await client.getHardwareAsset(2001);
    expect(asset).toMatchObject({
      name: 'PC-0001',
      accountName: 'Contoso Ltd',
      accountLocation: 'Head Office',
      category: 'Workstation',
      manufacturer: 'Dell',
      state: 'Active',
      contactFirstName: 'Jane',
      contactLastName: 'Doe',
      macAddress: '00-11-22-33-44-01',
      modifiedOn: '2024-05-03T09:00:00',
    });
    expect((await failure(client.getHardwareAsset(1))).kind).toBe('not-found');
  });

  it('creates, replaces (PUT) and deletes an asset', async () => {
    const created = await client.createHardwareAsset(newAsset);
    expect(created).toMatchObject({ name: 'CONTOSO-PC99', accountLocation: 'Warehouse', category: 'Laptop', manufacturer: 'Lenovo', isActive: true, createdBy: 'Sync Service' });
    expect(created.modifiedOn).toBe(created.createdOn);

    const replaced = await client.updateHardwareAsset(created.id, { ...newAsset, name: 'CONTOSO-PC99B', contactId: null, serialNumber: null, isActive: false, stateId: 2 });
    expect(replaced).toMatchObject({ name: 'CONTOSO-PC99B', contactId: null, serialNumber: null, isActive: false, state: 'Inactive', modelNumber: 'ThinkPad T14' });
    expect(replaced.modifiedOn! >= created.modifiedOn!).toBe(true);
    const { name, assetTag, ...rest } = newAsset;
    const cleared = await client.updateHardwareAsset(created.id, { ...rest, name });
    expect(cleared.assetTag).toBeNull();
    expect(cleared.isActive).toBe(false); // null/omitted isActive keeps the value

    await client.deleteHardwareAsset(created.id);
    expect((await failure(client.getHardwareAsset(created.id))).status).toBe(404);
    expect(assetTag).toBe('A-0099');
  });

  it('validates: location of the account, category ≥ 1, contact exists, name non-empty', async () => {
    const wrongLocation = await failure(client.createHardwareAsset({ ...newAsset, accountLocationId: 20 }));
    expect(wrongLocation.kind).toBe('validation');
    expect(wrongLocation.details.slice(1)).toEqual(['accountLocationId: location 20 does not belong to account 1']);
    const bad = await failure(client.createHardwareAsset({ ...newAsset, name: ' ', categoryId: 0 }));
    expect(bad.details.slice(1)).toEqual(['name: The Name field is required.', 'categoryId: The field CategoryId must be between 1 and 2147483647.']);
    const contact = await failure(client.createHardwareAsset({ ...newAsset, contactId: 4242 }));
    expect(contact.details.slice(1)).toEqual(['contactId: contact 4242 does not exist']);
  });

  it('a create whose response is lost fails transiently, is not retried, and exists afterwards', async () => {
    await bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/hardwareasset' });
    const err = await failure(client.createHardwareAsset({ ...newAsset, name: 'LOST-RESPONSE-PC' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('transient');
    expect(err.retryable).toBe(true);
    expect((await bms.admin.counters()).routes['POST /v2/servicedesk/hardwareasset']).toBe(1);
    const found = await client.listHardwareAssetsPage({ filter: { assetName: 'LOST-RESPONSE-PC' } });
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ accountId: 1, locationName: 'Warehouse' });
  });
});
