import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itgRange } from '../../../clients/itglue/client.js';
import { manyOrganizations, startItGlue, testDataset, type RunningSimulator } from './helpers.js';

describe('IT Glue paging', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue(manyOrganizations(123));
  });
  afterAll(() => sim.close());

  it('pages to the end with the six meta keys and total-count', async () => {
    const client = sim.client();
    const first = await client.listOrganizationsPage({ page: { number: 1, size: 50 }, sort: 'id' });
    expect(Object.keys(first.meta).sort()).toEqual(['current-page', 'filters', 'next-page', 'prev-page', 'total-count', 'total-pages']);
    expect(first.meta).toMatchObject({ 'current-page': 1, 'next-page': 2, 'prev-page': null, 'total-pages': 3, 'total-count': 123 });
    expect(first.items).toHaveLength(50);
    expect(first.hasMore).toBe(true);

    const last = await client.listOrganizationsPage({ page: { number: 3, size: 50 }, sort: 'id' });
    expect(last.items.map((o) => o.id)).toEqual(Array.from({ length: 23 }, (_, i) => String(101 + i)));
    expect(last.meta).toMatchObject({ 'current-page': 3, 'next-page': null, 'prev-page': 2 });
    expect(last.hasMore).toBe(false);

    const beyond = await client.listOrganizationsPage({ page: { number: 4, size: 50 } });
    expect(beyond.items).toEqual([]);

    const all = [];
    for await (const org of client.iterateOrganizations({ page: { size: 40 } })) all.push(org.attributes.name);
    expect(all).toHaveLength(123);
    expect(new Set(all).size).toBe(123);
  });

  it('defaults to 50 per page and clamps page[size] above 1000', async () => {
    const defaults = await sim.client().listOrganizationsPage();
    expect(defaults.items).toHaveLength(50);
    await sim.simulator.hooks.updateConfig({ maxPageSize: 100 });
    try {
      const clamped = await sim.client().listOrganizationsPage({ page: { size: 500 } });
      expect(clamped.items).toHaveLength(100);
      expect(clamped.meta['total-pages']).toBe(2);
    } finally {
      sim.simulator.hooks.updateConfig({ maxPageSize: 1000 });
    }
  });

  it('emits absolute links on the request host that keep every parameter, and plain fetch can follow links.next', async () => {
    const res = await sim.raw('/organizations?filter[organization_type_id]=1&sort=name&page[size]=50');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    const body = (await res.json()) as { links: Record<string, string | null>; data: unknown[] };
    const host = new URL(sim.url).host;
    expect(body.links.self).toBe(`http://${host}/organizations?filter[organization_type_id]=1&sort=name&page[size]=50&page[number]=1`);
    expect(body.links.prev).toBeNull();
    expect(body.links.last).toContain('page[number]=3');

    const seen: string[] = [];
    let next: string | null = body.links.next!;
    while (next) {
      const page = await fetch(next, { headers: { 'x-api-key': 'ITG.test-0123456789abcdef' } });
      const json = (await page.json()) as { data: { attributes: { name: string } }[]; links: { next: string | null } };
      seen.push(...json.data.map((d) => d.attributes.name));
      next = json.links.next;
    }
    expect(seen).toHaveLength(73);
    expect(seen[0]).toBe('Org 0051');
    expect(seen.at(-1)).toBe('Org 0123');
  });

  it('refuses an unknown sort field with a JSON:API 400 naming it', async () => {
    const res = await sim.raw('/organizations?sort=favourite_colour');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { status: number; detail: string; source: { parameter: string } }[] };
    expect(body.errors[0]).toMatchObject({ status: 400, source: { parameter: 'sort' } });
    expect(body.errors[0]!.detail).toContain('favourite_colour');
  });

  it('sorts by updated_at descending, with multi-sort', async () => {
    const page = await sim.client().listOrganizationsPage({ sort: '-updated_at', page: { size: 3 } });
    expect(page.items.map((o) => o.id)).toEqual(['123', '122', '121']);
    const byName = await sim.client().listOrganizationsPage({ sort: ['organization_type_name', '-name'], page: { size: 2 } });
    expect(byName.items.map((o) => o.attributes.name)).toEqual(['Org 0123', 'Org 0122']);
  });
});

