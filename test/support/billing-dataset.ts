/**
 * A small hand-made dataset for the billing tests, with named ids so the tests read like a story.
 *
 * BMS: three customers with recurring-services contracts. Acme and Globex are "Customer"
 * accounts, so the first sync links them to the IT Glue organizations of the same name;
 * Initech is a "Prospect" (not synced): its organization exists in IT Glue, with licenses, but
 * billing must count 0 for it.
 *
 * IT Glue: the generator's two flexible asset types ("Microsoft 365 Licenses", "Backup") with
 * values real data has: numbers, a missing value, text in a number field ("TBD"), an archived
 * asset, and several license types and statuses for the filters.
 */
import type { DatasetInput } from '../../simulators/datasets/format.js';
import type { Harness } from './harness.js';

export const BILLING_ACCOUNT = { acme: 5101, globex: 5102, initech: 5103 } as const;
export const BILLING_ORG = { acme: '9101', globex: '9102', initech: '9103' } as const;
export const CONTRACT = { acme: 7801, globex: 7802, initech: 7803 } as const;
export const LINE = {
  /** Acme, Microsoft 365 Business Premium, 10 units: billed by licensed users of Premium licenses. */
  acmePremium: 88101,
  /** Acme, Exchange Online (Plan 1), 3 units: Exchange and E3 licenses (a two-value filter). */
  acmeExchange: 88103,
  /** Acme, Microsoft 365 Business Standard, 12 units: every active license (a status filter). */
  acmeAllActive: 88104,
  /** Acme, Managed Workstation: no rule (a line the validation can name). */
  acmeWorkstations: 88105,
  /** Globex, Cloud Backup, 4 units: protected devices, quarterly. */
  globexBackup: 88201,
  /** Globex, Microsoft 365 E3, 5 units: E3 licensed users, yearly. */
  globexE3: 88202,
  /** Initech, Microsoft 365 Business Basic, 6 units: not synced, so it drops to 0. */
  initechBasic: 88301,
} as const;
export const ASSET_TYPE = { m365: '21', backup: '22' } as const;
export const FLEX = {
  acmePremium4: '31001',
  acmePremium3: '31002',
  acmePremiumText: '31003',
  acmePremiumMissing: '31004',
  acmePremiumArchived: '31005',
  acmeE3: '31006',
  acmeExchangeActive: '31007',
  acmeExchangeSuspended: '31008',
  globexBackup: '31101',
  globexE3: '31102',
  initechBasic: '31201',
} as const;

const T0 = '2023-06-01T09:00:00.000Z';
const BMS_T0 = '2023-06-01T09:00:00';
export const SERVICE = { workstation: 301, premium: 305, standard: 304, e3: 306, exchange: 307, basic: 303, backup: 308 } as const;

function account(id: number, accountName: string, accountTypeId: number) {
  return { id, accountName, accountTypeId, isActive: true, createdOn: BMS_T0, modifiedOn: BMS_T0, locations: [] };
}

function line(id: number, serviceId: number, units: number, unitPrice: number, sortOrder: number) {
  return { id, serviceId, units, unitCost: 1, unitPrice, effectiveDate: BMS_T0, sortOrder };
}

function field(id: number, typeId: number, order: number, name: string, kind: 'Number' | 'Select' | 'Text', extra: Record<string, unknown> = {}) {
  return { id: String(id), 'flexible-asset-type-id': typeId, order, name, kind, 'created-at': T0, 'updated-at': T0, ...extra };
}

function asset(id: string, organizationId: string, typeId: string, traits: Record<string, unknown>, archived = false) {
  return { id, 'organization-id': Number(organizationId), 'flexible-asset-type-id': Number(typeId), traits, archived, 'created-at': T0, 'updated-at': T0 };
}

const LICENSES = ['Microsoft 365 Business Basic', 'Microsoft 365 Business Standard', 'Microsoft 365 Business Premium', 'Microsoft 365 E3', 'Exchange Online (Plan 1)'];

