/**
 * The IT Glue side, part two: records that already exist in IT Glue for a share of the BMS
 * accounts (`itglueOverlap`). Each copy carries the same data with the small differences a real
 * documentation platform accumulates (phone digits, other titles, missing e-mails, another MAC
 * format, a missing serial), never a difference that breaks the matching rules, so every copy is
 * an expected link unless a tricky case says otherwise.
 */
import type { CategorySpec, ModelSpec } from '../hardware.js';
import { ALTERNATE_TITLES, ORGANIZATION_ALERTS, QUICK_NOTES } from '../names.js';
import { Rng } from '../random.js';
import type { BmsLookups } from './lookups.js';
import { itgPhone, type ItGlueBuilder, type OrgMeta } from './itglue.js';
import type { MacRegistry } from './assets.js';
import type { AccountInfo, AccountTypeName, AssetInfo, Attributes, BmsWorld, ItgContact, LocationInfo } from './model.js';
import { DAY, between, dateOnly, itgTime, timeMs } from './util.js';
import { formatMac } from './values.js';

/** How the tricky cases want an organization copy made (cases.ts, first phase). */
export interface OrgDirective {
  /** The IT Glue name, when it differs from the account name (case and whitespace variants). */
  name?: string;
  /** Create a same-named decoy first: lower id, created later, so "earliest created wins" is what decides. */
  decoy?: boolean;
}

const ORG_TYPE: Record<AccountTypeName, string | null> = {
  Customer: 'Customer',
  Prospect: 'Prospect',
  Vendor: 'Vendor',
  Partner: 'Partner',
  'Former Customer': 'Customer',
  Internal: 'Internal',
};

/** Picks exactly round(share × accounts) accounts, customers three times as likely as others. */
export function chooseOverlap(world: BmsWorld): AccountInfo[] {
  const rng = Rng.stream(world.options.seed, 'overlap');
  const target = Math.round(world.options.itglueOverlap * world.accounts.length);
  const keyed = world.accounts.map((info) => {
    const weight = info.typeName === 'Customer' ? 3 : 1;
    return { info, key: rng.next() ** (1 / weight) };
  });
  keyed.sort((a, b) => b.key - a.key);
  return keyed
    .slice(0, target)
    .map((k) => k.info)
    .sort((a, b) => a.account.id - b.account.id);
}

export function copyOverlap(
  itg: ItGlueBuilder,
  world: BmsWorld,
  bmsLookups: BmsLookups,
  overlap: AccountInfo[],
  directives: Map<number, OrgDirective>,
  macs: MacRegistry,
): void {
  const rng = Rng.stream(world.options.seed, 'itglue-copies');
  const emailType = new Map(bmsLookups.tables.EmailType!.map((r) => [r.id, r.name]));
  const phoneType = new Map(bmsLookups.tables.PhoneType!.map((r) => [r.id, r.name]));
  for (const info of overlap) {
    const meta = copyOrganization(rng, itg, world, info, directives.get(info.account.id) ?? {});
    for (const location of info.locations) if (rng.chance(0.95)) copyLocation(rng, itg, meta, info, location);
    for (const contact of info.contacts) if (rng.chance(0.9)) copyContact(rng, itg, meta, contact, emailType, phoneType);
    for (const asset of info.assets) copyConfiguration(rng, itg, meta, asset, macs);
  }
  // Parents once every copy exists: IT Glue often has them, not always.
  for (const info of overlap) {
    const parentId = info.account.parentId;
    const parent = parentId ? itg.orgOfAccount.get(parentId) : undefined;
    const own = itg.orgOfAccount.get(info.account.id);
    if (parent && own && rng.chance(0.7)) own['parent-id'] = Number(parent.id);
  }
}

