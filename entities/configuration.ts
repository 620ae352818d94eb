/**
 * Configuration ↔ hardware asset (SPEC §3, §5): everything about it, both systems' sides.
 *
 * Quirks: IT Glue's `primary-ip` and `mac-address` are those of the configuration's primary
 * interface, which is all that syncs to BMS; the contact maps only when the BMS contact belongs to
 * the asset's own account; BMS lists assets slimly and without a modified filter, so the pull
 * re-lists them and reads in full only new and changed ones; BMS edits assets only by PUT of the
 * whole record, so an update reads the asset and sends every field back with only the mapped
 * changes applied (RMM data and every other field the engine does not map stay as they are).
 */
import { findBmsHardwareAssetsByName, findItGlueConfigurationsByName } from './find-by-name.js';
import { RecordError } from '../domain/errors.js';
import {
  activeStatus,
  applyToBms,
  dateOnly,
  lookup,
  mac,
  numberOrNull,
  ref,
  requiredText,
  text,
  textToItGlueLookup,
  type EntityMapping,
  type FieldMapping,
  type WireRecord,
} from '../domain/mapping/fields.js';
import { byOrganizationAndName, differs, quote, scopeOf, type CandidateEvaluation } from '../domain/matching.js';
import { matchKey, normalizeMac, normalizeSerial } from '../domain/normalize.js';
import type { EntityModule } from './module.js';
import { bmsIdentity, emptySelectionReason, idList, itglueIdentity, num, str, typeAndStatusReason, typeAndStatusSetting } from './shared.js';

export interface CanonicalConfiguration {
  name: string;
  assetTag: string | null;
  defaultGateway: string | null;
  contact: string | null;
  /** BMS `isActive` ↔ the IT Glue configuration status named Active (anything else is inactive). */
  active: boolean;
  typeName: string | null;
  primaryIp: string | null;
  macAddress: string | null;
  location: string | null;
  manufacturerName: string | null;
  modelName: string | null;
  notes: string | null;
  operatingSystemName: string | null;
  position: string | null;
  platformName: string | null;
  purchasedAt: string | null;
  serialNumber: string | null;
  warrantyExpiresAt: string | null;
}


/** The contact maps only when the BMS contact belongs to the asset's own account (SPEC §3). */
const sameAccountContact: FieldMapping<string | null> = (() => {
  const base = ref({ bms: 'contactId', itglue: 'contact-id', entity: 'contact', label: 'contact' });
  return {
    ...base,
    fromBms: (r, ctx) => {
      const contactId = base.fromBms(r, ctx);
      if (contactId === null) return null;
      const account = ctx.bmsParentOf('contact', contactId);
      const own = numberOrNull(r.accountId);
      if (account !== null && own !== null && account !== String(own)) {
        ctx.warn('contact', `BMS contact ${contactId} belongs to another account (${account}); the contact is left empty`);
        return null;
      }
      return contactId;
    },
  };
})();

