/**
 * A small hand-made dataset where every mapped field of the four pairs (SPEC §3) is set, with
 * named ids so tests can read like a story. The IT Glue side starts empty (the simulator seeds
 * its lookup lists), so everything the first sync writes there comes from this BMS data.
 *
 * What it exercises on purpose:
 * - an account type ("Managed Client"), an asset category ("Other"), a manufacturer ("Framework")
 *   and a model that IT Glue does not have yet: the sync creates them;
 * - a parent account, a non-main location, a state given as an ISO code ("ON") and a country given
 *   as an ISO code ("US");
 * - an asset whose OS and platform IT Glue does not know and whose contact belongs to another
 *   account: those fields stay empty and are logged;
 * - accounts and assets of several types and statuses, for the settings filters.
 */
import type { DatasetInput } from '../../simulators/datasets/format.js';

export const ACCOUNT = {
  holdings: 3001, // Customer, parent of traders
  traders: 3002, // Managed Client (a type IT Glue lacks), child of holdings
  contoso: 3003, // Customer
  prospect: 3004, // Prospect
  inactive: 3005, // Customer, inactive
} as const;

export const LOCATION = {
  holdingsHq: 4001,
  tradersMain: 4002,
  tradersWarehouse: 4003,
  contosoMain: 4004,
  prospectMain: 4005,
  inactiveMain: 4006,
} as const;

export const CONTACT = {
  maria: 5001, // traders, at the warehouse
  peter: 5002, // contoso
  ana: 5003, // prospect
  hanna: 5004, // holdings
} as const;

export const ASSET = {
  laptop: 6001, // traders: every field set, lookups IT Glue lacks
  oldPc: 6002, // traders: inactive, unknown OS and platform, contact of another account
  printer: 6003, // contoso: Printer
  server: 6004, // contoso: Server
  prospectPc: 6005, // prospect
  holdingsFirewall: 6006, // holdings: Firewall
} as const;

export const TYPE = { customer: 1, prospect: 2, vendor: 3, managedClient: 10 } as const;
export const CATEGORY = { workstation: 1, laptop: 2, server: 3, firewall: 4, printer: 6, other: 9 } as const;
export const MANUFACTURER = { dell: 1, framework: 2, hp: 3 } as const;
const EMAIL = { work: 1, personal: 2 };
const PHONE = { work: 1, mobile: 2 };

const T0 = '2024-03-01T09:00:00.000';

function address(fields: Record<string, unknown>) {
  return { id: 0, isMain: true, isBilling: false, ...fields };
}

let addressId = 7000;
function location(id: number, locationName: string, isMain: boolean, fields: Record<string, unknown>) {
  return { id, locationName, isMain, isActive: true, createdOn: T0, modifiedOn: T0, addresses: [address({ ...fields, id: ++addressId })] };
}

