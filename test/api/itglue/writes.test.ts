import { afterAll, beforeEach, beforeAll, describe, expect, it } from 'vitest';
import { expectRejection, startItGlue, testDataset, type RunningSimulator } from './helpers.js';

describe('IT Glue writes', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue();
  });
  beforeEach(async () => {
    await sim.admin.load(testDataset());
  });
  afterAll(() => sim.close());

  it('creates an organization (201) and shows it on GET at once, with server-filled names', async () => {
    const client = sim.client();
    const created = await client.createOrganization({ name: 'Brightside Law', 'organization-type-id': 1, 'organization-status-id': 1, 'short-name': 'bright' });
    expect(created.type).toBe('organizations');
    expect(created.id).toMatch(/^\d+$/);
    expect(created.attributes).toMatchObject({ name: 'Brightside Law', 'organization-type-name': 'Customer', 'organization-status-name': 'Active', alert: null });
    expect(created.attributes['created-at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const fetched = await client.getOrganization(created.id);
    expect(fetched.attributes['short-name']).toBe('bright');
  });

  it('accepts snake_case attribute keys, snake type and numeric-string ids', async () => {
    const res = await sim.raw('/locations', {
      method: 'POST',
      json: { data: { type: 'locations', attributes: { organization_id: '2', name: 'Annex', address_1: '1 Main St', postal_code: '97201', region_id: '38', country_id: 2, phone: '503-555-0199' } } },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { data: { attributes: Record<string, unknown> } };
    expect(body.data.attributes).toMatchObject({
      'organization-id': 2,
      'address-1': '1 Main St',
      'postal-code': '97201',
      'region-id': 38,
      'country-name': 'United States',
      phone: '5035550199',
      'formatted-phone': '(503) 555-0199',
    });
    const iface = await sim.raw('/configurations/30/relationships/configuration_interfaces', {
      method: 'POST',
      json: { data: { type: 'configuration_interfaces', attributes: { name: 'WLAN', ip_address: '10.1.9.40', mac_address: 'D4:6A:91:13:2D:77' } } },
    });
    expect(iface.status).toBe(201);
    expect(((await iface.json()) as { data: { type: string } }).data.type).toBe('configuration-interfaces');
  });

  it('creates several records at once on a nested route', async () => {
    const client = sim.client();
    const created = await client.createContacts(2, [
      { 'first-name': 'Ana', 'last-name': 'Lee', 'contact-emails': [{ value: 'ana@birch.example', primary: true, 'label-name': 'Work' }] },
      { 'first-name': 'Ben', 'last-name': 'Ito', 'contact-phones': [{ value: '(415) 555-2156', 'label-name': 'Cell' }] },
    ]);
    expect(created.map((c) => c.attributes.name)).toEqual(['Ana Lee', 'Ben Ito']);
    expect(created.every((c) => c.attributes['organization-id'] === 2)).toBe(true);
    expect(created[1]!.attributes['contact-phones'][0]).toMatchObject({ value: '4155552156', 'formatted-value': '(415) 555-2156', 'label-type': 'phone' });
    const page = await client.listContactsPage({ filter: { organization_id: 2 } });
    expect(page.meta['total-count']).toBe(3);

    const configs = await client.createConfigurations(2, [
      { attributes: { name: 'BIRCH-SW-01', 'configuration-type-id': 5 }, interfaces: [{ name: 'Mgmt', 'ip-address': '10.2.0.2', primary: true }] },
      { attributes: { name: 'BIRCH-WS-02', 'configuration-type-id': 1, 'primary-ip': '10.2.0.50' } },
    ]);
    expect(configs.map((c) => c.attributes['primary-ip'])).toEqual(['10.2.0.2', '10.2.0.50']);
  });

  it('updates several records with ids inside attributes (root bulk PATCH)', async () => {
    const client = sim.client();
    const updated = await client.bulkUpdateConfigurations([
      { id: 30, attributes: { 'location-id': 11 } },
      { id: '31', attributes: { archived: true, 'serial-number': 'SN-31' } },
    ]);
    expect(updated.map((c) => c.id)).toEqual(['30', '31']);
    expect((await client.getConfiguration(30)).attributes['location-name']).toBe('Branch');
    expect((await client.getConfiguration(31)).attributes).toMatchObject({ archived: true, 'serial-number': 'SN-31', name: 'ACME-SRV-01' });
  });

  it('applies one hash to every organization matching a filter', async () => {
    const res = await sim.raw('/organizations?filter[organization_type_id]=1', {
      method: 'PATCH',
      json: { data: { type: 'organizations', attributes: { alert: 'Contract renewal due' } } },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string }[] };
    expect(body.data.map((d) => d.id).sort()).toEqual(['1', '2', '4']);
    expect((await sim.client().getOrganization(3)).attributes.alert).toBeNull();
  });

  it('bulk DELETE answers 200 with the deleted records, which are gone afterwards', async () => {
    const client = sim.client();
    const deleted = await client.bulkDeleteConfigurations([30, 32]);
    expect(deleted.map((c) => [c.id, c.attributes.name])).toEqual([
      ['30', 'ACME-WS-01'],
      ['32', 'BIRCH-WS-01'],
    ]);
    const err = await expectRejection(client.getConfiguration(30));
    expect(err).toMatchObject({ kind: 'not-found', status: 404 });
    expect((await client.listConfigurationsPage()).items.map((c) => c.id)).toEqual(['31']);
  });

  it('deleting an organization deletes everything in it', async () => {
    const client = sim.client();
    const deleted = await client.bulkDeleteOrganizations([1]);
    expect(deleted[0]!.attributes.name).toBe('Acme Dental');
    expect((await client.listLocationsPage({ filter: { organization_id: 1 } })).meta['total-count']).toBe(0);
    expect((await client.listContactsPage({ filter: { organization_id: 1 } })).meta['total-count']).toBe(0);
    expect((await client.listConfigurationsPage({ filter: { organization_id: 1 } })).meta['total-count']).toBe(0);
    expect((await client.listPasswordsPage({ filter: { organization_id: 1 } })).meta['total-count']).toBe(0);
    // Documents document no list filters: look at the store.
    expect((await sim.admin.list('documents')).filter((d) => d['organization-id'] === 1)).toEqual([]);
    const interfaces = await sim.admin.list('configurationInterfaces');
    expect(interfaces.filter((i) => i['configuration-id'] === 31)).toEqual([]);
    // The child organization stays, detached.
    expect((await client.getOrganization(5)).attributes['parent-id']).toBeNull();
    // Other organizations keep their records.
    expect((await client.listConfigurationsPage()).items.map((c) => c.id)).toEqual(['32']);
  });

  it('bumps updated-at on every change, also through the admin "as a user" edit', async () => {
    const client = sim.client();
    const before = (await client.getContact(22)).attributes['updated-at'];
    const updated = await client.updateContact(22, { title: 'Practice Manager' });
    expect(updated.attributes.title).toBe('Practice Manager');
    expect(Date.parse(updated.attributes['updated-at'])).toBeGreaterThan(Date.parse(before));
    await sim.admin.edit('contacts', 22, { title: 'Owner' });
    const edited = await client.getContact(22);
    expect(edited.attributes.title).toBe('Owner');
    expect(Date.parse(edited.attributes['updated-at'])).toBeGreaterThan(Date.parse(updated.attributes['updated-at']));
    const newest = await client.listContactsPage({ sort: '-updated_at', page: { size: 1 } });
    expect(newest.items[0]!.id).toBe('22');
  });

  it('refuses relationships in a PATCH and invalid attributes with 422 pointers', async () => {
    const res = await sim.raw('/configurations/30', {
      method: 'PATCH',
      json: { data: { type: 'configurations', attributes: { name: 'X' }, relationships: { configuration_interfaces: { data: [] } } } },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { status: number; source: { pointer: string } }[] };
    expect(body.errors[0]).toMatchObject({ status: 422, source: { pointer: '/data/relationships' } });

    const err = await expectRejection(sim.client().createConfiguration({ 'organization-id': 1, name: 'No type' }));
    expect(err).toMatchObject({ kind: 'validation', status: 422 });
    expect((err as unknown as { details: string[] }).details).toContain("/data/attributes/configuration-type-id: can't be blank");
    const wrongOrg = await expectRejection(sim.client().updateConfiguration(32, { 'location-id': 10 }));
    expect((wrongOrg as unknown as { details: string[] }).details).toEqual(['/data/attributes/location-id: must belong to the same organization']);
  });

  it('updates through the nested route only within that organization', async () => {
    const ok = await sim.raw('/organizations/1/relationships/contacts/20', {
      method: 'PATCH',
      json: { data: { type: 'contacts', attributes: { title: 'Office Manager' } } },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { attributes: { title: string } } }).data.attributes.title).toBe('Office Manager');
    const elsewhere = await sim.raw('/organizations/2/relationships/contacts/20', {
      method: 'PATCH',
      json: { data: { type: 'contacts', attributes: { title: 'Nope' } } },
    });
    expect(elsewhere.status).toBe(404);
    expect((await sim.client().getContact(20)).attributes.title).toBe('Office Manager');
  });

  it('keeps one primary location per organization', async () => {
    const client = sim.client();
    await client.updateLocation(11, { primary: true });
    const page = await client.listLocationsPage({ filter: { organization_id: 1 }, sort: 'id' });
    expect(page.items.map((l) => [l.id, l.attributes.primary])).toEqual([
      ['10', false],
      ['11', true],
    ]);
  });

  it('lists and deletes passwords and documents of an organization', async () => {
    const client = sim.client();
    const passwords = await client.listOrganizationPasswords(1);
    expect(passwords.map((p) => p.attributes.name)).toEqual(['Router admin']);
    expect(passwords[0]!.attributes.password).toBeUndefined();
    const shown = await client.get('passwords', 50);
    expect(shown.attributes.password).toBe('s3cret');
    await client.deletePassword(50);
    expect(await client.listOrganizationPasswords(1)).toEqual([]);
    const deleted = await client.bulkDeletePasswords([51]);
    expect(deleted.map((p) => p.attributes.name)).toEqual(['Wi-Fi']);

    const documents = await client.listOrganizationDocuments(1);
    expect(documents.map((d) => d.attributes.name)).toEqual(['Onboarding runbook']);
    await client.bulkDeleteDocuments([60]);
    expect(await client.listOrganizationDocuments(1)).toEqual([]);
  });
});