export function billingDataset(): DatasetInput {
  const m365 = Number(ASSET_TYPE.m365);
  const backup = Number(ASSET_TYPE.backup);
  const license = (type: string, users: unknown, status = 'Active') => ({ 'license-type': type, ...(users === undefined ? {} : { 'licensed-users': users }), status });
  return {
    version: 1,
    bms: {
      tenant: 'DemoMSP',
      accountTypes: [
        { id: 1, name: 'Customer' },
        { id: 2, name: 'Prospect' },
      ],
      accounts: [account(BILLING_ACCOUNT.acme, 'Acme Corporation', 1), account(BILLING_ACCOUNT.globex, 'Globex', 1), account(BILLING_ACCOUNT.initech, 'Initech', 2)],
      services: [
        { id: SERVICE.workstation, name: 'Managed Workstation', unitCost: 10, unitPrice: 35 },
        { id: SERVICE.basic, name: 'Microsoft 365 Business Basic', unitCost: 5.4, unitPrice: 7.2 },
        { id: SERVICE.standard, name: 'Microsoft 365 Business Standard', unitCost: 11.25, unitPrice: 15 },
        { id: SERVICE.premium, name: 'Microsoft 365 Business Premium', unitCost: 19.8, unitPrice: 26.4 },
        { id: SERVICE.e3, name: 'Microsoft 365 E3', unitCost: 32.4, unitPrice: 43.2 },
        { id: SERVICE.exchange, name: 'Exchange Online (Plan 1)', unitCost: 3.6, unitPrice: 4.8 },
        { id: SERVICE.backup, name: 'Cloud Backup', unitCost: 8, unitPrice: 25 },
      ],
      contracts: [
        {
          id: CONTRACT.acme,
          contractName: 'Managed Services Agreement',
          accountId: BILLING_ACCOUNT.acme,
          billingCycleId: 1,
          startDate: BMS_T0,
          endDate: null,
          services: [
            line(LINE.acmePremium, SERVICE.premium, 10, 26.4, 1),
            line(LINE.acmeExchange, SERVICE.exchange, 3, 4.8, 2),
            line(LINE.acmeAllActive, SERVICE.standard, 12, 15, 3),
            line(LINE.acmeWorkstations, SERVICE.workstation, 20, 35, 4),
          ],
        },
        {
          id: CONTRACT.globex,
          contractName: 'Managed IT Services',
          accountId: BILLING_ACCOUNT.globex,
          billingCycleId: 2,
          startDate: BMS_T0,
          endDate: null,
          services: [line(LINE.globexBackup, SERVICE.backup, 4, 25, 1), line(LINE.globexE3, SERVICE.e3, 5, 43.2, 2)],
        },
        {
          id: CONTRACT.initech,
          contractName: 'Support Agreement',
          accountId: BILLING_ACCOUNT.initech,
          billingCycleId: 1,
          startDate: BMS_T0,
          endDate: null,
          services: [line(LINE.initechBasic, SERVICE.basic, 6, 7.2, 1)],
        },
      ],
    },
    itglue: {
      organizations: [
        { id: BILLING_ORG.acme, name: 'Acme Corporation', 'created-at': T0, 'updated-at': T0 },
        { id: BILLING_ORG.globex, name: 'Globex', 'created-at': T0, 'updated-at': T0 },
        { id: BILLING_ORG.initech, name: 'Initech', 'created-at': T0, 'updated-at': T0 },
      ],
      flexibleAssetTypes: [
        { id: ASSET_TYPE.m365, name: 'Microsoft 365 Licenses', icon: 'windows', 'created-at': T0, 'updated-at': T0 },
        { id: ASSET_TYPE.backup, name: 'Backup', icon: 'cloud-upload', 'created-at': T0, 'updated-at': T0 },
      ],
      flexibleAssetFields: [
        field(2101, m365, 1, 'License Type', 'Select', { 'default-value': LICENSES.join('\n'), required: true, 'use-for-title': true, 'show-in-list': true }),
        field(2102, m365, 2, 'Licensed Users', 'Number', { decimals: 0, 'show-in-list': true }),
        field(2103, m365, 3, 'Status', 'Select', { 'default-value': 'Active\nSuspended\nExpired', 'show-in-list': true }),
        field(2104, m365, 4, 'Tenant Domain', 'Text'),
        field(2201, backup, 1, 'Product', 'Select', { 'default-value': 'Datto SIRIS\nVeeam Backup & Replication', required: true, 'use-for-title': true, 'show-in-list': true }),
        field(2202, backup, 2, 'Protected Devices', 'Number', { decimals: 0, 'show-in-list': true }),
        field(2203, backup, 3, 'Status', 'Select', { 'default-value': 'Active\nPaused\nCancelled', 'show-in-list': true }),
      ],
      flexibleAssets: [
        asset(FLEX.acmePremium4, BILLING_ORG.acme, ASSET_TYPE.m365, license('Microsoft 365 Business Premium', 4)),
        asset(FLEX.acmePremium3, BILLING_ORG.acme, ASSET_TYPE.m365, license('Microsoft 365 Business Premium', 3)),
        asset(FLEX.acmePremiumText, BILLING_ORG.acme, ASSET_TYPE.m365, license('Microsoft 365 Business Premium', 'TBD')),
        asset(FLEX.acmePremiumMissing, BILLING_ORG.acme, ASSET_TYPE.m365, license('Microsoft 365 Business Premium', undefined)),
        asset(FLEX.acmePremiumArchived, BILLING_ORG.acme, ASSET_TYPE.m365, license('Microsoft 365 Business Premium', 50), true),
        asset(FLEX.acmeE3, BILLING_ORG.acme, ASSET_TYPE.m365, license('Microsoft 365 E3', 5)),
        asset(FLEX.acmeExchangeActive, BILLING_ORG.acme, ASSET_TYPE.m365, license('Exchange Online (Plan 1)', 2)),
        asset(FLEX.acmeExchangeSuspended, BILLING_ORG.acme, ASSET_TYPE.m365, license('Exchange Online (Plan 1)', 6, 'Suspended')),
        asset(FLEX.globexBackup, BILLING_ORG.globex, ASSET_TYPE.backup, { product: 'Datto SIRIS', 'protected-devices': 4, status: 'Active' }),
        asset(FLEX.globexE3, BILLING_ORG.globex, ASSET_TYPE.m365, license('Microsoft 365 E3', 5)),
        asset(FLEX.initechBasic, BILLING_ORG.initech, ASSET_TYPE.m365, license('Microsoft 365 Business Basic', 9)),
      ],
    },
  };
}

/** A contract's service lines in the BMS simulator (read as a person would see them in BMS). */
export async function serviceLines(h: Harness, contractId: number, serviceId?: number): Promise<{ id: number; serviceId: number; units: number; unitPrice: number; effectiveDate: string; serviceDescription: string | null }[]> {
  const contract = await h.bms.admin.get<{ services: { id: number; serviceId: number; units: number; unitPrice: number; effectiveDate: string; serviceDescription?: string | null }[] }>('contracts', contractId);
  return contract.services
    .filter((l) => serviceId === undefined || l.serviceId === serviceId)
    .map((l) => ({ id: l.id, serviceId: l.serviceId, units: l.units, unitPrice: l.unitPrice, effectiveDate: l.effectiveDate, serviceDescription: l.serviceDescription ?? null }));
}

/** What the contract bills for a service: the units of its lines added up. */
export async function serviceUnits(h: Harness, contractId: number, serviceId: number): Promise<number> {
  return (await serviceLines(h, contractId, serviceId)).reduce((sum, l) => sum + l.units, 0);
}
