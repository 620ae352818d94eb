/**
 * Entity adapters (the DiffSync idea): for each of the four pairs, how a record of either system
 * is identified (id, parent, match key, times), which settings make it eligible, how it is
 * matched, and which API calls read and write it. The sync steps are written once against
 * this interface.
 */
import { findItGlueConfigurationsByName, findItGlueContactsByName, findItGlueLocationsByName, findItGlueOrganizationsByName } from '../../clients/find-by-name.js';
import type { ItGlueClient, ItgPage, ItgResource } from '../../clients/itglue/index.js';
import type { MirrorInput } from '../../db/mirrors.js';
import type { CanonicalByEntity, Entity } from '../../domain/entities.js';
import { MAPPINGS, canonicalFromBms, canonicalFromItGlue, type EntityMapping, type MappingContext, type WireRecord } from '../../domain/mapping/index.js';
import {
  createConfigurationMatcher,
  createContactMatcher,
  createLocationMatcher,
  createOrganizationMatcher,
  type Matcher,
  type MatcherOptions,
} from '../../domain/matching.js';
import { matchKey } from '../../domain/normalize.js';
import type { IntegrationSettings } from '../../domain/settings.js';
import { parseTime } from './session.js';

/** A record of either system, with what the engine needs to know about it. */
export interface SourceRecord {
  id: string;
  /** BMS account id or IT Glue organization id; null for organizations. */
  parentId: string | null;
  matchKey: string;
  createdAt: Date | null;
  updatedAt: Date | null;
  record: WireRecord;
}

export interface MatchInput {
  id: string;
  createdAt: string | null;
  /** The record's organization/account, already translated into the candidates' id space. */
  organizationId: string | null;
  canonical: CanonicalByEntity[Entity];
}

