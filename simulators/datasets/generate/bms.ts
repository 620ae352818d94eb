/**
 * The BMS side, part one: the API user, employees (account managers), accounts with their
 * locations and addresses, and contacts. Hardware assets are in assets.ts, tickets in tickets.ts.
 */
import { COUNTRIES, regionOf, type Country } from '../geography.js';
import { EMPLOYEE_NAMES, LOCATION_LABELS, MAIN_LOCATION_NAMES, QUICK_NOTES } from '../names.js';
import { Rng, apportion } from '../random.js';
import type { BmsLookups } from './lookups.js';
import {
  type AccountInfo,
  type AccountTypeName,
  type BmsAddress,
  type BmsContact,
  type BmsEmployee,
  type BmsUser,
  type BmsWorld,
  type LocationInfo,
} from './model.js';
import type { ResolvedOptions } from './options.js';
import { DAY, IdSequence, YEAR, between, bmsTime, letters, nameKey, slug } from './util.js';
import {
  accountCode,
  addressLine2,
  companyName,
  emailLocal,
  freemail,
  jobTitle,
  personName,
  phoneNumber,
  postalCode,
  privateSubnet,
  streetAddress,
  type CompanyKind,
  type PersonName,
} from './values.js';

export type BmsIdKind = 'account' | 'location' | 'address' | 'contact' | 'email' | 'phone' | 'asset' | 'ticket' | 'note' | 'checklistItem' | 'employee';

export function bmsIdSequence(): IdSequence<BmsIdKind> {
  return new IdSequence<BmsIdKind>({
    account: 2001,
    location: 30001,
    address: 70001,
    contact: 100001,
    email: 200001,
    phone: 300001,
    asset: 500001,
    ticket: 13280001,
    note: 41000001,
    checklistItem: 7100001,
    employee: 51001,
  });
}

export function mspDomain(options: ResolvedOptions): string {
  return `${slug(options.bms.tenant) || 'msp'}.example`;
}

export function bmsUsers(options: ResolvedOptions): BmsUser[] {
  const { userName, password, userType } = options.bms;
  return [
    {
      userName,
      password,
      userType,
      hasApiAccess: true,
      fullName: userType === 'ApiEmployee' ? 'Sync Service Account' : userName,
      emailAddress: `${slug(userName) || 'api'}@${mspDomain(options)}`,
    },
  ];
}

export function bmsEmployees(options: ResolvedOptions, ids: IdSequence<BmsIdKind>): BmsEmployee[] {
  const domain = mspDomain(options);
  return EMPLOYEE_NAMES.map((fullName) => ({
    id: ids.take('employee'),
    fullName,
    emailAddress: `${fullName.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`,
  }));
}

const TYPE_WEIGHTS: readonly (readonly [AccountTypeName, number])[] = [
  ['Customer', 68],
  ['Prospect', 9],
  ['Vendor', 9],
  ['Partner', 5],
  ['Former Customer', 9],
];
const ACTIVE_SHARE: Record<AccountTypeName, number> = {
  Customer: 0.96,
  Prospect: 0.85,
  Vendor: 0.9,
  Partner: 0.9,
  'Former Customer': 0.1,
  Internal: 1,
};
/** How much of the children (locations, contacts, assets) an account of each type gets, relatively. */
export const TYPE_SHARE: Record<AccountTypeName, number> = {
  Customer: 1,
  Prospect: 0.15,
  Vendor: 0.1,
  Partner: 0.2,
  'Former Customer': 0.35,
  Internal: 0.5,
};

const countryPairs = COUNTRIES.map((c) => [c, c.weight] as const);

