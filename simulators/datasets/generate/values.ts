/**
 * Realistic values: company and person names, e-mail domains, street addresses, postal codes,
 * phone numbers (inside fiction ranges, see geography.ts), MAC addresses in the formats real
 * tools write, serial numbers in each manufacturer's style, and private IP subnets.
 */
import type { City, Country } from '../geography.js';
import { OUIS, SERIAL_STYLES } from '../hardware.js';
import {
  COMPANY_PREFIXES,
  FIRST_NAMES,
  GERMAN_FIRST_NAMES,
  GERMAN_LAST_NAMES,
  INDUSTRIES,
  JOB_TITLES,
  LAST_NAMES,
  LEGAL_SUFFIXES,
  PARTNER_WORDS,
  VENDOR_NAMES,
} from '../names.js';
import type { Rng } from '../random.js';
import { letters, nameKey, pad, slug } from './util.js';

// ---------------------------------------------------------------- companies

export type CompanyKind = 'client' | 'vendor' | 'partner';

export interface CompanyName {
  name: string;
  /** The distinctive first word(s), for codes and asset-name prefixes. */
  stem: string;
  /** BMS business type the name suggests. */
  business: string;
  domain: string;
}

const TLD: Record<string, readonly string[]> = {
  US: ['com', 'com', 'com', 'net', 'us'],
  CA: ['ca', 'ca', 'com'],
  GB: ['co.uk', 'co.uk', 'uk', 'com'],
  AU: ['com.au', 'com.au', 'net.au'],
  DE: ['de', 'de', 'com'],
  NZ: ['co.nz', 'nz'],
  IE: ['ie', 'com'],
};

function tld(rng: Rng, country: string): string {
  return rng.pick(TLD[country] ?? ['com']);
}

/**
 * A company name unique by the matching key among `used` (which it extends). Clients read like
 * "Contoso Dental Group LLC", partners like "Summit Networks Inc.", vendors are distributors and
 * carriers an MSP buys from.
 */
export function companyName(rng: Rng, kind: CompanyKind, country: Country, used: Set<string>): CompanyName {
  for (let attempt = 0; ; attempt += 1) {
    const candidate = draftCompany(rng, kind, country, attempt);
    const key = nameKey(candidate.name);
    if (!used.has(key)) {
      used.add(key);
      return candidate;
    }
  }
}

function draftCompany(rng: Rng, kind: CompanyKind, country: Country, attempt: number): CompanyName {
  const suffixes = LEGAL_SUFFIXES[country.iso] ?? ['Ltd'];
  const withSuffix = (base: string, p: number): string => (rng.chance(p) ? `${base} ${rng.pick(suffixes)}` : base);
  // After many collisions, qualify the name with a place, then a number: still realistic, always unique.
  const qualify = (base: string): string => {
    if (attempt < 12) return base;
    if (attempt < 24) return `${base} of ${rng.pick(country.cities).name}`;
    return `${base} ${attempt}`;
  };

  if (kind === 'vendor') {
    const vendor = attempt < 6 ? rng.pick(VENDOR_NAMES) : `${rng.pick(COMPANY_PREFIXES)} ${rng.pick(['Distribution', 'Supply', 'Telecom', 'Data Centers', 'Software'])}`;
    const name = qualify(vendor);
    return { name, stem: vendor.split(' ')[0] ?? vendor, business: 'Technology', domain: `${slug(vendor)}.${tld(rng, country.iso)}` };
  }
  const prefix = rng.pick(COMPANY_PREFIXES);
  if (kind === 'partner') {
    const words = rng.pick(PARTNER_WORDS);
    const base = qualify(`${prefix} ${words}`);
    return { name: withSuffix(base, 0.5), stem: prefix, business: 'Technology', domain: `${slug(prefix + words)}.${tld(rng, country.iso)}` };
  }
  const industry = rng.pick(INDUSTRIES);
  const base = qualify(`${prefix} ${industry.words}`);
  const firstWord = industry.words.split(' ')[0] ?? '';
  return {
    name: withSuffix(base, 0.45),
    stem: prefix,
    business: industry.business,
    domain: `${slug(prefix + firstWord)}.${tld(rng, country.iso)}`,
  };
}

