/**
 * What ticket suggestions and checklists read from IT Glue, through the client against the
 * simulator: documents and passwords with their documented filters (never a password value in a
 * list, and on a single read only when asked for), password categories, no checklist routes (an
 * API key cannot read checklists), and a "Checklist Template" flexible asset type in their place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItGlueClient } from '../../../clients/itglue/client.js';
import { startItGlue, testDataset, type RunningSimulator } from './helpers.js';

function documentationDataset(): Record<string, unknown> {
  const base = testDataset() as { itglue: Record<string, unknown> };
  const at = '2024-01-01T00:00:00.000Z';
  return {
    itglue: {
      ...base.itglue,
      passwordCategories: ['Email', 'Network', 'Network Device', 'Wireless'].map((name, i) => ({ id: String(i + 1), name, 'created-at': at, 'updated-at': at })),
      passwords: [
        { id: '50', 'organization-id': 1, name: 'Router admin', username: 'admin', password: 's3cret', 'password-category-id': 3 },
        { id: '52', 'organization-id': 1, name: 'Email relay account', username: 'relay', password: 'relay-pass', 'password-category-id': 1 },
        { id: '53', 'organization-id': 1, name: 'Core switch', username: 'admin', password: 'switch-pass', 'password-category-id': 2 },
        { id: '54', 'organization-id': 1, name: 'Wi-Fi (staff)', password: 'wifi-pass', 'password-category-id': 4, archived: true },
        { id: '51', 'organization-id': 2, name: 'Wi-Fi (staff)', password: 'guest-pass', 'password-category-id': 4 },
      ],
      documents: [
        { id: '60', 'organization-id': 1, name: 'Onboarding runbook' },
        { id: '61', 'organization-id': 1, name: 'Acme Dental – Printer setup' },
        { id: '62', 'organization-id': 1, name: 'Printers and Scanners' },
        { id: '63', 'organization-id': 1, name: 'Print Server maintenance', archived: true },
        { id: '64', 'organization-id': 2, name: 'Printer Setup Guide' },
      ],
    },
  };
}

let sim: RunningSimulator;
let client: ItGlueClient;

beforeAll(async () => {
  sim = await startItGlue(documentationDataset());
  client = sim.client();
});
afterAll(() => sim.close());

const names = (items: { attributes: { name: string | null } }[]) => items.map((i) => i.attributes.name);
const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

describe('documents', () => {
  it('lists an organization’s documents through its nested route, with their organization name; the document list takes no filter', async () => {
    const documents = await client.listOrganizationDocuments(1);
    expect(names(documents)).toEqual(['Onboarding runbook', 'Acme Dental – Printer setup', 'Printers and Scanners', 'Print Server maintenance']);
    expect(documents[1]!.attributes).toMatchObject({ 'organization-name': 'Acme Dental', archived: false, 'resource-url': expect.stringContaining('/1/docs/61') });
    expect(documents[3]!.attributes.archived).toBe(true);
    expect((await client.getDocument(64)).attributes).toMatchObject({ name: 'Printer Setup Guide', 'organization-id': 2, 'organization-name': 'Birch Vets' });
    // The reference documents no filter on the document list, and the API ignores unknown filters:
    // the client refuses to send one rather than take every document for an organization's.
    await expect(client.listDocumentsPage({ filter: { name: 'Printer Setup Guide' } })).rejects.toThrow(/filter\[name\] is not a documented filter/);
  });
});

describe('passwords', () => {
  it('lists by organization and category, never with a password value, even when show_password is asked for', async () => {
    const passwords = await collect(client.iteratePasswords({ filter: { organization_id: 1 } }));
    expect(names(passwords)).toEqual(['Router admin', 'Email relay account', 'Core switch', 'Wi-Fi (staff)']);
    expect(passwords.map((p) => p.attributes['password-category-name'])).toEqual(['Network Device', 'Email', 'Network', 'Wireless']);
    for (const p of passwords) expect(p.attributes).not.toHaveProperty('password');
    expect(names((await client.listPasswordsPage({ filter: { organization_id: 1, password_category_id: 2 } })).items)).toEqual(['Core switch']);
    expect(names((await client.listPasswordsPage({ filter: { archived: false, name: 'Wi-Fi (staff)' } })).items)).toEqual(['Wi-Fi (staff)']);

    const raw = await sim.raw('/passwords?filter[organization_id]=1&show_password=true');
    const body = (await raw.json()) as { data: { attributes: Record<string, unknown> }[] };
    expect(body.data).toHaveLength(4);
    for (const item of body.data) expect(item.attributes).not.toHaveProperty('password');
    expect(JSON.stringify(body)).not.toMatch(/s3cret|relay-pass|switch-pass|wifi-pass/);
  });

  it('reads one password without its value unless the value is asked for', async () => {
    const plain = await client.getPassword(52);
    expect(plain.attributes).toMatchObject({ name: 'Email relay account', username: 'relay', 'password-category-name': 'Email', 'organization-name': 'Acme Dental' });
    expect(plain.attributes).not.toHaveProperty('password');
    expect((await client.getPassword(52, { showPassword: true })).attributes.password).toBe('relay-pass');
  });

  it('serves password categories; the name filter tells Network from Network Device', async () => {
    expect((await client.listLookup('passwordCategories')).map((c) => c.attributes.name)).toEqual(['Email', 'Network', 'Network Device', 'Wireless']);
    expect((await client.findLookupByName('passwordCategories', 'network')).map((c) => c.id)).toEqual(['2']);
  });
});

describe('checklists', () => {
  it('has no checklist routes: the API documents none an API key can read', async () => {
    for (const path of ['/checklists', '/checklist_templates', '/organizations/1/relationships/checklists']) {
      const response = await sim.raw(path);
      expect(response.status, path).toBe(404);
    }
  });

  it('keeps checklist templates as flexible assets instead: one task per line, read by type, organization and name', async () => {
    const type = await client.createFlexibleAssetType({ name: 'Checklist Template', icon: 'list-check', description: 'Tasks for BMS tickets' }, [
      { name: 'Name', kind: 'Text', required: true, 'use-for-title': true, 'show-in-list': true },
      { name: 'Description', kind: 'Textbox' },
      { name: 'Tasks', kind: 'Textbox', required: true, hint: 'One task per line' },
    ]);
    const tasks = 'Create the user account for [contact_name]\nAssign the Microsoft 365 license\n\nSet up the laptop';
    const onboarding = await client.createFlexibleAsset({ 'organization-id': 1, 'flexible-asset-type-id': Number(type.id), traits: { name: 'New user setup', tasks } });
    await client.createFlexibleAssets(2, [{ 'flexible-asset-type-id': Number(type.id), traits: { name: 'New user setup', tasks: 'Create the account' } }]);
    await client.createFlexibleAsset({ 'organization-id': 1, 'flexible-asset-type-id': Number(type.id), traits: { name: 'Firewall upgrade', tasks: 'Back up the configuration' } });

    expect(onboarding.attributes).toMatchObject({ name: 'New user setup', 'flexible-asset-type-name': 'Checklist Template' });
    expect(onboarding.attributes.traits.tasks).toBe(tasks);
    const ofOrganization = await collect(client.iterateFlexibleAssets(type.id, { filter: { 'organization-id': 1 } }));
    expect(names(ofOrganization)).toEqual(['New user setup', 'Firewall upgrade']);
    const byName = await client.listFlexibleAssetsPage(type.id, { filter: { name: 'new user setup' } });
    expect(byName.items.map((a) => a.attributes['organization-id'])).toEqual([1, 2]);

    const edited = await client.updateFlexibleAsset(onboarding.id, { traits: { name: 'New user setup', tasks: 'Create the account\nSend the welcome e-mail' } });
    expect(String(edited.attributes.traits.tasks).split('\n')).toEqual(['Create the account', 'Send the welcome e-mail']);
    // An edited template is seen by a poller reading newest first.
    expect(edited.attributes['updated-at']! > onboarding.attributes['updated-at']!).toBe(true);
  });
});
