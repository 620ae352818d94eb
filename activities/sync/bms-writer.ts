/**
 * Writes canonical changes to BMS, with its quirks in one place:
 * - PUT replaces whole records, so bodies start from the current record;
 * - a contact's e-mails and phones change only through their own PATCH endpoints, and its job
 *   title and point-of-contact flag only through an update after create;
 * - a location exists only inside an account (created with it, or through the account's
 *   location endpoints).
 */
import type { BmsClient, BmsEmailOperation, BmsPhoneOperation } from '../../clients/bms/index.js';
import { findBmsAccountsByName, findBmsContactsByName, findBmsHardwareAssetsByName } from '../../clients/find-by-name.js';
import type { CanonicalByEntity, Entity } from '../../domain/entities.js';
import { applyToBms, mainAddress, type MappedWrite, type MappingContext, type WireRecord } from '../../domain/mapping/index.js';
import { matchKey } from '../../domain/normalize.js';
import type { IntegrationSettings } from '../../domain/settings.js';
import { InputError } from '../errors.js';
import { adapterFor } from './adapters.js';
import type { Lookups } from './lookups.js';

export interface BmsWriteResult<E extends Entity> {
  record: WireRecord;
  write: MappedWrite<CanonicalByEntity[E]>;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);

/** A BMS record as GET returns it now (the merge needs the current values). */
export async function readBms(bms: BmsClient, entity: Entity, id: string, parentId: string | null): Promise<WireRecord> {
  switch (entity) {
    case 'organization':
      return (await bms.getAccount(Number(id))) as WireRecord;
    case 'location': {
      if (!parentId) throw new InputError(`BMS location ${id} has no account`);
      return { ...((await bms.getLocation(Number(parentId), Number(id))) as WireRecord), accountId: Number(parentId) };
    }
    case 'contact':
      return (await bms.getContact(Number(id))) as WireRecord;
    case 'configuration':
      return (await bms.getHardwareAsset(Number(id))) as WireRecord;
  }
}

function accountBody(current: WireRecord, defaults: { businessTypeId: number; accountManagerId: number }): WireRecord {
  return {
    accountName: current.accountName,
    accountTypeId: current.accountTypeId,
    businessTypeId: num(current.businessTypeId) ?? defaults.businessTypeId,
    accountManagerId: num(current.accountManagerId) ?? defaults.accountManagerId,
    accountCode: current.accountCode ?? null,
    parentId: current.parentId ?? null,
    description: current.description ?? null,
    website: current.website ?? null,
    isActive: current.isActive,
    serviceTypeId: current.serviceTypeId ?? null,
    currencyId: current.currencyId ?? null,
    salesTaxItemId: current.salesTaxItemId ?? null,
    classId: current.classId ?? null,
    acquiredDate: current.acquiredDate ?? null,
    creditLimit: current.creditLimit ?? null,
    netDays: current.netDays ?? null,
  };
}

function locationBody(current: WireRecord): WireRecord {
  return {
    locationName: current.locationName,
    isMain: current.isMain === true,
    isActive: current.isActive !== false,
    address: { ...mainAddress(current) },
  };
}

/** Folds the mapped `address` into the location's address list (the main address). */
function withAddress(body: WireRecord, current: WireRecord | null): WireRecord {
  const { address, ...rest } = body;
  const { id: _id, ...main } = { isMain: true, isBilling: false, ...(address as WireRecord) } as WireRecord;
  const others = current && Array.isArray(current.addresses) ? (current.addresses as WireRecord[]).filter((a) => a.isMain !== true) : [];
  return { ...rest, addresses: [main, ...others.map(({ id: _other, ...a }) => a)] };
}

function assetBody(current: WireRecord): WireRecord {
  const keys = [
    'name', 'accountId', 'accountLocationId', 'categoryId', 'contactId', 'assetTag', 'serialNumber', 'manufacturerId',
    'modelNumber', 'ipAddress', 'macAddress', 'defaultGateway', 'osType', 'osInfo', 'locationInfo', 'acquisitionDate',
    'warrantyExpirationDate', 'description', 'stateId', 'isActive',
  ];
  return Object.fromEntries(keys.map((k) => [k, current[k] ?? null]));
}

function contactBody(current: WireRecord): WireRecord {
  return {
    accountId: current.accountId,
    locationId: current.locationId ?? null,
    firstName: current.firstName ?? null,
    lastName: current.lastName ?? null,
    jobTitle: current.jobTitle ?? null,
    isPoc: current.isPoc === true || current.poc === true,
    isActive: current.isActive !== false,
  };
}

/** The PUT body's names differ from the output's: `poc`, not `isPoc`. */
function contactPut(body: WireRecord): WireRecord {
  const { isPoc, emails: _e, phones: _p, ...rest } = body;
  return { ...rest, poc: isPoc === true };
}

