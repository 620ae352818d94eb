/**
 * What the BMS client sends: request bodies (camelCase JSON, the wire form) and list filters
 * (camelCase here, sent as `Filter.<Name>` query parameters).
 */

/** A date filter value: a Date or an ISO string (`2024-05-01` or `2024-05-01T10:00:00Z`). */
export type BmsDateValue = Date | string;

// ---------------------------------------------------------------- accounts and locations

export interface BmsAddressInput {
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  /** State or province, free text. */
  state?: string | null;
  zipCode?: string | null;
  countryId?: number | null;
  country?: string | null;
  phone?: string | null;
  fax?: string | null;
  emailAddress?: string | null;
  isMain?: boolean;
  isBilling?: boolean;
}

export interface BmsLocationInput {
  locationName: string;
  isMain?: boolean;
  isActive?: boolean;
  addresses: BmsAddressInput[];
}

/** AccountPutInputDto: PUT replaces every field, so send the whole account. */
export interface BmsAccountUpdateInput {
  accountName: string;
  accountTypeId: number;
  businessTypeId: number;
  accountManagerId: number;
  accountCode?: string | null;
  parentId?: number | null;
  description?: string | null;
  website?: string | null;
  /** null/omitted leaves the status unchanged. */
  isActive?: boolean | null;
  serviceTypeId?: number | null;
  currencyId?: number | null;
  salesTaxItemId?: number | null;
  classId?: number | null;
  acquiredDate?: string | null;
  creditLimit?: number | null;
  netDays?: number | null;
  routeInvoiceToParent?: boolean;
}

/** AccountPostInputDto: at least one location. */
export interface BmsAccountCreateInput extends BmsAccountUpdateInput {
  locations: BmsLocationInput[];
}

/** One JSON-Patch operation; `path` is a property name (a leading '/' is optional). */
export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

// ---------------------------------------------------------------- contacts

export interface BmsContactCreateInput {
  firstName: string;
  lastName: string;
  accountId: number;
  locationId: number;
  emails: Array<{ emailAddress: string; emailTypeId: number; isDefault?: boolean }>;
  /** Input phones say `phoneNumber`; output phones say `phone`. */
  phones: Array<{ phoneNumber: string; phoneTypeId: number; isDefault?: boolean }>;
}

/** ContactPutInputDto: booleans left out become false on the server, so send them all. */
export interface BmsContactUpdateInput {
  accountId: number;
  locationId: number;
  firstName: string | null;
  lastName: string | null;
  middleName?: string | null;
  jobTitle?: string | null;
  /** Point of contact. */
  poc: boolean;
  isActive: boolean;
  receiveInvoices?: boolean;
  billByContact?: boolean;
  effectiveDate?: string | null;
}

export type BmsItemOperation = 'add' | 'update' | 'delete';

export interface BmsEmailOperation {
  operation: BmsItemOperation;
  /** The address to add, or the current address of the one to update or delete. */
  emailAddress: string;
  newEmailAddress?: string;
  typeId?: number;
  isDefault?: boolean;
}

export interface BmsPhoneOperation {
  operation: BmsItemOperation;
  /** The number to add, or the current number of the one to update or delete. */
  phoneNumber: string;
  newPhoneNumber?: string;
  typeId?: number;
  isDefault?: boolean;
}

// ---------------------------------------------------------------- hardware assets

/** HardwareAssetInputDto: PUT replaces every field, so send the whole asset. */
export interface BmsHardwareAssetInput {
  name: string;
  accountId: number;
  accountLocationId: number;
  categoryId: number;
  contactId?: number | null;
  assetTag?: string | null;
  serialNumber?: string | null;
  manufacturerId?: number | null;
  modelNumber?: string | null;
  ipAddress?: string | null;
  macAddress?: string | null;
  defaultGateway?: string | null;
  osType?: string | null;
  osInfo?: string | null;
  locationInfo?: string | null;
  acquisitionDate?: string | null;
  warrantyExpirationDate?: string | null;
  description?: string | null;
  stateId?: number | null;
  /** null/omitted keeps the current value (true on create). */
  isActive?: boolean | null;
}

// ---------------------------------------------------------------- tickets

export interface BmsTicketInput {
  title: string;
  details: string;
  accountId: number;
  locationId: number;
  statusId: number;
  priorityId: number;
  typeId: number;
  /** 0 client portal, 1 phone, 2 in person, 3 on site, 4 e-mail, 5 monitoring, … */
  sourceId: number;
  openDate: string;
  contactId?: number | null;
  hardwareAssetId?: number | null;
  queueId?: number | null;
  assigneeId?: number | null;
  contractId?: number | null;
  issueTypeId?: number | null;
  /** Must belong to the issue type. */
  subIssueTypeId?: number | null;
  dueDate?: string | null;
}

/** TicketNotePostInputDto / TicketNotePutInputDto (a PUT replaces the note's text, flag and type). */
export interface BmsTicketNoteInput {
  details: string;
  /** true: technicians only; false: visible to the customer. */
  isInternal: boolean;
  /** A note type id; 0 (default) for none. */
  typeId?: number;
  /** The note's date (default: now). */
  noteDate?: BmsDateValue;
  /** Also moves the ticket to this status. */
  statusId?: number | null;
}

/** TicketChecklistItemPostInputDto; without an order the item goes last. */
export interface BmsChecklistItemInput {
  name: string;
  description?: string | null;
  order?: number;
}

/** TicketChecklistItemPutInputDto: a PUT replaces name, description, order and completion. */
export interface BmsChecklistItemUpdate extends BmsChecklistItemInput {
  isCompleted: boolean;
}

