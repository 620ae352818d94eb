/**
 * Datasets for the Push All and disconnect tests, with named ids so the tests read like a story.
 *
 * Push All (an MSP new to BMS): IT Glue is full, BMS holds one account that already exists in
 * IT Glue ("Contoso Ltd", with its main location and a contact), so the pre-check finds records
 * to link instead of duplicate. In IT Glue:
 * - "Acme West" (id 1) is a child of "Acme Corporation" (id 2): the child comes first, so its
 *   parent account can only be set after both exist;
 * - "Old Client" is inactive and "Our MSP" a Vendor: neither is eligible, nor are their children;
 * - a contact without a phone (BMS refuses it) and a Printer (a category not synced);
 * - optionally an organization of type "Managed Client", which BMS lacks (blocks the pre-check),
 *   and any number of extra plain organizations (for a push long enough to kill a worker in).
 *
 * Disconnect: BMS accounts, one of which ("Acme Corporation") already exists in IT Glue with
 * records only IT Glue has (flexible asset, password, document, configuration interfaces, a
 * domain, attachments on its records), and an IT Glue-only organization that the integration never
 * links (it must survive a delete, with its own domain and attachment).
 */
import type { DatasetInput } from '../../simulators/datasets/format.js';

export const APPROVER = 'manager@msp.example';

export const ORG_TYPE = { customer: 1, partner: 2, vendor: 3, managed: 4 } as const;
const ORG_STATUS = { active: 1, inactive: 2 } as const;
const CONFIG_TYPE = { workstation: 1, server: 2, printer: 3 } as const;
const CONFIG_STATUS = { active: 1, inactive: 2 } as const;

export const ORG = { acmeWest: 1, acme: 2, contoso: 3, globex: 4, oldClient: 5, ourMsp: 6, managed: 7 } as const;
export const BMS_CONTOSO = 9001;

const T0 = '2025-01-15T10:00:00.000Z';
const BMS_T0 = '2025-01-10T10:00:00.000';

const itglueLookups = {
  organizationTypes: [
    { id: ORG_TYPE.customer, name: 'Customer' },
    { id: ORG_TYPE.partner, name: 'Partner' },
    { id: ORG_TYPE.vendor, name: 'Vendor' },
    { id: ORG_TYPE.managed, name: 'Managed Client' },
  ],
  organizationStatuses: [
    { id: ORG_STATUS.active, name: 'Active' },
    { id: ORG_STATUS.inactive, name: 'Inactive' },
  ],
  configurationTypes: [
    { id: CONFIG_TYPE.workstation, name: 'Workstation' },
    { id: CONFIG_TYPE.server, name: 'Server' },
    { id: CONFIG_TYPE.printer, name: 'Printer' },
  ],
  configurationStatuses: [
    { id: CONFIG_STATUS.active, name: 'Active' },
    { id: CONFIG_STATUS.inactive, name: 'Inactive' },
  ],
};

/** Settings of the Push All tests (two-way stays off: Push All does not need it). */
export const PUSH_ALL_SETTINGS = {
  accountTypes: ['Customer', 'Partner'],
  accountStatuses: ['active' as const],
  assetCategories: ['Workstation', 'Server'],
  assetStatuses: ['active' as const],
  approvers: [APPROVER],
};

const org = (id: number, name: string, type: number, status: number, parent: number | null = null) => ({
  id: String(id),
  name,
  'organization-type-id': type,
  'organization-status-id': status,
  'parent-id': parent,
  'created-at': T0,
  'updated-at': T0,
});

let nextId = 100;
const location = (organizationId: number, name: string, primary: boolean, street: string) => ({
  id: String(++nextId),
  'organization-id': organizationId,
  name,
  primary,
  'address-1': street,
  city: 'Springfield',
  'postal-code': '12345',
  phone: '+1 555 0100',
  'created-at': T0,
  'updated-at': T0,
});

