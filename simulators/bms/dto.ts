/**
 * Output DTOs, built from stored records with every property S2 lists for them (camelCase per
 * bms-api.md §2.1, nulls emitted — ASSUMPTION §2.1) and the computed companions (`accountName`,
 * `category`, `emailType`, …) filled from the referenced records.
 */
import { TICKET_SOURCES } from './defaults.js';
import type { Account, Address, Asset, BmsStore, Contact, ContactEmail, ContactPhone, Contract, Location, Service, ServiceLine, Ticket } from './store.js';
import { timeOf } from './wire.js';

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
// ASSUMPTION (bms-api.md §2.1): S2 types some references as non-nullable ints; "none" is sent as 0.
export const int0 = (v: unknown): number => (typeof v === 'number' ? v : 0);
// ASSUMPTION (bms-api.md §2.1): a non-nullable .NET DateTime that is unset is default(DateTime).
export const DOTNET_MIN_DATE = '0001-01-01T00:00:00';

export function audit(r: Record<string, unknown>) {
  return { createdBy: num(r.createdBy), createdOn: str(r.createdOn), modifiedBy: num(r.modifiedBy), modifiedOn: str(r.modifiedOn) };
}

// ---------------------------------------------------------------- accounts and locations

export function addressDto(store: BmsStore, a: Address) {
  return {
    id: a.id,
    ...audit(a),
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    state: a.state ?? null,
    zipCode: a.zipCode ?? null,
    countryId: a.countryId ?? null,
    country: store.lookupName('Country', a.countryId) ?? a.country ?? null,
    phone: a.phone ?? null,
    fax: a.fax ?? null,
    latitude: num(a.latitude),
    longitude: num(a.longitude),
    emailAddress: str(a.emailAddress),
    isMain: a.isMain,
    isBilling: a.isBilling,
    addressTypeId: num(a.addressTypeId),
    addressType: str(a.addressType),
  };
}

export function locationDto(store: BmsStore, l: Location) {
  return {
    id: l.id,
    ...audit(l),
    locationName: l.locationName,
    isMain: l.isMain,
    isActive: l.isActive,
    timeZoneId: num(l.timeZoneId),
    dateFormatId: num(l.dateFormatId),
    timeFormatId: num(l.timeFormatId),
    addresses: l.addresses.map((a) => addressDto(store, a)),
  };
}

export function accountDto(store: BmsStore, a: Account) {
  return {
    id: a.id,
    ...audit(a),
    parentId: a.parentId ?? null,
    accountCode: a.accountCode ?? null,
    accountTypeId: a.accountTypeId,
    accountType: store.accountTypes.get(a.accountTypeId)?.name ?? null,
    accountName: a.accountName,
    businessTypeId: a.businessTypeId ?? null,
    businessType: store.lookupName('BusinessType', a.businessTypeId),
    serviceTypeId: num(a.serviceTypeId),
    serviceType: str(a.serviceType),
    accountManagerId: a.accountManagerId ?? null,
    accountManagerUserName: a.accountManagerId ? (store.employees.get(a.accountManagerId)?.fullName ?? null) : null,
    currencyId: num(a.currencyId),
    currencyName: str(a.currencyName),
    creditLimit: num(a.creditLimit),
    netDays: num(a.netDays),
    salesTaxItemId: num(a.salesTaxItemId),
    salesTaxItemName: str(a.salesTaxItemName),
    website: a.website ?? null,
    description: a.description ?? null,
    classId: num(a.classId),
    className: str(a.className),
    isActive: a.isActive,
    isBilling: bool(a.isBilling, true),
    acquiredDate: str(a.acquiredDate),
    tenantName: store.tenant,
    locations: a.locations.map((l) => locationDto(store, l)),
  };
}

export function accountLookupDto(store: BmsStore, a: Account) {
  return { id: a.id, name: a.accountName, tenantName: store.tenant, isActive: a.isActive };
}

export function locationLookupDto(accountId: number, l: Location) {
  return { id: l.id, name: l.locationName, accountId, isMain: l.isMain };
}

