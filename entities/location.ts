/**
 * Location ↔ account location (SPEC §3, §5): everything about it, both systems' sides.
 *
 * Quirks: a BMS location lives inside its account (read with the account; BMS v2 documents no
 * route to add or edit a location of an existing account, so those pushes need the explicit
 * `undocumentedBmsRoutes` setting and are held otherwise); address fields, phone and fax sit on the
 * location's main address; state and country are free text in BMS and lookups in IT Glue, matched
 * by name or ISO code (the canonical value is IT Glue's name when it resolves).
 */
import type { BmsClient } from '../clients/bms/index.js';
import { findItGlueLocationsByName } from './find-by-name.js';
import { applyToBms, bool, phone, requiredText, type EntityMapping, type FieldMapping, type MappingContext, type WireRecord } from '../domain/mapping/fields.js';
import { byOrganizationAndName, differs, quote, scopeOf } from '../domain/matching.js';
import { cleanText, matchKey } from '../domain/normalize.js';
import { RecordError } from '../domain/errors.js';
import type { EntityModule } from './module.js';
import { bmsIdentity, itglueIdentity, str } from './shared.js';

export interface CanonicalLocation {
  name: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  country: string | null;
  region: string | null;
  postalCode: string | null;
  phone: string | null;
  fax: string | null;
  primary: boolean;
}


/** The main address of a BMS location (`isMain`, else the first). */
export function mainAddress(location: WireRecord): WireRecord {
  const addresses = Array.isArray(location.addresses) ? (location.addresses as WireRecord[]) : [];
  return addresses.find((a) => a.isMain === true) ?? addresses[0] ?? {};
}

/** BMS input bodies carry the address under `address` until the writer folds it into `addresses`. */
function addressOut(out: WireRecord): WireRecord {
  return ((out.address as WireRecord | undefined) ??= {}) as WireRecord;
}

function addressText(bms: string, itglue: string): FieldMapping<string | null> {
  return {
    bms: `addresses[main].${bms}`,
    itglue,
    fromBms: (r) => cleanText(mainAddress(r)[bms]),
    fromItGlue: (a) => cleanText(a[itglue]),
    toItGlue: (v, out) => void (out[itglue] = v),
    toBms: (v, out) => void (addressOut(out)[bms] = v),
  };
}

function addressPhone(bms: string, itglue: string): FieldMapping<string | null> {
  const base = phone(bms, itglue);
  return {
    ...base,
    bms: `addresses[main].${bms}`,
    fromBms: (r, ctx) => base.fromBms(mainAddress(r), ctx),
    toBms: (v, out) => void (addressOut(out)[bms] = v),
  };
}

function countryName(text: string | null, ctx: MappingContext): string | null {
  const id = ctx.itglue.countryId(text);
  return id === null ? text : ctx.itglue.nameOf('countries', id);
}

const country: FieldMapping<string | null> = {
  bms: 'addresses[main].country',
  itglue: 'country-id',
  fromBms: (r, ctx) => {
    const address = mainAddress(r);
    const text = cleanText(address.country) ?? ctx.bms.nameOf('Country', address.countryId);
    return countryName(text, ctx);
  },
  fromItGlue: (a, ctx) => cleanText(a['country-name']) ?? ctx.itglue.nameOf('countries', a['country-id']),
  toItGlue: (v, out, ctx) => {
    if (v === null) return void (out['country-id'] = null);
    const id = ctx.itglue.countryId(v);
    if (id === null) ctx.warn('country', `IT Glue has no country "${v}"; left empty`);
    out['country-id'] = id;
  },
  toBms: (v, out, ctx) => {
    const address = addressOut(out);
    address.country = v;
    address.countryId = v === null ? null : ctx.bms.idOf('Country', v);
  },
};

const region: FieldMapping<string | null> = {
  bms: 'addresses[main].state',
  itglue: 'region-id',
  fromBms: (r, ctx) => {
    const address = mainAddress(r);
    const state = cleanText(address.state);
    const countryText = cleanText(address.country) ?? ctx.bms.nameOf('Country', address.countryId);
    const regionId = ctx.itglue.regionId(ctx.itglue.countryId(countryText), state);
    return regionId === null ? state : ctx.itglue.nameOf('regions', regionId);
  },
  fromItGlue: (a, ctx) => cleanText(a['region-name']) ?? ctx.itglue.nameOf('regions', a['region-id']),
  toItGlue: (v, out, ctx, record) => {
    if (v === null) return void (out['region-id'] = null);
    const id = ctx.itglue.regionId(ctx.itglue.countryId(cleanText(record.country)), v);
    if (id === null) ctx.warn('state/province', `IT Glue has no region "${v}" in that country; left empty`);
    out['region-id'] = id;
  },
  toBms: (v, out) => void (addressOut(out).state = v),
};

