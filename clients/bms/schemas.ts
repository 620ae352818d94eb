/**
 * zod schemas for every BMS response the client reads (wire camelCase, bms-api.md §2.1). Fields
 * S2 marks nullable accept null or absence (→ null); ids and flags the engine relies on are
 * required, so a response without them fails as `malformed-response` naming the field.
 * Properties not listed here are dropped.
 */
import { z } from 'zod';
import { cachedFor } from '../schema-cache.js';

const text = z.string().nullable().default(null);
const int = z.number().int();
const optionalInt = z.number().int().nullable().default(null);
const decimal = z.number().nullable().default(null);
/** A reference S2 types as a non-nullable int: 0 (or null) means "none". */
const reference = z
  .number()
  .int()
  .nullable()
  .default(null)
  .transform((id) => (id ? id : null));
/** A timestamp as BMS writes it (ISO 8601, usually without an offset: server time, UTC). */
const timestamp = z.string().nullable().default(null);

const audit = {
  createdBy: optionalInt,
  createdOn: timestamp,
  modifiedBy: optionalInt,
  modifiedOn: timestamp,
};

// ---------------------------------------------------------------- envelope

export const bmsErrorInfoSchema = z.object({
  code: z.number().int().nullable().optional(),
  message: text,
  details: text,
  subErrors: z.array(z.string()).nullable().default(null),
});
export type BmsErrorInfo = z.infer<typeof bmsErrorInfoSchema>;

// Built once per record schema (clients/schema-cache.ts): a new zod schema compiles on its first parse.
const envelopes = new WeakMap<z.ZodType, unknown>();
const listEnvelopes = new WeakMap<z.ZodType, unknown>();
const pagedEnvelopes = new WeakMap<z.ZodType, unknown>();

/** `{success, error, result}` */
export function envelope<T extends z.ZodType>(result: T) {
  return cachedFor(envelopes, result, () => z.object({ success: z.boolean(), error: bmsErrorInfoSchema.nullable().optional(), result }));
}

/** An un-paged or un-counted list: `result` may be null (S2 marks it nullable). */
export function listEnvelope<T extends z.ZodType>(item: T) {
  return cachedFor(listEnvelopes, item, () => envelope(z.array(item).nullable().transform((items) => items ?? [])));
}

/** `…PagedResponse`: the list plus `totalRecords`. */
export function pagedEnvelope<T extends z.ZodType>(item: T) {
  return cachedFor(pagedEnvelopes, item, () => listEnvelope(item).extend({ totalRecords: z.number().int().min(0) }));
}

// ---------------------------------------------------------------- security

export const bmsTokenSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable().default(null),
  accessTokenExpireOn: z.string().min(1),
  refreshTokenExpireOn: z.string().nullable().default(null),
});

export const bmsUserInfoSchema = z.object({
  userId: int,
  fullName: text,
  emailAddress: text,
  tenantId: int,
  businessName: text,
  timeZoneName: text,
  olsonTimeZoneName: text,
  isUserSystemAdmin: z.boolean().default(false),
});
export type BmsUserInfo = z.infer<typeof bmsUserInfoSchema>;

// ---------------------------------------------------------------- accounts and locations

export const bmsAddressSchema = z.object({
  id: int,
  ...audit,
  address1: text,
  address2: text,
  city: text,
  state: text,
  zipCode: text,
  countryId: optionalInt,
  country: text,
  phone: text,
  fax: text,
  emailAddress: text,
  isMain: z.boolean(),
  isBilling: z.boolean().default(false),
});
export type BmsAddress = z.infer<typeof bmsAddressSchema>;

export const bmsLocationSchema = z.object({
  id: int,
  ...audit,
  locationName: text,
  isMain: z.boolean(),
  isActive: z.boolean(),
  addresses: z.array(bmsAddressSchema).nullable().transform((a) => a ?? []),
});
export type BmsLocation = z.infer<typeof bmsLocationSchema>;

/** AccountSummaryOutputDto */
export const bmsAccountSchema = z.object({
  id: int,
  ...audit,
  parentId: optionalInt,
  accountCode: text,
  accountTypeId: optionalInt,
  accountType: text,
  accountName: text,
  businessTypeId: optionalInt,
  businessType: text,
  serviceTypeId: optionalInt,
  accountManagerId: optionalInt,
  accountManagerUserName: text,
  currencyId: optionalInt,
  creditLimit: decimal,
  netDays: decimal,
  salesTaxItemId: optionalInt,
  website: text,
  description: text,
  classId: optionalInt,
  isActive: z.boolean(),
  isBilling: z.boolean().default(false),
  acquiredDate: timestamp,
  tenantName: text,
  locations: z.array(bmsLocationSchema).nullable().transform((l) => l ?? []),
});
export type BmsAccount = z.infer<typeof bmsAccountSchema>;

