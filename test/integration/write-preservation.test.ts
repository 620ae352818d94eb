/**
 * A write never erases a BMS field the engine does not map (SPEC §11): every unmapped field of an
 * account, a contact and a hardware asset is set in BMS, one mapped field is edited in IT Glue and
 * pushed, and every unmapped field is still there. Accounts and contacts are edited by JSON-Patch
 * with only the changed fields; assets (PUT only) by the whole record as BMS returns it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, ASSET, CONTACT, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linkTable, runSync } from '../support/sync.js';

type Rec = Record<string, unknown>;
let h: Harness;
let itglueId: Record<'organization' | 'contact' | 'configuration', Record<string, string>>;

async function push(): Promise<void> {
  await h.temporal.workflow.execute('twoWayPushWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
    args: [{ integrationId: h.integrationId }],
  });
}

/** Fields the engine does not map, set to values nothing else would produce. */
const UNMAPPED = {
  account: { description: 'Key account since 2019', website: 'https://holdings.example', acquiredDate: '2019-04-01T00:00:00', creditLimit: 25000, netDays: 45, routeInvoiceToParent: true },
  contact: { middleName: 'Louise', canRecieveInvoices: true, isBillable: true, effectiveDate: '2024-01-15T00:00:00' },
  // Every HardwareAssetOutputDto field the engine does not map (RMM data and the like). `computerName`
  // is input-only in the v2 document (not in the output), so no client can send it back
  // (simulators/bms/ASSUMPTIONS.md).
  asset: {
    barCode: 'BC-0042',
    machineGroupId: 'root.servers',
    subnetMask: '255.255.255.0',
    dnsServers: '10.0.0.2,10.0.0.3',
    dhcpEnabled: true,
    dhcpServer: '10.0.0.1',
    winsEnabled: true,
    secondaryWinsServer: '10.0.0.9',
    primaryWinsServer: '10.0.0.8',
    connectionGatewayIp: '203.0.113.7',
    majorVersion: '10',
    minorVersion: '0',
    loginName: 'svc-backup',
    lastLoginname: 'admin',
    currentUser: 'CONTOSO\\admin',
    productName: 'PowerEdge R750',
    machineVersion: 'A03',
    motherboardProductCode: 'MB-750',
    motherboardSerialNumber: 'MBSN-1',
    motherboardVersion: '1.2',
    chassisAssetTag: 'CH-9',
    chassisSerialNumber: 'CHSN-9',
    chassisType: 'Rack Mount Chassis',
    chassisVersion: '2',
    busSpeed: '100 MHz',
    maxMemorySize: '512 GB',
    maxMemorySlots: '16',
    purchaseCost: 8123.45,
    expirationDate: '2029-06-30T00:00:00',
    firstCheckIn: '2024-02-01T08:00:00',
    lastCheckIn: '2024-11-30T22:15:00',
    lastReboot: '2024-11-28T03:00:00',
  },
};

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, twoWay: true } });
  await runSync(h, 'full');
  itglueId = {
    organization: await linkTable(h, 'organization'),
    contact: await linkTable(h, 'contact'),
    configuration: await linkTable(h, 'configuration'),
  };
  await h.bms.admin.edit('accounts', ACCOUNT.holdings, UNMAPPED.account);
  await h.bms.admin.edit('contacts', CONTACT.peter, UNMAPPED.contact);
  await h.bms.admin.edit('hardwareAssets', ASSET.server, UNMAPPED.asset);
  // The pull takes BMS's edits (nothing mapped changed); then IT Glue edits one mapped field each.
  await runSync(h, 'incremental');
  await h.itglue.admin.edit('organizations', itglueId.organization[ACCOUNT.holdings]!, { 'short-name': 'NWH-9' });
  await h.itglue.admin.edit('contacts', itglueId.contact[CONTACT.peter]!, { title: 'Head of IT' });
  await h.itglue.admin.edit('configurations', itglueId.configuration[ASSET.server]!, { notes: 'Rack 4, unit 12' });
  await push();
});
afterAll(async () => h?.close());

describe('a mapped field pushed to BMS', () => {
  it('changes an account and keeps every field the engine does not map', async () => {
    const account = await h.bms.admin.get<Rec>('accounts', ACCOUNT.holdings);
    expect(account.accountCode).toBe('NWH-9');
    expect(account).toMatchObject(UNMAPPED.account);
  });

  it('changes a contact and keeps every field the engine does not map', async () => {
    const contact = await h.bms.admin.get<Rec>('contacts', CONTACT.peter);
    expect(contact.jobTitle).toBe('Head of IT');
    expect(contact).toMatchObject(UNMAPPED.contact);
  });

  it('changes a hardware asset and keeps every field the engine does not map', async () => {
    const asset = await h.bms.admin.get<Rec>('hardwareAssets', ASSET.server);
    expect(asset.description).toBe('Rack 4, unit 12');
    expect(asset).toMatchObject(UNMAPPED.asset);
  });
});