const contact = (organizationId: number, first: string, last: string, options: { email?: string; phone?: string; title?: string; locationId?: string }) => ({
  id: String(++nextId),
  'organization-id': organizationId,
  'first-name': first,
  'last-name': last,
  title: options.title ?? null,
  'location-id': options.locationId ? Number(options.locationId) : null,
  'contact-emails': options.email ? [{ value: options.email, primary: true, 'label-name': 'Work' }] : [],
  'contact-phones': options.phone ? [{ value: options.phone, primary: true, 'label-name': 'Work' }] : [],
  'created-at': T0,
  'updated-at': T0,
});

const configuration = (organizationId: number, name: string, type: number, serial: string) => ({
  id: String(++nextId),
  'organization-id': organizationId,
  name,
  'configuration-type-id': type,
  'configuration-status-id': CONFIG_STATUS.active,
  'serial-number': serial,
  'created-at': T0,
  'updated-at': T0,
});

export interface PushAllDatasetOptions {
  /** Add an organization of type "Managed Client", which BMS does not have. */
  managedClient?: boolean;
  /** Plain eligible organizations (with a primary location each) added after the story ones. */
  extraOrganizations?: number;
}

export function pushAllDataset(options: PushAllDatasetOptions = {}): DatasetInput {
  nextId = 100;
  const organizations = [
    org(ORG.acmeWest, 'Acme West', ORG_TYPE.customer, ORG_STATUS.active, ORG.acme),
    org(ORG.acme, 'Acme Corporation', ORG_TYPE.customer, ORG_STATUS.active),
    org(ORG.contoso, 'Contoso Ltd', ORG_TYPE.customer, ORG_STATUS.active),
    org(ORG.globex, 'Globex', ORG_TYPE.partner, ORG_STATUS.active),
    org(ORG.oldClient, 'Old Client', ORG_TYPE.customer, ORG_STATUS.inactive),
    org(ORG.ourMsp, 'Our MSP', ORG_TYPE.vendor, ORG_STATUS.active),
  ];
  if (options.managedClient) organizations.push(org(ORG.managed, 'Managed Co', ORG_TYPE.managed, ORG_STATUS.active));
  const acmeHq = location(ORG.acme, 'Acme HQ', true, '1 Acme Way');
  const locations = [
    location(ORG.acmeWest, 'Acme West Office', true, '9 West St'),
    acmeHq,
    location(ORG.acme, 'Acme Warehouse', false, '2 Dock Rd'),
    location(ORG.contoso, 'Contoso HQ', true, '1 Main St'),
    location(ORG.globex, 'Globex Tower', true, '5 Globex Plaza'),
    location(ORG.oldClient, 'Old Office', true, '3 Old Rd'),
    location(ORG.ourMsp, 'MSP Office', true, '7 Service Ln'),
  ];
  if (options.managedClient) locations.push(location(ORG.managed, 'Managed Office', true, '4 Managed Ave'));
  const contacts = [
    contact(ORG.acme, 'John', 'Smith', { email: 'john@acme.example', phone: '+1 555 0101', title: 'CTO', locationId: acmeHq.id }),
    contact(ORG.contoso, 'Ann', 'Lee', { email: 'ann@contoso.example', phone: '+1 555 0102' }),
    contact(ORG.globex, 'No', 'Phone', { email: 'nophone@globex.example' }),
    contact(ORG.oldClient, 'Old', 'Timer', { email: 'old@old.example', phone: '+1 555 0103' }),
  ];
  const configurations = [
    configuration(ORG.acme, 'ACME-WS-01', CONFIG_TYPE.workstation, 'SN-ACME-1'),
    configuration(ORG.acme, 'ACME-PRN-01', CONFIG_TYPE.printer, 'SN-ACME-P'),
    configuration(ORG.globex, 'GLX-SRV-01', CONFIG_TYPE.server, 'SN-GLX-1'),
  ];
  for (let i = 0; i < (options.extraOrganizations ?? 0); i++) {
    const id = 1000 + i;
    organizations.push(org(id, `Client ${String(i + 1).padStart(3, '0')}`, ORG_TYPE.customer, ORG_STATUS.active));
    locations.push(location(id, `Client ${i + 1} Office`, true, `${i + 1} Client St`));
  }
  return {
    version: 1,
    bms: {
      tenant: 'DemoMSP',
      accounts: [
        {
          id: BMS_CONTOSO,
          accountName: 'Contoso Ltd',
          accountTypeId: 1, // Customer (the simulator's default account types)
          isActive: true,
          createdOn: BMS_T0,
          modifiedOn: BMS_T0,
          locations: [
            {
              id: 9011,
              locationName: 'Contoso HQ',
              isMain: true,
              isActive: true,
              addresses: [{ id: 9021, address1: '1 Main St', city: 'Springfield', zipCode: '12345', isMain: true }],
            },
          ],
        },
      ],
      contacts: [
        {
          id: 9101,
          accountId: BMS_CONTOSO,
          locationId: 9011,
          firstName: 'Ann',
          lastName: 'Lee',
          emails: [{ emailAddress: 'ann@contoso.example', emailTypeId: 1, isDefault: true }],
          phones: [{ phone: '+1 555 0102', phoneTypeId: 1, isDefault: true }],
          createdOn: BMS_T0,
          modifiedOn: BMS_T0,
        },
      ],
    },
    itglue: { ...itglueLookups, organizations, locations, contacts, configurations },
  };
}