/** Location ↔ account location (SPEC §3). */
export const locationMapping: EntityMapping<CanonicalLocation> = {
  fields: {
    name: requiredText('locationName', 'name'),
    address1: addressText('address1', 'address-1'),
    address2: addressText('address2', 'address-2'),
    city: addressText('city', 'city'),
    // country before region: the region is looked up within the country
    country,
    region,
    postalCode: addressText('zipCode', 'postal-code'),
    phone: addressPhone('phone', 'phone'),
    fax: addressPhone('fax', 'fax'),
    primary: bool('isMain', 'primary'),
  },
};

const names = { bms: 'account location', itglue: 'location' };
const ENABLE_UNDOCUMENTED = 'or enable the integration setting undocumentedBmsRoutes';

function addressInWords(l: CanonicalLocation): string {
  const parts = [l.address1, l.address2, l.city, l.region, l.postalCode, l.country].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : 'no address';
}
const sameText = (a: string | null, b: string | null): boolean => matchKey(a) === matchKey(b);

/** Folds the mapped `address` into the location's address list as its main address, keeping the others. */
function withAddress(body: WireRecord, current: WireRecord | null): WireRecord {
  const { address, ...rest } = body;
  const currentMain = current ? mainAddress(current) : {};
  const { id: _id, ...main } = { ...currentMain, isMain: true, isBilling: currentMain.isBilling ?? false, ...(address as WireRecord) } as WireRecord;
  const others = current && Array.isArray(current.addresses) ? (current.addresses as WireRecord[]).filter((a) => a !== currentMain) : [];
  return { ...rest, addresses: [main, ...others.map(({ id: _other, ...a }) => a)] };
}

/** A new account's location body from an IT Glue location (its primary location). */
export function locationBodyForAccount(itglueLocation: WireRecord, ctx: MappingContext): WireRecord {
  const write = applyToBms(locationMapping, canonicalOf(itglueLocation, ctx), { isMain: true, isActive: true }, ctx);
  return { ...withAddress(write.values, null), isMain: true };
}

function canonicalOf(itglueLocation: WireRecord, ctx: MappingContext): CanonicalLocation {
  const out = {} as CanonicalLocation;
  for (const k of Object.keys(locationMapping.fields) as (keyof CanonicalLocation)[]) {
    (out as unknown as Record<string, unknown>)[k] = locationMapping.fields[k].fromItGlue(itglueLocation, ctx);
  }
  return out;
}

/** What BMS gets when an IT Glue organization has no location: an empty main location. */
export const LOCATION_MAIN_PLACEHOLDER: WireRecord = { locationName: 'Main', isMain: true, isActive: true, addresses: [{ isMain: true }] };

async function readLocation(bms: BmsClient, id: string, accountId: string | null): Promise<WireRecord> {
  if (!accountId) throw new RecordError(`BMS location ${id} has no account`);
  return { ...((await bms.getLocation(Number(accountId), Number(id))) as WireRecord), accountId: Number(accountId) };
}