// ---------------------------------------------------------------- contacts

export function emailDto(store: BmsStore, e: ContactEmail) {
  return {
    id: e.id ?? 0,
    ...audit(e),
    emailAddress: e.emailAddress,
    emailTypeId: e.emailTypeId,
    emailType: store.lookupName('EmailType', e.emailTypeId),
    isDefault: e.isDefault,
  };
}

export function phoneDto(store: BmsStore, p: ContactPhone) {
  return {
    id: p.id ?? 0,
    ...audit(p),
    phone: p.phone,
    phoneTypeId: p.phoneTypeId,
    phoneType: store.lookupName('PhoneType', p.phoneTypeId),
    isDefault: p.isDefault,
  };
}

export function defaultOf<T extends { isDefault: boolean }>(items: T[]): T | undefined {
  return items.find((i) => i.isDefault) ?? items[0];
}

function contactNames(store: BmsStore, c: Contact) {
  return {
    accountName: store.accounts.get(c.accountId)?.accountName ?? null,
    locationName: store.location(c.locationId)?.locationName ?? null,
  };
}

export function fullName(c: { firstName?: string | null; lastName?: string | null }): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ');
}

/** ContactsSummaryOutputDto: list rows and `GET /v2/crm/contacts/summary/{id}`. */
export function contactSummaryDto(store: BmsStore, c: Contact) {
  const names = contactNames(store, c);
  return {
    id: c.id,
    ...audit(c),
    accountId: c.accountId,
    accountName: names.accountName,
    locationId: c.locationId ?? null,
    locationName: names.locationName,
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    jobTitle: c.jobTitle ?? null,
    isPoc: c.isPoc,
    isActive: c.isActive,
    effectiveDate: str(c.effectiveDate),
    isBillable: bool(c.isBillable, false),
    emails: c.emails.map((e) => emailDto(store, e)),
    phones: c.phones.map((p) => phoneDto(store, p)),
    canRecieveInvoices: bool(c.canRecieveInvoices, false),
  };
}

/** ContactSummaryOutputDto: the answer to `POST /v2/crm/contacts/summary`. */
export function contactCreatedDto(store: BmsStore, c: Contact) {
  const names = contactNames(store, c);
  return {
    id: c.id,
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    accountId: c.accountId,
    accountName: names.accountName,
    locationId: int0(c.locationId),
    locationName: names.locationName,
    phoneNumber: defaultOf(c.phones)?.phone ?? null,
    emailAddress: defaultOf(c.emails)?.emailAddress ?? null,
    customFieldsData: [],
  };
}

/** ContactOutputDto: the answer to PUT and PATCH `/v2/crm/contacts/{id}`. */
export function contactDetailDto(store: BmsStore, c: Contact) {
  const names = contactNames(store, c);
  return {
    id: c.id,
    ...audit(c),
    accountId: c.accountId,
    accountName: names.accountName,
    locationId: int0(c.locationId),
    locationName: names.locationName,
    firstName: c.firstName ?? null,
    middleName: str(c.middleName),
    lastName: c.lastName ?? null,
    jobTitle: c.jobTitle ?? null,
    poc: c.isPoc,
    isActive: c.isActive,
    billByContact: bool(c.isBillable, false),
    effectiveDate: str(c.effectiveDate),
    phones: c.phones.map((p) => phoneDto(store, p)),
    emails: c.emails.map((e) => emailDto(store, e)),
    recieveInvoices: bool(c.canRecieveInvoices, false),
    createdByName: store.personName(c.createdBy),
    modifiedByName: store.personName(c.modifiedBy),
  };
}

export function contactSearchDto(store: BmsStore, c: Contact) {
  const names = contactNames(store, c);
  return {
    id: c.id,
    accountId: c.accountId,
    accountName: names.accountName,
    locationId: int0(c.locationId),
    locationName: names.locationName,
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    jobTitle: c.jobTitle ?? null,
    emailAddress: defaultOf(c.emails)?.emailAddress ?? null,
    isPoc: c.isPoc,
    isActive: c.isActive,
    hasClientPortalAccess: bool(c.hasClientPortalAccess, false),
  };
}