// ---------------------------------------------------------------- contracts

export interface BmsServiceLineInput {
  serviceId: number;
  units: number;
  unitCost?: number;
  unitPrice?: number;
  effectiveDate?: string;
  sortOrder?: number;
  serviceName?: string;
  serviceDescription?: string;
}

export interface BmsRecurringContractInput {
  accountId: number;
  billingCycleId: number;
  startDate: string;
  endDate: string;
  contractName?: string | null;
  referenceNumber?: string | null;
  isDefaultContract?: boolean | null;
  isNotificationEnabled?: boolean;
  services?: BmsServiceLineInput[];
}

export interface BmsServiceLineUpdate {
  units: number;
  unitPrice?: number;
  effectiveDate?: string;
}

// ---------------------------------------------------------------- list filters

export interface BmsAccountFilter {
  accountName?: string;
  accountCode?: string;
  accountTypeId?: number;
  accountTypeName?: string;
  createdOnFrom?: BmsDateValue;
  createdOnTo?: BmsDateValue;
  modifiedOnFrom?: BmsDateValue;
  modifiedOnTo?: BmsDateValue;
  isActive?: boolean;
}

export interface BmsAccountLookupFilter {
  ids?: number[];
  name?: string;
  withInactiveAccounts?: boolean;
}

export interface BmsContactFilter {
  accountId?: number;
  accountName?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  createdOnFrom?: BmsDateValue;
  createdOnTo?: BmsDateValue;
  modifiedOnFrom?: BmsDateValue;
  modifiedOnTo?: BmsDateValue;
  isActive?: boolean;
}

export interface BmsContactSearchFilter {
  ids?: number[];
  accountIds?: number[];
  accountName?: string;
  locationId?: number;
  locationName?: string;
  firstName?: string;
  lastName?: string;
  emailAddress?: string;
  jobTitle?: string;
  isPoc?: boolean;
  hasClientPortalAccess?: boolean;
  isActive?: boolean;
}

export interface BmsAccountContactFilter {
  name?: string;
  locationId?: number;
}

export interface BmsHardwareAssetFilter {
  categoryIds?: number[];
  assetName?: string;
  machineGroupId?: string;
  locationName?: string;
  serialNumber?: string;
  description?: string;
  ipAddress?: string;
  accountId?: number;
  contactId?: number;
  contactName?: string;
  excludedId?: number;
  isActive?: boolean;
}

export interface BmsTicketFilter {
  title?: string;
  account?: string;
  accountCode?: string;
  locationName?: string;
  assigneeName?: string;
  ticketNumber?: string;
  details?: string;
  contactName?: string;
  statusNames?: string[];
  queueNames?: string[];
  priorityNames?: string[];
  ticketTypeNames?: string[];
  sourceIds?: number[];
  excludeCompleted?: boolean;
  openDateFrom?: BmsDateValue;
  openDateTo?: BmsDateValue;
  completedDateFrom?: BmsDateValue;
  completedDateTo?: BmsDateValue;
  createdOnFrom?: BmsDateValue;
  createdOnTo?: BmsDateValue;
  lastActivityUpdateFrom?: BmsDateValue;
  lastActivityUpdateTo?: BmsDateValue;
  dueDateFrom?: BmsDateValue;
  dueDateTo?: BmsDateValue;
  lastStatusUpdateFrom?: BmsDateValue;
  lastStatusUpdateTo?: BmsDateValue;
  lastPriorityUpdateFrom?: BmsDateValue;
  lastPriorityUpdateTo?: BmsDateValue;
  lastQueueUpdateFrom?: BmsDateValue;
  lastQueueUpdateTo?: BmsDateValue;
  issueTypeNames?: string[];
  subIssueTypeNames?: string[];
  createdByName?: string;
  hardwareAssetName?: string;
  contactId?: number;
  hardwareAssetId?: number;
  accountLocationId?: number;
  /** The tickets of these accounts (the documented account filter; there is no single AccountId). */
  accountIds?: number[];
}

/** The slim ticket list's own filter (`GET /v2/servicedesk/tickets/searchselect`). */
export interface BmsTicketSearchSelectFilter {
  title?: string;
  ticketNumber?: string;
  openDateFrom?: BmsDateValue;
  openDateTo?: BmsDateValue;
  assigneeName?: string;
  queueName?: string;
  statusName?: string;
  accountId?: number;
  excludedId?: number;
  excludeCompleted?: boolean;
}

export interface BmsAssigneeFilter {
  ids?: number[];
  name?: string;
  excludedIds?: number[];
  accountId?: number;
}

export interface BmsIssueTypeFilter {
  name?: string;
}

export interface BmsEmployeeFilter {
  ids?: number[];
  name?: string;
}

export interface BmsContractFilter {
  contractType?: string;
  contractName?: string;
  billingCycle?: string;
  accountName?: string;
  status?: string;
}

export interface BmsContractLookupFilter {
  ids?: number[];
  accountId?: number;
  name?: string;
  excludeExpiredContracts?: boolean;
}

export interface BmsServiceFilter {
  id?: number;
  name?: string;
}

// ---------------------------------------------------------------- paging

export interface BmsPageRequest<F> {
  /** 1-based (default 1). */
  pageNumber?: number;
  /** Default and maximum 100. */
  pageSize?: number;
  filter?: F;
  /** Best effort: `"<field>"` or `"<field> desc"`. */
  sort?: string;
}

export interface BmsPage<T> {
  items: T[];
  /** All matches over every page, where the endpoint reports it. */
  totalRecords?: number;
  hasMore: boolean;
}