/** Configuration ↔ Hardware asset (SPEC §3). */
export const configurationMapping: EntityMapping<CanonicalConfiguration> = {
  fields: {
    name: requiredText('name', 'name'),
    assetTag: text('assetTag', 'asset-tag'),
    defaultGateway: text('defaultGateway', 'default-gateway'),
    contact: sameAccountContact,
    active: activeStatus({
      itglueId: 'configuration-status-id',
      itglueName: 'configuration-status-name',
      itglueTable: 'configurationStatuses',
    }),
    typeName: lookup({
      bmsId: 'categoryId',
      bmsName: 'category',
      bmsTable: 'AssetCategory',
      itglueId: 'configuration-type-id',
      itglueName: 'configuration-type-name',
      itglueTable: 'configurationTypes',
      label: 'configuration type',
    }),
    primaryIp: text('ipAddress', 'primary-ip'),
    macAddress: mac('macAddress', 'mac-address'),
    location: ref({ bms: 'accountLocationId', itglue: 'location-id', entity: 'location', label: 'location' }),
    manufacturerName: lookup({
      bmsId: 'manufacturerId',
      bmsName: 'manufacturer',
      bmsTable: 'Manufacturer',
      itglueId: 'manufacturer-id',
      itglueName: 'manufacturer-name',
      itglueTable: 'manufacturers',
      label: 'manufacturer',
    }),
    modelName: textToItGlueLookup({
      bms: 'modelNumber',
      itglueId: 'model-id',
      itglueName: 'model-name',
      itglueTable: 'models',
      label: 'model',
      scopeField: 'manufacturerName',
      scopeTable: 'manufacturers',
    }),
    notes: text('description', 'notes'),
    operatingSystemName: textToItGlueLookup({
      bms: 'osInfo',
      itglueId: 'operating-system-id',
      itglueName: 'operating-system-name',
      itglueTable: 'operatingSystems',
      label: 'operating system',
    }),
    position: text('locationInfo', 'position'),
    platformName: textToItGlueLookup({
      bms: 'osType',
      itglueId: 'platform-id',
      itglueName: 'platform-name',
      itglueTable: 'platforms',
      label: 'platform',
    }),
    purchasedAt: dateOnly('acquisitionDate', 'purchased-at'),
    serialNumber: text('serialNumber', 'serial-number'),
    warrantyExpiresAt: dateOnly('warrantyExpirationDate', 'warranty-expires-at'),
  },
};

const names = { bms: 'hardware asset', itglue: 'configuration' };
const sameText = (a: string | null, b: string | null): boolean => matchKey(a) === matchKey(b);

const CONFIGURATION_TIERS: Record<number, string> = {
  1: 'serial number and MAC address equal',
  2: 'MAC address equal',
  3: 'serial number equal',
  4: 'no identifier to compare',
};

/**
 * Identifier comparison of SPEC §5. Tiers: 1 serial and MAC equal, 2 MAC equal, 3 serial equal,
 * 4 no identifier present on both sides. A different device only when both identifiers are present
 * on both sides and both differ, or when the only identifier present on both sides differs; so a
 * serial equal with another MAC is tier 3, a MAC equal with another serial tier 2.
 */
export function compareConfigurationIdentifiers(
  record: Pick<CanonicalConfiguration, 'serialNumber' | 'macAddress'>,
  candidate: Pick<CanonicalConfiguration, 'serialNumber' | 'macAddress'>,
): CandidateEvaluation {
  const compare = (a: string, b: string): 'equal' | 'differ' | 'missing' => (a === '' || b === '' ? 'missing' : a === b ? 'equal' : 'differ');
  const serial = compare(normalizeSerial(record.serialNumber), normalizeSerial(candidate.serialNumber));
  const mac = compare(normalizeMac(record.macAddress), normalizeMac(candidate.macAddress));
  if (serial === 'equal' && mac === 'equal') return { eligible: true, tier: 1 };
  if (mac === 'equal') return { eligible: true, tier: 2 };
  if (serial === 'equal') return { eligible: true, tier: 3 };
  const differences: string[] = [];
  if (serial === 'differ') differences.push(differs('serial number', record.serialNumber, candidate.serialNumber));
  if (mac === 'differ') differences.push(differs('MAC address', record.macAddress, candidate.macAddress));
  if (differences.length > 0) return { eligible: false, differences };
  return { eligible: true, tier: 4 };
}

/**
 * HardwareAssetInputDto's properties (the official OpenAPI document), camelCase: what a PUT sends.
 * Output names differ for a few (`dnsServers` ← `DNSServers` and the like compare case-insensitively).
 */
