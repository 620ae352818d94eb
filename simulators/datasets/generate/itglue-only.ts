/**
 * The IT Glue side, part three: what exists only in IT Glue. The MSP's own organization,
 * organizations with no BMS account (candidates for Push All), extra devices in synced
 * organizations, contacts that came from Microsoft 365 (some without a phone or a location, so
 * the auto-push must hold them), and a few passwords and documents per organization.
 */
import { COUNTRIES, regionOf, type Country } from '../geography.js';
import { CATEGORIES, type CategorySpec, type ModelSpec } from '../hardware.js';
import { DOCUMENT_NAMES, LOCATION_LABELS, MAIN_LOCATION_NAMES, PASSWORD_NAMES } from '../names.js';
import { Rng } from '../random.js';
import type { MacRegistry } from './assets.js';
import { uniquePerson } from './bms.js';
import { ITGLUE_ONLY_TYPES, itglueTypeName } from './copies.js';
import type { ItGlueBuilder, OrgMeta } from './itglue.js';
import { itgPhone } from './itglue.js';
import type { BmsWorld, ItgConfiguration, ItgLocation } from './model.js';
import { DAY, YEAR, between, dateOnly, itgTime, letters, nameKey, pad, sample, slug } from './util.js';
import {
  addressLine2,
  companyName,
  emailLocal,
  formatMac,
  jobTitle,
  personName,
  phoneNumber,
  postalCode,
  privateSubnet,
  serialNumber,
  streetAddress,
  type PersonName,
} from './values.js';

const countryPairs = COUNTRIES.map((c) => [c, c.weight] as const);
const categoryPairs = CATEGORIES.map((c) => [c, c.weight] as const);

/** The MSP's own organization and organizations with no BMS account, each with locations, contacts and devices. */
export function addItGlueOnlyOrganizations(itg: ItGlueBuilder, world: BmsWorld, macs: MacRegistry): void {
  const { options } = world;
  const rng = Rng.stream(options.seed, 'itglue-only');
  const assetsPerAccount = options.assets / Math.max(1, options.accounts);

  const home = world.accounts[0]?.country ?? COUNTRIES[0]!;
  let ownName = options.bms.tenant;
  if (world.usedCompanyNames.has(nameKey(ownName))) ownName = `${ownName} (MSP)`;
  world.usedCompanyNames.add(nameKey(ownName));
  const own = newOrganization(rng, itg, ownName, 'Owner', home, `${slug(options.bms.tenant) || 'msp'}.example`, options.nowMs - 10 * YEAR + DAY);
  fillOrganization(rng, itg, own, 1, world.employees.length, Math.min(8, Math.ceil(assetsPerAccount / 5)), macs, world.employees.map((e) => splitName(e.fullName)));

  for (let n = 0; n < options.itglueOnlyOrganizations; n += 1) {
    const country = rng.choose(countryPairs);
    const typeName = rng.choose<string>([['Customer', 80], ['Vendor', 10], ['Prospect', 10]]);
    const company = companyName(rng, typeName === 'Vendor' ? 'vendor' : 'client', country, world.usedCompanyNames);
    const meta = newOrganization(rng, itg, company.name, typeName, country, company.domain, between(rng, options.nowMs - 6 * YEAR, options.nowMs - 30 * DAY));
    meta.microsoft365 = typeName === 'Customer' && rng.chance(0.6);
    const devices = typeName === 'Customer' ? rng.int(2, Math.max(3, Math.round(assetsPerAccount * 0.6))) : rng.int(0, 2);
    fillOrganization(rng, itg, meta, rng.int(1, 2), rng.int(2, 8), Math.min(devices, 120), macs, null);
  }
}

function splitName(fullName: string): PersonName {
  const [first, ...rest] = fullName.split(' ');
  return { first: first ?? fullName, last: rest.join(' ') };
}