/** Accounts with their locations and addresses, in id order (ids grow with creation time). */
export function generateAccounts(
  options: ResolvedOptions,
  lookups: BmsLookups,
  employees: BmsEmployee[],
  ids: IdSequence<BmsIdKind>,
): BmsWorld {
  const rng = Rng.stream(options.seed, 'accounts');
  const { nowMs } = options;
  const usedCompanyNames = new Set<string>();
  const usedCodes = new Set<string>();
  const created = Array.from({ length: options.accounts }, () => between(rng, nowMs - 9 * YEAR, nowMs - 45 * DAY)).sort((a, b) => a - b);

  const accounts: AccountInfo[] = created.map((createdMs, index) => {
    const typeName: AccountTypeName = index === 0 ? 'Customer' : rng.choose(TYPE_WEIGHTS);
    const country = rng.choose(countryPairs);
    const kind: CompanyKind = typeName === 'Vendor' ? 'vendor' : typeName === 'Partner' ? 'partner' : 'client';
    const company = companyName(rng, kind, country, usedCompanyNames);
    const code = rng.chance(0.88) ? accountCode(company.stem, company.name, usedCodes) : null;
    const id = ids.take('account');
    const isActive = index === 0 || rng.chance(ACTIVE_SHARE[typeName]);
    return {
      account: {
        id,
        accountName: company.name,
        accountCode: code,
        accountTypeId: lookups.accountTypeId(typeName),
        parentId: null,
        isActive,
        businessTypeId: lookups.id('BusinessType', company.business),
        accountManagerId: rng.pick(employees).id,
        website: rng.chance(0.7) ? `${rng.chance(0.8) ? 'https://' : ''}www.${company.domain}` : null,
        description: rng.chance(0.35) ? rng.pick(QUICK_NOTES) : null,
        createdOn: bmsTime(createdMs),
        modifiedOn: bmsTime(between(rng, createdMs, nowMs)),
        locations: [],
      },
      typeName,
      company,
      country,
      token: code ?? (letters(company.stem).slice(0, 8) || 'ACCT'),
      createdMs,
      locations: [],
      contacts: [],
      assets: [],
      usedContactNames: new Set<string>(),
      usedAssetNames: new Set<string>(),
    };
  });

  // A few accounts belong to a parent (a group practice, a franchise): always an older customer,
  // one level deep. At least two when there are enough accounts, so even the demo shows it.
  const wanted = accounts.length >= 5 ? Math.max(2, Math.round(accounts.length * 0.05)) : 0;
  const parents = new Set<number>();
  let linked = 0;
  for (const i of rng.shuffle(Array.from({ length: Math.max(0, accounts.length - 3) }, (_, k) => k + 3))) {
    if (linked >= wanted) break;
    const child = accounts[i]!;
    if (parents.has(child.account.id)) continue;
    const older = accounts.slice(0, i).filter((a) => a.typeName === 'Customer' && a.account.parentId === null);
    if (older.length === 0) continue;
    const parent = rng.pick(older);
    child.account.parentId = parent.account.id;
    parents.add(parent.account.id);
    linked += 1;
  }

  const extra = Math.max(0, options.locations - accounts.length);
  const extraCounts = apportion(extra, accounts.map((a) => TYPE_SHARE[a.typeName] * rng.skewed(0.9)));
  accounts.forEach((info, i) => {
    for (let n = 0; n <= extraCounts[i]!; n += 1) addLocation(rng, options, lookups, ids, info, n === 0);
  });

  return {
    options,
    accounts,
    accountById: new Map(accounts.map((a) => [a.account.id, a])),
    contactById: new Map(),
    employees,
    usedCompanyNames,
  };
}

