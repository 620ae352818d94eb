/**
 * Hardware catalogue for generated datasets: asset categories, manufacturers, models, operating
 * systems, serial-number styles and MAC OUIs, plus which of these names each system's lookups
 * know. The two systems' lists differ on purpose (SPEC §3: configuration types, manufacturers and
 * models are created in IT Glue when missing; operating systems and platforms are read-only there).
 */

export interface OsChoice {
  /** BMS `osInfo` text; also the IT Glue operating-system name when IT Glue lists it. */
  info: string;
  /** BMS `osType`; the IT Glue platform name. */
  type: string | null;
  weight: number;
}

export interface ModelSpec {
  manufacturer: string;
  model: string;
  weight: number;
  /** Name code overriding the category's (switch "SW", access point "AP", …). */
  code?: string;
  os?: readonly OsChoice[];
}

export interface CategorySpec {
  /** BMS AssetCategory name. */
  name: string;
  /** Share of assets in this category. */
  weight: number;
  code: string;
  models: readonly ModelSpec[];
  os: readonly OsChoice[];
  /** Chance the asset has no MAC at all. */
  noMac: number;
  /** Network-reachable devices get an IP and a gateway. */
  networked: boolean;
}

const os = (info: string, type: string | null, weight: number): OsChoice => ({ info, type, weight });

const WINDOWS_DESKTOP: readonly OsChoice[] = [
  os('Windows 11 Pro', 'Windows', 40),
  os('Windows 10 Pro', 'Windows', 28),
  os('Windows 11 Enterprise', 'Windows', 6),
  os('Windows 11 Pro 23H2', 'Windows', 5),
  os('Windows 10 Pro 22H2', 'Windows', 4),
];
const MAC_OS: readonly OsChoice[] = [os('macOS 14 Sonoma', 'macOS', 3), os('macOS 13 Ventura', 'macOS', 2), os('macOS 15 Sequoia', 'macOS', 1)];
const SERVER_OS: readonly OsChoice[] = [
  os('Windows Server 2022 Standard', 'Windows', 40),
  os('Windows Server 2019 Standard', 'Windows', 30),
  os('Windows Server 2016 Standard', 'Windows', 10),
  os('Ubuntu 22.04 LTS', 'Linux', 8),
  os('Debian 12', 'Linux', 3),
  os('VMware ESXi 8.0', null, 6),
];

