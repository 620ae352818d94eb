/**
 * Location ↔ account location (SPEC §3). In BMS the address fields, phone and fax sit on the
 * location's main address; state and country are free text there and lookups in IT Glue, matched
 * by name or ISO code (the canonical value is IT Glue's name when it resolves).
 */
import type { CanonicalLocation } from '../entities.js';
import { cleanText } from '../normalize.js';
import { bool, phone, requiredText, type EntityMapping, type FieldMapping, type MappingContext, type WireRecord } from './fields.js';

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
