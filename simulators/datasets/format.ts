/**
 * The dataset format both simulators load and dump (documented in README "Simulators").
 *
 * A dataset is one JSON document with a `bms` half and an `itglue` half; either may be omitted.
 * Each record is written the way the API returns it:
 * - BMS records use the BMS wire form (camelCase DTO fields, numeric ids);
 * - IT Glue records are a resource's `attributes` (kebab-case) plus its `id` (a numeric string).
 * Server-computed companions (`accountName` on a contact, `organization-name` on a
 * configuration, …) are optional on load and always recomputed by the simulator.
 */
import { z } from 'zod';

const id = z.number().int().positive();
const itgId = z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String);
const nullableString = z.string().nullable().optional();
const timestamp = z.string().datetime({ offset: true, local: true }).optional();

// ---------------------------------------------------------------- BMS

export const bmsUserSchema = z.object({
  /** The user's id (`createdBy`/`modifiedBy` on records it writes); assigned when omitted. */
  id: id.optional(),
  userName: z.string().min(1),
  password: z.string().min(1),
  userType: z.enum(['Employee', 'ApiEmployee']).default('ApiEmployee'),
  hasApiAccess: z.boolean().default(true),
  /** Base32 TOTP secret; when set the login needs `MFACode` (API employees are exempt). */
  mfaSecret: z.string().optional(),
  fullName: z.string().optional(),
  emailAddress: z.string().optional(),
  /** A role without modify rights: every write answers 403. */
  readOnly: z.boolean().optional(),
});

export const bmsLookupRowSchema = z.looseObject({
  id,
  name: z.string().min(1),
  isActive: z.boolean().default(true),
  isDefault: z.boolean().default(false),
});

export const bmsAccountTypeSchema = z.looseObject({
  id,
  name: z.string().min(1),
  isActive: z.boolean().default(true),
  isClient: z.boolean().default(true),
  isVendor: z.boolean().default(false),
});

export const bmsAddressSchema = z.looseObject({
  id,
  address1: nullableString,
  address2: nullableString,
  city: nullableString,
  state: nullableString,
  zipCode: nullableString,
  countryId: id.nullable().optional(),
  country: nullableString,
  phone: nullableString,
  fax: nullableString,
  isMain: z.boolean().default(true),
  isBilling: z.boolean().default(false),
});

export const bmsLocationSchema = z.looseObject({
  id,
  locationName: z.string().min(1),
  isMain: z.boolean().default(false),
  isActive: z.boolean().default(true),
  createdOn: timestamp,
  modifiedOn: timestamp,
  addresses: z.array(bmsAddressSchema).default([]),
});

export const bmsAccountSchema = z.looseObject({
  id,
  accountName: z.string().min(1),
  accountCode: nullableString,
  accountTypeId: id,
  parentId: id.nullable().optional(),
  isActive: z.boolean().default(true),
  businessTypeId: id.nullable().optional(),
  accountManagerId: id.nullable().optional(),
  website: nullableString,
  description: nullableString,
  createdOn: timestamp,
  modifiedOn: timestamp,
  locations: z.array(bmsLocationSchema).default([]),
});

export const bmsContactSchema = z.looseObject({
  id,
  accountId: id,
  locationId: id.nullable().optional(),
  firstName: nullableString,
  lastName: nullableString,
  jobTitle: nullableString,
  isPoc: z.boolean().default(false),
  isActive: z.boolean().default(true),
  emails: z
    .array(z.looseObject({ id: id.optional(), emailAddress: z.string(), emailTypeId: id, isDefault: z.boolean().default(false) }))
    .default([]),
  phones: z
    .array(z.looseObject({ id: id.optional(), phone: z.string(), phoneTypeId: id, isDefault: z.boolean().default(false) }))
    .default([]),
  createdOn: timestamp,
  modifiedOn: timestamp,
});

export const bmsHardwareAssetSchema = z.looseObject({
  id,
  name: z.string().min(1),
  accountId: id,
  accountLocationId: id,
  categoryId: id,
  contactId: id.nullable().optional(),
  assetTag: nullableString,
  serialNumber: nullableString,
  manufacturerId: id.nullable().optional(),
  modelNumber: nullableString,
  ipAddress: nullableString,
  macAddress: nullableString,
  defaultGateway: nullableString,
  osType: nullableString,
  osInfo: nullableString,
  locationInfo: nullableString,
  acquisitionDate: nullableString,
  warrantyExpirationDate: nullableString,
  description: nullableString,
  isActive: z.boolean().default(true),
  stateId: id.nullable().optional(),
  createdOn: timestamp,
  modifiedOn: timestamp,
});