function newOrganization(rng: Rng, itg: ItGlueBuilder, name: string, typeName: string, country: Country, domain: string, createdMs: number): OrgMeta {
  return itg.addOrganization(
    {
      name,
      'organization-type-id': itg.lookups.id('organizationTypes', typeName),
      'organization-status-id': itg.lookups.id('organizationStatuses', rng.chance(0.93) ? 'Active' : 'Inactive'),
      'short-name': rng.chance(0.6) ? letters(name).slice(0, 8) : null,
      'parent-id': null,
      description: null,
      'quick-notes': null,
      alert: null,
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    },
    { account: null, country, domain, token: letters(name).slice(0, 8) || 'ORG', createdMs, microsoft365: false },
  );
}

function fillOrganization(
  rng: Rng,
  itg: ItGlueBuilder,
  meta: OrgMeta,
  locations: number,
  contacts: number,
  devices: number,
  macs: MacRegistry,
  people: PersonName[] | null,
): void {
  const orgId = Number(meta.organization.id);
  const used = new Set<string>();
  for (let n = 0; n < locations; n += 1) {
    const city = rng.pick(meta.country.cities);
    let name = n === 0 ? rng.pick(MAIN_LOCATION_NAMES) : `${city.name} ${rng.pick(LOCATION_LABELS)}`;
    if (used.has(nameKey(name))) name = `${name} ${n + 1}`;
    used.add(nameKey(name));
    const region = regionOf(meta.country.iso, city.region);
    const createdMs = between(rng, meta.createdMs, itg.nowMs);
    itg.addLocation({
      'organization-id': orgId,
      name,
      primary: n === 0,
      'address-1': streetAddress(rng, meta.country),
      'address-2': addressLine2(rng, meta.country),
      city: city.name,
      'postal-code': postalCode(rng, meta.country, city),
      'region-id': region ? itg.lookups.regionId(meta.country.iso, region.iso) : null,
      'country-id': itg.lookups.countryId(meta.country.iso),
      phone: itgPhone(phoneNumber(rng, meta.country, city, 'office')).value,
      fax: null,
      notes: null,
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(createdMs),
    });
  }
  const list = people ?? Array.from({ length: contacts }, () => personName(rng, meta.country));
  for (const person of list) {
    if (meta.contactNames.has(nameKey(person.first, person.last))) continue;
    addPerson(rng, itg, meta, person, meta.microsoft365 && rng.chance(0.5));
  }
  for (let n = 0; n < devices; n += 1) addDevice(rng, itg, meta, macs, rng.choose(categoryPairs));
}

/**
 * An IT Glue contact at the organization's domain; Microsoft 365 ones carry the office365 adapter,
 * their phone is not marked primary, and they sometimes lack a phone or a location.
 */
function addPerson(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, person: PersonName, fromMicrosoft: boolean): void {
  const city = rng.pick(meta.country.cities);
  const createdMs = between(rng, meta.createdMs, itg.nowMs);
  const location: ItgLocation | undefined = meta.locations.length > 0 && !(fromMicrosoft && rng.chance(0.35)) ? rng.pick(meta.locations) : undefined;
  const withPhone = !(fromMicrosoft && rng.chance(0.35));
  itg.addContact({
    'organization-id': Number(meta.organization.id),
    'first-name': person.first,
    'last-name': person.last,
    title: rng.chance(0.7) ? jobTitle(rng, 'Professional Services', meta.country.iso) : null,
    'contact-type-id': itg.lookups.id('contactTypes', rng.chance(0.6) ? 'Employee' : 'End User'),
    'location-id': location ? Number(location.id) : null,
    important: rng.chance(0.1),
    notes: fromMicrosoft ? 'Synced from Microsoft 365' : null,
    'contact-emails': [{ value: `${emailLocal(rng, person)}@${meta.domain}`, primary: true, 'label-name': 'Work' }],
    'contact-phones': withPhone
      ? // Microsoft 365 gives a phone without saying it is the primary one.
        [{ value: itgPhone(phoneNumber(rng, meta.country, city, rng.chance(0.5) ? 'mobile' : 'direct')).value, extension: null, primary: !fromMicrosoft, 'label-name': rng.chance(0.5) ? 'Mobile' : 'Work', 'label-type': 'phone' as const }]
      : [],
    ...(fromMicrosoft ? { 'adapters-resources': [{ 'integration-type': 'office365', 'external-id': rng.guid() }] } : {}),
    'created-at': itgTime(createdMs),
    'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
  });
}

