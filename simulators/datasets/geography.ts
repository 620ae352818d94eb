/**
 * Countries, regions (states/provinces), cities and phone-number styles for generated datasets.
 * Phone numbers stay inside ranges reserved for fiction where a country has them (US/CA 555-01xx,
 * GB Ofcom drama ranges, AU ACMA 5550 xxxx / 0491 570 xxx).
 */

export interface Region {
  iso: string;
  name: string;
}

export interface City {
  name: string;
  /** Region ISO code (within the country), or null where regions are not used. */
  region: string | null;
  /** Postal-code prefix or exact code pattern seed. */
  postal: string;
  /** Dialling area code (without trunk prefix). */
  area: string;
}

export interface Country {
  iso: string;
  name: string;
  /** How often accounts are placed in this country. */
  weight: number;
  streets: readonly string[];
  streetTypes: readonly string[];
  cities: readonly City[];
}

export const US_STATES: readonly Region[] = [
  ['AL', 'Alabama'], ['AK', 'Alaska'], ['AZ', 'Arizona'], ['AR', 'Arkansas'], ['CA', 'California'],
  ['CO', 'Colorado'], ['CT', 'Connecticut'], ['DE', 'Delaware'], ['DC', 'District of Columbia'],
  ['FL', 'Florida'], ['GA', 'Georgia'], ['HI', 'Hawaii'], ['ID', 'Idaho'], ['IL', 'Illinois'], ['IN', 'Indiana'],
  ['IA', 'Iowa'], ['KS', 'Kansas'], ['KY', 'Kentucky'], ['LA', 'Louisiana'], ['ME', 'Maine'], ['MD', 'Maryland'],
  ['MA', 'Massachusetts'], ['MI', 'Michigan'], ['MN', 'Minnesota'], ['MS', 'Mississippi'], ['MO', 'Missouri'],
  ['MT', 'Montana'], ['NE', 'Nebraska'], ['NV', 'Nevada'], ['NH', 'New Hampshire'], ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'], ['NY', 'New York'], ['NC', 'North Carolina'], ['ND', 'North Dakota'], ['OH', 'Ohio'],
  ['OK', 'Oklahoma'], ['OR', 'Oregon'], ['PA', 'Pennsylvania'], ['RI', 'Rhode Island'], ['SC', 'South Carolina'],
  ['SD', 'South Dakota'], ['TN', 'Tennessee'], ['TX', 'Texas'], ['UT', 'Utah'], ['VT', 'Vermont'],
  ['VA', 'Virginia'], ['WA', 'Washington'], ['WV', 'West Virginia'], ['WI', 'Wisconsin'], ['WY', 'Wyoming'],
].map(([iso, name]) => ({ iso: iso!, name: name! }));

export const CA_PROVINCES: readonly Region[] = [
  ['AB', 'Alberta'], ['BC', 'British Columbia'], ['MB', 'Manitoba'], ['NB', 'New Brunswick'],
  ['NL', 'Newfoundland and Labrador'], ['NS', 'Nova Scotia'], ['NT', 'Northwest Territories'], ['NU', 'Nunavut'],
  ['ON', 'Ontario'], ['PE', 'Prince Edward Island'], ['QC', 'Quebec'], ['SK', 'Saskatchewan'], ['YT', 'Yukon'],
].map(([iso, name]) => ({ iso: iso!, name: name! }));

export const GB_REGIONS: readonly Region[] = [
  ['ENG', 'England'], ['SCT', 'Scotland'], ['WLS', 'Wales'], ['NIR', 'Northern Ireland'],
].map(([iso, name]) => ({ iso: iso!, name: name! }));

export const AU_STATES: readonly Region[] = [
  ['NSW', 'New South Wales'], ['VIC', 'Victoria'], ['QLD', 'Queensland'], ['WA', 'Western Australia'],
  ['SA', 'South Australia'], ['TAS', 'Tasmania'], ['ACT', 'Australian Capital Territory'], ['NT', 'Northern Territory'],
].map(([iso, name]) => ({ iso: iso!, name: name! }));

/** Regions IT Glue knows, by country ISO code. */
export const REGIONS_BY_COUNTRY: Record<string, readonly Region[]> = {
  US: US_STATES,
  CA: CA_PROVINCES,
  GB: GB_REGIONS,
  AU: AU_STATES,
};

/** Every country both lookups list (same names in both systems); only some get accounts. */
export const ALL_COUNTRIES: readonly { iso: string; name: string }[] = [
  ['US', 'United States'], ['CA', 'Canada'], ['GB', 'United Kingdom'], ['AU', 'Australia'], ['DE', 'Germany'],
  ['NZ', 'New Zealand'], ['IE', 'Ireland'], ['NL', 'Netherlands'], ['FR', 'France'], ['MX', 'Mexico'],
  ['ZA', 'South Africa'], ['IN', 'India'], ['SG', 'Singapore'], ['JP', 'Japan'], ['ES', 'Spain'], ['IT', 'Italy'],
  ['SE', 'Sweden'], ['CH', 'Switzerland'], ['BE', 'Belgium'], ['DK', 'Denmark'],
].map(([iso, name]) => ({ iso: iso!, name: name! }));