export function emailOperations(current: WireRecord[], desired: WireRecord[]): BmsEmailOperation[] {
  const key = (e: WireRecord) => matchKey(e.emailAddress);
  const currentByKey = new Map(current.map((e) => [key(e), e]));
  const desiredKeys = new Set(desired.map(key));
  const ops: BmsEmailOperation[] = [];
  for (const e of current) if (!desiredKeys.has(key(e))) ops.push({ operation: 'delete', emailAddress: String(e.emailAddress) });
  for (const d of desired) {
    const c = currentByKey.get(key(d));
    const typeId = num(d.emailTypeId) ?? undefined;
    if (!c) ops.push({ operation: 'add', emailAddress: String(d.emailAddress), typeId, isDefault: d.isDefault === true });
    else if ((typeId !== undefined && num(c.emailTypeId) !== typeId) || (c.isDefault === true) !== (d.isDefault === true)) {
      ops.push({ operation: 'update', emailAddress: String(c.emailAddress), typeId, isDefault: d.isDefault === true });
    }
  }
  return ops;
}

export function phoneOperations(current: WireRecord[], desired: WireRecord[]): BmsPhoneOperation[] {
  const key = (p: WireRecord) => String(p.phone ?? p.phoneNumber ?? '').replace(/\D/g, '');
  const currentByKey = new Map(current.map((p) => [key(p), p]));
  const desiredKeys = new Set(desired.map(key));
  const ops: BmsPhoneOperation[] = [];
  for (const p of current) if (!desiredKeys.has(key(p))) ops.push({ operation: 'delete', phoneNumber: String(p.phone) });
  for (const d of desired) {
    const c = currentByKey.get(key(d));
    const typeId = num(d.phoneTypeId) ?? undefined;
    if (!c) ops.push({ operation: 'add', phoneNumber: String(d.phoneNumber), typeId, isDefault: d.isDefault === true });
    else if ((typeId !== undefined && num(c.phoneTypeId) !== typeId) || (c.isDefault === true) !== (d.isDefault === true)) {
      ops.push({ operation: 'update', phoneNumber: String(c.phone), typeId, isDefault: d.isDefault === true });
    }
  }
  return ops;
}

/** Account defaults BMS requires on create and on PUT that IT Glue cannot supply. */
export function accountDefaults(settings: IntegrationSettings, lookups: Lookups): { businessTypeId: number; accountManagerId: number } {
  const businessTypeId =
    lookups.bms.idOf('BusinessType', settings.bmsDefaults.businessTypeName) ?? lookups.bms.idOf('BusinessType', 'Customer') ?? 1;
  // An account needs an existing employee as its manager: the configured one, else the first.
  const accountManagerId = settings.bmsDefaults.accountManagerId ?? lookups.bmsEmployeeIds[0];
  if (accountManagerId === undefined) throw new InputError('BMS has no employee to be the account manager: set bmsDefaults.accountManagerId');
  return { businessTypeId, accountManagerId };
}

/** Applies `changes` to an existing BMS record; returns the record as BMS now has it. */
export async function updateInBms<E extends Entity>(
  bms: BmsClient,
  entity: E,
  current: WireRecord,
  changes: Partial<CanonicalByEntity[E]>,
  ctx: MappingContext,
  defaults: () => { businessTypeId: number; accountManagerId: number },
): Promise<BmsWriteResult<E>> {
  const { mapping } = adapterFor(entity);
  const id = Number(current.id);
  switch (entity) {
    case 'organization': {
      const write = applyToBms(mapping, changes, accountBody(current, defaults()), ctx);
      const record = (await bms.updateAccount(id, write.values as never)) as WireRecord;
      return { record, write };
    }
    case 'location': {
      const accountId = Number(current.accountId);
      const write = applyToBms(mapping, changes, locationBody(current), ctx);
      const record = (await bms.updateLocation(accountId, id, withAddress(write.values, current) as never)) as WireRecord;
      return { record: { ...record, accountId }, write };
    }
    case 'contact': {
      const write = applyToBms(mapping, changes, contactBody(current), ctx);
      const scalarChanged = Object.keys(changes).some((k) => k !== 'emails' && k !== 'phones');
      if (scalarChanged) await bms.updateContact(id, contactPut(write.values) as never);
      if ('emails' in changes) {
        const ops = emailOperations((current.emails as WireRecord[]) ?? [], (write.values.emails as WireRecord[]) ?? []);
        if (ops.length) await bms.patchContactEmails(id, ops);
      }
      if ('phones' in changes) {
        const ops = phoneOperations((current.phones as WireRecord[]) ?? [], (write.values.phones as WireRecord[]) ?? []);
        if (ops.length) await bms.patchContactPhones(id, ops);
      }
      return { record: (await bms.getContact(id)) as WireRecord, write };
    }
    case 'configuration': {
      const write = applyToBms(mapping, changes, assetBody(current), ctx);
      const record = (await bms.updateHardwareAsset(id, write.values as never)) as WireRecord;
      return { record, write };
    }
  }
  throw new Error(`unknown entity ${String(entity)}`);
}

export interface BmsCreateContext {
  /** BMS account of the record (children). */
  accountId: number | null;
  /** The account's main location, for records IT Glue gives no location. */
  mainLocationId: number | null;
  defaults: () => { businessTypeId: number; accountManagerId: number };
  /** Location for a new account (from IT Glue's primary location), else a placeholder is used. */
  firstLocation?: WireRecord;
}

