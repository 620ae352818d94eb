import { describe, expect, it } from 'vitest';
import { compareConfigurationIdentifiers } from '../../../entities/configuration.js';
import { matchKey, normalizeMac, normalizeSerial } from '../../../domain/normalize.js';
import { CASE_KINDS, generateDatasetDetailed, type TrickyCase } from '../../../simulators/datasets/generate.js';
import { simulateFirstSync } from './first-sync.js';

const base = generateDatasetDetailed();
const { dataset, cases, expectedLinks } = base;
const bms = dataset.bms!;
const itg = dataset.itglue!;

const account = new Map(bms.accounts.map((a) => [String(a.id), a]));
const location = new Map(bms.accounts.flatMap((a) => a.locations.map((l) => [String(l.id), { account: a, location: l }] as const)));
const contact = new Map(bms.contacts.map((c) => [String(c.id), c]));
const asset = new Map(bms.hardwareAssets.map((a) => [String(a.id), a]));
const organization = new Map(itg.organizations.map((o) => [o.id, o]));
const itgLocation = new Map(itg.locations.map((l) => [l.id, l]));
const itgContact = new Map(itg.contacts.map((c) => [c.id, c]));
const configuration = new Map(itg.configurations.map((c) => [c.id, c]));
const category = new Map(bms.lookups.AssetCategory!.map((r) => [r.id, r.name]));
const configurationType = new Map(itg.configurationTypes.map((t) => [Number(t.id), t.name]));
const primaryMac = new Map<number, string | null>();
for (const i of itg.configurationInterfaces) if (i.primary) primaryMac.set(i['configuration-id'], i['mac-address'] ?? null);

const of = (kind: TrickyCase['kind']) => cases.filter((c) => c.kind === kind);
const linkedOrg = (accountId: number) => expectedLinks.organization[String(accountId)];
const time = (t: string | undefined) => Date.parse(t ?? '');

/** The BMS asset and its IT Glue candidates, checked to share organization, type and name. */
function configurationCase(c: TrickyCase) {
  const a = asset.get(c.bmsId)!;
  const candidates = c.itglueIds.map((id) => configuration.get(id)!);
  expect(a).toBeDefined();
  for (const x of candidates) {
    expect(x).toBeDefined();
    expect(String(x['organization-id'])).toBe(linkedOrg(a.accountId));
    expect(matchKey(x.name)).toBe(matchKey(a.name));
  }
  const bmsIds = { serialNumber: a.serialNumber ?? null, macAddress: a.macAddress ?? null };
  const itgIds = candidates.map((x) => ({ serialNumber: x['serial-number'] ?? null, macAddress: primaryMac.get(Number(x.id)) ?? null }));
  return { a, candidates, bmsIds, itgIds, sameType: candidates.every((x) => configurationType.get(x['configuration-type-id']) === category.get(a.categoryId)) };
}