export const location: EntityModule<CanonicalLocation> = {
  entity: 'location',
  switchedOnBy: null,
  names,
  mapping: locationMapping,
  scoped: true,
  autoCreate: 'locations',
  bms: {
    identify: (r) => bmsIdentity(r, matchKey(r.locationName), str(r.accountId)),
    refs: () => ({}),
    ineligible: () => null,
  },
  itglue: {
    identify: (a) => itglueIdentity(a, matchKey(a.name), str(a['organization-id'])),
    refs: () => ({}),
    ineligible: () => null,
  },
  matchRule: {
    names,
    rule: 'location-address',
    // Indexed by organization and name only, so a near miss (same name, other city) is explained
    // field by field instead of silently not found.
    ...byOrganizationAndName,
    evaluate: ({ canonical: r }, { canonical: c }) => {
      const differences: string[] = [];
      if (!sameText(r.address1, c.address1)) differences.push(differs('address 1', r.address1, c.address1));
      if (!sameText(r.address2, c.address2)) differences.push(differs('address 2', r.address2, c.address2));
      if (!sameText(r.city, c.city)) differences.push(differs('city', r.city, c.city));
      if (!sameText(r.region, c.region)) differences.push(differs('state/province', r.region, c.region));
      if (!sameText(r.country, c.country)) differences.push(differs('country', r.country, c.country));
      return differences.length === 0 ? { eligible: true, tier: 0 } : { eligible: false, differences };
    },
    describe: ({ canonical: r }) => {
      const address = [r.address1, r.address2, r.city, r.region, r.country].map((part) => cleanText(part)).filter((part) => part !== null).join(', ');
      return `name ${quote(r.name)} and address "${address}"`;
    },
    scope: (r, label) => scopeOf(r.organizationId, label),
  },
  push: {
    autoPush: () => null,
    autoPushScope: () => null,
    missingForBms: () => null,
    incompleteForBms: () => [],
    nothingSelected: () => null,
    readiness: null,
    missingInBms: () => null,
    // BMS v2 has no route to add a location to an existing account, nor to edit one (new accounts
    // still get their first location inside the documented account create).
    undocumentedWrites: {
      create: (l, accountId) =>
        `held: BMS v2 cannot add a location to an existing account: add location "${l.name}" (${addressInWords(l)}) ` +
        `to BMS account ${accountId ?? ''} with the same name and address; a later sync links them (the next full sync at the latest) — ${ENABLE_UNDOCUMENTED}`,
      update: (l, fields, ids) =>
        `held: BMS v2 cannot edit a location: change ${fields.join(', ')} of location "${l.name}" (BMS location ` +
        `${ids.bmsId}, account ${ids.accountId ?? ''}) in BMS as in IT Glue; until then BMS changes still reach IT Glue — ${ENABLE_UNDOCUMENTED}`,
    },
  },

  // BMS has no page of its own for an account location: its account's page (Locations tab).
  web: {
    bms: (r) => (r.parentId ? `/react/crm/accounts/${r.parentId}` : null),
    itglue: (r) => (r.parentId ? `/${r.parentId}/locations/${r.id}` : null),
  },

  bmsApi: {
    reading: { kind: 'embedded', in: 'organization' },
    read: readLocation,
    find: async (bms, c, accountId) => {
      if (accountId === null) return [];
      const rows = (await bms.listAccountLocations(Number(accountId))).filter((r) => matchKey(r.name) === matchKey(c.name));
      return Promise.all(rows.map((r) => readLocation(bms, String(r.id), accountId)));
    },
    create: async (bms, canonical, ctx, helpers) => {
      if (helpers.accountId === null) throw new RecordError('the location belongs to an organization that is not synced to BMS');
      const write = applyToBms(locationMapping, canonical, { isActive: true }, ctx);
      const record = (await bms.createLocation(Number(helpers.accountId), withAddress(write.values, null) as never)) as WireRecord;
      return { record: { ...record, accountId: Number(helpers.accountId) }, write };
    },
    update: async (bms, current, changes, ctx) => {
      // PUT replaces the location: send every current value with the mapped changes applied.
      const accountId = Number(current.accountId);
      const body: WireRecord = { locationName: current.locationName, isMain: current.isMain === true, isActive: current.isActive !== false, address: {} };
      const write = applyToBms(locationMapping, changes, body, ctx);
      const record = (await bms.updateLocation(accountId, Number(current.id), withAddress(write.values, current) as never)) as WireRecord;
      return { record: { ...record, accountId }, write };
    },
  },

  itglueApi: {
    resource: 'locations',
    listPage: (itglue, o) => itglue.listLocationsPage(o),
    read: (itglue, id) => itglue.getLocation(id),
    toWire: (r) => ({ ...(r.attributes as WireRecord), id: r.id }),
    create: (itglue, org, attributes) => itglue.createLocations(org!, attributes),
    update: (itglue, id, a) => itglue.updateLocation(id, a),
    bulkUpdate: (itglue, items) => itglue.bulkUpdateLocations(items),
    find: (itglue, org, c) => findItGlueLocationsByName(itglue, org!, c.name),
    lookups: () => [],
  },
};
