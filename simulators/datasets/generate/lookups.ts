/**
 * Lookup lists of both systems. The names differ between them on purpose (hardware.ts): BMS has
 * asset categories, manufacturers, asset statuses and an account type ("Former Customer") that
 * IT Glue lacks, and IT Glue has types and manufacturers BMS lacks.
 */
import { ALL_COUNTRIES, REGIONS_BY_COUNTRY } from '../geography.js';
import {
  BMS_ASSET_STATUSES,
  BMS_MANUFACTURERS,
  CATEGORIES,
  ITGLUE_CONFIGURATION_STATUSES,
  ITGLUE_CONFIGURATION_TYPES,
  ITGLUE_MANUFACTURERS,
  ITGLUE_MODELS,
  ITGLUE_OPERATING_SYSTEMS,
  ITGLUE_PLATFORMS,
} from '../hardware.js';
import { BUSINESS_TYPES } from '../names.js';
import { TOPICS } from '../topics.js';
import type { ItGlueDataset } from '../format.js';
import { ACCOUNT_TYPES, type BmsAccountType, type BmsLookupRow } from './model.js';
import { YEAR, itgTime } from './util.js';

// ---------------------------------------------------------------- BMS

export const EMAIL_TYPES = ['Work', 'Personal', 'Other'] as const;
export const PHONE_TYPES = ['Work', 'Mobile', 'Home', 'Fax', 'Other'] as const;
export const BILLING_CYCLES = ['Monthly', 'Quarterly', 'Yearly'] as const;

export const TICKET_STATUSES = [
  { id: 1, name: 'New', isActive: true, isDefault: true, color: '#2E86DE', fontColor: '#FFFFFF', statusOrder: 1, typeId: 1, isSystemStatus: 1 },
  { id: 2, name: 'In Progress', isActive: true, isDefault: false, color: '#F6B93B', fontColor: '#000000', statusOrder: 2, typeId: 2, isSystemStatus: 0 },
  { id: 3, name: 'Waiting on Customer', isActive: true, isDefault: false, color: '#A4B0BE', fontColor: '#000000', statusOrder: 3, typeId: 2, isSystemStatus: 0 },
  { id: 4, name: 'Completed', isActive: true, isDefault: false, color: '#20BF6B', fontColor: '#FFFFFF', statusOrder: 4, typeId: 3, isSystemStatus: 1 },
] as const;
export const TICKET_COMPLETED_STATUS = 4;
export const TICKET_PRIORITIES = [
  { id: 1, name: 'Low', isActive: true, isDefault: false, color: '#7BED9F' },
  { id: 2, name: 'Medium', isActive: true, isDefault: true, color: '#ECCC68' },
  { id: 3, name: 'High', isActive: true, isDefault: false, color: '#FF7F50' },
  { id: 4, name: 'Critical', isActive: true, isDefault: false, color: '#FF4757' },
] as const;
export const TICKET_TYPES = ['Service Request', 'Incident', 'Problem', 'Change'] as const;
export const QUEUES = ['Help Desk', 'Projects', 'Monitoring'] as const;
export const NOTE_TYPES = ['General', 'Customer Update', 'Resolution'] as const;
/** Issue types and their sub-issue types, as the ticket topics use them. */
const ISSUE_TYPES = [...new Set(TOPICS.map((t) => t.issueType))];

export type BmsTable =
  | 'AssetCategory'
  | 'Manufacturer'
  | 'AssetStatus'
  | 'EmailType'
  | 'PhoneType'
  | 'Country'
  | 'BusinessType'
  | 'BillingCycle'
  | 'TicketType'
  | 'Queue'
  | 'IssueType'
  | 'IssueSubType'
  | 'NoteType';

export interface BmsLookups {
  tables: Record<string, BmsLookupRow[]>;
  accountTypes: BmsAccountType[];
  /** Id of a row by name; throws for a name the table lacks (a generator bug). */
  id(table: BmsTable, name: string): number;
  accountTypeId(name: string): number;
}