function addLocation(rng: Rng, options: ResolvedOptions, lookups: BmsLookups, ids: IdSequence<BmsIdKind>, info: AccountInfo, isMain: boolean): void {
  const { country } = info;
  const main = info.locations[0];
  // Branches stay mostly in the main office's state or province.
  const sameRegion = main ? country.cities.filter((c) => c.region === main.city.region) : [];
  const city = main && sameRegion.length > 0 && rng.chance(0.6) ? rng.pick(sameRegion) : rng.pick(country.cities);

  const used = new Set(info.locations.map((l) => nameKey(l.location.locationName)));
  let name = '';
  for (let attempt = 0; name === '' || used.has(nameKey(name)); attempt += 1) {
    if (isMain && attempt < 3) name = rng.pick(MAIN_LOCATION_NAMES);
    else if (attempt < 6) name = rng.choose<string>([[`${city.name} ${rng.pick(LOCATION_LABELS)}`, 3], [rng.pick(LOCATION_LABELS), 2], [`${city.name} Office`, 2]]);
    else name = `${city.name} ${rng.pick(LOCATION_LABELS)} ${attempt}`;
  }

  const createdMs = isMain ? info.createdMs : between(rng, info.createdMs, options.nowMs);
  const address = makeAddress(rng, lookups, ids, country, city, isMain);
  const addresses: BmsAddress[] = [address];
  if (isMain && rng.chance(0.06)) {
    // A separate billing address (a PO box) besides the main one: the main one still carries phone and fax.
    address.isBilling = false;
    addresses.push({
      id: ids.take('address'),
      address1: `PO Box ${rng.int(100, 9999)}`,
      address2: null,
      city: city.name,
      state: address.state ?? null,
      zipCode: address.zipCode ?? null,
      countryId: address.countryId ?? null,
      country: address.country ?? null,
      phone: null,
      fax: null,
      isMain: false,
      isBilling: true,
    });
  }
  const location = {
    id: ids.take('location'),
    locationName: name,
    isMain,
    isActive: isMain || rng.chance(0.95),
    createdOn: bmsTime(createdMs),
    modifiedOn: bmsTime(between(rng, createdMs, options.nowMs)),
    addresses,
  };
  info.account.locations.push(location);
  const entry: LocationInfo = { location, address, city, subnet: privateSubnet(rng), nextHost: rng.int(10, 40) };
  info.locations.push(entry);
}

function makeAddress(
  rng: Rng,
  lookups: BmsLookups,
  ids: IdSequence<BmsIdKind>,
  country: Country,
  city: Country['cities'][number],
  isMain: boolean,
): BmsAddress {
  const region = regionOf(country.iso, city.region);
  // State is free text in BMS: the ISO code ("IL") or the full name ("Illinois"), as typed.
  let state: string | null = null;
  if (region) {
    if (country.iso === 'GB') state = rng.chance(0.55) ? region.name : null;
    else state = rng.chance(0.6) ? region.iso : region.name;
  }
  const countryName = country.name;
  const countryText = rng.choose<string | null>([
    [countryName, 90],
    [country.iso, 7],
    [null, 3],
  ]);
  return {
    id: ids.take('address'),
    address1: streetAddress(rng, country),
    address2: addressLine2(rng, country),
    city: city.name,
    state,
    zipCode: postalCode(rng, country, city),
    countryId: lookups.id('Country', countryName),
    country: countryText,
    phone: rng.chance(0.92) ? phoneNumber(rng, country, city, 'office') : null,
    fax: rng.chance(0.25) ? phoneNumber(rng, country, city, 'fax') : null,
    isMain: true,
    isBilling: isMain,
  };
}

/** Contacts spread over the accounts (customers get most), unique by name within an account. */
export function generateContacts(world: BmsWorld, lookups: BmsLookups, ids: IdSequence<BmsIdKind>): BmsContact[] {
  const { options } = world;
  const rng = Rng.stream(options.seed, 'contacts');
  const counts = apportion(options.contacts, world.accounts.map((a) => TYPE_SHARE[a.typeName] * rng.skewed(0.6)));
  const contacts: BmsContact[] = [];
  world.accounts.forEach((info, i) => {
    const usedEmails = new Set<string>();
    for (let n = 0; n < counts[i]!; n += 1) {
      const contact = makeContact(rng, options, lookups, ids, info, usedEmails, n === 0);
      info.contacts.push(contact);
      contacts.push(contact);
      world.contactById.set(contact.id, contact);
    }
  });
  return contacts;
}