/** A ticket note (TicketNoteOutputDto): who wrote it and who last edited it, and when. */
export const bmsTicketNoteSchema = z.looseObject({
  id,
  details: z.string().min(1),
  isInternal: z.boolean().default(true),
  /** A row of the NoteType lookup table; null for none. */
  typeId: id.nullable().optional(),
  /** The note's own date as the writer gave it (`noteDate` on input; not in the output DTO). */
  noteDate: timestamp,
  createdBy: id.nullable().optional(),
  createdOn: timestamp,
  modifiedBy: id.nullable().optional(),
  modifiedOn: timestamp,
});

/** A ticket checklist item (TicketChecklistItemOutputDto). */
export const bmsChecklistItemSchema = z.looseObject({
  id,
  name: z.string().min(1),
  description: nullableString,
  order: z.number().int().default(1),
  isCompleted: z.boolean().default(false),
  completedBy: id.nullable().optional(),
  completedOn: timestamp.nullable(),
  createdBy: id.nullable().optional(),
  createdOn: timestamp,
  modifiedBy: id.nullable().optional(),
  modifiedOn: timestamp,
});

export const bmsTicketSchema = z.looseObject({
  id,
  ticketNumber: z.string().optional(),
  title: z.string(),
  details: nullableString,
  accountId: id,
  locationId: id.nullable().optional(),
  contactId: id.nullable().optional(),
  statusId: id,
  priorityId: id,
  typeId: id.nullable().optional(),
  /** IssueType and IssueSubType lookup rows (a sub-issue type belongs to its issue type). */
  issueTypeId: id.nullable().optional(),
  subIssueTypeId: id.nullable().optional(),
  sourceId: z.number().int().nullable().optional(),
  queueId: id.nullable().optional(),
  assigneeId: id.nullable().optional(),
  hardwareAssetId: id.nullable().optional(),
  openDate: timestamp,
  dueDate: timestamp.nullable(),
  completedDate: timestamp.nullable(),
  /** Last activity (any edit, note or checklist change); the list's incremental filter. Defaults to modifiedOn. */
  lastActivityUpdate: timestamp.nullable(),
  lastStatusUpdate: timestamp.nullable(),
  lastPriorityUpdate: timestamp.nullable(),
  lastQueueUpdate: timestamp.nullable(),
  createdBy: id.nullable().optional(),
  createdOn: timestamp,
  modifiedBy: id.nullable().optional(),
  modifiedOn: timestamp,
  notes: z.array(bmsTicketNoteSchema).default([]),
  checklistItems: z.array(bmsChecklistItemSchema).default([]),
});

export const bmsServiceSchema = z.looseObject({
  id,
  name: z.string().min(1),
  description: nullableString,
  unitCost: z.number().default(0),
  unitPrice: z.number().default(0),
  isActive: z.boolean().default(true),
});

export const bmsServiceLineSchema = z.looseObject({
  id,
  serviceId: id,
  units: z.number().default(0),
  unitCost: z.number().default(0),
  unitPrice: z.number().default(0),
  effectiveDate: timestamp,
  sortOrder: z.number().int().default(1),
});

export const bmsContractSchema = z.looseObject({
  id,
  contractName: z.string().min(1),
  contractNumber: z.string().optional(),
  accountId: id,
  billingCycleId: id.optional(),
  startDate: timestamp,
  endDate: timestamp.nullable(),
  isActive: z.boolean().default(true),
  services: z.array(bmsServiceLineSchema).default([]),
});

