/** Shared fixtures for the BMS client ↔ simulator tests: a small dataset and a running simulator. */
import { BmsClient, type BmsClientOptions } from '../../../clients/bms/index.js';
import type { StartedServer } from '../../../simulators/common/router.js';
import type { Simulator } from '../../../simulators/common/simulator.js';
import { SimulatorAdmin } from '../../../simulators/common/admin-client.js';
import type { DatasetInput } from '../../../simulators/datasets/format.js';
import { createBmsSimulator, type BmsSimConfig } from '../../../simulators/bms/simulator.js';

export const TENANT = 'Contoso MSP';
export const API_USER = { userName: 'sync@msp.example', password: 'Api-Pa55word!9f3' };
export const MFA_USER = { userName: 'tech@msp.example', password: 'Tech-Pa55word!7c1', mfaSecret: 'JBSWY3DPEHPK3PXP' };
export const NO_ACCESS_USER = { userName: 'noapi@msp.example', password: 'NoApi-Pa55word!2b8' };
export const READ_ONLY_USER = { userName: 'reader@msp.example', password: 'Reader-Pa55word!4d6' };

type BmsHalf = NonNullable<DatasetInput['bms']>;

const at = (day: number, hour = 9) => `2024-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00`;

/**
 * A dataset with `accountCount` accounts (ids 1..n, account 1 has two locations), contacts and
 * assets spread over the first accounts, a few tickets and one recurring contract.
 */
export function buildDataset(options: { accountCount?: number; assetCount?: number; contactCount?: number } = {}): { bms: BmsHalf } {
  const accountCount = options.accountCount ?? 5;
  const assetCount = options.assetCount ?? 6;
  const contactCount = options.contactCount ?? 4;
  const accounts: NonNullable<BmsHalf['accounts']> = [];
  for (let i = 1; i <= accountCount; i++) {
    const locations = [
      {
        id: i * 10,
        locationName: 'Head Office',
        isMain: true,
        isActive: true,
        addresses: [{ id: i * 100, address1: `${i} Main St`, city: 'Springfield', state: 'IL', zipCode: '62701', countryId: 1, phone: `555-01${String(i).padStart(2, '0')}`, isMain: true, isBilling: true }],
      },
    ];
    if (i === 1) {
      locations.push({
        id: 11,
        locationName: 'Warehouse',
        isMain: false,
        isActive: true,
        addresses: [{ id: 101, address1: '9 Dock Rd', city: 'Shelbyville', state: 'IL', zipCode: '62565', countryId: 1, phone: '555-0900', isMain: true, isBilling: false }],
      });
    }
    accounts.push({
      id: i,
      accountName: i === 1 ? 'Contoso Ltd' : i === 2 ? 'Fabrikam Inc' : `Account ${String(i).padStart(4, '0')}`,
      accountCode: i === 1 ? 'CONTOSO' : i === 2 ? 'FABRIKAM' : `ACC${i}`,
      accountTypeId: i % 5 === 0 ? 3 : 1,
      isActive: i % 7 !== 0,
      businessTypeId: 1,
      accountManagerId: 1,
      createdOn: at(1 + (i % 20)),
      modifiedOn: at(1 + (i % 20), 12),
      locations,
    });
  }
  const contacts: NonNullable<BmsHalf['contacts']> = [];
  for (let i = 1; i <= contactCount; i++) {
    const accountId = i <= 2 ? 1 : 2;
    contacts.push({
      id: 1000 + i,
      accountId,
      locationId: accountId * 10,
      firstName: ['Jane', 'John', 'Maria', 'Ken'][(i - 1) % 4]!,
      lastName: ['Doe', 'Smith', 'Garcia', 'Tanaka'][(i - 1) % 4]!,
      jobTitle: i === 1 ? 'IT Manager' : null,
      isPoc: i === 1,
      isActive: i % 4 !== 0,
      emails: [{ id: 5000 + i, emailAddress: `user${i}@customer${accountId}.example`, emailTypeId: 1, isDefault: true }],
      phones: [{ id: 6000 + i, phone: `555-10${i}`, phoneTypeId: 1, isDefault: true }],
      createdOn: at(2),
      modifiedOn: at(Math.min(2 + i, 28)),
    });
  }
  const hardwareAssets: NonNullable<BmsHalf['hardwareAssets']> = [];
  for (let i = 1; i <= assetCount; i++) {
    const accountId = i % 2 === 1 ? 1 : 2;
    hardwareAssets.push({
      id: 2000 + i,
      name: `PC-${String(i).padStart(4, '0')}`,
      accountId,
      accountLocationId: accountId * 10,
      categoryId: i % 3 === 0 ? 3 : 1,
      contactId: i === 1 ? 1001 : null,
      serialNumber: `SN${i}X`,
      macAddress: `00-11-22-33-44-${String(i % 100).padStart(2, '0')}`,
      ipAddress: `10.0.${accountId}.${i % 250}`,
      manufacturerId: 1,
      isActive: i % 4 !== 0,
      stateId: i % 4 !== 0 ? 1 : 2,
      createdOn: at(3),
      modifiedOn: at(3),
    });
  }
  return {
    bms: {
      tenant: TENANT,
      users: [
        { ...API_USER, userType: 'ApiEmployee', hasApiAccess: true, fullName: 'Sync Service' },
        { ...MFA_USER, userType: 'Employee', hasApiAccess: true, fullName: 'Alex Tech' },
        { ...NO_ACCESS_USER, userType: 'ApiEmployee', hasApiAccess: false },
        { ...READ_ONLY_USER, userType: 'ApiEmployee', hasApiAccess: true, readOnly: true },
      ],
      accounts,
      contacts,
      hardwareAssets,
      tickets: [
        { id: 1, ticketNumber: 'T20240501.0001', title: 'Printer offline', details: 'Reception printer', accountId: 1, locationId: 10, contactId: 1001, statusId: 1, priorityId: 2, typeId: 1, sourceId: 4, queueId: 1, openDate: at(1), completedDate: null, createdOn: at(1), modifiedOn: at(1) },
        { id: 2, ticketNumber: 'T20240503.0002', title: 'New laptop', details: 'Order a laptop', accountId: 2, locationId: 20, statusId: 2, priorityId: 3, typeId: 1, sourceId: 1, queueId: 2, openDate: at(3), completedDate: null, createdOn: at(3), modifiedOn: at(3) },
        { id: 3, ticketNumber: 'T20240505.0003', title: 'Password reset', details: 'Locked out', accountId: 1, locationId: 10, statusId: 4, priorityId: 1, typeId: 1, sourceId: 1, queueId: 1, openDate: at(5), completedDate: at(5, 11), createdOn: at(5), modifiedOn: at(5, 11) },
      ],
      contracts: [
        {
          id: 700,
          contractName: 'Contoso Managed Services',
          accountId: 1,
          billingCycleId: 1,
          startDate: '2024-01-01T00:00:00',
          endDate: '2030-12-31T00:00:00',
          isActive: true,
          services: [{ id: 7001, serviceId: 1, units: 25, unitCost: 10, unitPrice: 35, effectiveDate: '2024-01-01T00:00:00', sortOrder: 1 }],
        },
      ],
    },
  };
}

