/**
 * Organization ↔ account (SPEC §3, §5): everything about it, both systems' sides.
 *
 * Quirks: a BMS account carries its locations inside it (read with it, and a new account needs
 * one: the IT Glue organization's primary location, created with it and linked to it); the parent
 * account can only be written once both accounts exist; edits go through JSON-Patch with only the
 * changed mapped fields, so nothing the engine does not map is ever reset.
 */
import { findBmsAccountsByName, findItGlueOrganizationsByName } from './find-by-name.js';
import type { ItgResource } from '../clients/itglue/index.js';
import { activeStatus, applyToBms, lookup, ref, requiredText, text, type EntityMapping, type WireRecord } from '../domain/mapping/fields.js';
import { quote } from '../domain/matching.js';
import { RecordError } from '../domain/errors.js';
import { matchKey } from '../domain/normalize.js';
import type { BmsCreateHelpers, EntityModule } from './module.js';
import { bmsIdentity, emptySelectionReason, idList, itglueIdentity, jsonPatch, num, typeAndStatusReason, typeAndStatusSetting } from './shared.js';
import { LOCATION_MAIN_PLACEHOLDER, locationBodyForAccount } from './location.js';

export interface CanonicalOrganization {
  name: string;
  typeName: string | null;
  /** BMS `isActive` ↔ the IT Glue organization status named Active (anything else is inactive). */
  active: boolean;
  parent: string | null;
  shortName: string | null;
}

/** Organization ↔ Account (SPEC §3). Primary location ↔ main location is mapped on the location (`primary`). */
export const organizationMapping: EntityMapping<CanonicalOrganization> = {
  fields: {
    name: requiredText('accountName', 'name'),
    typeName: lookup({
      bmsId: 'accountTypeId',
      bmsName: 'accountType',
      bmsTable: 'accountTypes',
      itglueId: 'organization-type-id',
      itglueName: 'organization-type-name',
      itglueTable: 'organizationTypes',
      label: 'organization type',
    }),
    active: activeStatus({
      itglueId: 'organization-status-id',
      itglueName: 'organization-status-name',
      itglueTable: 'organizationStatuses',
    }),
    parent: ref({ bms: 'parentId', itglue: 'parent-id', entity: 'organization', label: 'parent organization' }),
    shortName: text('accountCode', 'short-name'),
  },
};

const names = { bms: 'account', itglue: 'organization' };