function copyOrganization(rng: Rng, itg: ItGlueBuilder, world: BmsWorld, info: AccountInfo, directive: OrgDirective): OrgMeta {
  const { nowMs } = world.options;
  const { account } = info;
  const createdMs = between(rng, info.createdMs + DAY, nowMs - 40 * DAY);
  const typeName = rng.chance(0.92) ? ORG_TYPE[info.typeName] : null;
  const active = rng.chance(0.95) ? account.isActive : !account.isActive;
  const attributes = {
    name: directive.name ?? account.accountName,
    'organization-type-id': itg.lookups.id('organizationTypes', typeName),
    'organization-status-id': itg.lookups.id('organizationStatuses', active ? 'Active' : 'Inactive'),
    'short-name': account.accountCode ? rng.choose<string | null>([[account.accountCode, 80], [account.accountCode.toLowerCase(), 5], [null, 15]]) : null,
    'parent-id': null,
    description: account.description ?? null,
    'quick-notes': rng.chance(0.3) ? rng.pick(QUICK_NOTES) : null,
    alert: rng.chance(0.08) ? rng.pick(ORGANIZATION_ALERTS) : null,
  };
  const metaOf = (created: number) => ({
    account: info,
    country: info.country,
    domain: info.company.domain,
    token: info.token,
    createdMs: created,
    microsoft365: rng.chance(0.5),
  });
  if (directive.decoy) {
    // A forgotten duplicate made later (say, by an import), but holding the lower id.
    const decoyMs = between(rng, createdMs + DAY, nowMs);
    const decoy = itg.addOrganization(
      { ...attributes, name: account.accountName, 'short-name': null, 'quick-notes': 'Imported', 'created-at': itgTime(decoyMs), 'updated-at': itgTime(decoyMs) },
      { ...metaOf(decoyMs), account: null, microsoft365: false },
    );
    itg.decoyOfAccount.set(account.id, decoy.organization);
    itg.addLocation({
      'organization-id': Number(decoy.organization.id),
      name: 'Old Office',
      primary: true,
      'address-1': info.locations[0]?.address.address1 ?? null,
      'address-2': null,
      city: info.locations[0]?.city.name ?? null,
      'postal-code': null,
      'region-id': null,
      'country-id': itg.lookups.countryId(info.country.iso),
      phone: null,
      fax: null,
      notes: 'Imported from spreadsheet',
      'created-at': itgTime(decoyMs),
      'updated-at': itgTime(decoyMs),
    });
  }
  const meta = itg.addOrganization(
    { ...attributes, 'created-at': itgTime(createdMs), 'updated-at': itgTime(between(rng, createdMs, nowMs)) },
    metaOf(createdMs),
  );
  itg.orgOfAccount.set(account.id, meta.organization);
  itg.link('organization', account.id, meta.organization.id);
  return meta;
}

function copyLocation(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, info: AccountInfo, entry: LocationInfo): void {
  const { location, address } = entry;
  const createdMs = between(rng, meta.createdMs, itg.nowMs);
  const postal = address.zipCode ?? null;
  const copy = itg.addLocation({
    'organization-id': Number(meta.organization.id),
    name: location.locationName,
    primary: location.isMain,
    'address-1': address.address1 ?? null,
    'address-2': address.address2 ?? null,
    city: address.city ?? null,
    'postal-code': postal && info.country.iso === 'CA' && rng.chance(0.3) ? postal.replace(' ', '') : postal,
    // IT Glue holds the region and country as lookups: the state text resolves by ISO code or name.
    'region-id': itg.lookups.regionId(info.country.iso, address.state),
    'country-id': itg.lookups.countryId(info.country.iso),
    phone: address.phone && rng.chance(0.9) ? itgPhone(address.phone).value : null,
    fax: address.fax ? itgPhone(address.fax).value : null,
    notes: rng.chance(0.1) ? 'Alarm code with the office manager.' : null,
    'created-at': itgTime(createdMs),
    'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
  });
  itg.locationCopy.set(location.id, copy);
  itg.link('location', location.id, copy.id);
}

const ITG_EMAIL_LABEL: Record<string, string> = { Work: 'Work', Personal: 'Home', Other: 'Other' };

function copyContact(
  rng: Rng,
  itg: ItGlueBuilder,
  meta: OrgMeta,
  contact: AccountInfo['contacts'][number],
  emailType: Map<number, string>,
  phoneType: Map<number, string>,
): void {
  const createdMs = between(rng, Math.max(meta.createdMs, timeMs(contact.createdOn ?? '')), itg.nowMs);
  const emails = contact.emails
    .filter((e, i) => i === 0 || rng.chance(0.5))
    .map((e) => ({ value: e.emailAddress, primary: e.isDefault, 'label-name': ITG_EMAIL_LABEL[emailType.get(e.emailTypeId) ?? 'Work'] ?? 'Work' }));
  const phones = contact.phones
    .filter((p) => p.isDefault || rng.chance(0.85))
    .map((p) => {
      const type = phoneType.get(p.phoneTypeId) ?? 'Work';
      const { value, extension } = itgPhone(p.phone);
      return { value, extension, primary: p.isDefault, 'label-name': type, 'label-type': type === 'Fax' ? ('fax' as const) : ('phone' as const) };
    });
  const fromMicrosoft = meta.microsoft365 && rng.chance(0.25);
  const copy: Attributes<ItgContact> = {
    'organization-id': Number(meta.organization.id),
    'first-name': contact.firstName ?? null,
    'last-name': contact.lastName ?? null,
    title: rng.choose<string | null>([[contact.jobTitle ?? null, 70], [rng.pick(ALTERNATE_TITLES), 15], [null, 15]]),
    'contact-type-id': itg.lookups.id('contactTypes', contact.isPoc ? 'Primary Contact' : rng.chance(0.7) ? 'Employee' : null),
    'location-id': contact.locationId ? Number(itg.locationCopy.get(contact.locationId)?.id ?? 0) || null : null,
    important: rng.chance(0.9) ? contact.isPoc : !contact.isPoc,
    notes: null,
    'contact-emails': emails,
    'contact-phones': phones,
    'created-at': itgTime(createdMs),
    'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
  };
  if (fromMicrosoft) copy['adapters-resources'] = [{ 'integration-type': 'office365', 'external-id': rng.guid() }];
  const added = itg.addContact(copy);
  itg.contactCopy.set(contact.id, added);
  itg.link('contact', contact.id, added.id);
}