describe('tricky cases', () => {
  it('includes every kind several times at the default size', () => {
    for (const kind of CASE_KINDS) {
      expect(of(kind).length, kind).toBeGreaterThanOrEqual(2);
      expect(base.summary[`cases.${kind}`]).toBe(of(kind).length);
    }
    expect(new Set(cases.map((c) => `${c.entity}:${c.bmsId}`)).size).toBe(cases.length);
    for (const c of cases) {
      if (c.expected.outcome === 'match') {
        expect(c.itglueIds).toContain(c.expected.itglueId);
        expect(expectedLinks[c.entity][c.bmsId]).toBe(c.expected.itglueId);
      } else {
        expect(expectedLinks[c.entity][c.bmsId]).toBeUndefined();
      }
      expect(c.note.length).toBeGreaterThan(10);
    }
  });

  it('organization cases have the stated properties', () => {
    for (const c of of('organization-name-variant')) {
      const a = account.get(c.bmsId)!;
      const o = organization.get(c.itglueIds[0]!)!;
      expect(o.name).not.toBe(a.accountName);
      expect(matchKey(o.name)).toBe(matchKey(a.accountName));
    }
    for (const c of of('duplicate-organization-earliest')) {
      const a = account.get(c.bmsId)!;
      const [decoy, winner] = c.itglueIds.map((id) => organization.get(id)!);
      expect(winner!.id).toBe(c.expected.itglueId);
      expect(matchKey(decoy!.name)).toBe(matchKey(a.accountName));
      expect(matchKey(winner!.name)).toBe(matchKey(a.accountName));
      // Earliest created wins although its id is higher: created-at decides, not the id.
      expect(time(winner!['created-at'])).toBeLessThan(time(decoy!['created-at']));
      expect(Number(winner!.id)).toBeGreaterThan(Number(decoy!.id));
    }
    for (const c of of('duplicate-account-name')) {
      const second = account.get(c.bmsId)!;
      const first = bms.accounts.find((a) => a.id < second.id && matchKey(a.accountName) === matchKey(second.accountName))!;
      expect(first).toBeDefined();
      expect(linkedOrg(first.id)).toBe(c.itglueIds[0]);
      expect(itg.organizations.filter((o) => matchKey(o.name) === matchKey(second.accountName))).toHaveLength(1);
    }
  });

  it('contact and location cases have the stated properties', () => {
    for (const c of of('contact-name-variant')) {
      const b = contact.get(c.bmsId)!;
      const x = itgContact.get(c.itglueIds[0]!)!;
      expect(String(x['organization-id'])).toBe(linkedOrg(b.accountId));
      expect(`${x['first-name']}|${x['last-name']}`).not.toBe(`${b.firstName}|${b.lastName}`);
      expect(matchKey(x['first-name'])).toBe(matchKey(b.firstName));
      expect(matchKey(x['last-name'])).toBe(matchKey(b.lastName));
    }
    for (const c of of('contact-other-organization')) {
      const b = contact.get(c.bmsId)!;
      const x = itgContact.get(c.itglueIds[0]!)!;
      const key = (first: unknown, last: unknown) => `${matchKey(first)}|${matchKey(last)}`;
      expect(key(x['first-name'], x['last-name'])).toBe(key(b.firstName, b.lastName));
      expect(String(x['organization-id'])).not.toBe(linkedOrg(b.accountId));
      const own = itg.contacts.filter((y) => String(y['organization-id']) === linkedOrg(b.accountId));
      expect(own.some((y) => key(y['first-name'], y['last-name']) === key(b.firstName, b.lastName))).toBe(false);
    }
    for (const c of of('location-address2-differs')) {
      const { account: a, location: l } = location.get(c.bmsId)!;
      const address = l.addresses.find((x) => x.isMain)!;
      const x = itgLocation.get(c.itglueIds[0]!)!;
      expect(String(x['organization-id'])).toBe(linkedOrg(a.id));
      expect(matchKey(x.name)).toBe(matchKey(l.locationName));
      expect(matchKey(x['address-1'])).toBe(matchKey(address.address1));
      expect(matchKey(x.city)).toBe(matchKey(address.city));
      expect(matchKey(x['address-2'])).not.toBe(matchKey(address.address2));
    }
    for (const c of of('location-state-iso')) {
      const { location: l } = location.get(c.bmsId)!;
      const state = l.addresses.find((x) => x.isMain)!.state!;
      const region = itg.regions.find((r) => Number(r.id) === itgLocation.get(c.itglueIds[0]!)!['region-id'])!;
      expect(state).toMatch(/^[A-Z]{2,3}$/);
      expect(region.iso).toBe(state);
      expect(region.name).not.toBe(state);
    }
  });

  it('configuration cases have the stated identifiers', () => {
    const present = (v: string | null) => v !== null && v.trim() !== '';
    for (const c of of('same-name-different-serial')) {
      const { bmsIds, itgIds, sameType } = configurationCase(c);
      expect(sameType).toBe(true);
      expect(normalizeSerial(bmsIds.serialNumber)).not.toBe('');
      expect(normalizeSerial(itgIds[0]!.serialNumber)).not.toBe('');
      expect(normalizeSerial(bmsIds.serialNumber)).not.toBe(normalizeSerial(itgIds[0]!.serialNumber));
    }
    for (const c of of('same-serial-different-mac')) {
      const { bmsIds, itgIds, sameType } = configurationCase(c);
      expect(sameType).toBe(true);
      expect(normalizeSerial(bmsIds.serialNumber)).toBe(normalizeSerial(itgIds[0]!.serialNumber));
      expect(normalizeMac(bmsIds.macAddress)).not.toBe('');
      expect(normalizeMac(itgIds[0]!.macAddress)).not.toBe('');
      expect(normalizeMac(bmsIds.macAddress)).not.toBe(normalizeMac(itgIds[0]!.macAddress));
    }
    for (const c of of('same-mac-different-serial')) {
      const { bmsIds, itgIds, sameType } = configurationCase(c);
      expect(sameType).toBe(true);
      expect(normalizeMac(bmsIds.macAddress)).toBe(normalizeMac(itgIds[0]!.macAddress));
      expect(normalizeSerial(bmsIds.serialNumber)).not.toBe(normalizeSerial(itgIds[0]!.serialNumber));
    }
    for (const c of of('mac-format-differs')) {
      const { bmsIds, itgIds } = configurationCase(c);
      expect(itgIds[0]!.macAddress).not.toBe(bmsIds.macAddress);
      expect(normalizeMac(itgIds[0]!.macAddress)).toBe(normalizeMac(bmsIds.macAddress));
      expect(normalizeSerial(itgIds[0]!.serialNumber)).toBe(normalizeSerial(bmsIds.serialNumber));
    }
    for (const c of of('mac-equal-serial-missing')) {
      const { bmsIds, itgIds } = configurationCase(c);
      expect(normalizeMac(bmsIds.macAddress)).not.toBe('');
      expect(normalizeMac(itgIds[0]!.macAddress)).toBe(normalizeMac(bmsIds.macAddress));
      expect(present(bmsIds.serialNumber)).toBe(true);
      expect(present(itgIds[0]!.serialNumber)).toBe(false);
    }
    for (const c of of('serial-equal-mac-missing')) {
      const { bmsIds, itgIds } = configurationCase(c);
      expect(normalizeSerial(bmsIds.serialNumber)).not.toBe('');
      expect(normalizeSerial(itgIds[0]!.serialNumber)).toBe(normalizeSerial(bmsIds.serialNumber));
      expect(normalizeMac(bmsIds.macAddress) === '' || normalizeMac(itgIds[0]!.macAddress) === '').toBe(true);
    }
    for (const c of of('no-identifiers')) {
      const { bmsIds, itgIds } = configurationCase(c);
      const empty = (x: { serialNumber: string | null; macAddress: string | null }) => !present(x.serialNumber) && !present(x.macAddress);
      expect(empty(bmsIds) || empty(itgIds[0]!)).toBe(true);
    }
    for (const c of [...of('tie-earliest-created'), ...of('tie-lowest-id')]) {
      const { candidates, itgIds, bmsIds } = configurationCase(c);
      expect(candidates).toHaveLength(2);
      expect(itgIds[0]).toEqual(itgIds[1]);
      expect(compareConfigurationIdentifiers(bmsIds, itgIds[0]!)).toEqual({ eligible: true, tier: 1 });
      const winner = candidates.find((x) => x.id === c.expected.itglueId)!;
      const loser = candidates.find((x) => x.id !== c.expected.itglueId)!;
      if (c.kind === 'tie-earliest-created') {
        expect(time(winner['created-at'])).toBeLessThan(time(loser['created-at']));
        expect(Number(winner.id)).toBeGreaterThan(Number(loser.id));
      } else {
        expect(winner['created-at']).toBe(loser['created-at']);
        expect(Number(winner.id)).toBeLessThan(Number(loser.id));
      }
    }
    for (const c of of('foreign-contact')) {
      const { a, candidates } = configurationCase(c);
      expect(contact.get(String(a.contactId))!.accountId).not.toBe(a.accountId);
      expect(candidates[0]!['contact-id'] ?? null).toBeNull();
    }
    for (const c of of('configuration-type-differs')) {
      expect(configurationCase(c).sameType).toBe(false);
    }
    // Wherever a tier is stated, the domain's identifier comparison gives exactly that tier.
    for (const c of cases.filter((x) => x.entity === 'configuration' && x.expected.tier)) {
      const { bmsIds, candidates, itgIds } = configurationCase(c);
      const winner = itgIds[candidates.findIndex((x) => x.id === c.expected.itglueId)]!;
      expect(compareConfigurationIdentifiers(bmsIds, winner), `${c.kind} ${c.bmsId}`).toEqual({ eligible: true, tier: c.expected.tier });
    }
  });

  it.each([
    ['the default dataset', {}],
    ['another seed with more overlap', { seed: 9, accounts: 80, itglueOverlap: 0.6 }],
    ['a larger dataset', { seed: 4, accounts: 200, assets: 6000 }],
  ])('a first sync by the matching rules makes exactly the recorded decisions (%s)', (_label, options) => {
    const r = Object.keys(options).length === 0 ? base : generateDatasetDetailed(options);
    const sync = simulateFirstSync(r.dataset);
    for (const c of r.cases) {
      const decision = sync.decisions[c.entity].get(c.bmsId)!;
      expect(decision, `${c.kind} ${c.bmsId}`).toBeDefined();
      if (c.expected.outcome === 'match') {
        expect(decision, `${c.kind} ${c.bmsId}: ${decision.explanation}`).toMatchObject({ outcome: 'matched', candidateId: c.expected.itglueId });
        if (c.expected.tier) expect(decision).toMatchObject({ tier: c.expected.tier });
      } else {
        expect(decision.outcome, `${c.kind} ${c.bmsId}: ${decision.explanation}`).toBe('no-match');
      }
    }
    // Every IT Glue copy links to its BMS record, and nothing else links.
    for (const entity of ['organization', 'location', 'contact', 'configuration'] as const) {
      expect(Object.fromEntries(sync.links[entity]), entity).toEqual(r.expectedLinks[entity]);
      expect(r.summary[`expected.${entity}Links`]).toBe(sync.links[entity].size);
    }
  });
});
