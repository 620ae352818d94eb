import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startItGlue, testDataset, type RunningSimulator } from './helpers.js';

describe('IT Glue simulator dataset and admin API', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue();
  });
  afterAll(() => sim.close());

  const loadError = async (dataset: unknown): Promise<string> => {
    const res = await fetch(`${sim.url}/_admin/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(dataset) });
    expect(res.status).toBe(400);
    return JSON.stringify(await res.json());
  };

  it('refuses an invalid dataset naming each bad field, and keeps the previous state', async () => {
    const shapeError = await loadError({ itglue: { apiKeys: [API_KEY], organizations: [{ id: 'x', name: '' }] } });
    expect(shapeError).toContain('organizations.0.id');
    expect(shapeError).toContain('organizations.0.name');

    const referenceError = await loadError({
      apiKeys: [API_KEY],
      organizations: [{ id: '1', name: 'A' }],
      contacts: [{ id: '1', 'organization-id': 9 }],
      configurationInterfaces: [
        { id: '1', 'configuration-id': 5, primary: true },
      ],
    });
    expect(referenceError).toContain('contacts[0].organization-id: organizations 9 does not exist');
    expect(referenceError).toContain('configurationInterfaces[0].configuration-id: configurations 5 does not exist');

    // The account from before the failed loads is untouched.
    expect((await sim.client().listOrganizationsPage()).meta['total-count']).toBe(5);
  });

  it('dumps the IT Glue half, which loads back to the same state', async () => {
    await sim.client().updateConfiguration(32, { 'primary-ip': '10.9.9.9' });
    const dump = await sim.admin.dump<Record<string, Record<string, unknown>[]>>();
    expect(dump.apiKeys).toEqual([API_KEY]);
    expect(dump.configurations!.find((c) => c.id === '32')).toMatchObject({ name: 'BIRCH-WS-01', 'primary-ip': '10.9.9.9' });
    expect(dump.countries!.length).toBeGreaterThan(5);

    const counts = await sim.admin.load(dump);
    expect(counts.loaded).toMatchObject({ organizations: 5, configurations: 3, configurationInterfaces: 3, contacts: 3 });
    expect((await sim.client().getConfiguration(32)).attributes['primary-ip']).toBe('10.9.9.9');
    expect(await sim.admin.dump()).toEqual(dump);
  });

  it('resets to an empty account that keeps lookups and keys', async () => {
    await sim.admin.reset();
    const client = sim.client();
    expect((await client.listOrganizationsPage()).meta['total-count']).toBe(0);
    expect((await client.listLookup('organizationStatuses')).length).toBe(2);
    await sim.admin.load(testDataset());
  });

  it('validates config patches', async () => {
    const res = await fetch(`${sim.url}/_admin/config`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimit: -1, bogus: true }) });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('rateLimit');
    expect(await sim.admin.config()).toMatchObject({ rateLimit: 3000, rateLimitWindowSeconds: 300, maxPageSize: 1000, defaultPageSize: 50 });
  });
});
