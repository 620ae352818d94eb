/**
 * Contacts pushed to BMS without an edit (README "Two-way: IT Glue → BMS"), against the
 * simulators: contacts Network Glue created from Active Directory, with the BMS types chosen for
 * them (none chosen: not pushed), held when BMS lacks data; and a Microsoft 365 contact whose
 * phone IT Glue does not mark primary, which BMS gets as its default phone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { createHarness, type Harness } from '../support/harness.js';
import { allLinks, runSync, setSettings, SYNC_EVERYTHING } from '../support/sync.js';

type Rec = Record<string, unknown>;
const generated = generateDatasetDetailed({ accounts: 4, seed: 21, itglueOverlap: 0.5, tickets: 0, activeDirectoryContacts: 8 });
const adContacts = generated.dataset.itglue!.contacts.filter((c) => c['adapters-resources']?.some((a) => a['integration-type'] === 'network-glue'));
let h: Harness;

async function push(): Promise<void> {
  await h.temporal.workflow.execute('twoWayPushWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
    args: [{ integrationId: h.integrationId }],
  });
}

const missing = (c: Rec) => [...((c['contact-phones'] as unknown[]).length === 0 ? ['a phone number'] : []), ...(c['location-id'] == null ? ['a location'] : [])];

beforeAll(async () => {
  h = await createHarness({ dataset: generated.dataset, settings: { ...SYNC_EVERYTHING, twoWay: true } });
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

describe('Active Directory contacts', () => {
  it('the generator makes them: the network-glue adapter, AD labels, no primary phone, some incomplete', () => {
    expect(adContacts.length).toBeGreaterThanOrEqual(6);
    expect(generated.summary['itglue.activeDirectoryContacts']).toBe(adContacts.length);
    for (const c of adContacts) {
      expect(c['contact-emails'].map((e) => e['label-name'])).toEqual(['AD Email']);
      expect(c['contact-phones'].every((p) => p['label-name'] === 'AD Phone' && p.primary === false)).toBe(true);
    }
    expect(adContacts.filter((c) => missing(c as Rec).length === 0).length).toBeGreaterThan(0);
    expect(adContacts.filter((c) => missing(c as Rec).length > 0).length).toBeGreaterThan(0);
  });

  it('are not pushed while no BMS types are chosen for them', async () => {
    await push();
    const linked = new Set((await allLinks(h, 'contact')).map((l) => l.itglueId));
    expect(adContacts.filter((c) => linked.has(String(c.id)))).toEqual([]);
  });

  it('are pushed without an edit once types are chosen, with those types and a default phone; incomplete ones are held', async () => {
    await setSettings(h, { activeDirectoryContacts: { emailType: 'Work', phoneType: 'Mobile' } });
    await push();
    const byItGlue = new Map((await allLinks(h, 'contact')).map((l) => [l.itglueId!, l]));
    const { bms } = await h.deps.connectors.get(h.integrationId);
    for (const c of adContacts) {
      const link = byItGlue.get(String(c.id));
      const lacking = missing(c as Rec);
      if (lacking.length > 0) {
        expect(link?.state, `contact ${c.id}`).toBe('held');
        expect(link?.reason).toMatch(/^Active Directory contact held: BMS needs /);
        for (const what of lacking) expect(link?.reason).toContain(what);
        continue;
      }
      expect(link?.state, `contact ${c.id}`).toBe('enabled');
      const created = await bms.getContact(Number(link!.bmsId));
      expect([created.firstName, created.lastName]).toEqual([c['first-name'], c['last-name']]);
      expect(created.emails.map((e) => [e.emailAddress, e.emailType, e.isDefault])).toEqual([[c['contact-emails'][0]!.value, 'Work', true]]);
      expect(created.phones.map((p) => [p.phoneType, p.isDefault])).toEqual([['Mobile', true]]);
    }
  });
});

describe('Microsoft 365 contacts', () => {
  it('a phone IT Glue does not mark primary becomes the BMS default', async () => {
    await setSettings(h, { microsoftContacts: { autoPush: true, emailType: 'Work', phoneType: 'Work' } });
    const [, organizationId] = Object.entries(generated.expectedLinks.organization)[0]!;
    const location = (await h.itglue.admin.list<Rec>('locations')).find((l) => String(l['organization-id']) === organizationId)!;
    const created = await h.itglue.admin.create<Rec>('contacts', {
      'organization-id': Number(organizationId),
      'first-name': 'Priya',
      'last-name': 'Nair',
      'location-id': Number(location.id),
      'contact-emails': [{ value: 'priya.nair@example.com', primary: true, 'label-name': 'Work' }],
      'contact-phones': [{ value: '4155550188', primary: false, 'label-name': 'Mobile' }],
      'adapters-resources': [{ 'integration-type': 'office365', 'external-id': randomUUID() }],
    });
    await push();
    const link = (await allLinks(h, 'contact')).find((l) => l.itglueId === String(created.id));
    expect(link?.state).toBe('enabled');
    const { bms } = await h.deps.connectors.get(h.integrationId);
    const contact = await bms.getContact(Number(link!.bmsId));
    expect(contact.phones.map((p) => [(p.phone ?? '').replace(/\D/g, ''), p.phoneType, p.isDefault])).toEqual([['4155550188', 'Work', true]]);
  });
});