export interface RunningBms {
  simulator: Simulator;
  server: StartedServer;
  url: string;
  admin: SimulatorAdmin;
  /** A client for the API user (overrides for other users or options). */
  client(overrides?: Partial<BmsClientOptions>): BmsClient;
  close(): Promise<void>;
}

export async function startBms(options: { dataset?: unknown; config?: Partial<BmsSimConfig> } = {}): Promise<RunningBms> {
  const simulator = createBmsSimulator({ dataset: options.dataset ?? buildDataset(), config: options.config });
  const server = await simulator.listen(0);
  return {
    simulator,
    server,
    url: server.url,
    admin: new SimulatorAdmin(server.url),
    client: (overrides = {}) => new BmsClient({ baseUrl: server.url, tenant: TENANT, ...API_USER, ...overrides }),
    close: () => server.close(),
  };
}

/** Logs in with a raw form POST (for tests of the wire itself). */
export async function rawLogin(url: string, user = API_USER): Promise<{ accessToken: string; refreshToken: string; accessTokenExpireOn: string }> {
  const response = await fetch(`${url}/v2/security/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ UserName: user.userName, Password: user.password, Tenant: TENANT, GrantType: 'password' }),
  });
  const body = (await response.json()) as { result: { accessToken: string; refreshToken: string; accessTokenExpireOn: string } };
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return body.result;
}

/** A raw authenticated request; returns status, headers and parsed body. */
export async function rawCall(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Collects every item of an async iterator. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Captures an ApiError (or fails the test when the promise resolves). */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