export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'Workstation',
    weight: 44,
    code: 'WS',
    noMac: 0.03,
    networked: true,
    os: WINDOWS_DESKTOP,
    models: [
      { manufacturer: 'Dell', model: 'OptiPlex 7090', weight: 6 },
      { manufacturer: 'Dell', model: 'OptiPlex 7010', weight: 5 },
      { manufacturer: 'HP', model: 'EliteDesk 800 G6', weight: 5 },
      { manufacturer: 'HP', model: 'ProDesk 400 G7', weight: 3 },
      { manufacturer: 'Lenovo', model: 'ThinkCentre M70q', weight: 4 },
      { manufacturer: 'Lenovo', model: 'ThinkCentre M90s', weight: 2 },
      { manufacturer: 'Apple', model: 'iMac 24', weight: 1, os: MAC_OS },
    ],
  },
  {
    name: 'Laptop',
    weight: 25,
    code: 'LT',
    noMac: 0.05,
    networked: true,
    os: WINDOWS_DESKTOP,
    models: [
      { manufacturer: 'Dell', model: 'Latitude 5440', weight: 5 },
      { manufacturer: 'Dell', model: 'Latitude 7420', weight: 3 },
      { manufacturer: 'HP', model: 'EliteBook 840 G8', weight: 5 },
      { manufacturer: 'HP', model: 'ProBook 450 G9', weight: 3 },
      { manufacturer: 'Lenovo', model: 'ThinkPad T14 Gen 3', weight: 5 },
      { manufacturer: 'Lenovo', model: 'ThinkPad X1 Carbon Gen 11', weight: 2 },
      { manufacturer: 'Apple', model: 'MacBook Pro 14', weight: 2, os: MAC_OS },
      { manufacturer: 'Apple', model: 'MacBook Air 13', weight: 1, os: MAC_OS },
      { manufacturer: 'Microsoft', model: 'Surface Laptop 5', weight: 1 },
    ],
  },
  {
    name: 'Server',
    weight: 5,
    code: 'SRV',
    noMac: 0.02,
    networked: true,
    os: SERVER_OS,
    models: [
      { manufacturer: 'Dell', model: 'PowerEdge R740', weight: 4 },
      { manufacturer: 'Dell', model: 'PowerEdge R650', weight: 3 },
      { manufacturer: 'Dell', model: 'PowerEdge T440', weight: 2 },
      { manufacturer: 'HP', model: 'ProLiant DL380 Gen10', weight: 3 },
      { manufacturer: 'HP', model: 'ProLiant ML350 Gen10', weight: 1 },
      { manufacturer: 'Lenovo', model: 'ThinkSystem SR650', weight: 2 },
      { manufacturer: 'Synology', model: 'RackStation RS1221+', weight: 1, code: 'NAS', os: [os('Synology DSM 7.2', 'Linux', 1)] },
    ],
  },
  {
    name: 'Network Device',
    weight: 8,
    code: 'NET',
    noMac: 0.04,
    networked: true,
    os: [os('', null, 1)],
    models: [
      { manufacturer: 'Cisco', model: 'Catalyst 9200', weight: 3, code: 'SW', os: [os('Cisco IOS XE 17.9', null, 1)] },
      { manufacturer: 'Cisco', model: 'Catalyst 2960-X', weight: 2, code: 'SW', os: [os('Cisco IOS 15.2', null, 1)] },
      { manufacturer: 'Cisco', model: 'ISR 1111', weight: 1, code: 'RTR', os: [os('Cisco IOS XE 17.9', null, 1)] },
      { manufacturer: 'Ubiquiti', model: 'UniFi Switch 24 PoE', weight: 3, code: 'SW', os: [os('UniFi OS 3.2', null, 1)] },
      { manufacturer: 'Ubiquiti', model: 'UniFi AP AC Pro', weight: 3, code: 'AP', os: [os('UniFi OS 3.2', null, 1)] },
      { manufacturer: 'Ubiquiti', model: 'UniFi U6 Pro', weight: 2, code: 'AP', os: [os('UniFi OS 3.2', null, 1)] },
      { manufacturer: 'Ubiquiti', model: 'UniFi Dream Machine Pro', weight: 1, code: 'GW', os: [os('UniFi OS 3.2', null, 1)] },
    ],
  },
  {
    name: 'Firewall',
    weight: 3,
    code: 'FW',
    noMac: 0.02,
    networked: true,
    os: [os('', null, 1)],
    models: [
      { manufacturer: 'Fortinet', model: 'FortiGate 60F', weight: 4, os: [os('FortiOS 7.2', null, 1)] },
      { manufacturer: 'Fortinet', model: 'FortiGate 100F', weight: 1, os: [os('FortiOS 7.4', null, 1)] },
      { manufacturer: 'SonicWall', model: 'TZ370', weight: 3, os: [os('SonicOS 7.0', null, 1)] },
      { manufacturer: 'Cisco', model: 'Meraki MX68', weight: 2, os: [os('', null, 1)] },
    ],
  },
  {
    name: 'Printer',
    weight: 6,
    code: 'PRN',
    noMac: 0.15,
    networked: true,
    os: [os('', null, 1)],
    models: [
      { manufacturer: 'HP', model: 'LaserJet Pro M404dn', weight: 4 },
      { manufacturer: 'HP', model: 'Color LaserJet Pro MFP M479fdw', weight: 3 },
      { manufacturer: 'Brother', model: 'HL-L2350DW', weight: 3 },
      { manufacturer: 'Brother', model: 'MFC-L8900CDW', weight: 2 },
      { manufacturer: 'Canon', model: 'imageRUNNER ADVANCE C3226', weight: 2 },
    ],
  },
  {
    name: 'Virtual Machine',
    weight: 5,
    code: 'VM',
    noMac: 0.05,
    networked: true,
    os: SERVER_OS.filter((o) => o.info !== 'VMware ESXi 8.0'),
    models: [
      { manufacturer: 'VMware', model: 'VMware Virtual Platform', weight: 3 },
      { manufacturer: 'Microsoft', model: 'Virtual Machine', weight: 2 },
    ],
  },
  {
    name: 'UPS',
    weight: 2,
    code: 'UPS',
    noMac: 0.6,
    networked: false,
    os: [os('', null, 1)],
    models: [
      { manufacturer: 'APC', model: 'Smart-UPS 1500', weight: 3 },
      { manufacturer: 'APC', model: 'Back-UPS Pro 1500', weight: 2 },
      { manufacturer: 'Eaton', model: '5P 1550', weight: 1 },
    ],
  },
  {
    name: 'Mobile Device',
    weight: 2,
    code: 'MOB',
    noMac: 0.3,
    networked: false,
    os: [os('iOS 17', 'iOS', 1)],
    models: [
      { manufacturer: 'Apple', model: 'iPhone 15', weight: 3, os: [os('iOS 17', 'iOS', 1)] },
      { manufacturer: 'Apple', model: 'iPhone 14', weight: 2, os: [os('iOS 17', 'iOS', 2), os('iOS 16', 'iOS', 1)] },
      { manufacturer: 'Apple', model: 'iPad Air', weight: 1, code: 'TAB', os: [os('iPadOS 17', 'iOS', 1)] },
      { manufacturer: 'Samsung', model: 'Galaxy S23', weight: 2, os: [os('Android 14', 'Android', 1)] },
    ],
  },
];