function rows(names: readonly string[], defaultName?: string): BmsLookupRow[] {
  return names.map((name, i) => ({ id: i + 1, name, isActive: true, isDefault: name === defaultName }));
}

export function bmsLookups(): BmsLookups {
  const tables: Record<string, BmsLookupRow[]> = {
    AssetCategory: rows(CATEGORIES.map((c) => c.name), 'Workstation'),
    Manufacturer: rows(BMS_MANUFACTURERS),
    AssetStatus: rows(BMS_ASSET_STATUSES.map((s) => s.name), 'Active'),
    EmailType: rows(EMAIL_TYPES, 'Work'),
    PhoneType: rows(PHONE_TYPES, 'Work'),
    Country: rows(ALL_COUNTRIES.map((c) => c.name), 'United States'),
    BusinessType: rows(BUSINESS_TYPES),
    BillingCycle: rows(BILLING_CYCLES, 'Monthly'),
    TicketStatus: TICKET_STATUSES.map((s) => ({ ...s })),
    TicketPriority: TICKET_PRIORITIES.map((p) => ({ ...p })),
    TicketType: rows(TICKET_TYPES, 'Service Request'),
    Queue: rows(QUEUES, 'Help Desk'),
    IssueType: rows(ISSUE_TYPES),
    IssueSubType: ISSUE_TYPES.flatMap((issueType, i) =>
      [...new Set(TOPICS.filter((t) => t.issueType === issueType).flatMap((t) => t.subIssueTypes))].map((name) => ({ name, issueTypeId: i + 1 })),
    ).map((row, i) => ({ id: i + 1, ...row, isActive: true, isDefault: false })),
    NoteType: rows(NOTE_TYPES, 'General'),
  };
  const accountTypes: BmsAccountType[] = ACCOUNT_TYPES.map((name, i) => ({
    id: i + 1,
    name,
    isActive: true,
    isClient: name === 'Customer' || name === 'Prospect' || name === 'Former Customer',
    isVendor: name === 'Vendor',
  }));
  const index = new Map<string, number>();
  for (const [table, list] of Object.entries(tables)) for (const row of list) index.set(`${table}|${row.name}`, row.id);
  return {
    tables,
    accountTypes,
    id(table, name) {
      const id = index.get(`${table}|${name}`);
      if (id === undefined) throw new Error(`BMS lookup ${table} has no row "${name}"`);
      return id;
    },
    accountTypeId(name) {
      const type = accountTypes.find((t) => t.name === name);
      if (!type) throw new Error(`BMS has no account type "${name}"`);
      return type.id;
    },
  };
}

// ---------------------------------------------------------------- IT Glue

export const ITGLUE_ORGANIZATION_TYPES = ['Customer', 'Prospect', 'Vendor', 'Partner', 'Internal', 'Owner'] as const;
export const ITGLUE_CONTACT_TYPES = [
  'Approver', 'Billing', 'Champion', 'Employee', 'End User', 'Primary Contact', 'Technical Contact', 'Vendor Contact',
] as const;
/** The last three came with the ticket documentation (appended, so the earlier ids stay). */
export const ITGLUE_PASSWORD_CATEGORIES = [
  'Active Directory', 'Email', 'Network Device', 'Website', 'Database', 'Wireless', 'Microsoft 365', 'Backup',
  'Network', 'Remote Access', 'Printers',
] as const;

export type ItgLookupCollection =
  | 'organizationTypes'
  | 'organizationStatuses'
  | 'configurationTypes'
  | 'configurationStatuses'
  | 'contactTypes'
  | 'manufacturers'
  | 'operatingSystems'
  | 'platforms'
  | 'passwordCategories';

type LookupPart = Pick<
  ItGlueDataset,
  | ItgLookupCollection
  | 'models'
  | 'countries'
  | 'regions'
>;

