/**
 * Test helper: runs the domain matchers (SPEC §5) over a generated dataset the way a first pull
 * does it (organizations, then locations, contacts, configurations; BMS records in id order;
 * links one-to-one) and returns every decision, so tests can compare with the recorded cases.
 */
import {
  createConfigurationMatcher,
  createContactMatcher,
  createLocationMatcher,
  createOrganizationMatcher,
  type MatchDecision,
} from '../../../domain/matching.js';
import { matchKey } from '../../../domain/normalize.js';
import type { Dataset } from '../../../simulators/datasets/format.js';

export type EntityName = 'organization' | 'location' | 'contact' | 'configuration';

export interface FirstSync {
  links: Record<EntityName, Map<string, string>>;
  decisions: Record<EntityName, Map<string, MatchDecision>>;
}

export function simulateFirstSync(dataset: Dataset): FirstSync {
  const bms = dataset.bms!;
  const itg = dataset.itglue!;
  const links: FirstSync['links'] = { organization: new Map(), location: new Map(), contact: new Map(), configuration: new Map() };
  const decisions: FirstSync['decisions'] = { organization: new Map(), location: new Map(), contact: new Map(), configuration: new Map() };

  const run = <R>(entity: EntityName, matcher: { match(r: R, taken: (id: string) => boolean): MatchDecision }, records: [number, R][]) => {
    const taken = new Set<string>();
    for (const [bmsId, record] of records.sort((a, b) => a[0] - b[0])) {
      const decision = matcher.match(record, (id) => taken.has(id));
      decisions[entity].set(String(bmsId), decision);
      if (decision.outcome === 'matched') {
        taken.add(decision.candidateId);
        links[entity].set(String(bmsId), decision.candidateId);
      }
    }
  };

  // Lookups: countries and regions by name or ISO code, configuration types and categories by id.
  const countryById = new Map(itg.countries.map((c) => [Number(c.id), c]));
  const countryIso = (text: string | null | undefined): string | null => {
    const key = matchKey(text);
    const found = itg.countries.find((c) => matchKey(c.name) === key || matchKey(c.iso) === key);
    return found?.iso ?? null;
  };
  const regionOf = (text: string | null | undefined, country: string | null | undefined) => {
    const iso = countryIso(country);
    const countryId = itg.countries.find((c) => c.iso === iso)?.id;
    const key = matchKey(text);
    return itg.regions.find((r) => String(r['country-id']) === countryId && (matchKey(r.name) === key || matchKey(r.iso) === key));
  };
  const sameCountry = (a: string | null, b: string | null) => {
    const x = countryIso(a);
    const y = countryIso(b);
    return x !== null && y !== null ? x === y : matchKey(a) === matchKey(b);
  };
  const sameRegion = (a: string | null, b: string | null, country: string | null) => {
    const x = regionOf(a, country);
    const y = regionOf(b, country);
    return x && y ? x.id === y.id : matchKey(a) === matchKey(b);
  };
  const bmsCountry = new Map((bms.lookups.Country ?? []).map((r) => [r.id, r.name]));
  const category = new Map((bms.lookups.AssetCategory ?? []).map((r) => [r.id, r.name]));
  const configurationType = new Map(itg.configurationTypes.map((t) => [Number(t.id), t.name]));
  const primaryMac = new Map<number, string | null>();
  for (const i of itg.configurationInterfaces) if (i.primary) primaryMac.set(i['configuration-id'], i['mac-address'] ?? null);

  run(
    'organization',
    createOrganizationMatcher(itg.organizations.map((o) => ({ id: o.id, createdAt: o['created-at'] ?? null, name: o.name }))),
    bms.accounts.map((a) => [a.id, { name: a.accountName }]),
  );
  const orgOf = (accountId: number) => links.organization.get(String(accountId)) ?? null;

  run(
    'location',
    createLocationMatcher(
      itg.locations.map((l) => ({
        id: l.id,
        createdAt: l['created-at'] ?? null,
        organizationId: String(l['organization-id']),
        name: l.name,
        address1: l['address-1'] ?? null,
        address2: l['address-2'] ?? null,
        city: l.city ?? null,
        region: l['region-id'] ? (itg.regions.find((r) => Number(r.id) === l['region-id'])?.name ?? null) : null,
        country: l['country-id'] ? (countryById.get(l['country-id'])?.name ?? null) : null,
      })),
      { sameCountry, sameRegion },
    ),
    bms.accounts.flatMap((a) =>
      a.locations.map((l) => {
        const address = l.addresses.find((x) => x.isMain) ?? l.addresses[0];
        const country = address?.country ?? (address?.countryId ? (bmsCountry.get(address.countryId) ?? null) : null);
        return [
          l.id,
          {
            organizationId: orgOf(a.id),
            name: l.locationName,
            address1: address?.address1 ?? null,
            address2: address?.address2 ?? null,
            city: address?.city ?? null,
            region: address?.state ?? null,
            country,
          },
        ] as [number, Parameters<ReturnType<typeof createLocationMatcher>['match']>[0]];
      }),
    ),
  );

  run(
    'contact',
    createContactMatcher(
      itg.contacts.map((c) => ({
        id: c.id,
        createdAt: c['created-at'] ?? null,
        organizationId: String(c['organization-id']),
        firstName: c['first-name'] ?? null,
        lastName: c['last-name'] ?? null,
      })),
    ),
    bms.contacts.map((c) => [c.id, { organizationId: orgOf(c.accountId), firstName: c.firstName ?? null, lastName: c.lastName ?? null }]),
  );

  run(
    'configuration',
    createConfigurationMatcher(
      itg.configurations.map((c) => ({
        id: c.id,
        createdAt: c['created-at'] ?? null,
        organizationId: String(c['organization-id']),
        typeName: configurationType.get(c['configuration-type-id']) ?? null,
        name: c.name,
        serialNumber: c['serial-number'] ?? null,
        macAddress: primaryMac.get(Number(c.id)) ?? null,
      })),
    ),
    bms.hardwareAssets.map((a) => [
      a.id,
      {
        organizationId: orgOf(a.accountId),
        typeName: category.get(a.categoryId) ?? null,
        name: a.name,
        serialNumber: a.serialNumber ?? null,
        macAddress: a.macAddress ?? null,
      },
    ]),
  );
  return { links, decisions };
}
