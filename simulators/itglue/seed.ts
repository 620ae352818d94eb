/**
 * Lookup lists a fresh IT Glue account has, used when a dataset brings none of its own.
 * Records are in dataset form (kebab attributes plus `id`).
 */
import type { ItGlueDataset } from '../datasets/format.js';

const SEEDED_AT = '2016-09-14T17:02:44.000Z';

function named(names: string[]): { id: string; name: string; 'created-at': string; 'updated-at': string }[] {
  return names.map((name, i) => ({ id: String(i + 1), name, 'created-at': SEEDED_AT, 'updated-at': SEEDED_AT }));
}

const US_STATES: [string, string][] = [
  ['Alabama', 'AL'], ['Alaska', 'AK'], ['Arizona', 'AZ'], ['Arkansas', 'AR'], ['California', 'CA'], ['Colorado', 'CO'],
  ['Connecticut', 'CT'], ['Delaware', 'DE'], ['District of Columbia', 'DC'], ['Florida', 'FL'], ['Georgia', 'GA'],
  ['Hawaii', 'HI'], ['Idaho', 'ID'], ['Illinois', 'IL'], ['Indiana', 'IN'], ['Iowa', 'IA'], ['Kansas', 'KS'],
  ['Kentucky', 'KY'], ['Louisiana', 'LA'], ['Maine', 'ME'], ['Maryland', 'MD'], ['Massachusetts', 'MA'],
  ['Michigan', 'MI'], ['Minnesota', 'MN'], ['Mississippi', 'MS'], ['Missouri', 'MO'], ['Montana', 'MT'],
  ['Nebraska', 'NE'], ['Nevada', 'NV'], ['New Hampshire', 'NH'], ['New Jersey', 'NJ'], ['New Mexico', 'NM'],
  ['New York', 'NY'], ['North Carolina', 'NC'], ['North Dakota', 'ND'], ['Ohio', 'OH'], ['Oklahoma', 'OK'],
  ['Oregon', 'OR'], ['Pennsylvania', 'PA'], ['Rhode Island', 'RI'], ['South Carolina', 'SC'], ['South Dakota', 'SD'],
  ['Tennessee', 'TN'], ['Texas', 'TX'], ['Utah', 'UT'], ['Vermont', 'VT'], ['Virginia', 'VA'], ['Washington', 'WA'],
  ['West Virginia', 'WV'], ['Wisconsin', 'WI'], ['Wyoming', 'WY'],
];

const CANADIAN_PROVINCES: [string, string][] = [
  ['Alberta', 'AB'], ['British Columbia', 'BC'], ['Manitoba', 'MB'], ['New Brunswick', 'NB'],
  ['Newfoundland and Labrador', 'NL'], ['Northwest Territories', 'NT'], ['Nova Scotia', 'NS'], ['Nunavut', 'NU'],
  ['Ontario', 'ON'], ['Prince Edward Island', 'PE'], ['Quebec', 'QC'], ['Saskatchewan', 'SK'], ['Yukon', 'YT'],
];

const UK_NATIONS: [string, string][] = [['England', 'ENG'], ['Northern Ireland', 'NIR'], ['Scotland', 'SCT'], ['Wales', 'WLS']];

const AUSTRALIAN_STATES: [string, string][] = [
  ['Australian Capital Territory', 'ACT'], ['New South Wales', 'NSW'], ['Northern Territory', 'NT'], ['Queensland', 'QLD'],
  ['South Australia', 'SA'], ['Tasmania', 'TAS'], ['Victoria', 'VIC'], ['Western Australia', 'WA'],
];

const GERMAN_STATES: [string, string][] = [
  ['Baden-Württemberg', 'BW'], ['Bavaria', 'BY'], ['Berlin', 'BE'], ['Brandenburg', 'BB'], ['Bremen', 'HB'],
  ['Hamburg', 'HH'], ['Hesse', 'HE'], ['Lower Saxony', 'NI'], ['Mecklenburg-Vorpommern', 'MV'],
  ['North Rhine-Westphalia', 'NW'], ['Rhineland-Palatinate', 'RP'], ['Saarland', 'SL'], ['Saxony', 'SN'],
  ['Saxony-Anhalt', 'ST'], ['Schleswig-Holstein', 'SH'], ['Thuringia', 'TH'],
];

const NEW_ZEALAND_REGIONS: [string, string][] = [
  ['Auckland', 'AUK'], ['Bay of Plenty', 'BOP'], ['Canterbury', 'CAN'], ['Otago', 'OTA'], ['Waikato', 'WKO'], ['Wellington', 'WGN'],
];