export const bmsDatasetSchema = z.object({
  tenant: z.string().min(1).default('DemoMSP'),
  users: z.array(bmsUserSchema).default([]),
  accountTypes: z.array(bmsAccountTypeSchema).default([]),
  /**
   * Tables served by `GET /v2/system/lookup/{tableName}` (case-insensitive names). The engine
   * uses AssetCategory, Manufacturer, AssetStatus, EmailType, PhoneType, Country, BusinessType,
   * BillingCycle. TicketStatus, TicketPriority, TicketType, Queue, IssueType, IssueSubType (rows
   * carry `issueTypeId`) and NoteType back the ticket endpoints.
   * Missing tables are seeded with defaults by the simulator.
   */
  lookups: z.record(z.string(), z.array(bmsLookupRowSchema)).default({}),
  employees: z.array(z.looseObject({ id, fullName: z.string(), emailAddress: nullableString })).default([]),
  accounts: z.array(bmsAccountSchema).default([]),
  contacts: z.array(bmsContactSchema).default([]),
  hardwareAssets: z.array(bmsHardwareAssetSchema).default([]),
  tickets: z.array(bmsTicketSchema).default([]),
  services: z.array(bmsServiceSchema).default([]),
  contracts: z.array(bmsContractSchema).default([]),
});

// ---------------------------------------------------------------- IT Glue

const named = z.looseObject({ id: itgId, name: z.string().min(1), 'created-at': timestamp, 'updated-at': timestamp });
const itgFk = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional();
const itgDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional();

export const itgOrganizationSchema = z.looseObject({
  id: itgId,
  name: z.string().min(1),
  'organization-type-id': itgFk,
  'organization-status-id': itgFk,
  'short-name': nullableString,
  'parent-id': itgFk,
  description: nullableString,
  'quick-notes': nullableString,
  alert: nullableString,
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgLocationSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  name: z.string().min(1),
  primary: z.boolean().default(false),
  'address-1': nullableString,
  'address-2': nullableString,
  city: nullableString,
  'postal-code': nullableString,
  'region-id': itgFk,
  'country-id': itgFk,
  phone: nullableString,
  fax: nullableString,
  notes: nullableString,
  'created-at': timestamp,
  'updated-at': timestamp,
});

/** Integrations a record came from (served through `include=adapters_resources`). Assumption: see README. */
const adaptersResources = z
  .array(z.looseObject({ 'integration-type': z.string(), 'external-id': nullableString }))
  .optional();

