/**
 * Billing data (SPEC §9): the IT Glue flexible asset types a billing rule sums over ("Microsoft
 * 365 Licenses" with a numeric `Licensed Users`, "Backup" with `Protected Devices`) and their
 * assets across organizations (with the missing and non-numeric values real data has), then the
 * BMS service catalogue and recurring-service contracts whose lines mostly agree with those sums.
 */
import { Rng } from '../random.js';
import type { BmsLookups } from './lookups.js';
import type { ItGlueBuilder, OrgMeta } from './itglue.js';
import type { BmsContract, BmsService, BmsWorld, ItgFlexibleAssetField } from './model.js';
import { DAY, IdSequence, YEAR, between, bmsDate, dateOnly, itgTime, pad, sample, slug } from './util.js';

export const MICROSOFT_365_TYPE = 'Microsoft 365 Licenses';
export const BACKUP_TYPE = 'Backup';
export const LICENSE_TYPES = [
  'Microsoft 365 Business Basic',
  'Microsoft 365 Business Standard',
  'Microsoft 365 Business Premium',
  'Microsoft 365 E3',
  'Exchange Online (Plan 1)',
] as const;
const BACKUP_PRODUCTS = ['Datto SIRIS', 'Datto Endpoint Backup', 'Veeam Backup & Replication', 'Acronis Cyber Protect'] as const;

/** The BMS catalogue; each license type has a service of the same name. */
export const SERVICE_CATALOGUE: readonly { name: string; description: string; unitCost: number; unitPrice: number; isActive?: boolean }[] = [
  { name: 'Managed Workstation', description: 'Per workstation per month', unitCost: 10, unitPrice: 35 },
  { name: 'Managed Server', description: 'Per server per month', unitCost: 40, unitPrice: 120 },
  { name: 'Microsoft 365 Business Basic', description: 'Per user per month', unitCost: 5.4, unitPrice: 7.2 },
  { name: 'Microsoft 365 Business Standard', description: 'Per user per month', unitCost: 11.25, unitPrice: 15 },
  { name: 'Microsoft 365 Business Premium', description: 'Per user per month', unitCost: 19.8, unitPrice: 26.4 },
  { name: 'Microsoft 365 E3', description: 'Per user per month', unitCost: 32.4, unitPrice: 43.2 },
  { name: 'Exchange Online (Plan 1)', description: 'Per mailbox per month', unitCost: 3.6, unitPrice: 4.8 },
  { name: 'Cloud Backup', description: 'Per protected device per month', unitCost: 8, unitPrice: 25 },
  { name: 'Firewall Management', description: 'Per firewall per month', unitCost: 15, unitPrice: 45 },
  { name: 'Legacy Antivirus', description: 'Retired: replaced by EDR', unitCost: 2, unitPrice: 5, isActive: false },
];

