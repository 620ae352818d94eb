/**
 * The simulator at the size the engine is benchmarked at: 1,000 accounts, 10,000 contacts and
 * 100,000 assets, every page complete and filters right at that size. How fast it pages is a
 * benchmark figure (scripts/benchmark.ts prints it), not a test bound: a shared machine's
 * timings vary too much for one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startBms, type RunningBms } from './helpers.js';

let bms: RunningBms;

beforeAll(async () => {
  const accounts = Array.from({ length: 1000 }, (_, i) => ({
    id: i + 1,
    accountName: `Scale Account ${i + 1}`,
    accountTypeId: 1,
    locations: [{ id: i + 1, locationName: 'HQ', isMain: true, addresses: [{ id: i + 1, address1: `${i + 1} Scale St` }] }],
  }));
  const contacts = Array.from({ length: 10_000 }, (_, i) => ({
    id: i + 1,
    accountId: (i % 1000) + 1,
    locationId: (i % 1000) + 1,
    firstName: `First${i}`,
    lastName: 'Last',
    emails: [{ emailAddress: `c${i}@scale.example`, emailTypeId: 1 }],
    phones: [],
  }));
  const hardwareAssets = Array.from({ length: 100_000 }, (_, i) => ({
    id: i + 1,
    name: `SCALE-${i + 1}`,
    accountId: (i % 1000) + 1,
    accountLocationId: (i % 1000) + 1,
    categoryId: 1,
  }));
  bms = await startBms({ dataset: { bms: { accounts, contacts, hardwareAssets } }, config: { rateLimitPerHour: 1_000_000 } });
}, 60_000);
afterAll(() => bms.close());

describe('simulator at benchmark scale', () => {
  it('pages through 100,000 assets, 10,000 contacts and 1,000 accounts, and filters them', async () => {
    const client = bms.client({ userName: 'api-user', password: 'api-password', tenant: 'DemoMSP' });
    const assets = await collect(client.iterateHardwareAssets());
    expect(assets).toHaveLength(100_000);
    // Every asset once, in id order (pages neither overlap nor skip).
    expect(assets.every((a, i) => a.id === i + 1)).toBe(true);
    expect(await collect(client.iterateContacts())).toHaveLength(10_000);
    expect(await collect(client.iterateAccounts())).toHaveLength(1000);
    const perAccount = await collect(client.iterateHardwareAssets({ accountId: 500 }));
    expect(perAccount).toHaveLength(100);
    expect(perAccount.every((a) => a.accountId === 500)).toBe(true);
  });
});