// ------------------------------------------------------------------ disconnect

export const DISCONNECT_ACCOUNT = { acme: 3001, globex: 3002, initech: 3003 } as const;
export const UNRELATED_ORG = 50;
const ACME_ORG = 40;

export const DISCONNECT_SETTINGS = {
  accountTypes: ['Customer'],
  accountStatuses: ['active' as const],
  assetCategories: ['Workstation', 'Server'],
  assetStatuses: ['active' as const],
};

export function disconnectDataset(): DatasetInput {
  nextId = 100;
  const account = (id: number, name: string, n: number) => ({
    id,
    accountName: name,
    accountTypeId: 1,
    isActive: true,
    createdOn: BMS_T0,
    modifiedOn: BMS_T0,
    locations: [
      {
        id: id + 100,
        locationName: `${name} HQ`,
        isMain: true,
        isActive: true,
        addresses: [{ id: id + 200, address1: `${n} Main St`, city: 'Springfield', zipCode: '12345', isMain: true }],
      },
    ],
  });
  const bmsContact = (id: number, accountId: number, first: string, last: string) => ({
    id,
    accountId,
    locationId: accountId + 100,
    firstName: first,
    lastName: last,
    emails: [{ emailAddress: `${first.toLowerCase()}@example.com`, emailTypeId: 1, isDefault: true }],
    phones: [{ phone: '+1 555 0199', phoneTypeId: 1, isDefault: true }],
    createdOn: BMS_T0,
    modifiedOn: BMS_T0,
  });
  const asset = (id: number, accountId: number, name: string, serial: string) => ({
    id,
    name,
    accountId,
    accountLocationId: accountId + 100,
    categoryId: 1, // Workstation
    serialNumber: serial,
    isActive: true,
    createdOn: BMS_T0,
    modifiedOn: BMS_T0,
  });
  const acmeHq = location(ACME_ORG, 'Acme Corporation HQ', true, '1 Main St');
  const acmeWs = configuration(ACME_ORG, 'ACME-WS-01', CONFIG_TYPE.workstation, 'SN-A1');
  const unrelatedHq = location(UNRELATED_ORG, 'Unrelated HQ', true, '9 Other Rd');
  const acmeContact = contact(ACME_ORG, 'John', 'Smith', { email: 'john@example.com', phone: '+1 555 0199', locationId: acmeHq.id });
  const unrelatedWs = configuration(UNRELATED_ORG, 'UNREL-WS', CONFIG_TYPE.workstation, 'SN-U1');
  return {
    version: 1,
    bms: {
      tenant: 'DemoMSP',
      accounts: [account(DISCONNECT_ACCOUNT.acme, 'Acme Corporation', 1), account(DISCONNECT_ACCOUNT.globex, 'Globex', 2), account(DISCONNECT_ACCOUNT.initech, 'Initech', 3)],
      contacts: [
        bmsContact(3101, DISCONNECT_ACCOUNT.acme, 'John', 'Smith'),
        bmsContact(3102, DISCONNECT_ACCOUNT.globex, 'Gina', 'Globe'),
        bmsContact(3103, DISCONNECT_ACCOUNT.initech, 'Ivan', 'Init'),
      ],
      hardwareAssets: [
        asset(3201, DISCONNECT_ACCOUNT.acme, 'ACME-WS-01', 'SN-A1'),
        asset(3202, DISCONNECT_ACCOUNT.globex, 'GLX-WS-01', 'SN-G1'),
        asset(3203, DISCONNECT_ACCOUNT.initech, 'INI-WS-01', 'SN-I1'),
      ],
    },
    itglue: {
      ...itglueLookups,
      organizations: [org(ACME_ORG, 'Acme Corporation', ORG_TYPE.customer, ORG_STATUS.active), org(UNRELATED_ORG, 'Unrelated Org', ORG_TYPE.customer, ORG_STATUS.active)],
      locations: [acmeHq, unrelatedHq],
      contacts: [acmeContact, contact(UNRELATED_ORG, 'Una', 'Related', { email: 'una@example.com' })],
      configurations: [acmeWs, unrelatedWs],
      configurationInterfaces: [
        { id: '801', 'configuration-id': Number(acmeWs.id), name: 'eth0', 'ip-address': '10.0.0.5', 'mac-address': '00:11:22:33:44:55', primary: true },
        { id: '802', 'configuration-id': Number(acmeWs.id), name: 'wlan0', 'ip-address': '10.0.1.5', primary: false },
      ],
      flexibleAssetTypes: [{ id: '70', name: 'Backup', icon: 'cloud-upload', 'created-at': T0, 'updated-at': T0 }],
      flexibleAssetFields: [
        { id: '71', 'flexible-asset-type-id': 70, order: 1, name: 'Product', kind: 'Text', required: true, 'use-for-title': true, 'show-in-list': true },
        { id: '72', 'flexible-asset-type-id': 70, order: 2, name: 'Devices', kind: 'Number', 'show-in-list': true },
      ],
      flexibleAssets: [
        { id: '901', 'organization-id': ACME_ORG, 'flexible-asset-type-id': 70, traits: { product: 'Datto SIRIS', devices: 4 } },
        { id: '902', 'organization-id': UNRELATED_ORG, 'flexible-asset-type-id': 70, traits: { product: 'Veeam', devices: 1 } },
      ],
      passwords: [
        { id: '601', 'organization-id': ACME_ORG, name: 'Acme firewall admin', username: 'admin', password: 's3cret-acme' },
        { id: '602', 'organization-id': UNRELATED_ORG, name: 'Unrelated router', username: 'root', password: 's3cret-unrel' },
      ],
      documents: [
        { id: '501', 'organization-id': ACME_ORG, name: 'Acme network runbook' },
        { id: '502', 'organization-id': UNRELATED_ORG, name: 'Unrelated notes' },
      ],
      domains: [
        { id: '701', 'organization-id': ACME_ORG, name: 'acme.example', 'registrar-name': 'Gandi', 'expires-on': '2027-03-01' },
        { id: '702', 'organization-id': UNRELATED_ORG, name: 'unrelated.example' },
      ],
      attachments: [
        attachment('1101', 'organizations', ACME_ORG, 'contract.pdf'),
        attachment('1102', 'locations', Number(acmeHq.id), 'floor-plan.png'),
        attachment('1103', 'contacts', Number(acmeContact.id), 'id-card.jpg'),
        attachment('1104', 'configurations', Number(acmeWs.id), 'invoice.pdf'),
        attachment('1105', 'configurations', Number(acmeWs.id), 'warranty.pdf'),
        attachment('1106', 'passwords', 601, 'recovery-codes.txt'),
        attachment('1107', 'flexible_assets', 901, 'backup-report.pdf'),
        attachment('1108', 'configurations', Number(unrelatedWs.id), 'unrelated.pdf'),
      ],
    },
  };
}

const attachment = (id: string, resourceType: string, resourceId: number, fileName: string) => ({
  id,
  'resource-type': resourceType as 'organizations',
  'resource-id': resourceId,
  name: fileName,
  'attachment-file-name': fileName,
  'attachment-content-type': 'application/octet-stream',
  'attachment-file-size': 1024,
});
