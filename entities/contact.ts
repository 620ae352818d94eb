/**
 * Contact ↔ contact (SPEC §3, §5, §8): everything about it, both systems' sides.
 *
 * Quirks: BMS takes a contact's job title and point-of-contact flag only after create (a follow-up
 * update), and its e-mails and phones only through their own PATCH endpoints; e-mail and phone
 * labels map to BMS e-mail and phone types by name, `primary` ↔ `isDefault`. Contacts that came
 * from Microsoft 365 or from Active Directory (`AUTO_PUSH_SOURCES`) are pushed without an edit when
 * the settings say so, with the configured BMS types and a default phone and e-mail; BMS needs a
 * first name, last name, an e-mail, a phone and a location, and a contact missing any of them is
 * held with a message naming what is missing.
 */
import type { BmsClient, BmsEmailOperation, BmsPhoneOperation } from '../clients/bms/index.js';
import { findBmsContactsByName, findItGlueContactsByName } from './find-by-name.js';
import { RecordError } from '../domain/errors.js';
import { applyToBms, bool, ref, requiredText, text, type EntityMapping, type FieldMapping, type WireRecord } from '../domain/mapping/fields.js';
import { key, quote, scopeOf } from '../domain/matching.js';
import { cleanText, matchKey } from '../domain/normalize.js';
import type { IntegrationSettings } from '../domain/settings.js';
import type { EntityModule } from './module.js';
import { bmsIdentity, idList, itglueIdentity, jsonPatch, num, str } from './shared.js';

export interface CanonicalEmail {
  address: string;
  typeName: string | null;
  primary: boolean;
}

export interface CanonicalPhone {
  number: string;
  extension: string | null;
  typeName: string | null;
  primary: boolean;
}

export interface CanonicalContact {
  firstName: string;
  lastName: string;
  title: string | null;
  emails: CanonicalEmail[];
  phones: CanonicalPhone[];
  location: string | null;
  important: boolean;
}


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

/** Contact ↔ Contact (SPEC §3). */
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

const names = { bms: 'contact', itglue: 'contact' };
const contactName = (first: unknown, last: unknown) => matchKey(`${str(first) ?? ''} ${str(last) ?? ''}`);

/** What BMS needs of a new contact (SPEC §8), by name; location only when nothing can stand in for it. */
export function missingForBmsContact(contact: CanonicalContact, needsLocation: boolean): string[] {
  const missing: string[] = [];
  if (!contact.firstName) missing.push('first name');
  if (!contact.lastName) missing.push('last name');
  if (contact.emails.length === 0) missing.push('an e-mail address');
  if (contact.phones.length === 0) missing.push('a phone number');
  if (needsLocation && !contact.location) missing.push('a location');
  return missing;
}

/**
 * Where an IT Glue contact can come from that is pushed to BMS without an edit, and the BMS types
 * it gets (null: keep the IT Glue label). The integration type is the contact's
 * `adapters-resources` entry (simulators/itglue/ASSUMPTIONS.md): `office365` for the Microsoft
 * integration, `network-glue` for Network Glue's Active Directory scan.
 */
interface AutoPushSource {
  integrationType: string;
  label: string;
  /** The BMS types applied when the settings push these contacts; null when they are not pushed. */
  types(settings: IntegrationSettings): { emailType: string | null; phoneType: string | null } | null;
}

export const AUTO_PUSH_SOURCES: readonly AutoPushSource[] = [
  {
    integrationType: 'office365',
    label: 'Microsoft 365 contact',
    types: ({ microsoftContacts: m }) => (m.autoPush ? { emailType: m.emailType, phoneType: m.phoneType } : null),
  },
  {
    integrationType: 'network-glue',
    label: 'Active Directory contact',
    // The vendor's rule: choosing no types ("None") means these contacts are not auto-pushed.
    types: ({ activeDirectoryContacts: a }) => (a.emailType && a.phoneType ? { emailType: a.emailType, phoneType: a.phoneType } : null),
  },
];

const sourcesOf = (record: WireRecord): string[] =>
  Array.isArray(record['integration-sources']) ? (record['integration-sources'] as unknown[]).map(String) : [];

/** Sets `primary` on the first entry when none is marked: BMS needs a default. */
function withDefault<T extends { primary: boolean }>(items: T[]): T[] {
  if (items.length === 0 || items.some((i) => i.primary)) return items;
  return items.map((item, index) => ({ ...item, primary: index === 0 }));
}

/**
 * An auto-pushed contact made ready for BMS: the configured types applied, and a default e-mail
 * and phone when IT Glue marks none primary (Microsoft 365 and Active Directory give a phone
 * without saying it is the primary one).
 */
export function readyForBms(contact: CanonicalContact, types: { emailType: string | null; phoneType: string | null }): CanonicalContact {
  return {
    ...contact,
    emails: withDefault(contact.emails.map((e) => ({ ...e, typeName: types.emailType ?? e.typeName }))),
    phones: withDefault(contact.phones.map((p) => ({ ...p, typeName: types.phoneType ?? p.typeName }))),
  };
}

