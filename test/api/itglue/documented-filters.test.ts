/**
 * Documented IT Glue filter names only (SPEC §11). The real API ignores a filter it does not know
 * and answers the whole list, so a scoped read relying on one would see every organization's
 * records. The client sends only the names each resource documents (spelled as documented:
 * snake_case, kebab-case for flexible assets, none on nested routes) and refuses others before
 * sending; the simulator ignores any other name, as the real API would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITG_DOCUMENTED_FILTERS, ITG_RESOURCES, type ItgResourceName } from '../../../clients/itglue/client.js';
import { RESOURCES } from '../../../simulators/itglue/resources.js';
import { expectRejection, startItGlue, type RunningSimulator } from './helpers.js';

describe('the filters the IT Glue client can send', () => {
  it('are each one the simulator takes as documented for that resource', () => {
    const unknown: string[] = [];
    for (const resource of Object.keys(ITG_RESOURCES) as ItgResourceName[]) {
      const documented = RESOURCES[resource].filters;
      for (const name of ITG_DOCUMENTED_FILTERS[resource]) {
        // `exclude[id]`, `range[my_glue_account_id]`: organizations only, over their own filters.
        const inner = /^(exclude|range)\[(.+)\]$/.exec(name);
        const known = inner ? resource === 'organizations' && (inner[2]! in documented || inner[2] === 'my_glue_account_id') : name in documented;
        if (!known) unknown.push(`${resource}: filter[${name}]`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('spell flexible asset filters in kebab-case, and give documents and nested lists none', () => {
    expect(ITG_DOCUMENTED_FILTERS.flexibleAssets).toEqual(['flexible-asset-type-id', 'name', 'organization-id']);
    expect(ITG_DOCUMENTED_FILTERS.documents).toEqual([]);
    // Only organizations document an updated_at range.
    const withUpdatedAt = (Object.keys(ITG_DOCUMENTED_FILTERS) as ItgResourceName[]).filter((r) => ITG_DOCUMENTED_FILTERS[r].includes('updated_at'));
    expect(withUpdatedAt).toEqual(['organizations']);
  });
});

describe('undocumented IT Glue filters', () => {
  let sim: RunningSimulator;
  let typeId = '';
  beforeAll(async () => {
    sim = await startItGlue();
    const client = sim.client();
    const type = await client.createFlexibleAssetType({ name: 'Licences' }, [{ name: 'Seats', kind: 'Number', 'show-in-list': true, 'use-for-title': true }]);
    typeId = type.id;
    for (const organizationId of [1, 2]) {
      await client.createFlexibleAsset({ 'organization-id': organizationId, 'flexible-asset-type-id': Number(typeId), traits: { seats: 5 } });
    }
  });
  afterAll(() => sim.close());

  it('are refused by the client before anything is sent, naming the filter and the documented ones', async () => {
    const client = sim.client();
    await sim.admin.resetCounters();
    const cases: [string, Promise<unknown>][] = [
      ['filter[organization_id]', client.listFlexibleAssetsPage(typeId, { filter: { organization_id: '1' } })],
      ['filter[organization_id]', client.listDocumentsPage({ filter: { organization_id: '1' } })],
      ['filter[updated_at]', client.listConfigurationsPage({ filter: { updated_at: '2024-01-01T00:00:00Z,*' } })],
      ['filter[name]', client.listPage('models', { filter: { name: 'Latitude 5440' } })],
      ['filter[organization-id]', client.listContactsPage({ filter: { 'organization-id': '1' } })],
    ];
    for (const [filter, call] of cases) {
      const err = await expectRejection(call);
      expect(err.kind, filter).toBe('config');
      expect(err.message).toContain(`${filter} is not a documented filter`);
      expect(err.message).toContain('documented:');
    }
    expect((await sim.admin.counters()).total).toBe(0);
  });

  it('are ignored by the simulator: the list comes back unfiltered, the dangerous real behaviour', async () => {
    const organizationsOf = async (query: string) => {
      const res = await sim.raw(`/flexible_assets?filter[flexible-asset-type-id]=${typeId}&${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { attributes: { 'organization-id': number } }[] };
      return body.data.map((a) => a.attributes['organization-id']).sort();
    };
    expect(await organizationsOf('filter[organization-id]=1')).toEqual([1]);
    expect(await organizationsOf('filter[organization_id]=1')).toEqual([1, 2]);
    // The required type filter counts only in its documented spelling.
    expect((await sim.raw(`/flexible_assets?filter[flexible_asset_type_id]=${typeId}`)).status).toBe(400);
    // Documents document no filters at all.
    const documents = (await (await sim.raw('/documents?filter[organization_id]=2')).json()) as { data: unknown[] };
    expect(documents.data.length).toBe(1);
  });
});