const city = (name: string, region: string | null, postal: string, area: string): City => ({ name, region, postal, area });

const ENGLISH_STREETS = [
  'Main', 'Oak', 'Maple', 'Cedar', 'Elm', 'Park', 'Lake', 'Hill', 'Washington', 'Lincoln', 'Market', 'Church',
  'High', 'King', 'Queen', 'Station', 'Mill', 'River', 'Bridge', 'Victoria', 'George', 'Pine', 'Spring',
  'Franklin', 'Jefferson', 'Madison', 'Sunset', 'Highland', 'Forest', 'Meadow', 'Willow', 'Center', 'Union',
];

export const COUNTRIES: readonly Country[] = [
  {
    iso: 'US',
    name: 'United States',
    weight: 45,
    streets: ENGLISH_STREETS,
    streetTypes: ['St', 'Ave', 'Blvd', 'Rd', 'Dr', 'Ln', 'Way', 'Pkwy', 'Street', 'Avenue'],
    cities: [
      city('Chicago', 'IL', '606', '312'), city('Springfield', 'IL', '627', '217'), city('Naperville', 'IL', '605', '630'),
      city('Austin', 'TX', '787', '512'), city('Dallas', 'TX', '752', '214'), city('Houston', 'TX', '770', '713'),
      city('Denver', 'CO', '802', '303'), city('Boulder', 'CO', '803', '303'), city('Seattle', 'WA', '981', '206'),
      city('Spokane', 'WA', '992', '509'), city('Portland', 'OR', '972', '503'), city('San Diego', 'CA', '921', '619'),
      city('Sacramento', 'CA', '958', '916'), city('San Jose', 'CA', '951', '408'), city('Phoenix', 'AZ', '850', '602'),
      city('Tucson', 'AZ', '857', '520'), city('Atlanta', 'GA', '303', '404'), city('Savannah', 'GA', '314', '912'),
      city('Miami', 'FL', '331', '305'), city('Tampa', 'FL', '336', '813'), city('Orlando', 'FL', '328', '407'),
      city('Boston', 'MA', '021', '617'), city('Worcester', 'MA', '016', '508'), city('New York', 'NY', '100', '212'),
      city('Buffalo', 'NY', '142', '716'), city('Philadelphia', 'PA', '191', '215'), city('Pittsburgh', 'PA', '152', '412'),
      city('Columbus', 'OH', '432', '614'), city('Cleveland', 'OH', '441', '216'), city('Detroit', 'MI', '482', '313'),
      city('Grand Rapids', 'MI', '495', '616'), city('Minneapolis', 'MN', '554', '612'), city('Nashville', 'TN', '372', '615'),
      city('Charlotte', 'NC', '282', '704'), city('Raleigh', 'NC', '276', '919'), city('Richmond', 'VA', '232', '804'),
      city('Baltimore', 'MD', '212', '410'), city('Kansas City', 'MO', '641', '816'), city('St. Louis', 'MO', '631', '314'),
      city('Salt Lake City', 'UT', '841', '801'), city('Las Vegas', 'NV', '891', '702'), city('Boise', 'ID', '837', '208'),
      city('Omaha', 'NE', '681', '402'), city('Madison', 'WI', '537', '608'), city('Milwaukee', 'WI', '532', '414'),
      city('Indianapolis', 'IN', '462', '317'), city('Louisville', 'KY', '402', '502'), city('New Orleans', 'LA', '701', '504'),
      city('Albuquerque', 'NM', '871', '505'), city('Burlington', 'VT', '054', '802'), city('Portland', 'ME', '041', '207'),
    ],
  },
  {
    iso: 'CA',
    name: 'Canada',
    weight: 12,
    streets: [...ENGLISH_STREETS, 'Yonge', 'Bloor', 'Granville', 'Robson', 'Sainte-Catherine', 'Portage', 'Jasper'],
    streetTypes: ['St', 'Ave', 'Rd', 'Blvd', 'Street', 'Avenue', 'Crescent', 'Drive'],
    cities: [
      city('Toronto', 'ON', 'M5V', '416'), city('Ottawa', 'ON', 'K1P', '613'), city('Mississauga', 'ON', 'L5B', '905'),
      city('Vancouver', 'BC', 'V6B', '604'), city('Victoria', 'BC', 'V8W', '250'), city('Calgary', 'AB', 'T2P', '403'),
      city('Edmonton', 'AB', 'T5J', '780'), city('Winnipeg', 'MB', 'R3C', '204'), city('Montréal', 'QC', 'H3B', '514'),
      city('Quebec City', 'QC', 'G1R', '418'), city('Halifax', 'NS', 'B3J', '902'), city('Saskatoon', 'SK', 'S7K', '306'),
      city("St. John's", 'NL', 'A1C', '709'),
    ],
  },
  {
    iso: 'GB',
    name: 'United Kingdom',
    weight: 15,
    streets: ['High', 'Station', 'Church', 'Victoria', 'Park', 'London', 'Mill', 'Queen', 'King', 'Castle', 'Market', 'Albert', 'Newport', 'Granby'],
    streetTypes: ['Road', 'Street', 'Lane', 'Close', 'Way', 'Row', 'Place', 'Gardens'],
    cities: [
      city('London', 'ENG', 'EC1A', '20 7946 0'), city('Manchester', 'ENG', 'M1', '161 496 0'),
      city('Birmingham', 'ENG', 'B1', '121 496 0'), city('Leeds', 'ENG', 'LS1', '113 496 0'),
      city('Bristol', 'ENG', 'BS1', '117 496 0'), city('Sheffield', 'ENG', 'S1', '114 496 0'),
      city('Nottingham', 'ENG', 'NG1', '115 496 0'), city('Edinburgh', 'SCT', 'EH1', '131 496 0'),
      city('Glasgow', 'SCT', 'G1', '141 496 0'), city('Cardiff', 'WLS', 'CF10', '29 2018 0'),
      city('Belfast', 'NIR', 'BT1', '28 9649 6'),
    ],
  },
  {
    iso: 'AU',
    name: 'Australia',
    weight: 12,
    streets: ['George', 'Pitt', 'Collins', 'Bourke', 'Queen', 'Adelaide', 'Hay', 'Murray', 'Flinders', 'Elizabeth', 'King William', 'Ann'],
    streetTypes: ['Street', 'Road', 'Parade', 'Terrace', 'Avenue', 'Highway', 'Lane'],
    cities: [
      city('Sydney', 'NSW', '2000', '2'), city('Newcastle', 'NSW', '2300', '2'), city('Parramatta', 'NSW', '2150', '2'),
      city('Melbourne', 'VIC', '3000', '3'), city('Geelong', 'VIC', '3220', '3'), city('Brisbane', 'QLD', '4000', '7'),
      city('Gold Coast', 'QLD', '4217', '7'), city('Perth', 'WA', '6000', '8'), city('Adelaide', 'SA', '5000', '8'),
      city('Hobart', 'TAS', '7000', '3'), city('Canberra', 'ACT', '2600', '2'), city('Darwin', 'NT', '0800', '8'),
    ],
  },
  {
    iso: 'DE',
    name: 'Germany',
    weight: 8,
    streets: ['Haupt', 'Bahnhof', 'Schiller', 'Goethe', 'Linden', 'Garten', 'Kirch', 'Berg', 'Schul', 'Wald', 'Mühlen', 'Friedrich'],
    streetTypes: ['straße', 'weg', 'allee', 'platz', 'gasse'],
    cities: [
      city('Berlin', null, '10115', '30'), city('München', null, '80331', '89'), city('Hamburg', null, '20095', '40'),
      city('Köln', null, '50667', '221'), city('Frankfurt am Main', null, '60311', '69'), city('Stuttgart', null, '70173', '711'),
      city('Düsseldorf', null, '40213', '211'), city('Leipzig', null, '04109', '341'),
    ],
  },
  {
    iso: 'NZ',
    name: 'New Zealand',
    weight: 4,
    streets: ['Queen', 'Victoria', 'Lambton', 'Colombo', 'Karangahape', 'Ponsonby', 'Cuba', 'Willis'],
    streetTypes: ['Street', 'Road', 'Quay', 'Terrace', 'Avenue'],
    cities: [city('Auckland', null, '1010', '9'), city('Wellington', null, '6011', '4'), city('Christchurch', null, '8011', '3')],
  },
  {
    iso: 'IE',
    name: 'Ireland',
    weight: 4,
    streets: ['Grafton', "O'Connell", 'Baggot', 'Patrick', 'Harcourt', 'Dame', 'Leeson', 'Merrion'],
    streetTypes: ['Street', 'Road', 'Square', 'Place', 'Quay'],
    cities: [city('Dublin', null, 'D02', '1'), city('Cork', null, 'T12', '21'), city('Galway', null, 'H91', '91')],
  },
];

export const COUNTRY_BY_ISO: ReadonlyMap<string, Country> = new Map(COUNTRIES.map((c) => [c.iso, c]));

/** Region by ISO code within a country. */
export function regionOf(countryIso: string, regionIso: string | null): Region | undefined {
  if (regionIso === null) return undefined;
  return REGIONS_BY_COUNTRY[countryIso]?.find((r) => r.iso === regionIso);
}