export const bmsAccountLookupRowSchema = z.object({ id: int, name: text, tenantName: text, isActive: z.boolean() });
export type BmsAccountLookupRow = z.infer<typeof bmsAccountLookupRowSchema>;

export const bmsLocationLookupRowSchema = z.object({ id: int, name: text, accountId: int, isMain: z.boolean() });
export type BmsLocationLookupRow = z.infer<typeof bmsLocationLookupRowSchema>;

// ---------------------------------------------------------------- contacts

export const bmsContactEmailSchema = z.object({
  id: int,
  ...audit,
  emailAddress: text,
  emailTypeId: int,
  emailType: text,
  isDefault: z.boolean(),
});
export type BmsContactEmail = z.infer<typeof bmsContactEmailSchema>;

export const bmsContactPhoneSchema = z.object({
  id: int,
  ...audit,
  phone: text,
  phoneTypeId: int,
  phoneType: text,
  isDefault: z.boolean(),
});
export type BmsContactPhone = z.infer<typeof bmsContactPhoneSchema>;

const emails = z.array(bmsContactEmailSchema).nullable().transform((e) => e ?? []);
const phones = z.array(bmsContactPhoneSchema).nullable().transform((p) => p ?? []);

/** ContactsSummaryOutputDto: list rows and get-by-id. */
export const bmsContactSchema = z.object({
  id: int,
  ...audit,
  accountId: int,
  accountName: text,
  locationId: optionalInt,
  locationName: text,
  firstName: text,
  lastName: text,
  jobTitle: text,
  isPoc: z.boolean(),
  isActive: z.boolean(),
  effectiveDate: timestamp,
  isBillable: z.boolean().default(false),
  emails,
  phones,
  canRecieveInvoices: z.boolean().default(false),
});
export type BmsContact = z.infer<typeof bmsContactSchema>;

/** ContactSummaryOutputDto: what `POST /v2/crm/contacts/summary` answers. */
export const bmsContactCreatedSchema = z.object({
  id: int,
  firstName: text,
  lastName: text,
  accountId: int,
  accountName: text,
  locationId: reference,
  locationName: text,
  phoneNumber: text,
  emailAddress: text,
});
export type BmsContactCreated = z.infer<typeof bmsContactCreatedSchema>;

/** ContactOutputDto: what PUT and PATCH `/v2/crm/contacts/{id}` answer (note `poc`, not `isPoc`). */
export const bmsContactDetailSchema = z.object({
  id: int,
  ...audit,
  accountId: int,
  accountName: text,
  locationId: reference,
  locationName: text,
  firstName: text,
  middleName: text,
  lastName: text,
  jobTitle: text,
  poc: z.boolean().nullable().default(null),
  isActive: z.boolean().nullable().default(null),
  billByContact: z.boolean().nullable().default(null),
  effectiveDate: timestamp,
  phones,
  emails,
  recieveInvoices: z.boolean().nullable().default(null),
});
export type BmsContactDetail = z.infer<typeof bmsContactDetailSchema>;

export const bmsContactSearchRowSchema = z.object({
  id: int,
  accountId: int,
  accountName: text,
  locationId: reference,
  locationName: text,
  firstName: text,
  lastName: text,
  jobTitle: text,
  emailAddress: text,
  isPoc: z.boolean(),
  isActive: z.boolean(),
  hasClientPortalAccess: z.boolean().default(false),
});
export type BmsContactSearchRow = z.infer<typeof bmsContactSearchRowSchema>;

export const bmsContactLookupRowSchema = z.object({
  id: int,
  name: text,
  locationId: reference,
  locationName: text,
  phone: text,
  emailAddress: text,
});
export type BmsContactLookupRow = z.infer<typeof bmsContactLookupRowSchema>;

export const bmsEmailPatchResultSchema = z.object({ added: int, updated: int, deleted: int, emails });
export type BmsEmailPatchResult = z.infer<typeof bmsEmailPatchResultSchema>;

export const bmsPhonePatchResultSchema = z.object({ added: int, updated: int, deleted: int, phones });
export type BmsPhonePatchResult = z.infer<typeof bmsPhonePatchResultSchema>;

// ---------------------------------------------------------------- hardware assets