/**
 * Creates a BMS record from a canonical IT Glue record. Returns the record as BMS has it after
 * every follow-up call (contacts: job title and point of contact need an update after create).
 */
export async function createInBms<E extends Entity>(
  bms: BmsClient,
  entity: E,
  canonical: CanonicalByEntity[E],
  ctx: MappingContext,
  create: BmsCreateContext,
): Promise<BmsWriteResult<E>> {
  const { mapping } = adapterFor(entity);
  const all = canonical as Partial<CanonicalByEntity[E]>;
  switch (entity) {
    case 'organization': {
      const write = applyToBms(mapping, all, { ...create.defaults(), isActive: true }, ctx);
      if (typeof write.values.accountTypeId !== 'number') {
        throw new InputError(`BMS has no account type named "${(canonical as CanonicalByEntity['organization']).typeName ?? ''}"`);
      }
      const location = create.firstLocation ?? { locationName: 'Main', isMain: true, isActive: true, addresses: [{ isMain: true }] };
      const record = (await bms.createAccount({ ...write.values, locations: [location] } as never)) as WireRecord;
      return { record, write };
    }
    case 'location': {
      if (create.accountId === null) throw new InputError('the location belongs to an organization that is not synced to BMS');
      const write = applyToBms(mapping, all, { isActive: true }, ctx);
      const record = (await bms.createLocation(create.accountId, withAddress(write.values, null) as never)) as WireRecord;
      return { record: { ...record, accountId: create.accountId }, write };
    }
    case 'contact': {
      if (create.accountId === null) throw new InputError('the contact belongs to an organization that is not synced to BMS');
      const write = applyToBms(mapping, all, { accountId: create.accountId, isActive: true }, ctx);
      const v = write.values;
      const locationId = num(v.locationId) ?? create.mainLocationId;
      if (locationId === null) throw new InputError('BMS needs a location for the contact');
      const created = await bms.createContact({
        firstName: String(v.firstName ?? ''),
        lastName: String(v.lastName ?? ''),
        accountId: create.accountId,
        locationId,
        emails: ((v.emails as WireRecord[]) ?? []).map((e) => ({ emailAddress: String(e.emailAddress), emailTypeId: num(e.emailTypeId) ?? 1, isDefault: e.isDefault === true })),
        phones: ((v.phones as WireRecord[]) ?? []).map((p) => ({ phoneNumber: String(p.phoneNumber), phoneTypeId: num(p.phoneTypeId) ?? 1, isDefault: p.isDefault === true })),
      });
      // BMS takes the job title and the point-of-contact flag only on update.
      if (v.jobTitle || v.isPoc === true) {
        await bms.updateContact(created.id, contactPut({ ...v, locationId }) as never);
      }
      return { record: (await bms.getContact(created.id)) as WireRecord, write };
    }
    case 'configuration': {
      if (create.accountId === null) throw new InputError('the configuration belongs to an organization that is not synced to BMS');
      const write = applyToBms(mapping, all, { accountId: create.accountId, isActive: true }, ctx);
      const v = write.values;
      if (typeof v.categoryId !== 'number') {
        throw new InputError(`BMS has no asset category named "${(canonical as CanonicalByEntity['configuration']).typeName ?? ''}"`);
      }
      const accountLocationId = num(v.accountLocationId) ?? create.mainLocationId;
      if (accountLocationId === null) throw new InputError('BMS needs a client location for the asset');
      const record = (await bms.createHardwareAsset({ ...v, accountLocationId } as never)) as WireRecord;
      return { record, write };
    }
  }
  throw new Error(`unknown entity ${String(entity)}`);
}

/**
 * BMS records that could be the one a lost create made: same account and name (used before a
 * create is tried again).
 */
export async function findInBms(bms: BmsClient, entity: Entity, canonical: CanonicalByEntity[Entity], accountId: number | null): Promise<WireRecord[]> {
  switch (entity) {
    case 'organization': {
      const name = (canonical as CanonicalByEntity['organization']).name;
      return (await findBmsAccountsByName(bms, name)) as WireRecord[];
    }
    case 'contact': {
      if (accountId === null) return [];
      const c = canonical as CanonicalByEntity['contact'];
      return (await findBmsContactsByName(bms, accountId, c.firstName, c.lastName)) as WireRecord[];
    }
    case 'configuration': {
      if (accountId === null) return [];
      const name = (canonical as CanonicalByEntity['configuration']).name;
      const rows = await findBmsHardwareAssetsByName(bms, accountId, name);
      return Promise.all(rows.map(async (r) => (await bms.getHardwareAsset(r.id)) as WireRecord));
    }
    case 'location': {
      if (accountId === null) return [];
      const name = (canonical as CanonicalByEntity['location']).name;
      const rows = (await bms.listAccountLocations(accountId)).filter((r) => matchKey(r.name) === matchKey(name));
      return Promise.all(rows.map(async (r) => ({ ...((await bms.getLocation(accountId, r.id)) as WireRecord), accountId })));
    }
  }
  return [];
}