/** BMS AssetCategory rows: every category above. */
export const BMS_ASSET_CATEGORIES = CATEGORIES.map((c) => c.name);

/**
 * IT Glue configuration types. "Network Device", "Virtual Machine", "UPS" and "Mobile Device"
 * exist only in BMS (the engine must create them); "Switch", "Router", "Access Point", … exist only
 * in IT Glue.
 */
export const ITGLUE_CONFIGURATION_TYPES = [
  'Workstation', 'Laptop', 'Server', 'Printer', 'Firewall', 'Switch', 'Router', 'Access Point', 'Managed Device', 'Other',
] as const;

/** BMS Manufacturer rows. Fortinet, SonicWall, APC, Eaton, Canon and Synology are BMS-only. */
export const BMS_MANUFACTURERS = [
  'Dell', 'HP', 'Lenovo', 'Apple', 'Microsoft', 'Cisco', 'Ubiquiti', 'Fortinet', 'SonicWall', 'Brother', 'Canon',
  'VMware', 'APC', 'Eaton', 'Synology', 'Samsung',
] as const;

/** IT Glue manufacturers. "Hewlett Packard Enterprise", "Meraki" and "Juniper Networks" are IT Glue-only. */
export const ITGLUE_MANUFACTURERS = [
  'Dell', 'HP', 'Lenovo', 'Apple', 'Microsoft', 'Cisco', 'Ubiquiti', 'Brother', 'VMware', 'Samsung',
  'Hewlett Packard Enterprise', 'Meraki', 'Juniper Networks',
] as const;

/** IT Glue models (manufacturer, model); the rest of the catalogue's models are BMS-only text. */
export const ITGLUE_MODELS: readonly (readonly [string, string])[] = [
  ['Dell', 'OptiPlex 7090'], ['Dell', 'OptiPlex 7010'], ['Dell', 'Latitude 5440'], ['Dell', 'PowerEdge R740'],
  ['HP', 'EliteDesk 800 G6'], ['HP', 'EliteBook 840 G8'], ['HP', 'LaserJet Pro M404dn'],
  ['Hewlett Packard Enterprise', 'ProLiant DL380 Gen10'],
  ['Lenovo', 'ThinkPad T14 Gen 3'], ['Lenovo', 'ThinkCentre M70q'],
  ['Apple', 'MacBook Pro 14'], ['Apple', 'iPhone 15'],
  ['Cisco', 'Catalyst 9200'], ['Meraki', 'MX68'],
  ['Ubiquiti', 'UniFi AP AC Pro'], ['Ubiquiti', 'UniFi Switch 24 PoE'],
  ['Brother', 'HL-L2350DW'], ['Microsoft', 'Surface Laptop 5'],
];

/** IT Glue platforms (read-only list). BMS osType "iOS" and "Android" map; null osType has none. */
export const ITGLUE_PLATFORMS = ['Windows', 'macOS', 'Linux', 'iOS', 'Android', 'ChromeOS'] as const;