const COUNTRIES: { name: string; iso: string; regions: [string, string][] }[] = [
  { name: 'Canada', iso: 'CA', regions: CANADIAN_PROVINCES },
  { name: 'United States', iso: 'US', regions: US_STATES },
  { name: 'United Kingdom', iso: 'GB', regions: UK_NATIONS },
  { name: 'Australia', iso: 'AU', regions: AUSTRALIAN_STATES },
  { name: 'Germany', iso: 'DE', regions: GERMAN_STATES },
  { name: 'New Zealand', iso: 'NZ', regions: NEW_ZEALAND_REGIONS },
  { name: 'Ireland', iso: 'IE', regions: [] },
  { name: 'Netherlands', iso: 'NL', regions: [] },
  { name: 'France', iso: 'FR', regions: [] },
  { name: 'South Africa', iso: 'ZA', regions: [] },
  { name: 'Mexico', iso: 'MX', regions: [] },
  { name: 'India', iso: 'IN', regions: [] },
];

function countriesAndRegions(): Pick<ItGlueDataset, 'countries' | 'regions'> {
  const countries: ItGlueDataset['countries'] = [];
  const regions: ItGlueDataset['regions'] = [];
  COUNTRIES.forEach((country, i) => {
    const countryId = i + 1;
    countries.push({ id: String(countryId), name: country.name, iso: country.iso, 'created-at': SEEDED_AT, 'updated-at': SEEDED_AT });
    for (const [name, iso] of country.regions) {
      regions.push({ id: String(regions.length + 1), name, iso, 'country-id': countryId, 'created-at': SEEDED_AT, 'updated-at': SEEDED_AT });
    }
  });
  return { countries, regions };
}

const MANUFACTURER_MODELS: [string, string[]][] = [
  ['Dell', ['OptiPlex 7010', 'Latitude 5440', 'PowerEdge R650']],
  ['HP', ['EliteBook 840 G9', 'ProDesk 400 G7', 'LaserJet Pro M404']],
  ['Lenovo', ['ThinkPad T14', 'ThinkCentre M70q']],
  ['Apple', ['MacBook Pro 14', 'iMac 24']],
  ['Cisco', ['Catalyst 9200', 'Meraki MX67']],
  ['Ubiquiti', ['UniFi U6 Pro', 'UniFi Switch 24 PoE']],
  ['Fortinet', ['FortiGate 60F']],
  ['Microsoft', ['Surface Pro 9']],
  ['Synology', ['DS920+']],
];

const PLATFORMS = ['Windows', 'macOS', 'Linux', 'iOS', 'Android'];

const OPERATING_SYSTEMS: [string, string][] = [
  ['Windows 10', 'Windows'], ['Windows 11', 'Windows'], ['Windows Server 2019', 'Windows'], ['Windows Server 2022', 'Windows'],
  ['macOS 14 Sonoma', 'macOS'], ['macOS 15 Sequoia', 'macOS'], ['Ubuntu 22.04', 'Linux'], ['Ubuntu 24.04', 'Linux'],
  ['iOS 17', 'iOS'], ['Android 14', 'Android'],
];

/** Default lookup collections, keyed by dataset collection name. */
export function defaultLookups(): Partial<ItGlueDataset> {
  const manufacturers = named(MANUFACTURER_MODELS.map(([name]) => name));
  const models: ItGlueDataset['models'] = [];
  MANUFACTURER_MODELS.forEach(([, names], i) => {
    for (const name of names) {
      models.push({ id: String(models.length + 1), name, 'manufacturer-id': i + 1, 'created-at': SEEDED_AT, 'updated-at': SEEDED_AT });
    }
  });
  const platforms = named(PLATFORMS);
  const operatingSystems = OPERATING_SYSTEMS.map(([name, platform], i) => ({
    id: String(i + 1),
    name,
    'platform-id': PLATFORMS.indexOf(platform) + 1,
    'created-at': SEEDED_AT,
    'updated-at': SEEDED_AT,
  }));
  return {
    organizationTypes: named(['Customer', 'Vendor', 'Partner', 'Prospect', 'Internal', 'Owner']),
    organizationStatuses: named(['Active', 'Inactive']),
    configurationTypes: named([
      'Workstation', 'Laptop', 'Server', 'Virtual Machine', 'Switch', 'Router', 'Firewall', 'Access Point', 'Printer', 'Mobile Device', 'NAS',
    ]),
    configurationStatuses: named(['Active', 'Inactive']),
    contactTypes: named(['Approver', 'Billing', 'Champion', 'Employee', 'End User', 'Primary Contact', 'Technical Contact', 'Vendor Contact']),
    manufacturers,
    models,
    platforms,
    operatingSystems,
    passwordCategories: named(['Active Directory', 'Email', 'Network Device', 'Website', 'Database', 'Wireless']),
    ...countriesAndRegions(),
  };
}

/** A key usable with the simulator when a dataset lists none (standalone and demo runs). */
export const DEFAULT_API_KEY = 'ITG.simulator-local-key';