/** A device documented only in IT Glue, named so it can never be taken for a BMS asset of the organization. */
function addDevice(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, macs: MacRegistry, category: CategorySpec, forceType?: string): ItgConfiguration {
  const model: ModelSpec = rng.choose(category.models.map((m) => [m, m.weight] as const));
  const typeName = forceType ?? itglueTypeName(itg, category, model);
  const code = model.code ?? category.code;
  const reserved = meta.account?.usedAssetNames;
  let name = '';
  for (let n = rng.int(900, 950); name === '' || meta.configurationNames.has(nameKey(name)) || reserved?.has(nameKey(name)); n += 1) {
    name = `${meta.token}-${code}-${pad(n, 3)}`;
  }
  reserved?.add(nameKey(name));
  const hex = rng.chance(category.noMac) ? null : macs.fresh(rng, model.manufacturer);
  const createdMs = between(rng, meta.createdMs, itg.nowMs);
  const os = rng.pick(model.os ?? category.os);
  const location = meta.locations.length > 0 ? rng.pick(meta.locations) : undefined;
  return itg.addConfiguration(
    {
      'organization-id': Number(meta.organization.id),
      name,
      hostname: null,
      'configuration-type-id': itg.lookups.id('configurationTypes', typeName)!,
      'configuration-status-id': itg.lookups.id('configurationStatuses', rng.chance(0.9) ? 'Active' : 'In Stock'),
      'manufacturer-id': itg.lookups.id('manufacturers', model.manufacturer),
      'model-id': itg.lookups.modelId(model.manufacturer, model.model),
      'operating-system-id': itg.lookups.id('operatingSystems', os.info),
      'platform-id': itg.lookups.id('platforms', os.type),
      'location-id': location ? Number(location.id) : null,
      'contact-id': null,
      'serial-number': rng.chance(0.85) ? serialNumber(rng, model.manufacturer, hex) : null,
      'asset-tag': null,
      position: null,
      notes: rng.chance(0.3) ? 'Documented during onboarding audit.' : null,
      'default-gateway': null,
      'purchased-at': rng.chance(0.5) ? dateOnly(between(rng, itg.nowMs - 5 * YEAR, itg.nowMs - 30 * DAY)) : null,
      'warranty-expires-at': null,
      archived: false,
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    },
    category.networked && rng.chance(0.8) ? `${privateSubnet(rng)}.${rng.int(2, 250)}` : null,
    hex === null ? null : formatMac(hex, rng.chance(0.8) ? 'colon' : 'dash'),
  );
}

/**
 * Extras in organizations that also exist in BMS: devices only IT Glue knows, Microsoft 365
 * contacts, then passwords and documents everywhere. Runs after the tricky cases, so the names
 * it picks avoid theirs.
 */
export function addExtras(itg: ItGlueBuilder, world: BmsWorld, macs: MacRegistry): void {
  const rng = Rng.stream(world.options.seed, 'itglue-extras');
  const network = CATEGORIES.find((c) => c.name === 'Network Device')!;
  for (const meta of itg.meta.values()) {
    const info = meta.account;
    if (info) {
      const extra = rng.chance(0.6) ? rng.int(1, Math.max(1, Math.min(6, Math.round(info.assets.length / 15)))) : 0;
      for (let n = 0; n < extra; n += 1) addDevice(rng, itg, meta, macs, network, rng.pick(ITGLUE_ONLY_TYPES));
      if (meta.microsoft365) {
        const count = rng.int(1, 4);
        for (let n = 0; n < count; n += 1) {
          // Unique against the account's BMS contacts too: these people are not in BMS yet.
          const person = uniquePerson(rng, info);
          if (!meta.contactNames.has(nameKey(person.first, person.last))) addPerson(rng, itg, meta, person, true);
        }
      }
    }
    addPasswordsAndDocuments(rng, itg, meta);
  }
}