export function smallDataset(): DatasetInput {
  addressId = 7000;
  return {
    version: 1,
    bms: {
      tenant: 'DemoMSP',
      accountTypes: [
        { id: TYPE.customer, name: 'Customer' },
        { id: TYPE.prospect, name: 'Prospect' },
        { id: TYPE.vendor, name: 'Vendor', isClient: false, isVendor: true },
        { id: TYPE.managedClient, name: 'Managed Client' },
      ],
      lookups: {
        Manufacturer: [
          { id: MANUFACTURER.dell, name: 'Dell' },
          { id: MANUFACTURER.framework, name: 'Framework' },
          { id: MANUFACTURER.hp, name: 'HP' },
        ],
      },
      accounts: [
        {
          id: ACCOUNT.holdings,
          accountName: 'Northwind Holdings',
          accountCode: 'NWH',
          accountTypeId: TYPE.customer,
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
          locations: [
            location(LOCATION.holdingsHq, 'HQ', true, {
              address1: '1 Front Street West',
              address2: 'Suite 100',
              city: 'Toronto',
              state: 'ON',
              zipCode: 'M5J 2X5',
              country: 'Canada',
              phone: '416-555-0100',
              fax: '416-555-0199',
            }),
          ],
        },
        {
          id: ACCOUNT.traders,
          accountName: 'Northwind Traders',
          accountCode: 'NWT',
          accountTypeId: TYPE.managedClient,
          parentId: ACCOUNT.holdings,
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
          locations: [
            location(LOCATION.tradersMain, 'Main Office', true, {
              address1: '500 Market Street',
              address2: null,
              city: 'San Francisco',
              state: 'California',
              zipCode: '94105',
              country: 'United States',
              phone: '415-555-0142',
              fax: null,
            }),
            location(LOCATION.tradersWarehouse, 'Warehouse', false, {
              address1: '12 Dock Road',
              address2: 'Gate 4',
              city: 'Oakland',
              state: 'CA',
              zipCode: '94607',
              country: 'US',
              phone: '510-555-0177',
              fax: '510-555-0178',
            }),
          ],
        },
        {
          id: ACCOUNT.contoso,
          accountName: 'Contoso Ltd',
          accountCode: 'CON',
          accountTypeId: TYPE.customer,
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
          locations: [location(LOCATION.contosoMain, 'Head Office', true, { address1: '1 Contoso Way', city: 'Seattle', state: 'WA', zipCode: '98101', country: 'United States' })],
        },
        {
          id: ACCOUNT.prospect,
          accountName: 'Fabrikam Prospects',
          accountTypeId: TYPE.prospect,
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
          locations: [location(LOCATION.prospectMain, 'Office', true, { address1: '9 Fabrikam Road', city: 'Austin', state: 'TX', country: 'United States' })],
        },
        {
          id: ACCOUNT.inactive,
          accountName: 'Old Customer Inc',
          accountTypeId: TYPE.customer,
          isActive: false,
          createdOn: T0,
          modifiedOn: T0,
          locations: [location(LOCATION.inactiveMain, 'Office', true, { address1: '3 Old Road', city: 'Dublin', country: 'Ireland' })],
        },
      ],
      contacts: [
        {
          id: CONTACT.maria,
          accountId: ACCOUNT.traders,
          locationId: LOCATION.tradersWarehouse,
          firstName: 'Maria',
          lastName: 'Anders',
          jobTitle: 'Operations Manager',
          isPoc: true,
          emails: [
            { emailAddress: 'maria.anders@northwind.example', emailTypeId: EMAIL.work, isDefault: true },
            { emailAddress: 'maria@home.example', emailTypeId: EMAIL.personal, isDefault: false },
          ],
          phones: [
            { phone: '415-555-0143', phoneTypeId: PHONE.work, isDefault: true },
            { phone: '415-555-0199', phoneTypeId: PHONE.mobile, isDefault: false },
          ],
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: CONTACT.peter,
          accountId: ACCOUNT.contoso,
          locationId: LOCATION.contosoMain,
          firstName: 'Peter',
          lastName: 'Franken',
          emails: [{ emailAddress: 'peter@contoso.example', emailTypeId: EMAIL.work, isDefault: true }],
          phones: [{ phone: '206-555-0100', phoneTypeId: PHONE.work, isDefault: true }],
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: CONTACT.ana,
          accountId: ACCOUNT.prospect,
          locationId: LOCATION.prospectMain,
          firstName: 'Ana',
          lastName: 'Trujillo',
          emails: [{ emailAddress: 'ana@fabrikam.example', emailTypeId: EMAIL.work, isDefault: true }],
          phones: [],
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: CONTACT.hanna,
          accountId: ACCOUNT.holdings,
          locationId: LOCATION.holdingsHq,
          firstName: 'Hanna',
          lastName: 'Moos',
          emails: [],
          phones: [],
          createdOn: T0,
          modifiedOn: T0,
        },
      ],
      hardwareAssets: [
        {
          id: ASSET.laptop,
          name: 'NWT-LT-001',
          accountId: ACCOUNT.traders,
          accountLocationId: LOCATION.tradersWarehouse,
          categoryId: CATEGORY.other,
          contactId: CONTACT.maria,
          assetTag: 'NW-0001',
          serialNumber: 'FRM13-7788-A',
          manufacturerId: MANUFACTURER.framework,
          modelNumber: 'Laptop 13 (2024)',
          ipAddress: '10.1.2.3',
          macAddress: '00-1a-2b-3c-4d-5e',
          defaultGateway: '10.1.2.1',
          osType: 'Windows',
          osInfo: 'Windows 11',
          locationInfo: 'Dispatch desk 2',
          acquisitionDate: '2023-01-10T00:00:00',
          warrantyExpirationDate: '2026-01-09T00:00:00',
          description: 'Dispatcher laptop',
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: ASSET.oldPc,
          name: 'NWT-WS-002',
          accountId: ACCOUNT.traders,
          accountLocationId: LOCATION.tradersMain,
          categoryId: CATEGORY.workstation,
          contactId: CONTACT.peter,
          serialNumber: 'DL-OLD-0002',
          manufacturerId: MANUFACTURER.dell,
          modelNumber: 'OptiPlex 7010',
          osType: 'BeOS',
          osInfo: 'Windows 3.11',
          isActive: false,
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: ASSET.printer,
          name: 'CON-PR-001',
          accountId: ACCOUNT.contoso,
          accountLocationId: LOCATION.contosoMain,
          categoryId: CATEGORY.printer,
          serialNumber: 'HP-PR-1',
          manufacturerId: MANUFACTURER.hp,
          modelNumber: 'LaserJet Pro M404',
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: ASSET.server,
          name: 'CON-SRV-001',
          accountId: ACCOUNT.contoso,
          accountLocationId: LOCATION.contosoMain,
          categoryId: CATEGORY.server,
          contactId: CONTACT.peter,
          serialNumber: 'DL-SRV-1',
          manufacturerId: MANUFACTURER.dell,
          modelNumber: 'PowerEdge R650',
          ipAddress: '10.9.0.10',
          macAddress: 'AABBCCDDEEFF',
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: ASSET.prospectPc,
          name: 'FAB-WS-001',
          accountId: ACCOUNT.prospect,
          accountLocationId: LOCATION.prospectMain,
          categoryId: CATEGORY.workstation,
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
        },
        {
          id: ASSET.holdingsFirewall,
          name: 'NWH-FW-001',
          accountId: ACCOUNT.holdings,
          accountLocationId: LOCATION.holdingsHq,
          categoryId: CATEGORY.firewall,
          isActive: true,
          createdOn: T0,
          modifiedOn: T0,
        },
      ],
    },
    itglue: {},
  };
}

/** Settings that sync every record of the small dataset. */
export const SMALL_SYNC_ALL = {
  accountTypes: ['Customer', 'Prospect', 'Managed Client'],
  accountStatuses: ['active', 'inactive'] as ('active' | 'inactive')[],
  assetCategories: ['Workstation', 'Laptop', 'Server', 'Firewall', 'Printer', 'Other'],
  assetStatuses: ['active', 'inactive'] as ('active' | 'inactive')[],
};