/** IT Glue configuration type of a BMS category: the same name when IT Glue has it, else what an admin would have picked. */
export function itglueTypeName(itg: ItGlueBuilder, category: CategorySpec, model: ModelSpec): string {
  if (itg.lookups.id('configurationTypes', category.name) !== null) return category.name;
  switch (model.code ?? category.code) {
    case 'SW':
      return 'Switch';
    case 'AP':
      return 'Access Point';
    case 'RTR':
    case 'GW':
      return 'Router';
    case 'VM':
      return 'Server';
    default:
      return 'Managed Device';
  }
}

function copyConfiguration(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, entry: AssetInfo, macs: MacRegistry): void {
  const { asset, category, model } = entry;
  const typeName = itglueTypeName(itg, category, model);
  const sameType = typeName === category.name;
  // Devices of a category IT Glue does not know were documented under another type, if at all.
  if (!rng.chance(sameType ? 0.9 : 0.3)) return;

  const createdMs = between(rng, Math.max(meta.createdMs, timeMs(asset.createdOn ?? '')), itg.nowMs);
  let manufacturer = model.manufacturer;
  if (manufacturer === 'HP' && model.model.startsWith('ProLiant') && rng.chance(0.6)) manufacturer = 'Hewlett Packard Enterprise';
  const osName = asset.osInfo ?? null;
  const status = asset.isActive ? 'Active' : rng.chance(0.5) ? 'Inactive' : 'Decommissioned';
  const serial = asset.serialNumber ? rng.choose<string | null>([[asset.serialNumber, 92], [asset.serialNumber.toLowerCase(), 3], [null, 5]]) : null;
  const macText = entry.mac === null || !rng.chance(0.9) ? null : rng.chance(0.7) ? formatMac(entry.mac, 'colon') : (asset.macAddress ?? null);
  const ip = asset.ipAddress && rng.chance(0.95) ? asset.ipAddress : null;
  const contactCopy = asset.contactId ? itg.contactCopy.get(asset.contactId) : undefined;

  const configuration = itg.addConfiguration(
    {
      'organization-id': Number(meta.organization.id),
      name: asset.name,
      hostname: ['WS', 'LT', 'SRV', 'VM'].includes(category.code) && rng.chance(0.8) ? asset.name.toLowerCase() : null,
      'configuration-type-id': itg.lookups.id('configurationTypes', typeName)!,
      'configuration-status-id': itg.lookups.id('configurationStatuses', status),
      'manufacturer-id': itg.lookups.id('manufacturers', manufacturer),
      'model-id': itg.lookups.modelId(manufacturer, model.model),
      'operating-system-id': rng.chance(0.9) ? itg.lookups.id('operatingSystems', osName) : null,
      'platform-id': itg.lookups.id('platforms', asset.osType ?? null),
      'location-id': Number(itg.locationCopy.get(asset.accountLocationId)?.id ?? 0) || null,
      'contact-id': contactCopy && contactCopy['organization-id'] === Number(meta.organization.id) ? Number(contactCopy.id) : null,
      'serial-number': serial,
      'asset-tag': asset.assetTag && rng.chance(0.7) ? asset.assetTag : null,
      position: asset.locationInfo ?? null,
      notes: asset.description ?? null,
      'default-gateway': asset.defaultGateway ?? null,
      'purchased-at': asset.acquisitionDate ? dateOnly(timeMs(asset.acquisitionDate)) : null,
      'warranty-expires-at': asset.warrantyExpirationDate && rng.chance(0.9) ? dateOnly(timeMs(asset.warrantyExpirationDate)) : null,
      archived: false,
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    },
    ip,
    macText,
  );
  if ((category.code === 'SRV' || category.code === 'FW') && rng.chance(0.4)) {
    const second = formatMac(macs.fresh(rng, model.manufacturer), 'colon');
    const [a, b, c] = (asset.ipAddress ?? '10.0.0.1').split('.');
    itg.addSecondaryInterface(configuration, category.code === 'FW' ? 'WAN' : 'iDRAC / iLO', `${a}.${b}.${c}.${rng.int(241, 250)}`, second);
  }
  itg.configurationCopy.set(asset.id, configuration);
  if (sameType) itg.link('configuration', asset.id, configuration.id);
}

/** Configuration types IT Glue has but no BMS category maps to (used for IT Glue-only devices). */
export const ITGLUE_ONLY_TYPES = ['Switch', 'Access Point', 'Router', 'Managed Device', 'Other'] as const;