/**
 * Contacts Network Glue created from Active Directory, in organizations that are copies of BMS
 * accounts (the ones a sync links): the `network-glue` adapter, IT Glue's own "AD Email" and
 * "AD Phone" labels, no phone marked primary; about a third lack a phone and some a location, so
 * an auto-push must hold them. Their own random stream: the rest of the dataset does not change.
 */
export function addActiveDirectoryContacts(itg: ItGlueBuilder, world: BmsWorld, count: number): void {
  const synced = [...itg.meta.values()].filter((m) => m.account !== null);
  if (count === 0 || synced.length === 0) return;
  const rng = Rng.stream(world.options.seed, 'itglue-active-directory');
  for (let n = 0; n < count; n += 1) {
    const meta = synced[n % synced.length]!;
    const person = uniquePerson(rng, meta.account!);
    if (meta.contactNames.has(nameKey(person.first, person.last))) continue;
    const city = rng.pick(meta.country.cities);
    const createdMs = between(rng, meta.createdMs, itg.nowMs);
    // The first of each organization is complete, so every dataset has one to push.
    const first = n < synced.length;
    const location = meta.locations.length > 0 && (first || !rng.chance(0.25)) ? rng.pick(meta.locations) : undefined;
    const withPhone = first || !rng.chance(0.35);
    itg.addContact({
      'organization-id': Number(meta.organization.id),
      'first-name': person.first,
      'last-name': person.last,
      title: rng.chance(0.6) ? jobTitle(rng, 'Professional Services', meta.country.iso) : null,
      'contact-type-id': itg.lookups.id('contactTypes', 'Employee'),
      'location-id': location ? Number(location.id) : null,
      important: false,
      notes: 'Created from Active Directory by Network Glue',
      'contact-emails': [{ value: `${emailLocal(rng, person)}@${meta.domain}`, primary: false, 'label-name': 'AD Email' }],
      'contact-phones': withPhone
        ? [{ value: itgPhone(phoneNumber(rng, meta.country, city, 'direct')).value, extension: null, primary: false, 'label-name': 'AD Phone', 'label-type': 'phone' as const }]
        : [],
      'adapters-resources': [{ 'integration-type': 'network-glue', 'external-id': rng.guid() }],
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    });
  }
}

function addPasswordsAndDocuments(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta): void {
  const orgId = Number(meta.organization.id);
  for (const name of sample(rng, PASSWORD_NAMES, rng.int(1, 4))) {
    const createdMs = between(rng, meta.createdMs, itg.nowMs);
    const category = name.includes('Microsoft') ? 'Microsoft 365' : name.includes('Wi-Fi') ? 'Wireless' : name.includes('Domain Admin') ? 'Active Directory' : name.includes('Backup') ? 'Backup' : name.includes('Firewall') || name.includes('Router') ? 'Network Device' : 'Website';
    itg.passwords.push({
      id: String(itg.ids.take('password')),
      'organization-id': orgId,
      name,
      username: name.includes('Wi-Fi') ? null : rng.pick(['admin', 'administrator', `it@${meta.domain}`, `admin@${slug(meta.token)}.onmicrosoft.com`]),
      password: `${rng.alnum(6, 'abcdefghjkmnpqrstuvwxyz')}-${rng.alnum(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}-${rng.digits(2)}!`,
      url: name.includes('Wi-Fi') ? null : rng.pick([`https://portal.${meta.domain}`, 'https://admin.microsoft.com', `https://192.168.1.1`, null]),
      notes: null,
      'password-category-id': itg.lookups.id('passwordCategories', category),
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    });
  }
  for (const name of sample(rng, DOCUMENT_NAMES, rng.int(1, 3))) {
    const createdMs = between(rng, meta.createdMs, itg.nowMs);
    itg.documents.push({
      id: String(itg.ids.take('document')),
      'organization-id': orgId,
      name,
      archived: rng.chance(0.05),
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
    });
  }
}