export function contactLookupDto(store: BmsStore, c: Contact) {
  return {
    id: c.id,
    name: fullName(c),
    locationId: int0(c.locationId),
    locationName: store.location(c.locationId)?.locationName ?? null,
    phone: defaultOf(c.phones)?.phone ?? null,
    emailAddress: defaultOf(c.emails)?.emailAddress ?? null,
  };
}

// ---------------------------------------------------------------- hardware assets

/** HardwareAssetOutputDto */
export function assetDto(store: BmsStore, a: Asset) {
  const contact = a.contactId ? store.contacts.get(a.contactId) : undefined;
  return {
    id: a.id,
    name: a.name,
    accountId: a.accountId,
    accountName: store.accounts.get(a.accountId)?.accountName ?? null,
    accountLocationId: a.accountLocationId,
    accountLocation: store.location(a.accountLocationId)?.locationName ?? null,
    contactId: a.contactId ?? null,
    contactFirstName: contact?.firstName ?? null,
    contactLastName: contact?.lastName ?? null,
    categoryId: a.categoryId,
    category: store.lookupName('AssetCategory', a.categoryId),
    brandId: num(a.brandId),
    brand: store.lookupName('Brand', num(a.brandId)),
    serialNumber: a.serialNumber ?? null,
    businessImpactId: num(a.businessImpactId),
    businessImpact: store.lookupName('BusinessImpact', num(a.businessImpactId)),
    stateId: a.stateId ?? null,
    state: store.lookupName('AssetStatus', a.stateId),
    locationInfo: a.locationInfo ?? null,
    description: a.description ?? null,
    barCode: str(a.barCode),
    assetTag: a.assetTag ?? null,
    vendorId: num(a.vendorId),
    webRemoteUrl: str(a.webRemoteUrl),
    vendor: store.lookupName('Vendor', num(a.vendorId)),
    isActive: a.isActive,
    modelNumber: a.modelNumber ?? null,
    machineGroupId: str(a.machineGroupId),
    ipAddress: a.ipAddress ?? null,
    subnetMask: str(a.subnetMask),
    defaultGateway: a.defaultGateway ?? null,
    dnsServers: str(a.dnsServers),
    dhcpEnabled: bool(a.dhcpEnabled, false),
    dhcpServer: str(a.dhcpServer),
    winsEnabled: bool(a.winsEnabled, false),
    secondaryWinsServer: str(a.secondaryWinsServer),
    connectionGatewayIp: str(a.connectionGatewayIp),
    osType: a.osType ?? null,
    osInfo: a.osInfo ?? null,
    majorVersion: str(a.majorVersion),
    minorVersion: str(a.minorVersion),
    macAddress: a.macAddress ?? null,
    loginName: str(a.loginName),
    lastLoginname: str(a.lastLoginname),
    currentUser: str(a.currentUser),
    productName: str(a.productName),
    machineVersion: str(a.machineVersion),
    motherboardManufacturerId: num(a.motherboardManufacturerId),
    motherboardManufacturer: store.lookupName('Manufacturer', num(a.motherboardManufacturerId)),
    motherboardProductCode: str(a.motherboardProductCode),
    motherboardSerialNumber: str(a.motherboardSerialNumber),
    motherboardVersion: str(a.motherboardVersion),
    chassisAssetTag: str(a.chassisAssetTag),
    chassisManufacturerId: num(a.chassisManufacturerId),
    chassisManufacturer: store.lookupName('Manufacturer', num(a.chassisManufacturerId)),
    chassisSerialNumber: str(a.chassisSerialNumber),
    chassisType: str(a.chassisType),
    chassisVersion: str(a.chassisVersion),
    busSpeed: str(a.busSpeed),
    manufacturerId: a.manufacturerId ?? null,
    manufacturer: store.lookupName('Manufacturer', a.manufacturerId),
    maxMemorySize: str(a.maxMemorySize),
    maxMemorySlots: str(a.maxMemorySlots),
    primaryWinsServer: str(a.primaryWinsServer),
    purchaseCost: num(a.purchaseCost),
    warrantyExpirationDate: a.warrantyExpirationDate ?? null,
    expirationDate: str(a.expirationDate),
    acquisitionDate: a.acquisitionDate ?? null,
    firstCheckIn: str(a.firstCheckIn),
    lastCheckIn: str(a.lastCheckIn),
    lastReboot: str(a.lastReboot),
    createdById: a.createdById ?? null,
    createdBy: store.personName(a.createdById),
    modifiedById: a.modifiedById ?? null,
    modifiedBy: store.personName(a.modifiedById),
    createdOn: a.createdOn ?? null,
    modifiedOn: a.modifiedOn ?? null,
    contactEmailAddress: contact ? (defaultOf(contact.emails)?.emailAddress ?? null) : null,
    contactPhoneNumber: contact ? (defaultOf(contact.phones)?.phone ?? null) : null,
    agentId: str(a.agentId),
    diskVolumes: [],
    integrationTypeId: num(a.integrationTypeId),
    statuses: [],
  };
}