/** A person whose first and last name are not used yet in the account. */
export function uniquePerson(rng: Rng, info: AccountInfo): PersonName {
  for (let attempt = 0; ; attempt += 1) {
    const person = personName(rng, info.country);
    if (attempt > 40) person.last = `${person.last}-${personName(rng, info.country).last}`;
    const key = nameKey(person.first, person.last);
    if (!info.usedContactNames.has(key)) {
      info.usedContactNames.add(key);
      return person;
    }
  }
}

function makeContact(
  rng: Rng,
  options: ResolvedOptions,
  lookups: BmsLookups,
  ids: IdSequence<BmsIdKind>,
  info: AccountInfo,
  usedEmails: Set<string>,
  first: boolean,
): BmsContact {
  const person = uniquePerson(rng, info);
  let local = emailLocal(rng, person);
  for (let n = 2; usedEmails.has(local); n += 1) local = `${slug(person.first)}.${slug(person.last)}${n}`;
  usedEmails.add(local);

  const emails: BmsContact['emails'] = [
    { id: ids.take('email'), emailAddress: `${local}@${info.company.domain}`, emailTypeId: lookups.id('EmailType', 'Work'), isDefault: true },
  ];
  if (rng.chance(0.25)) {
    const personal = rng.chance(0.7);
    emails.push({
      id: ids.take('email'),
      emailAddress: personal ? `${slug(person.first)}.${slug(person.last)}${rng.int(1, 99)}@${freemail(rng, info.country.iso)}` : `${slug(person.first)}@${info.company.domain}`,
      emailTypeId: lookups.id('EmailType', personal ? 'Personal' : 'Other'),
      isDefault: false,
    });
  }

  const hasLocation = info.locations.length > 0 && !rng.chance(0.03);
  const where = hasLocation ? (rng.chance(0.7) ? info.locations[0]! : rng.pick(info.locations)) : null;
  const city = (where ?? info.locations[0])?.city ?? info.country.cities[0]!;
  const phoneCount = rng.choose<number>([[1, 45], [2, 40], [3, 15]]);
  const phoneKinds = rng.shuffle(['Mobile', 'Home', 'Fax']).slice(0, phoneCount - 1);
  const phones: BmsContact['phones'] = [
    {
      id: ids.take('phone'),
      phone: `${phoneNumber(rng, info.country, city, 'direct')}${rng.chance(0.2) ? ` x${rng.int(100, 499)}` : ''}`,
      phoneTypeId: lookups.id('PhoneType', 'Work'),
      isDefault: true,
    },
    ...phoneKinds.map((type) => ({
      id: ids.take('phone'),
      phone: phoneNumber(rng, info.country, city, type === 'Mobile' ? 'mobile' : type === 'Fax' ? 'fax' : 'direct'),
      phoneTypeId: lookups.id('PhoneType', type),
      isDefault: false,
    })),
  ];
  // A mobile-first person: the mobile is the default number.
  if (phones.length > 1 && phones[1]!.phoneTypeId === lookups.id('PhoneType', 'Mobile') && rng.chance(0.3)) {
    phones[0]!.isDefault = false;
    phones[1]!.isDefault = true;
  }

  const createdMs = between(rng, info.createdMs, options.nowMs);
  return {
    id: ids.take('contact'),
    accountId: info.account.id,
    locationId: where?.location.id ?? null,
    firstName: person.first,
    lastName: person.last,
    jobTitle: rng.chance(0.85) ? jobTitle(rng, info.company.business, info.country.iso) : null,
    isPoc: first || rng.chance(0.08),
    isActive: first || rng.chance(0.93),
    emails,
    phones,
    createdOn: bmsTime(createdMs),
    modifiedOn: bmsTime(between(rng, createdMs, options.nowMs)),
  };
}