export interface ItgLookups {
  data: LookupPart;
  /** Id by name (exact), or null when IT Glue has no such entry. */
  id(collection: ItgLookupCollection, name: string | null | undefined): number | null;
  modelId(manufacturer: string, model: string): number | null;
  countryId(iso: string): number;
  /** Region by its ISO code or its name within a country. */
  regionId(countryIso: string, region: string | null | undefined): number | null;
}

export function itgLookups(nowMs: number): ItgLookups {
  // Lookups were seeded when the IT Glue account was opened, years before "now".
  const at = itgTime(Math.floor((nowMs - 10 * YEAR) / 86_400_000) * 86_400_000 + 17 * 3_600_000);
  const named = (names: readonly string[]) =>
    names.map((name, i) => ({ id: String(i + 1), name, 'created-at': at, 'updated-at': at }));

  const manufacturers = named(ITGLUE_MANUFACTURERS);
  const platforms = named(ITGLUE_PLATFORMS);
  const data: LookupPart = {
    organizationTypes: named(ITGLUE_ORGANIZATION_TYPES),
    organizationStatuses: named(['Active', 'Inactive']),
    configurationTypes: named(ITGLUE_CONFIGURATION_TYPES),
    configurationStatuses: named(ITGLUE_CONFIGURATION_STATUSES),
    contactTypes: named(ITGLUE_CONTACT_TYPES),
    manufacturers,
    models: ITGLUE_MODELS.map(([manufacturer, model], i) => ({
      id: String(i + 1),
      name: model,
      'manufacturer-id': ITGLUE_MANUFACTURERS.indexOf(manufacturer as (typeof ITGLUE_MANUFACTURERS)[number]) + 1,
      'created-at': at,
      'updated-at': at,
    })),
    platforms,
    operatingSystems: ITGLUE_OPERATING_SYSTEMS.map(([name, platform], i) => ({
      id: String(i + 1),
      name,
      'platform-id': ITGLUE_PLATFORMS.indexOf(platform as (typeof ITGLUE_PLATFORMS)[number]) + 1,
      'created-at': at,
      'updated-at': at,
    })),
    passwordCategories: named(ITGLUE_PASSWORD_CATEGORIES),
    countries: ALL_COUNTRIES.map((c, i) => ({ id: String(i + 1), name: c.name, iso: c.iso, 'created-at': at, 'updated-at': at })),
    regions: [],
  };
  const regionIndex = new Map<string, number>();
  ALL_COUNTRIES.forEach((country, i) => {
    for (const region of REGIONS_BY_COUNTRY[country.iso] ?? []) {
      const id = data.regions.length + 1;
      data.regions.push({ id: String(id), name: region.name, iso: region.iso, 'country-id': i + 1, 'created-at': at, 'updated-at': at });
      regionIndex.set(`${country.iso}|${region.iso.toLowerCase()}`, id);
      regionIndex.set(`${country.iso}|${region.name.toLowerCase()}`, id);
    }
  });

  const byName = new Map<string, number>();
  for (const collection of Object.keys(data) as (keyof LookupPart)[]) {
    if (collection === 'models' || collection === 'countries' || collection === 'regions') continue;
    for (const row of data[collection]) byName.set(`${collection}|${row.name}`, Number(row.id));
  }
  const modelIndex = new Map(ITGLUE_MODELS.map(([m, model], i) => [`${m}|${model}`, i + 1]));
  const countryIndex = new Map(ALL_COUNTRIES.map((c, i) => [c.iso, i + 1]));
  return {
    data,
    id: (collection, name) => (name ? (byName.get(`${collection}|${name}`) ?? null) : null),
    modelId: (manufacturer, model) => modelIndex.get(`${manufacturer}|${model}`) ?? null,
    countryId(iso) {
      const id = countryIndex.get(iso);
      if (id === undefined) throw new Error(`IT Glue has no country ${iso}`);
      return id;
    },
    regionId: (countryIso, region) => (region ? (regionIndex.get(`${countryIso}|${region.trim().toLowerCase()}`) ?? null) : null),
  };
}