export const organization: EntityModule<CanonicalOrganization> = {
  entity: 'organization',
  switchedOnBy: null,
  names,
  mapping: organizationMapping,
  scoped: false,
  autoCreate: 'organizations',
  bms: {
    identify: (r) => bmsIdentity(r, matchKey(r.accountName), null),
    refs: (r) => ({ organization: idList(r.parentId) }),
    ineligible: (c, s) => typeAndStatusReason(c, { types: s.accountTypes, statuses: s.accountStatuses }, { type: 'account type', records: 'accounts' }),
    excludedBy: (c, s) => typeAndStatusSetting(c, { types: s.accountTypes, statuses: s.accountStatuses }, { types: 'accountTypes', statuses: 'accountStatuses' }),
  },
  itglue: {
    identify: (a) => itglueIdentity(a, matchKey(a.name), null),
    refs: (a) => ({ organization: idList(a['parent-id']) }),
    ineligible: (c, s) =>
      typeAndStatusReason(c, { types: s.accountTypes, statuses: s.accountStatuses }, { type: 'organization type', records: 'organizations' }),
  },
  matchRule: {
    names,
    rule: 'organization-name',
    candidateKey: (c) => matchKey(c.canonical.name),
    recordKey: (r) => (matchKey(r.canonical.name) === '' ? { unmatchable: 'the record has no name' } : { key: matchKey(r.canonical.name) }),
    evaluate: () => ({ eligible: true, tier: 0 }),
    describe: (r) => `name ${quote(r.canonical.name)}`,
    scope: () => '',
  },
  push: {
    autoPush: () => null,
    autoPushScope: () => null,
    missingForBms: () => null,
    incompleteForBms: () => [],
    nothingSelected: (s) =>
      emptySelectionReason(
        [
          { setting: 'accountTypes', words: 'account types', selected: s.accountTypes },
          { setting: 'accountStatuses', words: 'account statuses', selected: s.accountStatuses },
        ],
        'no organization can be pushed, nor anything in one',
      ),
    // A new BMS account takes the primary location as its main one (bmsApi.create below).
    readiness: {
      children: 'location',
      problems: (_record, locations) =>
        locations.length === 0
          ? ['no location in IT Glue: its BMS account gets a placeholder main location named "Main"']
          : locations.some((l) => l.record.primary === true)
            ? []
            : ['no primary location in IT Glue: the first of its locations becomes the main location of its BMS account'],
    },
    missingInBms: (c, ctx) =>
      c.typeName && ctx.bms.idOf('accountTypes', c.typeName) === null ? { kind: 'account type', name: c.typeName, hint: 'Admin > CRM > CRM Account Types' } : null,
    undocumentedWrites: null,
  },

  // BMS: the account page; IT Glue: the organization's home page.
  web: {
    bms: (r) => `/react/crm/accounts/${r.id}`,
    itglue: (r) => `/${r.id}`,
  },

  bmsApi: {
    reading: {
      kind: 'pages',
      page: async (bms, page, since) => {
        const result = await bms.listAccountsPage({ pageNumber: page, pageSize: 100, filter: since ? { modifiedOnFrom: since } : undefined });
        return { items: result.items as WireRecord[], hasMore: result.hasMore };
      },
      modifiedFilter: true,
      embeds: {
        entity: 'location',
        extract: (account) => (Array.isArray(account.locations) ? (account.locations as WireRecord[]) : []).map((l) => ({ ...l, accountId: account.id })),
      },
    },
    read: async (bms, id) => (await bms.getAccount(Number(id))) as WireRecord,
    find: async (bms, c) => (await findBmsAccountsByName(bms, c.name)) as WireRecord[],
    create: async (bms, canonical, ctx, helpers) => {
      const write = applyToBms(organizationMapping, canonical, { ...helpers.defaults(), isActive: true }, ctx);
      if (typeof write.values.accountTypeId !== 'number') throw new RecordError(`BMS has no account type named "${canonical.typeName ?? ''}"`);
      // BMS needs a location with the account: the IT Glue organization's primary location when it
      // has one (created with the account and linked to it), else a placeholder main location.
      const first = await primaryLocation(helpers);
      const record = (await bms.createAccount({ ...write.values, locations: [first?.body ?? LOCATION_MAIN_PLACEHOLDER] } as never)) as WireRecord;
      const created = (Array.isArray(record.locations) ? (record.locations as WireRecord[]) : []).find((l) => l.isMain === true);
      return {
        record,
        write,
        companions: first && created ? [{ entity: 'location', bms: { ...created, accountId: record.id }, itglueId: first.itglueId }] : [],
      };
    },
    update: async (bms, current, changes, ctx, helpers) => {
      const write = applyToBms(organizationMapping, changes, {}, ctx);
      // BMS validates the whole patched account: values it requires that the record lacks are
      // filled with the integration's defaults; nothing else but the changed fields is sent.
      const defaults = helpers.defaults();
      const required: WireRecord = {};
      if (num(current.businessTypeId) === null) required.businessTypeId = defaults.businessTypeId;
      if (num(current.accountManagerId) === null) required.accountManagerId = defaults.accountManagerId;
      const record = (await bms.patchAccount(Number(current.id), jsonPatch({ ...required, ...write.values }))) as WireRecord;
      return { record, write };
    },
  },

  itglueApi: {
    resource: 'organizations',
    listPage: (itglue, o) => itglue.listOrganizationsPage(o),
    read: (itglue, id) => itglue.getOrganization(id),
    toWire: (r) => ({ ...(r.attributes as WireRecord), id: r.id }),
    create: async (itglue, _org, attributes) => {
      const created: ItgResource<unknown>[] = [];
      for (const a of attributes) created.push(await itglue.createOrganization(a));
      return created;
    },
    update: (itglue, id, a) => itglue.updateOrganization(id, a),
    bulkUpdate: (itglue, items) => itglue.bulkUpdateOrganizations(items),
    find: (itglue, _org, c) => findItGlueOrganizationsByName(itglue, c.name),
    lookups: (c) => [
      ...(c.typeName ? [{ table: 'organizationTypes' as const, name: c.typeName }] : []),
      { table: 'organizationStatuses' as const, name: c.active ? 'Active' : 'Inactive' },
    ],
  },
};

/** The IT Glue organization's primary location (else its first), as a BMS location body. */
async function primaryLocation(helpers: BmsCreateHelpers): Promise<{ itglueId: string; body: WireRecord } | null> {
  const locations = await helpers.itglueChildren('location', helpers.itglueRecord.id);
  const primary = locations.find((l) => l.record.primary === true) ?? locations[0];
  if (!primary) return null;
  const ctx = await helpers.contextFor('location', [primary]);
  return { itglueId: primary.id, body: locationBodyForAccount(primary.record, ctx) };
}

