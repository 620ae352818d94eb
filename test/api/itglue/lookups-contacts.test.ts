import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRejection, startItGlue, type RunningSimulator } from './helpers.js';

describe('IT Glue lookups and contact integration sources', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue();
  });
  afterAll(() => sim.close());

  it('seeds lookup lists and finds entries by exact name', async () => {
    const client = sim.client();
    const statuses = await client.listLookup('organizationStatuses');
    expect(statuses.map((s) => s.attributes.name)).toEqual(['Active', 'Inactive']);
    const us = await client.findLookupByName('countries', 'United States');
    expect(us.map((c) => c.attributes.iso)).toEqual(['US']);
    const regions = await client.listRegionsOfCountry(us[0]!.id);
    expect(regions).toHaveLength(51);
    expect(regions.find((r) => r.attributes.iso === 'OR')?.attributes.name).toBe('Oregon');
    const provinces = await client.listLookup('regions', { filter: { country_id: 1 } });
    expect(provinces.map((r) => r.attributes.iso)).toContain('QC');
    const uk = await client.findLookupByName('countries', 'United Kingdom');
    expect((await client.listRegionsOfCountry(uk[0]!.id)).map((r) => r.attributes.name)).toEqual(['England', 'Northern Ireland', 'Scotland', 'Wales']);
  });

  it('creates writable lookups, refuses duplicates, and has no POST on read-only lists', async () => {
    const client = sim.client();
    const type = await client.createLookup('configurationTypes', { name: 'Camera' });
    expect(type.type).toBe('configuration-types');
    expect((await client.findLookupByName('configurationTypes', 'Camera')).map((t) => t.id)).toEqual([type.id]);
    const duplicate = await expectRejection(client.createLookup('configurationTypes', { name: 'camera' }));
    expect(duplicate).toMatchObject({ status: 422, details: ['/data/attributes/name: has already been taken'] });

    const maker = await client.createLookup('manufacturers', { name: 'Axis' });
    const model = await client.createLookup('models', { name: 'M3086-V', 'manufacturer-id': Number(maker.id) });
    expect(model.attributes['manufacturer-id']).toBe(Number(maker.id));
    expect((await client.listModelsOfManufacturer(maker.id)).map((m) => m.attributes.name)).toEqual(['M3086-V']);

    const res = await sim.raw('/operating_systems', { method: 'POST', json: { data: { type: 'operating-systems', attributes: { name: 'BeOS' } } } });
    expect([404, 405]).toContain(res.status);
  });

  it('flags contacts that came from the Microsoft 365 integration', async () => {
    const client = sim.client();
    const org = await client.createOrganization({ name: 'M365 Org' });
    const native = await client.createContact({ 'organization-id': Number(org.id), 'first-name': 'Nat', 'last-name': 'Ive' });
    const synced = (await sim.admin.create('contacts', {
      'organization-id': Number(org.id),
      'first-name': 'Ola',
      'last-name': 'Soft',
      'contact-emails': [{ value: 'ola@m365.example', primary: true, 'label-name': 'Work' }],
      'adapters-resources': [{ 'integration-type': 'office365', 'external-id': 'aad-123' }],
    })) as { id: string };

    const page = await client.listContactsPage({ filter: { organization_id: org.id }, sort: 'id' });
    expect(page.items.map((c) => [c.id, c.integrationSources])).toEqual([
      [native.id, []],
      [synced.id, ['office365']],
    ]);
    expect((await client.getContact(synced.id)).integrationSources).toEqual(['office365']);

    const raw = (await (await sim.raw(`/contacts/${synced.id}?include=adapters_resources`)).json()) as {
      data: { relationships: Record<string, { data: { type: string }[] }> };
      included: { type: string; attributes: Record<string, unknown> }[];
    };
    expect(raw.data.relationships['adapters-resources']!.data[0]!.type).toBe('adapters-resources');
    expect(raw.included[0]!.attributes).toMatchObject({ 'integration-type': 'office365', 'external-id': 'aad-123' });
  });
});