/** HardwareAssetOutputDto: the fields the engine maps, plus audit. */
export const bmsHardwareAssetSchema = z.looseObject({
  id: int,
  name: text,
  accountId: optionalInt,
  accountName: text,
  accountLocationId: optionalInt,
  accountLocation: text,
  contactId: optionalInt,
  contactFirstName: text,
  contactLastName: text,
  categoryId: optionalInt,
  category: text,
  serialNumber: text,
  stateId: optionalInt,
  state: text,
  locationInfo: text,
  description: text,
  assetTag: text,
  isActive: z.boolean(),
  modelNumber: text,
  ipAddress: text,
  defaultGateway: text,
  osType: text,
  osInfo: text,
  macAddress: text,
  manufacturerId: optionalInt,
  manufacturer: text,
  warrantyExpirationDate: timestamp,
  acquisitionDate: timestamp,
  createdById: optionalInt,
  createdBy: text,
  modifiedById: optionalInt,
  modifiedBy: text,
  createdOn: timestamp,
  modifiedOn: timestamp,
});
export type BmsHardwareAsset = z.infer<typeof bmsHardwareAssetSchema>;

/** HardwareAssetsListSearchSelectOutputDto (slim; no modifiedOn). `contactId` 0 means none. */
export const bmsHardwareAssetRowSchema = z.object({
  id: int,
  categoryName: text,
  categoryId: int,
  locationName: text,
  assetName: text,
  serialNumber: text,
  machineGroupId: text,
  ipAddress: text,
  contactId: reference,
  contactName: text,
  accountId: int,
  accountName: text,
  isActive: z.boolean(),
});
export type BmsHardwareAssetRow = z.infer<typeof bmsHardwareAssetRowSchema>;

// ---------------------------------------------------------------- tickets

const ticketCommon = {
  id: int,
  ...audit,
  ticketNumber: text,
  title: text,
  details: text,
  accountId: optionalInt,
  accountName: text,
  locationId: optionalInt,
  locationName: text,
  contactId: optionalInt,
  contactName: text,
  queueId: optionalInt,
  queueName: text,
  statusId: int,
  statusName: text,
  priorityId: int,
  priorityName: text,
  typeId: optionalInt,
  typeName: text,
  issueTypeId: optionalInt,
  issueTypeName: text,
  subIssueTypeId: optionalInt,
  subIssueTypeName: text,
  assigneeId: optionalInt,
  assigneeName: text,
  sourceId: optionalInt,
  hardwareAssetId: reference,
  hardwareAssetName: text,
  openDate: timestamp,
  dueDate: timestamp,
  completedDate: timestamp,
  /** Moves with any change to the ticket, its notes or its checklist: the incremental filter. */
  lastActivityUpdate: timestamp,
  lastStatusUpdate: timestamp,
  lastPriorityUpdate: timestamp,
  lastQueueUpdate: timestamp,
  createdByName: text,
};

/** TicketListDto */
export const bmsTicketSchema = z.object(ticketCommon);
export type BmsTicket = z.infer<typeof bmsTicketSchema>;

/** TicketOutputDto */
export const bmsTicketDetailSchema = z.object({ ...ticketCommon, sourceName: text, contactEmail: text, contactPhone: text });
export type BmsTicketDetail = z.infer<typeof bmsTicketDetailSchema>;

/** TicketCountOutputDto */
export const bmsTicketCountSchema = z.object({ count: int.min(0) });

/** TicketsListSearchSelectOutputDto: the slim list (no account, no dates but the open date). */
export const bmsTicketSearchSelectRowSchema = z.object({
  id: int,
  ticketNumber: text,
  title: text,
  queueId: optionalInt,
  queueName: text,
  assigneeId: optionalInt,
  assigneeName: text,
  openDate: timestamp,
  statusId: optionalInt,
  statusName: text,
});
export type BmsTicketSearchSelectRow = z.infer<typeof bmsTicketSearchSelectRowSchema>;

/**
 * TicketNoteOutputDto. `createdBy`/`modifiedBy` and `modifiedOn` tell who touched the note last:
 * a note the client wrote and someone else edited since has another `modifiedBy` or a later
 * `modifiedOn` than the client recorded.
 */
export const bmsTicketNoteSchema = z.object({
  id: int,
  ...audit,
  details: text,
  isInternal: z.boolean(),
  typeId: optionalInt,
  typeName: text,
  createdByName: text,
  createdByEmail: text,
  modifiedByName: text,
});
export type BmsTicketNote = z.infer<typeof bmsTicketNoteSchema>;

/** TicketChecklistItemOutputDto */
export const bmsChecklistItemSchema = z.object({
  id: int,
  ...audit,
  name: text,
  description: text,
  order: int,
  isCompleted: z.boolean(),
  completedBy: optionalInt,
  completedByName: text,
  completedOn: timestamp,
});
export type BmsChecklistItem = z.infer<typeof bmsChecklistItemSchema>;

/**
 * The items of a ticket. S2 types the answer as a single item (a slip for a list endpoint,
 * see simulators/bms/ASSUMPTIONS.md): a list, one item or null are all read as a list.
 */