/** HardwareAssetsListSearchSelectOutputDto */
export function assetRowDto(store: BmsStore, a: Asset) {
  const contact = a.contactId ? store.contacts.get(a.contactId) : undefined;
  return {
    id: a.id,
    categoryName: store.lookupName('AssetCategory', a.categoryId),
    categoryId: a.categoryId,
    locationName: store.location(a.accountLocationId)?.locationName ?? null,
    assetName: a.name,
    serialNumber: a.serialNumber ?? null,
    machineGroupId: str(a.machineGroupId),
    ipAddress: a.ipAddress ?? null,
    contactId: int0(a.contactId),
    contactName: contact ? fullName(contact) : null,
    accountId: a.accountId,
    accountName: store.accounts.get(a.accountId)?.accountName ?? null,
    isActive: a.isActive,
  };
}

// ---------------------------------------------------------------- contracts and services

export function contractBillingPrice(c: Contract): number {
  return c.services.reduce((sum, l) => sum + l.units * l.unitPrice, 0);
}

export function isExpired(c: Contract, now = Date.now()): boolean {
  const end = timeOf(c.endDate);
  return end !== undefined && end < now;
}

function contractStatus(c: Contract): string {
  if (!c.isActive) return 'Inactive';
  return isExpired(c) ? 'Expired' : 'Active';
}

export function contractNumberOf(c: Contract): string {
  return c.contractNumber ?? `CON-${String(c.id).padStart(6, '0')}`;
}

/** ClientContractSummaryOutputDto (no accountId, as S2 says). */
export function contractSummaryDto(store: BmsStore, c: Contract) {
  return {
    id: c.id,
    contractName: c.contractName,
    accountName: store.accounts.get(c.accountId)?.accountName ?? null,
    // ASSUMPTION (bms-api.md §3.6): only recurring-services contracts are modelled.
    contractType: 'Recurring Services',
    contractBillingPrice: contractBillingPrice(c),
    status: contractStatus(c),
    contractNumber: contractNumberOf(c),
    billingCycle: store.lookupName('BillingCycle', c.billingCycleId),
    startDate: c.startDate ?? DOTNET_MIN_DATE,
    endDate: c.endDate ?? DOTNET_MIN_DATE,
  };
}

/** ServiceOutputDto: a service of the catalogue; what the store does not keep is null (or .NET's unset value where the field is not nullable). */
export function serviceDto(s: Service) {
  return {
    id: s.id,
    name: s.name,
    description: s.description ?? null,
    unitCost: s.unitCost,
    unitPrice: s.unitPrice,
    categoryId: null,
    category: null,
    subCategoryId: null,
    subCategory: null,
    unitOfMeasureId: null,
    unitOfMeasure: null,
    incomeAccountId: null,
    incomeAccountCode: null,
    incomeAccountName: null,
    expenseAccountId: null,
    expenseAccountCode: null,
    expenseAccountName: null,
    isActive: s.isActive,
    isTaxable: false,
    createdOn: DOTNET_MIN_DATE,
    createdBy: 0,
    modifiedOn: DOTNET_MIN_DATE,
    modifiedBy: 0,
    margin: null,
    marginType: null,
  };
}