describe('IT Glue filters', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue(testDataset());
  });
  afterAll(() => sim.close());

  const names = (items: { attributes: { name: string } }[]): string[] => items.map((i) => i.attributes.name).sort();

  it('matches exactly, and a comma means OR', async () => {
    const client = sim.client();
    expect(names((await client.listOrganizationsPage({ filter: { name: 'Acme Dental' } })).items)).toEqual(['Acme Dental']);
    expect((await client.listOrganizationsPage({ filter: { name: 'Acme' } })).items).toEqual([]);
    const either = await client.listOrganizationsPage({ filter: { name: ['Acme Dental', 'Birch Vets'] } });
    expect(names(either.items)).toEqual(['Acme Dental', 'Birch Vets']);
    expect(either.meta.filters).toEqual({ name: 'Acme Dental,Birch Vets' });
  });

  it('treats \\, as a literal comma', async () => {
    const page = await sim.client().listOrganizationsPage({ filter: { name: 'Smith, Jones & Co' } });
    expect(names(page.items)).toEqual(['Smith, Jones & Co']);
    const raw = await sim.raw('/organizations?filter[name]=Smith\\, Jones %26 Co,Birch Vets');
    const body = (await raw.json()) as { data: { attributes: { name: string } }[] };
    expect(names(body.data)).toEqual(['Birch Vets', 'Smith, Jones & Co']);
  });

  it('accepts raw or percent-encoded brackets and + as a space', async () => {
    for (const path of ['/organizations?filter[name]=Birch+Vets', '/organizations?filter%5Bname%5D=Birch%20Vets']) {
      const body = (await (await sim.raw(path)).json()) as { data: { id: string }[] };
      expect(body.data.map((d) => d.id)).toEqual(['2']);
    }
  });

  it('filters by date ranges with * for an open end', async () => {
    const client = sim.client();
    const since = await client.listOrganizationsPage({ filter: { updated_at: itgRange('2024-05-01T00:00:00Z') } });
    expect(names(since.items)).toEqual(['Birch Vets', 'Smith, Jones & Co']);
    const between = await client.listOrganizationsPage({ filter: { updated_at: itgRange('2023-04-01T00:00:00Z', '2024-01-01T00:00:00Z') } });
    expect(names(between.items)).toEqual(['Acme Dental', 'Echo Labs']);
    const raw = (await (await sim.raw('/organizations?filter[updated_at]=*,2023-12-31')).json()) as { data: { id: string }[] };
    expect(raw.data.map((d) => d.id)).toEqual(['4', '5']);
  });

  it('excludes organizations with filter[exclude][...]', async () => {
    const page = await sim.client().listOrganizationsPage({ filter: { exclude: { organization_type_id: [1] } } });
    expect(names(page.items)).toEqual(['Echo Labs', 'Smith, Jones & Co']);
  });

  it('needs psa_integration_type alongside psa_id', async () => {
    const err = await sim.client().listOrganizationsPage({ filter: { psa_id: 'BMS-44' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'validation', status: 400 });
    expect(String((err as Error).message)).toContain('psa_integration_type');
    const found = await sim.client().listOrganizationsPage({ filter: { psa_id: 'BMS-44', psa_integration_type: 'kaseya-bms' } });
    expect(found.items.map((o) => o.id)).toEqual(['4']);
  });

  it('applies filters spelled as documented only; ignores any other spelling (whole list) and filters on nested routes', async () => {
    const ids = async (path: string) => ((await (await sim.raw(path)).json()) as { data: { id: string }[] }).data.map((d) => d.id);
    expect(await ids('/configurations?filter[organization_id]=2')).toEqual(['32']);
    // Not the documented spelling: an unknown filter, ignored as the real API would (every record).
    expect(await ids('/configurations?filter[organization-id]=2')).toEqual(['30', '31', '32']);
    expect(await ids('/configurations?filter[Organization_Id]=2')).toEqual(['30', '31', '32']);
    const nested = (await (await sim.raw('/organizations/1/relationships/configurations?filter[name]=nothing-matches')).json()) as {
      data: { id: string }[];
      meta: { filters: object };
    };
    expect(nested.data.map((d) => d.id)).toEqual(['30', '31']);
    expect(nested.meta.filters).toEqual({});
  });

  it('matches filters ignoring case by default, exactly when configured', async () => {
    const client = sim.client();
    expect((await client.listOrganizationsPage({ filter: { name: 'acme dental' } })).items).toHaveLength(1);
    await sim.admin.configure({ filterCaseSensitive: true });
    try {
      expect((await client.listOrganizationsPage({ filter: { name: 'acme dental' } })).items).toHaveLength(0);
    } finally {
      await sim.admin.configure({ filterCaseSensitive: false });
    }
  });

  it('filters configurations by the primary interface MAC and by archived flags', async () => {
    const page = await sim.client().listConfigurationsPage({ filter: { mac_address: '18-5E-0F-ED-99-91' } });
    expect(page.items.map((c) => c.id)).toEqual(['30']);
    const archived = await sim.client().listConfigurationsPage({ filter: { archived: true } });
    expect(archived.items).toEqual([]);
  });
});