/**
 * IT Glue operating systems (read-only list) with their platform. BMS osInfo values such as
 * "Windows 11 Pro 23H2", "Debian 12" or "Synology DSM 7.2" have no IT Glue counterpart on purpose.
 */
export const ITGLUE_OPERATING_SYSTEMS: readonly (readonly [string, string])[] = [
  ['Windows 11 Pro', 'Windows'], ['Windows 11 Enterprise', 'Windows'], ['Windows 10 Pro', 'Windows'],
  ['Windows 10 Enterprise', 'Windows'], ['Windows Server 2022 Standard', 'Windows'],
  ['Windows Server 2019 Standard', 'Windows'], ['Windows Server 2016 Standard', 'Windows'],
  ['Windows Server 2012 R2 Standard', 'Windows'], ['macOS 15 Sequoia', 'macOS'], ['macOS 14 Sonoma', 'macOS'],
  ['macOS 13 Ventura', 'macOS'], ['Ubuntu 22.04 LTS', 'Linux'], ['Ubuntu 24.04 LTS', 'Linux'],
  ['Red Hat Enterprise Linux 9', 'Linux'], ['iOS 17', 'iOS'], ['iOS 16', 'iOS'], ['iPadOS 17', 'iOS'],
  ['Android 14', 'Android'], ['ChromeOS', 'ChromeOS'],
];

/** BMS AssetStatus rows and whether an asset in that status is active. */
export const BMS_ASSET_STATUSES: readonly { name: string; active: boolean; weight: number }[] = [
  { name: 'Active', active: true, weight: 88 },
  { name: 'Inactive', active: false, weight: 5 },
  { name: 'Retired', active: false, weight: 3 },
  { name: 'In Repair', active: true, weight: 2 },
  { name: 'Spare', active: true, weight: 2 },
];

/** IT Glue configuration statuses. "Retired", "In Repair", "Spare" are BMS-only. */
export const ITGLUE_CONFIGURATION_STATUSES = ['Active', 'Inactive', 'Decommissioned', 'In Stock'] as const;

/** Real vendor OUIs (first three octets) per manufacturer. */
export const OUIS: Record<string, readonly string[]> = {
  Dell: ['F8BC12', 'B8CA3A', '001422'],
  HP: ['3C5282', '001E0B', '9457A5'],
  Lenovo: ['54EE75', '8C1645', 'E86A64'],
  Apple: ['A483E7', 'F01898', '3C0754'],
  Microsoft: ['00155D', '281878'],
  Cisco: ['001B54', '70DB98', '00562B'],
  Ubiquiti: ['245A4C', '788A20', 'F09FC2'],
  Fortinet: ['00090F', '906CAC'],
  SonicWall: ['0017C5', '2CB8ED'],
  Brother: ['008077', '3C2AF4'],
  Canon: ['001E8F', '2C9EFC'],
  VMware: ['005056'],
  APC: ['00C0B7'],
  Eaton: ['002085'],
  Synology: ['001132'],
  Samsung: ['8C7712', 'F4D9FB'],
};

export type SerialStyle = 'dell' | 'hp' | 'lenovo' | 'apple' | 'cisco' | 'mac' | 'vmware' | 'generic';

export const SERIAL_STYLES: Record<string, { style: SerialStyle; prefix?: string }> = {
  Dell: { style: 'dell' },
  HP: { style: 'hp' },
  Lenovo: { style: 'lenovo' },
  Apple: { style: 'apple' },
  Microsoft: { style: 'generic', prefix: '0F' },
  Cisco: { style: 'cisco' },
  Ubiquiti: { style: 'mac' },
  SonicWall: { style: 'mac' },
  Fortinet: { style: 'generic', prefix: 'FGT60F' },
  Brother: { style: 'generic', prefix: 'E7' },
  Canon: { style: 'generic', prefix: 'QKM' },
  VMware: { style: 'vmware' },
  APC: { style: 'generic', prefix: 'AS' },
  Eaton: { style: 'generic', prefix: 'G' },
  Synology: { style: 'generic', prefix: '2150' },
  Samsung: { style: 'generic', prefix: 'R58' },
};
