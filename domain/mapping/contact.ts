/**
 * Contact ↔ Contact (SPEC §3). E-mail and phone labels map to BMS e-mail and phone types by
 * name; `primary` ↔ `isDefault`. BMS takes job title and point-of-contact only through an update
 * after create, and e-mails and phones only through their own PATCH endpoints: the BMS writer
 * handles that; this table only says what maps to what.
 */
import type { CanonicalContact, CanonicalEmail, CanonicalPhone } from '../entities.js';
import { cleanText } from '../normalize.js';
import { bool, ref, requiredText, text, type EntityMapping, type FieldMapping, type WireRecord } from './fields.js';

const list = (v: unknown): WireRecord[] => (Array.isArray(v) ? (v as WireRecord[]) : []);

const byPrimaryThenValue = <T extends { primary: boolean }>(key: (x: T) => string) => (a: T, b: T) =>
  Number(b.primary) - Number(a.primary) || key(a).localeCompare(key(b));

/** `555-0101 x12` → number 5550101, extension 12 (BMS has no extension field). */
export function splitPhone(raw: unknown, extension?: unknown): { number: string; extension: string | null } | null {
  const text = cleanText(raw);
  if (!text) return null;
  const m = /^(.*?)(?:\s*(?:x|ext\.?|extension)\s*(\d+))$/i.exec(text);
  const number = (m ? m[1]! : text).replace(/\D/g, '');
  const ext = cleanText(extension)?.replace(/\D/g, '') || (m ? m[2]! : null);
  return number ? { number, extension: ext || null } : null;
}

export function joinPhone(phone: CanonicalPhone): string {
  return phone.extension ? `${phone.number} x${phone.extension}` : phone.number;
}

const emails: FieldMapping<CanonicalEmail[]> = {
  bms: 'emails[] (emailAddress, emailType, isDefault)',
  itglue: 'contact-emails[] (value, label-name, primary)',
  fromBms: (r, ctx) =>
    list(r.emails)
      .map((e) => ({
        address: cleanText(e.emailAddress)?.toLowerCase() ?? '',
        typeName: cleanText(e.emailType) ?? ctx.bms.nameOf('EmailType', e.emailTypeId),
        primary: e.isDefault === true,
      }))
      .filter((e) => e.address)
      .sort(byPrimaryThenValue((e) => e.address)),
  fromItGlue: (a) =>
    list(a['contact-emails'])
      .map((e) => ({ address: cleanText(e.value)?.toLowerCase() ?? '', typeName: cleanText(e['label-name']), primary: e.primary === true }))
      .filter((e) => e.address)
      .sort(byPrimaryThenValue((e) => e.address)),
  toItGlue: (v, out) =>
    void (out['contact-emails'] = v.map((e) => ({ value: e.address, primary: e.primary, 'label-name': e.typeName ?? 'Work' }))),
  toBms: (v, out, ctx) =>
    void (out.emails = v.map((e) => ({
      emailAddress: e.address,
      emailTypeId: ctx.bms.idOf('EmailType', e.typeName),
      isDefault: e.primary,
    }))),
};

const phones: FieldMapping<CanonicalPhone[]> = {
  bms: 'phones[] (phone, phoneType, isDefault)',
  itglue: 'contact-phones[] (value, extension, label-name, primary)',
  fromBms: (r, ctx) =>
    list(r.phones)
      .flatMap((p) => {
        const split = splitPhone(p.phone ?? p.phoneNumber);
        if (!split) return [];
        return [{ ...split, typeName: cleanText(p.phoneType) ?? ctx.bms.nameOf('PhoneType', p.phoneTypeId), primary: p.isDefault === true }];
      })
      .sort(byPrimaryThenValue((p) => p.number)),
  fromItGlue: (a) =>
    list(a['contact-phones'])
      .flatMap((p) => {
        const split = splitPhone(p.value, p.extension);
        if (!split) return [];
        return [{ ...split, typeName: cleanText(p['label-name']), primary: p.primary === true }];
      })
      .sort(byPrimaryThenValue((p) => p.number)),
  toItGlue: (v, out) =>
    void (out['contact-phones'] = v.map((p) => ({
      value: p.number,
      extension: p.extension,
      primary: p.primary,
      'label-name': p.typeName ?? 'Work',
      ...(p.typeName?.toLowerCase() === 'fax' ? { 'label-type': 'fax' } : {}),
    }))),
  toBms: (v, out, ctx) =>
    void (out.phones = v.map((p) => ({
      phoneNumber: joinPhone(p),
      phoneTypeId: ctx.bms.idOf('PhoneType', p.typeName),
      isDefault: p.primary,
    }))),
};

export const contactMapping: EntityMapping<CanonicalContact> = {
  fields: {
    firstName: requiredText('firstName', 'first-name'),
    lastName: requiredText('lastName', 'last-name'),
    title: text('jobTitle', 'title'),
    emails,
    phones,
    location: ref({ bms: 'locationId', itglue: 'location-id', entity: 'location', label: 'location' }),
    important: bool('isPoc', 'important'),
  },
};