/** A unique account code from the name's stem: "CONTOSO", then "CONTDENT", then "CONTOSO2". */
export function accountCode(stem: string, name: string, used: Set<string>): string {
  const base = letters(stem).slice(0, 10) || 'ACCT';
  const initials = name
    .split(/\s+/)
    .slice(1, 3)
    .map((w) => letters(w).slice(0, 4))
    .join('');
  const options = [base, `${base.slice(0, 6)}${initials}`.slice(0, 12)];
  for (const option of options) {
    if (option && !used.has(option)) {
      used.add(option);
      return option;
    }
  }
  for (let n = 2; ; n += 1) {
    const option = `${base.slice(0, 8)}${n}`;
    if (!used.has(option)) {
      used.add(option);
      return option;
    }
  }
}

// ---------------------------------------------------------------- people

export interface PersonName {
  first: string;
  last: string;
}

export function personName(rng: Rng, country: Country): PersonName {
  if (country.iso === 'DE' && rng.chance(0.8)) return { first: rng.pick(GERMAN_FIRST_NAMES), last: rng.pick(GERMAN_LAST_NAMES) };
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** E-mail local parts the way companies build them: jane.doe, jdoe, jane, jane_doe. */
export function emailLocal(rng: Rng, person: PersonName): string {
  const first = slug(person.first);
  const last = slug(person.last);
  return rng.choose<string>([
    [`${first}.${last}`, 6],
    [`${first.charAt(0)}${last}`, 3],
    [first, 1],
    [`${first}_${last}`, 1],
  ]);
}

const FREEMAIL: Record<string, readonly string[]> = {
  US: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com'],
  CA: ['gmail.com', 'outlook.com', 'shaw.ca', 'rogers.com'],
  GB: ['gmail.com', 'hotmail.co.uk', 'btinternet.com', 'outlook.com'],
  AU: ['gmail.com', 'bigpond.com', 'outlook.com'],
  DE: ['gmx.de', 'web.de', 'gmail.com', 't-online.de'],
  NZ: ['gmail.com', 'xtra.co.nz'],
  IE: ['gmail.com', 'eircom.net', 'outlook.com'],
};

/** A personal mailbox domain people in that country use. */
export function freemail(rng: Rng, country: string): string {
  return rng.pick(FREEMAIL[country] ?? ['gmail.com']);
}

/** Titles only some trades have; every other title in JOB_TITLES fits any business. */
const TRADE_TITLES: Record<string, readonly string[]> = {
  Healthcare: ['Practice Manager', 'Dentist', 'Dental Hygienist', 'Nurse Practitioner', 'Physician'],
  Veterinary: ['Practice Manager', 'Veterinarian', 'Veterinary Technician'],
  Legal: ['Managing Partner', 'Partner', 'Associate', 'Paralegal'],
  Finance: ['Managing Partner', 'Partner', 'Associate'],
  'Professional Services': ['Managing Partner', 'Partner', 'Associate'],
  Education: ['Principal', 'Teacher'],
  Construction: ['Site Supervisor', 'Estimator'],
  Manufacturing: ['Warehouse Lead', 'Site Supervisor'],
  Transportation: ['Warehouse Lead'],
  Retail: ['Store Manager'],
  Hospitality: ['General Manager'],
};
const GERMAN_TITLES = ['Geschäftsführer', 'Buchhaltung'];
const SPECIFIC = new Set([...Object.values(TRADE_TITLES).flat(), ...GERMAN_TITLES]);
const GENERIC_TITLES = JOB_TITLES.filter((t) => !SPECIFIC.has(t));

/** A job title that fits the business (and the language, for German accounts). */
export function jobTitle(rng: Rng, business: string, country: string): string {
  if (country === 'DE' && rng.chance(0.25)) return rng.pick(GERMAN_TITLES);
  const trade = TRADE_TITLES[business];
  return trade && rng.chance(0.4) ? rng.pick(trade) : rng.pick(GENERIC_TITLES);
}

// ---------------------------------------------------------------- addresses

export function streetAddress(rng: Rng, country: Country): string {
  const street = rng.pick(country.streets);
  const type = rng.pick(country.streetTypes);
  if (country.iso === 'DE') return `${street}${type} ${rng.int(1, 180)}${rng.chance(0.1) ? rng.pick(['a', 'b']) : ''}`;
  const max = country.iso === 'GB' || country.iso === 'IE' ? 240 : 9800;
  return `${rng.int(1, max)} ${street} ${type}`;
}

/** A second address line, or null (about a third of addresses have one). */
export function addressLine2(rng: Rng, country: Country, p = 0.35): string | null {
  if (!rng.chance(p)) return null;
  switch (country.iso) {
    case 'DE':
      return rng.pick(['Hinterhaus', `${rng.int(1, 4)}. OG`, 'Gebäude B', 'Eingang C']);
    case 'AU':
      return rng.pick([`Level ${rng.int(1, 30)}`, `Suite ${rng.int(1, 40)}`, `Unit ${rng.int(1, 60)}`]);
    case 'GB':
    case 'IE':
      return rng.pick([`Unit ${rng.int(1, 30)}`, `Floor ${rng.int(1, 6)}`, `Suite ${rng.int(1, 20)}`, 'The Old Mill']);
    default:
      return rng.pick([`Suite ${rng.int(1, 9)}${pad(rng.int(0, 99), 2)}`, `Floor ${rng.int(2, 20)}`, `Unit ${rng.int(1, 40)}`, `Building ${rng.pick(['A', 'B', 'C'])}`]);
  }
}

/** A different second line than `current` (for near-miss locations). */
export function otherAddressLine2(rng: Rng, country: Country, current: string | null): string {
  for (;;) {
    const line = addressLine2(rng, country, 1)!;
    if (nameKey(line) !== nameKey(current)) return line;
  }
}

export function postalCode(rng: Rng, country: Country, city: City): string {
  switch (country.iso) {
    case 'US':
      return `${city.postal}${pad(rng.int(1, 99), 2)}`;
    case 'CA':
      return `${city.postal} ${rng.int(1, 9)}${rng.alnum(1, 'ABCEGHJKLMNPRSTVWXYZ')}${rng.int(0, 9)}`;
    case 'GB':
      return `${city.postal} ${rng.int(1, 9)}${rng.alnum(2, 'ABDEFGHJLNPQRSTUWXYZ')}`;
    case 'IE':
      return `${city.postal} ${rng.alnum(4, 'ACDEFHKNPRTVWXY0123456789')}`;
    default:
      return city.postal;
  }
}

// ---------------------------------------------------------------- phones

export type PhoneKind = 'office' | 'direct' | 'mobile' | 'fax';

/** A phone number in a style people type for that country, inside fiction ranges. */
export function phoneNumber(rng: Rng, country: Country, city: City, kind: PhoneKind): string {
  const area = city.area;
  switch (country.iso) {
    case 'US':
    case 'CA': {
      const line = `555-01${pad(rng.int(0, 99), 2)}`;
      return rng.choose<string>([
        [`(${area}) ${line}`, 5],
        [`${area}-${line}`, 4],
        [`+1 ${area} ${line.replace('-', ' ')}`, 2],
        [`${area}.${line.replace('-', '.')}`, 1],
      ]);
    }
    case 'GB': {
      if (kind === 'mobile') return `07700 900${pad(rng.int(0, 999), 3)}`;
      const local = `${area}${pad(rng.int(0, 999), 3)}`;
      return rng.chance(0.6) ? `0${local}` : `+44 ${local}`;
    }
    case 'AU': {
      if (kind === 'mobile') return `0491 570 ${pad(rng.int(100, 159), 3)}`;
      return rng.chance(0.6) ? `(0${area}) 5550 ${pad(rng.int(0, 9999), 4)}` : `+61 ${area} 5550 ${pad(rng.int(0, 9999), 4)}`;
    }
    case 'DE':
      return kind === 'mobile' ? `+49 151 ${rng.digits(8)}` : `+49 ${area} ${rng.digits(6)}${kind === 'direct' ? `-${rng.int(10, 99)}` : ''}`;
    case 'NZ':
      return kind === 'mobile' ? `021 ${rng.digits(3)} ${rng.digits(4)}` : `+64 ${area} ${rng.digits(3)} ${rng.digits(4)}`;
    case 'IE':
      return kind === 'mobile' ? `087 ${rng.digits(3)} ${rng.digits(4)}` : `+353 ${area} ${rng.digits(3)} ${rng.digits(4)}`;
    default:
      return `+${rng.digits(2)} ${rng.digits(3)} ${rng.digits(4)}`;
  }
}

// ---------------------------------------------------------------- network identifiers

/** A MAC address as 12 upper-case hex digits, from one of the manufacturer's real OUIs. */
export function macHex(rng: Rng, manufacturer: string | null): string {
  const ouis = (manufacturer && OUIS[manufacturer]) || ['00163E', '001C42', '3C22FB'];
  return `${rng.pick(ouis)}${rng.hex(6, true)}`;
}

export type MacStyle = 'dash' | 'colon' | 'colon-lower' | 'dotted' | 'bare';

export function formatMac(hex: string, style: MacStyle): string {
  const pairs = hex.toUpperCase().match(/../g) ?? [];
  switch (style) {
    case 'dash':
      return pairs.join('-');
    case 'colon':
      return pairs.join(':');
    case 'colon-lower':
      return pairs.join(':').toLowerCase();
    case 'dotted':
      return (hex.toLowerCase().match(/..../g) ?? []).join('.');
    case 'bare':
      return hex.toUpperCase();
  }
}

/** The formats found in a PSA fed by several RMM tools and by hand. */
export function bmsMacStyle(rng: Rng): MacStyle {
  return rng.choose<MacStyle>([
    ['dash', 45],
    ['colon', 30],
    ['colon-lower', 10],
    ['dotted', 10],
    ['bare', 5],
  ]);
}

/** A serial number in the manufacturer's style (Dell service tags, HP "5CG…", Cisco "FOC…", …). */
export function serialNumber(rng: Rng, manufacturer: string | null, mac: string | null): string {
  const spec = (manufacturer && SERIAL_STYLES[manufacturer]) || { style: 'generic' as const };
  switch (spec.style) {
    case 'dell':
      return rng.alnum(7, 'BCDFGHJKLMNPQRSTVWXYZ0123456789');
    case 'hp':
      return `${rng.pick(['5CG', 'CZC', 'MXL', '2UA'])}${rng.digits(3)}${rng.alnum(4)}`;
    case 'lenovo':
      return `${rng.pick(['PF', 'MJ', 'R9', 'PC'])}${rng.alnum(6)}`;
    case 'apple':
      return `${rng.pick(['C02', 'FVF', 'DMP', 'G8W'])}${rng.alnum(9)}`;
    case 'cisco':
      return `${rng.pick(['FOC', 'FCW', 'JAE'])}${rng.digits(4)}${rng.alnum(4)}`;
    case 'mac':
      return mac ?? rng.hex(12, true);
    case 'vmware': {
      const bytes = (rng.hex(32).match(/../g) ?? []).join(' ');
      return `VMware-${bytes.slice(0, 23)}-${bytes.slice(24)}`;
    }
    default:
      return `${spec.prefix ?? ''}${rng.alnum(8)}`;
  }
}

/** A /24 an MSP client typically runs, as its first three octets. */
export function privateSubnet(rng: Rng): string {
  return rng.choose<string>([
    [`192.168.${rng.pick([0, 1, 1, 10, 20, 50, 100])}`, 5],
    [`10.${rng.int(0, 30)}.${rng.int(0, 20)}`, 4],
    [`172.16.${rng.int(0, 31)}`, 1],
  ]);
}