const ASSET_INPUT_FIELDS = [
  'name', 'accountId', 'accountLocationId', 'contactId', 'categoryId', 'brandId', 'serialNumber', 'businessImpactId', 'stateId',
  'locationInfo', 'description', 'barCode', 'assetTag', 'vendorId', 'isActive', 'modelNumber', 'machineGroupId', 'ipAddress',
  'subnetMask', 'defaultGateway', 'dnsServers', 'dhcpEnabled', 'dhcpServer', 'winsEnabled', 'secondaryWinsServer',
  'connectionGatewayIp', 'osType', 'osInfo', 'majorVersion', 'minorVersion', 'macAddress', 'loginName', 'lastLoginname',
  'currentUser', 'productName', 'machineVersion', 'motherboardManufacturerId', 'motherboardProductCode', 'motherboardSerialNumber',
  'motherboardVersion', 'chassisAssetTag', 'chassisManufacturerId', 'chassisSerialNumber', 'chassisType', 'chassisVersion',
  'busSpeed', 'manufacturerId', 'maxMemorySize', 'maxMemorySlots', 'primaryWinsServer', 'computerName', 'purchaseCost',
  'warrantyExpirationDate', 'expirationDate', 'acquisitionDate', 'firstCheckIn', 'lastCheckIn', 'lastReboot',
] as const;

/** Every input field the current record carries (matched case-insensitively), for a PUT that keeps them. */
export function assetPutBody(current: WireRecord): WireRecord {
  const byLower = new Map(Object.keys(current).map((k) => [k.toLowerCase(), k]));
  const body: WireRecord = {};
  for (const field of ASSET_INPUT_FIELDS) {
    const source = byLower.get(field.toLowerCase());
    if (source !== undefined) body[field] = current[source];
  }
  return body;
}