export const bmsChecklistItemsSchema = z
  .union([z.array(bmsChecklistItemSchema), bmsChecklistItemSchema])
  .nullable()
  .transform((items) => (items === null ? [] : Array.isArray(items) ? items : [items]));

// ---------------------------------------------------------------- lookups

/** LookupOutputDto / TenantLookupOutputDto */
export const bmsLookupRowSchema = z.object({ id: int, name: text, isActive: z.boolean().default(true), isDefault: z.boolean().default(false) });
export type BmsLookupRow = z.infer<typeof bmsLookupRowSchema>;

export const bmsAccountTypeSchema = z.object({ id: int, name: text, isActive: z.boolean(), isClient: z.boolean(), isVendor: z.boolean() });
export type BmsAccountType = z.infer<typeof bmsAccountTypeSchema>;

export const bmsEmployeeSchema = z.object({ id: int, name: text });
export type BmsEmployee = z.infer<typeof bmsEmployeeSchema>;

export const bmsTicketStatusSchema = z.object({ id: int, name: text, statusOrder: int, typeId: int, isActive: z.boolean() });
export type BmsTicketStatus = z.infer<typeof bmsTicketStatusSchema>;

export const bmsTicketPrioritySchema = z.object({ id: int, name: text, isDefault: z.boolean() });
export type BmsTicketPriority = z.infer<typeof bmsTicketPrioritySchema>;

/** QueueLookupOutputDto and IssueTypeLookupOutputDto */
export const bmsQueueSchema = z.object({ id: int, name: text, isActive: z.boolean().default(true) });
export type BmsQueue = z.infer<typeof bmsQueueSchema>;
export const bmsIssueTypeSchema = bmsQueueSchema;
export type BmsIssueType = BmsQueue;

/** IssueSubTypeLookupOutputDto */
export const bmsIssueSubTypeSchema = z.object({ id: int, name: text });
export type BmsIssueSubType = z.infer<typeof bmsIssueSubTypeSchema>;

/** AssigneeLookupOutputDto */
export const bmsAssigneeSchema = z.object({ id: int, name: text, emailAddress: text, jobTitle: text });
export type BmsAssignee = z.infer<typeof bmsAssigneeSchema>;

// ---------------------------------------------------------------- contracts and services

/** ClientContractSummaryOutputDto (S2: no accountId in the row). */
export const bmsContractSchema = z.object({
  id: int,
  contractName: text,
  accountName: text,
  contractType: text,
  contractBillingPrice: z.number(),
  status: text,
  contractNumber: text,
  billingCycle: text,
  startDate: z.string(),
  endDate: z.string(),
});
export type BmsContract = z.infer<typeof bmsContractSchema>;

export const bmsContractLookupRowSchema = z.object({
  id: int,
  name: text,
  isDefault: z.boolean().nullable().default(null),
  isActive: z.boolean(),
  endDate: timestamp,
});
export type BmsContractLookupRow = z.infer<typeof bmsContractLookupRowSchema>;

/** RecurringServicePostOutputDto: one recurring service line of a contract. */
export const bmsServiceLineSchema = z.object({
  id: int,
  ...audit,
  serviceId: int,
  serviceName: text,
  description: text,
  contractId: int,
  contractName: text,
  units: z.number(),
  unitCost: z.number(),
  unitPrice: z.number(),
  totalCost: z.number(),
  totalPrice: z.number(),
  effectiveDate: z.string(),
  sortOrder: int,
});
export type BmsServiceLine = z.infer<typeof bmsServiceLineSchema>;

/** RecurringServicesContractPostOutputDto */
export const bmsRecurringContractSchema = z.object({
  id: int,
  ...audit,
  contractName: text,
  accountId: optionalInt,
  accountName: text,
  statusName: text,
  contractNumber: text,
  billingCycleId: int,
  billingCycleName: text,
  contractBillingPrice: decimal,
  startDate: timestamp,
  endDate: timestamp,
  services: z
    .array(
      z.object({
        id: int,
        serviceId: int,
        serviceName: text,
        units: z.number(),
        unitCost: z.number(),
        unitPrice: z.number(),
        effectiveDate: z.string(),
        sortOrder: int,
      }),
    )
    .nullable()
    .transform((s) => s ?? []),
});
export type BmsRecurringContract = z.infer<typeof bmsRecurringContractSchema>;

export const bmsServiceLookupRowSchema = z.object({ id: int, name: text, description: text });
export type BmsServiceLookupRow = z.infer<typeof bmsServiceLookupRowSchema>;

/** ServiceOutputDto: a service of the catalogue (what a recurring service line bills). */
export const bmsServiceSchema = z.object({ id: int, name: text, description: text, unitCost: z.number(), unitPrice: z.number(), isActive: z.boolean() });
export type BmsService = z.infer<typeof bmsServiceSchema>;