export function emailOperations(current: WireRecord[], desired: WireRecord[]): BmsEmailOperation[] {
  const keyOf = (e: WireRecord) => matchKey(e.emailAddress);
  const currentByKey = new Map(current.map((e) => [keyOf(e), e]));
  const desiredKeys = new Set(desired.map(keyOf));
  const ops: BmsEmailOperation[] = [];
  for (const e of current) if (!desiredKeys.has(keyOf(e))) ops.push({ operation: 'delete', emailAddress: String(e.emailAddress) });
  for (const d of desired) {
    const c = currentByKey.get(keyOf(d));
    const typeId = num(d.emailTypeId) ?? undefined;
    if (!c) ops.push({ operation: 'add', emailAddress: String(d.emailAddress), typeId, isDefault: d.isDefault === true });
    else if ((typeId !== undefined && num(c.emailTypeId) !== typeId) || (c.isDefault === true) !== (d.isDefault === true)) {
      ops.push({ operation: 'update', emailAddress: String(c.emailAddress), typeId, isDefault: d.isDefault === true });
    }
  }
  return ops;
}

export function phoneOperations(current: WireRecord[], desired: WireRecord[]): BmsPhoneOperation[] {
  const keyOf = (p: WireRecord) => String(p.phone ?? p.phoneNumber ?? '').replace(/\D/g, '');
  const currentByKey = new Map(current.map((p) => [keyOf(p), p]));
  const desiredKeys = new Set(desired.map(keyOf));
  const ops: BmsPhoneOperation[] = [];
  for (const p of current) if (!desiredKeys.has(keyOf(p))) ops.push({ operation: 'delete', phoneNumber: String(p.phone) });
  for (const d of desired) {
    const c = currentByKey.get(keyOf(d));
    const typeId = num(d.phoneTypeId) ?? undefined;
    if (!c) ops.push({ operation: 'add', phoneNumber: String(d.phoneNumber), typeId, isDefault: d.isDefault === true });
    else if ((typeId !== undefined && num(c.phoneTypeId) !== typeId) || (c.isDefault === true) !== (d.isDefault === true)) {
      ops.push({ operation: 'update', phoneNumber: String(c.phone), typeId, isDefault: d.isDefault === true });
    }
  }
  return ops;
}

/** The scalar fields of a mapped write, named as the PUT/PATCH body names them (`poc`, not `isPoc`). */
function scalarPatch(values: WireRecord): WireRecord {
  const { isPoc, emails: _e, phones: _p, ...rest } = values;
  return isPoc === undefined ? rest : { ...rest, poc: isPoc === true };
}

async function writeEmailsAndPhones(bms: BmsClient, id: number, current: WireRecord, values: WireRecord): Promise<void> {
  if ('emails' in values) {
    const ops = emailOperations((current.emails as WireRecord[]) ?? [], (values.emails as WireRecord[]) ?? []);
    if (ops.length) await bms.patchContactEmails(id, ops);
  }
  if ('phones' in values) {
    const ops = phoneOperations((current.phones as WireRecord[]) ?? [], (values.phones as WireRecord[]) ?? []);
    if (ops.length) await bms.patchContactPhones(id, ops);
  }
}