export const configuration: EntityModule<CanonicalConfiguration> = {
  entity: 'configuration',
  switchedOnBy: null,
  names,
  mapping: configurationMapping,
  scoped: true,
  autoCreate: 'configurations',
  bms: {
    identify: (r) => bmsIdentity(r, matchKey(r.name), str(r.accountId)),
    refs: (r) => ({ contact: idList(r.contactId), location: idList(r.accountLocationId) }),
    ineligible: (c, s) => typeAndStatusReason(c, { types: s.assetCategories, statuses: s.assetStatuses }, { type: 'asset category', records: 'assets' }),
    excludedBy: (c, s) => typeAndStatusSetting(c, { types: s.assetCategories, statuses: s.assetStatuses }, { types: 'assetCategories', statuses: 'assetStatuses' }),
  },
  itglue: {
    identify: (a) => itglueIdentity(a, matchKey(a.name), str(a['organization-id'])),
    refs: (a) => ({ contact: idList(a['contact-id']), location: idList(a['location-id']) }),
    ineligible: (c, s) =>
      typeAndStatusReason(c, { types: s.assetCategories, statuses: s.assetStatuses }, { type: 'configuration type', records: 'configurations' }),
  },
  matchRule: {
    names,
    rule: 'configuration-identity',
    // Indexed by organization and name; the type is checked per candidate so that a same-named
    // configuration of another type shows up as a near miss.
    ...byOrganizationAndName,
    evaluate: ({ canonical: r }, { canonical: c }) => {
      const identifiers = compareConfigurationIdentifiers(r, c);
      if (sameText(r.typeName, c.typeName)) return identifiers;
      const typeDiffers = differs('configuration type', r.typeName, c.typeName);
      return { eligible: false, differences: [typeDiffers, ...(identifiers.eligible ? [] : identifiers.differences)] };
    },
    describe: ({ canonical: r }) => `configuration type ${quote(r.typeName)} and name ${quote(r.name)}`,
    scope: (r, label) => scopeOf(r.organizationId, label),
    tierOf: (tier) => ({ tier, label: CONFIGURATION_TIERS[tier] ?? 'unknown' }),
  },
  push: {
    autoPush: () => null,
    autoPushScope: () => null,
    missingForBms: () => null,
    incompleteForBms: () => [],
    nothingSelected: (s) =>
      emptySelectionReason(
        [
          { setting: 'assetCategories', words: 'asset categories', selected: s.assetCategories },
          { setting: 'assetStatuses', words: 'asset statuses', selected: s.assetStatuses },
        ],
        'no configuration can be pushed',
      ),
    readiness: null,
    missingInBms: (c, ctx) =>
      c.typeName && ctx.bms.idOf('AssetCategory', c.typeName) === null ? { kind: 'asset category', name: c.typeName, hint: 'the asset categories of Service Desk settings' } : null,
    undocumentedWrites: null,
  },

  // IT Glue's own `resource-url` of a configuration has this form.
  web: {
    bms: (r) => `/react/servicedesk/hardwareassets/${r.id}`,
    itglue: (r) => (r.parentId ? `/${r.parentId}/configurations/${r.id}` : null),
  },

  bmsApi: {
    reading: {
      kind: 'list-then-read',
      page: async (bms, page) => {
        const result = await bms.listHardwareAssetsPage({ pageNumber: page, pageSize: 100 });
        return { rows: result.items.map((row) => ({ id: String(row.id), row })), hasMore: result.hasMore };
      },
    },
    read: async (bms, id) => (await bms.getHardwareAsset(Number(id))) as WireRecord,
    find: async (bms, c, accountId) => {
      if (accountId === null) return [];
      const rows = await findBmsHardwareAssetsByName(bms, Number(accountId), c.name);
      return Promise.all(rows.map(async (r) => (await bms.getHardwareAsset(r.id)) as WireRecord));
    },
    create: async (bms, canonical, ctx, helpers) => {
      if (helpers.accountId === null) throw new RecordError('the configuration belongs to an organization that is not synced to BMS');
      const write = applyToBms(configurationMapping, canonical, { accountId: Number(helpers.accountId), isActive: true }, ctx);
      const v = write.values;
      if (typeof v.categoryId !== 'number') throw new RecordError(`BMS has no asset category named "${canonical.typeName ?? ''}"`);
      const accountLocationId = num(v.accountLocationId) ?? (await helpers.mainLocationId(helpers.accountId));
      if (accountLocationId === null) throw new RecordError('BMS needs a client location for the asset');
      const record = (await bms.createHardwareAsset({ ...v, accountLocationId } as never)) as WireRecord;
      return { record, write };
    },
    update: async (bms, current, changes, ctx) => {
      // PUT is the only edit BMS has for assets: read it as it is now, apply only the mapped
      // changes, send every field back.
      const fresh = (await bms.getHardwareAsset(Number(current.id))) as WireRecord;
      const write = applyToBms(configurationMapping, changes, assetPutBody(fresh), ctx);
      // BMS requires a client location; IT Glue may have none: keep BMS's.
      if (write.values.accountLocationId === null) write.values.accountLocationId = fresh.accountLocationId;
      const record = (await bms.updateHardwareAsset(Number(current.id), write.values as never)) as WireRecord;
      return { record, write };
    },
  },

  itglueApi: {
    resource: 'configurations',
    listPage: (itglue, o) => itglue.listConfigurationsPage(o),
    read: (itglue, id) => itglue.getConfiguration(id),
    toWire: (r) => ({ ...(r.attributes as WireRecord), id: r.id }),
    create: (itglue, org, attributes) => itglue.createConfigurations(org!, attributes.map((a) => ({ attributes: a }))),
    update: (itglue, id, a) => itglue.updateConfiguration(id, a),
    bulkUpdate: (itglue, items) => itglue.bulkUpdateConfigurations(items),
    find: (itglue, org, c) => findItGlueConfigurationsByName(itglue, org!, c.name),
    lookups: (c) => [
      ...(c.typeName ? [{ table: 'configurationTypes' as const, name: c.typeName }] : []),
      { table: 'configurationStatuses' as const, name: c.active ? 'Active' : 'Inactive' },
      ...(c.manufacturerName ? [{ table: 'manufacturers' as const, name: c.manufacturerName }] : []),
      ...(c.modelName ? [{ table: 'models' as const, name: c.modelName, manufacturer: c.manufacturerName }] : []),
    ],
  },
};