/** IT Glue's trait key of a field name ("Licensed Users" → "licensed-users"). */
export function traitKey(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

interface FieldSpec {
  name: string;
  kind: ItgFlexibleAssetField['kind'];
  options?: readonly string[];
  decimals?: number;
  required?: boolean;
  title?: boolean;
  list?: boolean;
}

const TYPES: readonly { name: string; icon: string; description: string; fields: readonly FieldSpec[] }[] = [
  {
    name: MICROSOFT_365_TYPE,
    icon: 'windows',
    description: 'Microsoft 365 subscriptions of the client tenant',
    fields: [
      { name: 'License Type', kind: 'Select', options: LICENSE_TYPES, required: true, title: true, list: true },
      { name: 'Licensed Users', kind: 'Number', decimals: 0, list: true },
      { name: 'Status', kind: 'Select', options: ['Active', 'Suspended', 'Expired'], list: true },
      { name: 'Tenant Domain', kind: 'Text' },
      { name: 'Renewal Date', kind: 'Date' },
      { name: 'Notes', kind: 'Textbox' },
    ],
  },
  {
    name: BACKUP_TYPE,
    icon: 'cloud-upload',
    description: 'Backup products and what they protect',
    fields: [
      { name: 'Product', kind: 'Select', options: BACKUP_PRODUCTS, required: true, title: true, list: true },
      { name: 'Protected Devices', kind: 'Number', decimals: 0, list: true },
      { name: 'Storage (TB)', kind: 'Number', decimals: 1 },
      { name: 'Status', kind: 'Select', options: ['Active', 'Paused', 'Cancelled'], list: true },
      { name: 'Notes', kind: 'Textbox' },
    ],
  },
];

/** Sums the billing engine would see, per IT Glue organization id and trait, from numeric values only. */
export type BillingTotals = Map<string, { licenses: Map<string, number>; protectedDevices: number }>;

export function addFlexibleAssets(itg: ItGlueBuilder, world: BmsWorld): BillingTotals {
  const rng = Rng.stream(world.options.seed, 'flexible-assets');
  const createdMs = world.options.nowMs - 5 * YEAR;
  const typeIds = new Map<string, number>();
  for (const type of TYPES) {
    const typeId = itg.ids.take('assetType');
    typeIds.set(type.name, typeId);
    itg.flexibleAssetTypes.push({
      id: String(typeId),
      name: type.name,
      description: type.description,
      icon: type.icon,
      'show-in-menu': true,
      enabled: true,
      'created-at': itgTime(createdMs),
      'updated-at': itgTime(createdMs),
    });
    type.fields.forEach((field, i) => {
      itg.flexibleAssetFields.push({
        id: String(itg.ids.take('assetField')),
        'flexible-asset-type-id': typeId,
        order: i + 1,
        name: field.name,
        'name-key': traitKey(field.name),
        kind: field.kind,
        hint: null,
        decimals: field.decimals ?? null,
        'default-value': field.options ? field.options.join('\n') : null,
        'tag-type': null,
        required: field.required ?? false,
        'use-for-title': field.title ?? false,
        'show-in-list': field.list ?? false,
        'created-at': itgTime(createdMs),
        'updated-at': itgTime(createdMs),
      });
    });
  }

  const decoys = new Set([...itg.decoyOfAccount.values()].map((o) => o.id));
  const customer = itg.lookups.id('organizationTypes', 'Customer');
  const m365 = typeIds.get(MICROSOFT_365_TYPE)!;
  const backup = typeIds.get(BACKUP_TYPE)!;
  for (const meta of itg.meta.values()) {
    if (decoys.has(meta.organization.id)) continue;
    const isClient = meta.account ? meta.account.typeName === 'Customer' || meta.account.typeName === 'Former Customer' : meta.organization['organization-type-id'] === customer;
    if (!isClient) continue;
    const people = Math.max(2, meta.account ? meta.account.contacts.length : meta.contactNames.size);
    if (rng.chance(0.85)) {
      const kinds = sample(rng, LICENSE_TYPES, rng.choose<number>([[1, 55], [2, 35], [3, 10]]));
      for (const license of kinds) {
        const main = license === 'Microsoft 365 Business Premium' || license === 'Microsoft 365 Business Standard';
        const users = Math.max(1, Math.round(people * (main ? 0.6 + rng.next() * 0.8 : 0.1 + rng.next() * 0.3)));
        addAsset(rng, itg, meta, m365, rng.chance(0.04), {
          'license-type': license,
          'licensed-users': numberOrNoise(rng, users, NOISE['licensed-users']!),
          status: rng.choose<string>([['Active', 85], ['Suspended', 10], ['Expired', 5]]),
          'tenant-domain': `${slug(meta.token) || 'tenant'}.onmicrosoft.com`,
          'renewal-date': rng.chance(0.7) ? dateOnly(between(rng, itg.nowMs, itg.nowMs + YEAR)) : undefined,
        });
      }
    }
    if (rng.chance(0.75)) {
      for (const product of sample(rng, BACKUP_PRODUCTS, rng.choose<number>([[1, 80], [2, 20]]))) {
        const devices = meta.account ? meta.account.assets.filter((a) => a.category.code === 'SRV' || a.category.code === 'WS').length : rng.int(1, 30);
        addAsset(rng, itg, meta, backup, rng.chance(0.04), {
          product,
          'protected-devices': numberOrNoise(rng, Math.max(1, Math.round(devices * (0.3 + rng.next() * 0.7))), NOISE['protected-devices']!),
          'storage-tb': rng.chance(0.7) ? Math.round(rng.next() * 200) / 10 : undefined,
          status: rng.choose<string>([['Active', 90], ['Paused', 6], ['Cancelled', 4]]),
        });
      }
    }
  }
  // Real data always has a few gaps: make sure each summed field has an empty and a text value.
  ensureNoise(rng, itg, m365, 'licensed-users');
  ensureNoise(rng, itg, backup, 'protected-devices');
  return billingTotals(itg, m365, backup);
}

const NOISE: Record<string, readonly string[]> = {
  'licensed-users': ['25 users', 'TBD', 'n/a', 'approx. 40'],
  'protected-devices': ['all servers', '~20', 'see portal'],
};

function ensureNoise(rng: Rng, itg: ItGlueBuilder, typeId: number, key: string): void {
  const assets = itg.flexibleAssets.filter((a) => a['flexible-asset-type-id'] === typeId);
  const numeric = () => assets.filter((a) => typeof a.traits[key] === 'number');
  // Only while at least one number stays, so a rule over the type still sums something.
  if (!assets.some((a) => a.traits[key] === undefined) && numeric().length >= 2) delete numeric().at(-1)!.traits[key];
  if (!assets.some((a) => typeof a.traits[key] === 'string') && numeric().length >= 2) numeric().at(-1)!.traits[key] = rng.pick(NOISE[key]!);
}

/** What a billing rule sums: numeric values of assets that are not archived, per organization. */
function billingTotals(itg: ItGlueBuilder, m365: number, backup: number): BillingTotals {
  const totals: BillingTotals = new Map();
  for (const asset of itg.flexibleAssets) {
    if (asset.archived) continue;
    const orgId = String(asset['organization-id']);
    const sums = totals.get(orgId) ?? { licenses: new Map<string, number>(), protectedDevices: 0 };
    totals.set(orgId, sums);
    if (asset['flexible-asset-type-id'] === m365 && typeof asset.traits['licensed-users'] === 'number') {
      const license = String(asset.traits['license-type']);
      sums.licenses.set(license, (sums.licenses.get(license) ?? 0) + asset.traits['licensed-users']);
    }
    if (asset['flexible-asset-type-id'] === backup && typeof asset.traits['protected-devices'] === 'number') {
      sums.protectedDevices += asset.traits['protected-devices'];
    }
  }
  return totals;
}

/** A number most of the time; sometimes the field was left empty or typed as text. */
function numberOrNoise(rng: Rng, value: number, texts: readonly string[]): number | string | undefined {
  return rng.choose<number | string | undefined>([
    [value, 85],
    [undefined, 7],
    [rng.pick(texts), 8],
  ]);
}

function addAsset(rng: Rng, itg: ItGlueBuilder, meta: OrgMeta, typeId: number, archived: boolean, traits: Record<string, unknown>): void {
  const createdMs = between(rng, meta.createdMs, itg.nowMs);
  itg.flexibleAssets.push({
    id: String(itg.ids.take('asset')),
    'organization-id': Number(meta.organization.id),
    'flexible-asset-type-id': typeId,
    traits: Object.fromEntries(Object.entries(traits).filter(([, v]) => v !== undefined)),
    archived,
    'created-at': itgTime(createdMs),
    'updated-at': itgTime(between(rng, createdMs, itg.nowMs)),
  });
}

// ---------------------------------------------------------------- BMS

export function bmsServices(): BmsService[] {
  return SERVICE_CATALOGUE.map((s, i) => ({
    id: 301 + i,
    name: s.name,
    description: s.description,
    unitCost: s.unitCost,
    unitPrice: s.unitPrice,
    isActive: s.isActive ?? true,
  }));
}

/**
 * A recurring-services contract for most active customers. Lines follow the account's devices
 * and, where the organization is in IT Glue, its license and backup sums, with some drift so the
 * nightly billing run has changes to record.
 */
export function generateContracts(world: BmsWorld, lookups: BmsLookups, services: BmsService[], itg: ItGlueBuilder, totals: BillingTotals): BmsContract[] {
  const rng = Rng.stream(world.options.seed, 'contracts');
  const { nowMs } = world.options;
  const ids = new IdSequence<'contract' | 'line'>({ contract: 7701, line: 88001 });
  const service = new Map(services.map((s) => [s.name, s]));
  const contracts: BmsContract[] = [];
  for (const info of world.accounts) {
    if (info.typeName !== 'Customer' || !info.account.isActive || !rng.chance(0.85)) continue;
    const startMs = Math.floor(between(rng, Math.max(info.createdMs, nowMs - 4 * YEAR), nowMs - 30 * DAY) / DAY) * DAY;
    const endMs = rng.chance(0.6) ? null : startMs + rng.pick([1, 2, 3]) * YEAR;
    const lines: { name: string; units: number }[] = [];
    const count = (codes: string[]) => info.assets.filter((a) => a.asset.isActive && codes.includes(a.category.code)).length;
    if (count(['WS', 'LT']) > 0) lines.push({ name: 'Managed Workstation', units: drift(rng, count(['WS', 'LT'])) });
    if (count(['SRV', 'VM']) > 0) lines.push({ name: 'Managed Server', units: drift(rng, count(['SRV', 'VM'])) });
    if (count(['FW']) > 0) lines.push({ name: 'Firewall Management', units: count(['FW']) });
    const org = itg.orgOfAccount.get(info.account.id);
    const sums = org ? totals.get(org.id) : undefined;
    if (sums && sums.licenses.size > 0) {
      for (const [license, users] of sums.licenses) lines.push({ name: license, units: drift(rng, users) });
    } else if (rng.chance(0.6)) {
      lines.push({ name: 'Microsoft 365 Business Premium', units: Math.max(1, Math.round(info.contacts.length * 0.8)) });
    }
    if (sums && sums.protectedDevices > 0) lines.push({ name: 'Cloud Backup', units: drift(rng, sums.protectedDevices) });
    if (lines.length === 0) continue;

    const number = contracts.length + 1;
    contracts.push({
      id: ids.take('contract'),
      contractName: rng.pick(['Managed Services Agreement', 'Managed IT Services', `Support Agreement ${new Date(startMs).getUTCFullYear()}`]),
      contractNumber: `CN-${new Date(startMs).getUTCFullYear()}-${pad(number, 4)}`,
      accountId: info.account.id,
      billingCycleId: lookups.id('BillingCycle', rng.choose<string>([['Monthly', 75], ['Quarterly', 15], ['Yearly', 10]])),
      startDate: bmsDate(startMs),
      endDate: endMs === null ? null : bmsDate(endMs),
      isActive: endMs === null || endMs > nowMs,
      services: lines.map((line, i) => {
        const s = service.get(line.name)!;
        return {
          id: ids.take('line'),
          serviceId: s.id,
          units: line.units,
          unitCost: s.unitCost,
          // Some clients negotiated a discount.
          unitPrice: rng.chance(0.15) ? Math.round(s.unitPrice * 90) / 100 : s.unitPrice,
          effectiveDate: bmsDate(startMs),
          sortOrder: i + 1,
        };
      }),
    });
  }
  return contracts;
}

/** Mostly the true count; a quarter of the time a little off (the next billing run corrects it). */
function drift(rng: Rng, units: number): number {
  return rng.chance(0.75) ? units : Math.max(0, units + rng.pick([-3, -2, -1, 1, 2, 5]));
}