export interface EntityAdapter<E extends Entity = Entity> {
  entity: E;
  mapping: EntityMapping<CanonicalByEntity[E]>;
  /** Entities whose links resolve this entity's references. */
  refEntities: Entity[];
  /** The parent entity whose link scopes this one (organization), or null. */
  scoped: boolean;
  fromBms(record: WireRecord): SourceRecord;
  fromItGlue(resource: ItgResource<unknown> & { integrationSources?: string[] }): SourceRecord;
  /** BMS ids referenced by a BMS record, per entity (to preload links). */
  bmsRefs(record: WireRecord): Partial<Record<Entity, string[]>>;
  itglueRefs(attributes: WireRecord): Partial<Record<Entity, string[]>>;
  /** Why a BMS record is not eligible under the settings (parent links are checked elsewhere), or null. */
  bmsIneligible(canonical: CanonicalByEntity[E], settings: IntegrationSettings): string | null;
  itglueIneligible(canonical: CanonicalByEntity[E], settings: IntegrationSettings): string | null;
  matcher(candidates: MatchInput[], options?: MatcherOptions): Matcher<MatchInput>;
  listItGluePage(itglue: ItGlueClient, options: { page: number; size: number; sort: string }): Promise<ItgPage<ItgResource<unknown>>>;
  /** Creates records in IT Glue; children use the nested bulk route of their organization. */
  createInItGlue(itglue: ItGlueClient, organizationId: string | null, attributes: WireRecord[]): Promise<ItgResource<unknown>[]>;
  updateInItGlue(itglue: ItGlueClient, id: string, attributes: WireRecord): Promise<ItgResource<unknown>>;
  bulkUpdateInItGlue(itglue: ItGlueClient, items: { id: string; attributes: WireRecord }[]): Promise<ItgResource<unknown>[]>;
  /** IT Glue records that could be the one a lost create made (same organization and name). */
  findInItGlue(itglue: ItGlueClient, organizationId: string | null, canonical: CanonicalByEntity[E]): Promise<ItgResource<unknown>[]>;
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

function itgSource(resource: ItgResource<unknown> & { integrationSources?: string[] }, key: string, parent: string | null): SourceRecord {
  const a = resource.attributes as WireRecord;
  return {
    id: resource.id,
    parentId: parent,
    matchKey: key,
    createdAt: parseTime(a['created-at']),
    updatedAt: parseTime(a['updated-at']),
    record: resource.integrationSources ? { ...a, 'integration-sources': resource.integrationSources } : a,
  };
}

function bmsSource(record: WireRecord, key: string, parent: string | null): SourceRecord {
  return {
    id: String(record.id),
    parentId: parent,
    matchKey: key,
    createdAt: parseTime(record.createdOn),
    updatedAt: parseTime(record.modifiedOn),
    record,
  };
}

export function toMirrorInput(source: SourceRecord, fingerprint?: string): MirrorInput {
  return {
    externalId: source.id,
    parentId: source.parentId,
    matchKey: source.matchKey,
    fingerprint: fingerprint ?? null,
    record: source.record,
    sourceCreatedAt: source.createdAt,
    sourceUpdatedAt: source.updatedAt,
  };
}

const inNames = (value: string | null, names: string[]) => value !== null && names.some((n) => matchKey(n) === matchKey(value));
const statusOk = (active: boolean, statuses: ('active' | 'inactive')[]) => statuses.includes(active ? 'active' : 'inactive');

/** A record syncs only when both its type and its status are selected (SPEC §4): why not, or null. */
function typeAndStatusReason(
  record: { typeName: string | null; active: boolean },
  selected: { types: string[]; statuses: ('active' | 'inactive')[] },
  words: { type: string; records: string },
): string | null {
  if (!inNames(record.typeName, selected.types)) return `${words.type} "${record.typeName ?? 'none'}" is not selected for sync`;
  if (!statusOk(record.active, selected.statuses)) return `${record.active ? 'active' : 'inactive'} ${words.records} are not selected for sync`;
  return null;
}
const idList = (...values: unknown[]) => values.map(str).filter((v): v is string => v !== null);
const contactName = (first: unknown, last: unknown) => matchKey(`${str(first) ?? ''} ${str(last) ?? ''}`);

const organization: EntityAdapter<'organization'> = {
  entity: 'organization',
  mapping: MAPPINGS.organization,
  refEntities: ['organization'],
  scoped: false,
  fromBms: (r) => bmsSource(r, matchKey(r.accountName), null),
  fromItGlue: (res) => itgSource(res, matchKey((res.attributes as WireRecord).name), null),
  bmsRefs: (r) => ({ organization: idList(r.parentId) }),
  itglueRefs: (a) => ({ organization: idList(a['parent-id']) }),
  bmsIneligible: (c, s) =>
    typeAndStatusReason(c, { types: s.accountTypes, statuses: s.accountStatuses }, { type: 'account type', records: 'accounts' }),
  itglueIneligible: (c, s) =>
    typeAndStatusReason(c, { types: s.accountTypes, statuses: s.accountStatuses }, { type: 'organization type', records: 'organizations' }),
  matcher: (candidates, options) =>
    adapt(
      createOrganizationMatcher(
        candidates.map((c) => ({ id: c.id, createdAt: c.createdAt, name: (c.canonical as CanonicalByEntity['organization']).name })),
        options,
      ),
      (m) => ({ name: (m.canonical as CanonicalByEntity['organization']).name }),
    ),
  listItGluePage: (itglue, o) => itglue.listOrganizationsPage({ page: { number: o.page, size: o.size }, sort: o.sort }),
  createInItGlue: async (itglue, _org, attributes) => {
    const created: ItgResource<unknown>[] = [];
    for (const a of attributes) created.push(await itglue.createOrganization(a));
    return created;
  },
  updateInItGlue: (itglue, id, a) => itglue.updateOrganization(id, a),
  bulkUpdateInItGlue: (itglue, items) => itglue.bulkUpdateOrganizations(items),
  findInItGlue: (itglue, _org, c) => findItGlueOrganizationsByName(itglue, c.name),
};

const location: EntityAdapter<'location'> = {
  entity: 'location',
  mapping: MAPPINGS.location,
  refEntities: [],
  scoped: true,
  fromBms: (r) => bmsSource(r, matchKey(r.locationName), str(r.accountId)),
  fromItGlue: (res) => {
    const a = res.attributes as WireRecord;
    return itgSource(res, matchKey(a.name), str(a['organization-id']));
  },
  bmsRefs: () => ({}),
  itglueRefs: () => ({}),
  bmsIneligible: () => null,
  itglueIneligible: () => null,
  matcher: (candidates, options) =>
    adapt(
      createLocationMatcher(
        candidates.map((c) => ({ id: c.id, createdAt: c.createdAt, organizationId: c.organizationId ?? '', ...locationKeys(c) })),
        options,
      ),
      (m) => ({ organizationId: m.organizationId, ...locationKeys(m) }),
    ),
  listItGluePage: (itglue, o) => itglue.listLocationsPage({ page: { number: o.page, size: o.size }, sort: o.sort }),
  createInItGlue: (itglue, org, attributes) => itglue.createLocations(org!, attributes),
  updateInItGlue: (itglue, id, a) => itglue.updateLocation(id, a),
  bulkUpdateInItGlue: (itglue, items) => itglue.bulkUpdateLocations(items),
  findInItGlue: (itglue, org, c) => findItGlueLocationsByName(itglue, org!, c.name),
};

function locationKeys(m: MatchInput) {
  const c = m.canonical as CanonicalByEntity['location'];
  return { name: c.name, address1: c.address1, address2: c.address2, city: c.city, region: c.region, country: c.country };
}

const contact: EntityAdapter<'contact'> = {
  entity: 'contact',
  mapping: MAPPINGS.contact,
  refEntities: ['location'],
  scoped: true,
  fromBms: (r) => bmsSource(r, contactName(r.firstName, r.lastName), str(r.accountId)),
  fromItGlue: (res) => {
    const a = res.attributes as WireRecord;
    return itgSource(res, contactName(a['first-name'], a['last-name']), str(a['organization-id']));
  },
  bmsRefs: (r) => ({ location: idList(r.locationId) }),
  itglueRefs: (a) => ({ location: idList(a['location-id']) }),
  bmsIneligible: (_c, s) => (s.contactsEnabled ? null : 'contact sync is off'),
  itglueIneligible: (_c, s) => (s.contactsEnabled ? null : 'contact sync is off'),
  matcher: (candidates, options) =>
    adapt(
      createContactMatcher(
        candidates.map((c) => {
          const k = c.canonical as CanonicalByEntity['contact'];
          return { id: c.id, createdAt: c.createdAt, organizationId: c.organizationId ?? '', firstName: k.firstName, lastName: k.lastName };
        }),
        options,
      ),
      (m) => {
        const k = m.canonical as CanonicalByEntity['contact'];
        return { organizationId: m.organizationId, firstName: k.firstName, lastName: k.lastName };
      },
    ),
  listItGluePage: (itglue, o) => itglue.listContactsPage({ page: { number: o.page, size: o.size }, sort: o.sort }),
  createInItGlue: (itglue, org, attributes) => itglue.createContacts(org!, attributes),
  updateInItGlue: (itglue, id, a) => itglue.updateContact(id, a),
  bulkUpdateInItGlue: (itglue, items) => itglue.bulkUpdateContacts(items),
  findInItGlue: (itglue, org, c) => findItGlueContactsByName(itglue, org!, c.firstName, c.lastName),
};

const configuration: EntityAdapter<'configuration'> = {
  entity: 'configuration',
  mapping: MAPPINGS.configuration,
  refEntities: ['contact', 'location'],
  scoped: true,
  fromBms: (r) => bmsSource(r, matchKey(r.name), str(r.accountId)),
  fromItGlue: (res) => {
    const a = res.attributes as WireRecord;
    return itgSource(res, matchKey(a.name), str(a['organization-id']));
  },
  bmsRefs: (r) => ({ contact: idList(r.contactId), location: idList(r.accountLocationId) }),
  itglueRefs: (a) => ({ contact: idList(a['contact-id']), location: idList(a['location-id']) }),
  bmsIneligible: (c, s) =>
    typeAndStatusReason(c, { types: s.assetCategories, statuses: s.assetStatuses }, { type: 'asset category', records: 'assets' }),
  itglueIneligible: (c, s) =>
    typeAndStatusReason(c, { types: s.assetCategories, statuses: s.assetStatuses }, { type: 'configuration type', records: 'configurations' }),
  matcher: (candidates, options) =>
    adapt(
      createConfigurationMatcher(
        candidates.map((c) => ({ id: c.id, createdAt: c.createdAt, organizationId: c.organizationId ?? '', ...configurationKeys(c) })),
        options,
      ),
      (m) => ({ organizationId: m.organizationId, ...configurationKeys(m) }),
    ),
  listItGluePage: (itglue, o) => itglue.listConfigurationsPage({ page: { number: o.page, size: o.size }, sort: o.sort }),
  createInItGlue: (itglue, org, attributes) => itglue.createConfigurations(org!, attributes.map((a) => ({ attributes: a }))),
  updateInItGlue: (itglue, id, a) => itglue.updateConfiguration(id, a),
  bulkUpdateInItGlue: (itglue, items) => itglue.bulkUpdateConfigurations(items),
  findInItGlue: (itglue, org, c) => findItGlueConfigurationsByName(itglue, org!, c.name),
};

function configurationKeys(m: MatchInput) {
  const c = m.canonical as CanonicalByEntity['configuration'];
  return { typeName: c.typeName, name: c.name, serialNumber: c.serialNumber, macAddress: c.macAddress };
}

/** Lets a domain matcher take MatchInput records. */
function adapt<R>(matcher: Matcher<R>, toRecord: (m: MatchInput) => R): Matcher<MatchInput> {
  return { match: (record, isTaken) => matcher.match(toRecord(record), isTaken) };
}

export const ADAPTERS: { [E in Entity]: EntityAdapter<E> } = { organization, location, contact, configuration };

export function adapterFor<E extends Entity>(entity: E): EntityAdapter<E> {
  return ADAPTERS[entity];
}

export function canonicalOfBms<E extends Entity>(adapter: EntityAdapter<E>, record: WireRecord, ctx: MappingContext): CanonicalByEntity[E] {
  return canonicalFromBms(adapter.mapping, record, ctx);
}

export function canonicalOfItGlue<E extends Entity>(adapter: EntityAdapter<E>, record: WireRecord, ctx: MappingContext): CanonicalByEntity[E] {
  return canonicalFromItGlue(adapter.mapping, record, ctx);
}