export const contact: EntityModule<CanonicalContact> = {
  entity: 'contact',
  switchedOnBy: 'contactsEnabled',
  names,
  mapping: contactMapping,
  scoped: true,
  autoCreate: 'contacts',
  bms: {
    identify: (r) => bmsIdentity(r, contactName(r.firstName, r.lastName), str(r.accountId)),
    refs: (r) => ({ location: idList(r.locationId) }),
    ineligible: (_c, s) => (s.contactsEnabled ? null : 'contact sync is off'),
  },
  itglue: {
    identify: (a) => itglueIdentity(a, contactName(a['first-name'], a['last-name']), str(a['organization-id'])),
    refs: (a) => ({ location: idList(a['location-id']) }),
    ineligible: (_c, s) => (s.contactsEnabled ? null : 'contact sync is off'),
  },
  matchRule: {
    names,
    rule: 'contact-name',
    candidateKey: (c) => key(c.organizationId, matchKey(c.canonical.firstName), matchKey(c.canonical.lastName)),
    recordKey: (r) => {
      if (r.organizationId === null) return { unmatchable: 'its organization is not linked yet' };
      if (matchKey(r.canonical.firstName) === '' && matchKey(r.canonical.lastName) === '') return { unmatchable: 'the record has no name' };
      return { key: key(r.organizationId, matchKey(r.canonical.firstName), matchKey(r.canonical.lastName)) };
    },
    evaluate: () => ({ eligible: true, tier: 0 }),
    describe: (r) => `first name ${quote(r.canonical.firstName)} and last name ${quote(r.canonical.lastName)}`,
    scope: (r, label) => scopeOf(r.organizationId, label),
  },
  push: {
    autoPush: (record, canonical, settings) => {
      const sources = sourcesOf(record);
      for (const source of AUTO_PUSH_SOURCES) {
        const types = sources.includes(source.integrationType) ? source.types(settings) : null;
        if (types) return { label: source.label, canonical: readyForBms(canonical, types) };
      }
      return null;
    },
    autoPushScope: (settings) => {
      const anyOf = AUTO_PUSH_SOURCES.filter((s) => s.types(settings) !== null).map((s) => s.integrationType);
      return anyOf.length ? { attribute: 'integration-sources', anyOf } : null;
    },
    // An edited contact without a location gets its account's main location; an auto-pushed one
    // must bring everything BMS needs.
    missingForBms: (c, autoPushed) => {
      if (!autoPushed) return null;
      const missing = missingForBmsContact(c, true);
      return missing.length ? missing.join(', ') : null;
    },
    // Without a location a contact gets its account's main location, so only these make BMS refuse it.
    incompleteForBms: (c) => missingForBmsContact(c, false),
    nothingSelected: (s) => (s.contactsEnabled ? null : 'contact sync is off in the sync settings (contactsEnabled): no contact can be pushed'),
    readiness: null,
    missingInBms: () => null,
    undocumentedWrites: null,
  },

  web: {
    bms: (r) => `/react/crm/contacts/${r.id}`,
    itglue: (r) => (r.parentId ? `/${r.parentId}/contacts/${r.id}` : null),
  },

  bmsApi: {
    reading: {
      kind: 'pages',
      page: async (bms, page, since) => {
        const result = await bms.listContactsPage({ pageNumber: page, pageSize: 100, filter: since ? { modifiedOnFrom: since } : undefined });
        return { items: result.items as WireRecord[], hasMore: result.hasMore };
      },
      modifiedFilter: true,
    },
    read: async (bms, id) => (await bms.getContact(Number(id))) as WireRecord,
    find: async (bms, c, accountId) => (accountId === null ? [] : ((await findBmsContactsByName(bms, Number(accountId), c.firstName, c.lastName)) as WireRecord[])),
    create: async (bms, canonical, ctx, helpers) => {
      if (helpers.accountId === null) throw new RecordError('the contact belongs to an organization that is not synced to BMS');
      const write = applyToBms(contactMapping, canonical, {}, ctx);
      const v = write.values;
      const locationId = num(v.locationId) ?? (await helpers.mainLocationId(helpers.accountId));
      if (locationId === null) throw new RecordError('BMS needs a location for the contact');
      const created = await bms.createContact({
        firstName: String(v.firstName ?? ''),
        lastName: String(v.lastName ?? ''),
        accountId: Number(helpers.accountId),
        locationId,
        emails: ((v.emails as WireRecord[]) ?? []).map((e) => ({ emailAddress: String(e.emailAddress), emailTypeId: num(e.emailTypeId) ?? 1, isDefault: e.isDefault === true })),
        phones: ((v.phones as WireRecord[]) ?? []).map((p) => ({ phoneNumber: String(p.phoneNumber), phoneTypeId: num(p.phoneTypeId) ?? 1, isDefault: p.isDefault === true })),
      });
      // BMS takes the job title and the point-of-contact flag only on update.
      const followUp: WireRecord = {};
      if (v.jobTitle) followUp.jobTitle = v.jobTitle;
      if (v.isPoc === true) followUp.poc = true;
      if (Object.keys(followUp).length) await bms.patchContact(created.id, jsonPatch(followUp));
      return { record: (await bms.getContact(created.id)) as WireRecord, write };
    },
    update: async (bms, current, changes, ctx) => {
      const id = Number(current.id);
      const write = applyToBms(contactMapping, changes, {}, ctx);
      const scalars = scalarPatch(write.values);
      if (Object.keys(scalars).length) await bms.patchContact(id, jsonPatch(scalars));
      await writeEmailsAndPhones(bms, id, current, write.values);
      return { record: (await bms.getContact(id)) as WireRecord, write };
    },
  },

  itglueApi: {
    resource: 'contacts',
    listPage: (itglue, o) => itglue.listContactsPage(o),
    read: (itglue, id) => itglue.getContact(id),
    toWire: (r) => {
      const resource = r as typeof r & { integrationSources?: string[] };
      return { ...(r.attributes as WireRecord), id: r.id, ...(resource.integrationSources ? { 'integration-sources': resource.integrationSources } : {}) };
    },
    create: (itglue, org, attributes) => itglue.createContacts(org!, attributes),
    update: (itglue, id, a) => itglue.updateContact(id, a),
    bulkUpdate: (itglue, items) => itglue.bulkUpdateContacts(items),
    find: (itglue, org, c) => findItGlueContactsByName(itglue, org!, c.firstName, c.lastName),
    lookups: () => [],
  },
};