export function contractLookupDto(c: Contract) {
  return {
    id: c.id,
    name: c.contractName,
    isDefault: bool(c.isDefaultContract, false),
    slaId: num(c.slaId),
    slaName: str(c.slaName),
    isActive: c.isActive,
    endDate: c.endDate ?? null,
  };
}

function lineMoney(l: ServiceLine, store: BmsStore) {
  const service = store.services.get(l.serviceId);
  return {
    serviceName: str(l.serviceName) ?? service?.name ?? null,
    description: str(l.serviceDescription) ?? service?.description ?? null,
    totalCost: l.units * l.unitCost,
    totalPrice: l.units * l.unitPrice,
  };
}

function effectiveDateOf(l: ServiceLine, c: Contract): string {
  return l.effectiveDate ?? c.startDate ?? DOTNET_MIN_DATE;
}

/** RecurringServicePostOutputDto: one service line of a contract. */
export function serviceLineDto(store: BmsStore, c: Contract, l: ServiceLine) {
  const money = lineMoney(l, store);
  return {
    id: l.id,
    ...audit(l),
    serviceId: l.serviceId,
    serviceName: money.serviceName,
    description: money.description,
    contractId: c.id,
    contractName: c.contractName,
    totalCost: money.totalCost,
    totalPrice: money.totalPrice,
    units: l.units,
    unitCost: l.unitCost,
    unitPrice: l.unitPrice,
    margin: money.totalPrice - money.totalCost,
    originalUnitPrice: num(l.originalUnitPrice) ?? l.unitPrice,
    originalUnitCost: num(l.originalUnitCost) ?? l.unitCost,
    effectiveDate: effectiveDateOf(l, c),
    sortOrder: l.sortOrder,
  };
}

/** RecurringServicesContractPostOutputDto */
export function recurringContractDto(store: BmsStore, c: Contract) {
  return {
    id: c.id,
    ...audit(c),
    contractName: c.contractName,
    accountId: c.accountId,
    accountName: store.accounts.get(c.accountId)?.accountName ?? null,
    typeId: 1,
    typeName: 'Recurring Services',
    slaId: num(c.slaId),
    slaName: str(c.slaName),
    referenceNumber: str(c.referenceNumber),
    statusId: c.isActive ? 1 : 2,
    statusName: contractStatus(c),
    contractNumber: contractNumberOf(c),
    billingCycleId: c.billingCycleId ?? 0,
    billingCycleName: store.lookupName('BillingCycle', c.billingCycleId),
    contractBillingPrice: contractBillingPrice(c),
    startDate: c.startDate ?? null,
    endDate: c.endDate ?? null,
    isDefaultContract: typeof c.isDefaultContract === 'boolean' ? c.isDefaultContract : null,
    issueInvoiceOnId: typeof c.issueInvoiceOn === 'boolean' ? c.issueInvoiceOn : null,
    issueInvoiceOnName: null,
    isFiscalBilling: typeof c.isFiscalBilling === 'boolean' ? c.isFiscalBilling : null,
    isNotificationEnabled: bool(c.isNotificationEnabled, false),
    notificationEmails: Array.isArray(c.notificationEmails) ? c.notificationEmails : null,
    services: c.services.map((l) => {
      const money = lineMoney(l, store);
      return {
        id: l.id,
        ...audit(l),
        serviceId: l.serviceId,
        serviceName: money.serviceName,
        serviceDescription: money.description,
        contractId: c.id,
        contractName: c.contractName,
        totalCost: money.totalCost,
        totalPrice: money.totalPrice,
        units: l.units,
        unitCost: l.unitCost,
        unitPrice: l.unitPrice,
        effectiveDate: effectiveDateOf(l, c),
        sortOrder: l.sortOrder,
      };
    }),
  };
}