export const itgContactSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  'first-name': nullableString,
  'last-name': nullableString,
  title: nullableString,
  'contact-type-id': itgFk,
  'location-id': itgFk,
  important: z.boolean().nullable().optional(),
  notes: nullableString,
  'contact-emails': z
    .array(z.looseObject({ value: z.string(), primary: z.boolean().default(false), 'label-name': z.string().default('Work') }))
    .default([]),
  'contact-phones': z
    .array(
      z.looseObject({
        value: z.string(),
        extension: nullableString,
        primary: z.boolean().default(false),
        'label-name': z.string().default('Work'),
        'label-type': z.enum(['phone', 'fax']).optional(),
      }),
    )
    .default([]),
  'adapters-resources': adaptersResources,
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgConfigurationSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  name: z.string().min(1),
  hostname: nullableString,
  'configuration-type-id': z.number().int().positive(),
  'configuration-status-id': itgFk,
  'manufacturer-id': itgFk,
  'model-id': itgFk,
  'operating-system-id': itgFk,
  'platform-id': itgFk,
  'location-id': itgFk,
  'contact-id': itgFk,
  'serial-number': nullableString,
  'asset-tag': nullableString,
  position: nullableString,
  notes: nullableString,
  'default-gateway': nullableString,
  'purchased-at': itgDate,
  'warranty-expires-at': itgDate,
  archived: z.boolean().default(false),
  'adapters-resources': adaptersResources,
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgConfigurationInterfaceSchema = z.looseObject({
  id: itgId,
  'configuration-id': z.number().int().positive(),
  name: nullableString,
  'ip-address': nullableString,
  'mac-address': nullableString,
  primary: z.boolean().default(false),
  notes: nullableString,
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgFlexibleAssetTypeSchema = z.looseObject({
  id: itgId,
  name: z.string().min(1),
  description: nullableString,
  icon: nullableString,
  'show-in-menu': z.boolean().default(true),
  enabled: z.boolean().default(true),
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgFlexibleAssetFieldSchema = z.looseObject({
  id: itgId,
  'flexible-asset-type-id': z.number().int().positive(),
  order: z.number().int(),
  name: z.string().min(1),
  'name-key': z.string().optional(),
  kind: z.enum(['Checkbox', 'Date', 'Header', 'Number', 'Select', 'Text', 'Textbox', 'Upload', 'Tag', 'Percent', 'Password']),
  hint: nullableString,
  decimals: z.number().int().nullable().optional(),
  'default-value': nullableString,
  'tag-type': nullableString,
  required: z.boolean().default(false),
  'use-for-title': z.boolean().default(false),
  'show-in-list': z.boolean().default(false),
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgFlexibleAssetSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  'flexible-asset-type-id': z.number().int().positive(),
  traits: z.record(z.string(), z.unknown()).default({}),
  archived: z.boolean().default(false),
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgPasswordSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  name: z.string().min(1),
  username: nullableString,
  password: nullableString,
  url: nullableString,
  notes: nullableString,
  'password-category-id': itgFk,
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itgDocumentSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  name: z.string().min(1),
  archived: z.boolean().default(false),
  'created-at': timestamp,
  'updated-at': timestamp,
});

/** A domain of an organization (attributes assumed: see simulators/itglue/resources.ts). */
export const itgDomainSchema = z.looseObject({
  id: itgId,
  'organization-id': z.number().int().positive(),
  name: z.string().min(1),
  'registrar-name': nullableString,
  'expires-on': nullableString,
  notes: nullableString,
  'created-at': timestamp,
  'updated-at': timestamp,
});

/** A file attached to a record: the record's URL segment and id (attributes assumed: see simulators/itglue/resources.ts). */
export const itgAttachmentSchema = z.looseObject({
  id: itgId,
  'resource-type': z.enum(['organizations', 'locations', 'contacts', 'configurations', 'passwords', 'documents', 'flexible_assets']),
  'resource-id': z.number().int().positive(),
  name: nullableString,
  'attachment-file-name': z.string().min(1),
  'attachment-content-type': nullableString,
  'attachment-file-size': z.number().int().nonnegative().nullable().optional(),
  'created-at': timestamp,
  'updated-at': timestamp,
});

export const itglueDatasetSchema = z.object({
  /** Accepted `x-api-key` values. */
  apiKeys: z.array(z.string().min(1)).default([]),
  organizationTypes: z.array(named).default([]),
  organizationStatuses: z.array(named).default([]),
  configurationTypes: z.array(named).default([]),
  configurationStatuses: z.array(named).default([]),
  contactTypes: z.array(named).default([]),
  manufacturers: z.array(named).default([]),
  models: z.array(named.extend({ 'manufacturer-id': z.number().int().positive().nullable().optional() })).default([]),
  operatingSystems: z.array(named.extend({ 'platform-id': itgFk })).default([]),
  platforms: z.array(named).default([]),
  countries: z.array(named.extend({ iso: z.string() })).default([]),
  regions: z.array(named.extend({ iso: z.string().nullable().optional(), 'country-id': z.number().int().positive() })).default([]),
  passwordCategories: z.array(named).default([]),
  organizations: z.array(itgOrganizationSchema).default([]),
  locations: z.array(itgLocationSchema).default([]),
  contacts: z.array(itgContactSchema).default([]),
  configurations: z.array(itgConfigurationSchema).default([]),
  configurationInterfaces: z.array(itgConfigurationInterfaceSchema).default([]),
  flexibleAssetTypes: z.array(itgFlexibleAssetTypeSchema).default([]),
  flexibleAssetFields: z.array(itgFlexibleAssetFieldSchema).default([]),
  flexibleAssets: z.array(itgFlexibleAssetSchema).default([]),
  passwords: z.array(itgPasswordSchema).default([]),
  documents: z.array(itgDocumentSchema).default([]),
  domains: z.array(itgDomainSchema).default([]),
  attachments: z.array(itgAttachmentSchema).default([]),
});

export const datasetSchema = z.object({
  version: z.literal(1).default(1),
  bms: bmsDatasetSchema.optional(),
  itglue: itglueDatasetSchema.optional(),
});

export type Dataset = z.infer<typeof datasetSchema>;
export type DatasetInput = z.input<typeof datasetSchema>;
export type BmsDataset = z.infer<typeof bmsDatasetSchema>;
export type ItGlueDataset = z.infer<typeof itglueDatasetSchema>;
