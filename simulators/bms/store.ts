/**
 * The BMS simulator's state. Records are kept in the dataset form (BMS wire names, no computed
 * companions such as `accountName`); the routes build the output DTOs from them.
 *
 * Every collection is a Map by id, with secondary indexes for what list endpoints filter on
 * (contacts and assets per account, location → account), so a page costs at most one pass over
 * the collection, and repeated pages of the same query reuse a cached, already filtered list.
 */
import {
  bmsAccountSchema,
  bmsAccountTypeSchema,
  bmsContactSchema,
  bmsContractSchema,
  bmsDatasetSchema,
  bmsHardwareAssetSchema,
  bmsLocationSchema,
  bmsLookupRowSchema,
  bmsServiceSchema,
  bmsTicketSchema,
  bmsUserSchema,
  type BmsDataset,
} from '../datasets/format.js';
import { SimError, type SimulatorStore } from '../common/simulator.js';
import { z } from 'zod';
import { DEFAULT_ACCOUNT_TYPES, DEFAULT_EMPLOYEES, DEFAULT_LOOKUPS, DEFAULT_SERVICES, DEFAULT_USERS } from './defaults.js';
import {
  adminAddChecklistItem,
  adminAddNote,
  adminEditChecklistItem,
  adminEditNote,
  deleteChecklistItem,
  deleteNote,
  editTicket,
  findChecklistItem,
  findNote,
  ticketHolding,
  ticketProblems,
} from './ticket-writes.js';
import { formatPath, serverNow } from './wire.js';

interface Audit {
  createdOn?: string;
  modifiedOn?: string;
  createdBy?: number | null;
  modifiedBy?: number | null;
}

export type Account = BmsDataset['accounts'][number] & Audit;
export type Location = Account['locations'][number] & Audit;
export type Address = Location['addresses'][number] & Audit;
export type Contact = BmsDataset['contacts'][number] & Audit;
export type ContactEmail = Contact['emails'][number] & Audit;
export type ContactPhone = Contact['phones'][number] & Audit;
/** Assets carry `createdById`/`modifiedById`: on the wire `createdBy`/`modifiedBy` are names. */
export type Asset = BmsDataset['hardwareAssets'][number] & { createdById?: number | null; modifiedById?: number | null };
export type Ticket = BmsDataset['tickets'][number] & Audit;
export type TicketNote = Ticket['notes'][number];
export type ChecklistItem = Ticket['checklistItems'][number];
export type Service = BmsDataset['services'][number];
export type Contract = BmsDataset['contracts'][number] & Audit;
export type ServiceLine = Contract['services'][number] & Audit;
export type AccountType = BmsDataset['accountTypes'][number];
export type Employee = BmsDataset['employees'][number];
export type LookupRow = BmsDataset['lookups'][string][number];
export type User = BmsDataset['users'][number] & { id: number };

interface LookupTable {
  name: string;
  rows: Map<number, LookupRow>;
}

type IdKind =
  | 'account' | 'location' | 'address' | 'contact' | 'email' | 'phone' | 'asset' | 'ticket' | 'note' | 'checklistItem'
  | 'contract' | 'line' | 'service' | 'accountType' | 'employee' | 'user' | 'lookup';

const COLLECTIONS = [
  'accounts', 'locations', 'contacts', 'hardwareAssets', 'tickets', 'ticketNotes', 'ticketChecklistItems', 'contracts', 'services',
  'accountTypes', 'employees', 'users', 'lookups',
] as const;
type Collection = (typeof COLLECTIONS)[number];

const MAX_PROBLEMS = 50;
const QUERY_CACHE_SIZE = 32;

function addToIndex(index: Map<number, Set<number>>, key: number, id: number): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFromIndex(index: Map<number, Set<number>>, key: number, id: number): void {
  const set = index.get(key);
  set?.delete(id);
  if (set?.size === 0) index.delete(key);
}

function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SimError(400, `invalid ${what}`, parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  return parsed.data;
}

function positiveId(raw: string, collection: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new SimError(404, `no ${collection} record ${raw}`);
  return id;
}

export class BmsStore implements SimulatorStore {
  tenant = 'DemoMSP';
  readonly users = new Map<string, User>();
  readonly employees = new Map<number, Employee>();
  readonly accountTypes = new Map<number, AccountType>();
  readonly lookups = new Map<string, LookupTable>();
  readonly accounts = new Map<number, Account>();
  /** location id → account id */
  readonly locationOwner = new Map<number, number>();
  readonly contacts = new Map<number, Contact>();
  readonly contactsByAccount = new Map<number, Set<number>>();
  readonly assets = new Map<number, Asset>();
  readonly assetsByAccount = new Map<number, Set<number>>();
  readonly tickets = new Map<number, Ticket>();
  readonly services = new Map<number, Service>();
  readonly contracts = new Map<number, Contract>();
  private counters = {} as Record<IdKind, number>;
  private version = 0;
  private readonly queryCache = new Map<string, { version: number; value: unknown }>();

  constructor(dataset?: unknown) {
    this.load(dataset ?? {});
  }

  // ------------------------------------------------------------ ids, clock, cache

  nextId(kind: IdKind): number {
    const id = this.counters[kind] ?? 1;
    this.counters[kind] = id + 1;
    return id;
  }

  private seeId(kind: IdKind, id: number): void {
    if (id >= (this.counters[kind] ?? 1)) this.counters[kind] = id + 1;
  }

  /** Every write calls this; cached query results from before it are dropped. */
  touch(): void {
    this.version++;
  }

  /** Caches a computed list (a filtered, sorted query) until the next write. */
  cached<T>(key: string, compute: () => T): T {
    const hit = this.queryCache.get(key);
    if (hit && hit.version === this.version) {
      this.queryCache.delete(key);
      this.queryCache.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.queryCache.set(key, { version: this.version, value });
    if (this.queryCache.size > QUERY_CACHE_SIZE) this.queryCache.delete(this.queryCache.keys().next().value!);
    return value;
  }

  /** The employee admin edits are attributed to (a person editing in the BMS UI). */
  get uiUserId(): number | null {
    return this.employees.keys().next().value ?? null;
  }

  // ------------------------------------------------------------ reference data

  lookupTable(name: string): LookupTable | undefined {
    return this.lookups.get(name.toLowerCase());
  }

  lookupRow(table: string, id: number | null | undefined): LookupRow | undefined {
    return id === null || id === undefined ? undefined : this.lookupTable(table)?.rows.get(id);
  }

  lookupName(table: string, id: number | null | undefined): string | null {
    return this.lookupRow(table, id)?.name ?? null;
  }

  lookupByName(table: string, name: string | null | undefined): LookupRow | undefined {
    if (!name) return undefined;
    const wanted = name.trim().toLowerCase();
    for (const row of this.lookupTable(table)?.rows.values() ?? []) if (row.name.toLowerCase() === wanted) return row;
    return undefined;
  }

  userById(id: number | null | undefined): User | undefined {
    if (id === null || id === undefined) return undefined;
    for (const user of this.users.values()) if (user.id === id) return user;
    return undefined;
  }

  /** Display name of a user or employee id (what BMS shows as "created by"). */
  personName(id: number | null | undefined): string | null {
    if (id === null || id === undefined) return null;
    const user = this.userById(id);
    if (user) return user.fullName ?? user.userName;
    return this.employees.get(id)?.fullName ?? null;
  }

  /** E-mail address of a user or employee id. */
  personEmail(id: number | null | undefined): string | null {
    if (id === null || id === undefined) return null;
    const user = this.userById(id);
    if (user) return user.emailAddress ?? null;
    return this.employees.get(id)?.emailAddress ?? null;
  }

  // ------------------------------------------------------------ record access

  accountOfLocation(locationId: number | null | undefined): Account | undefined {
    if (locationId === null || locationId === undefined) return undefined;
    const accountId = this.locationOwner.get(locationId);
    return accountId === undefined ? undefined : this.accounts.get(accountId);
  }

  location(locationId: number | null | undefined): Location | undefined {
    return this.accountOfLocation(locationId)?.locations.find((l) => l.id === locationId);
  }

  contactsOf(accountId: number): Contact[] {
    return [...(this.contactsByAccount.get(accountId) ?? [])].map((id) => this.contacts.get(id)!);
  }

  assetsOf(accountId: number): Asset[] {
    return [...(this.assetsByAccount.get(accountId) ?? [])].map((id) => this.assets.get(id)!);
  }

  // ------------------------------------------------------------ writes (keep indexes right)

  saveAccount(account: Account): void {
    const previous = this.accounts.get(account.id);
    for (const location of previous?.locations ?? []) this.locationOwner.delete(location.id);
    for (const location of account.locations) {
      this.seeId('location', location.id);
      for (const address of location.addresses) this.seeId('address', address.id);
      this.locationOwner.set(location.id, account.id);
    }
    this.seeId('account', account.id);
    this.accounts.set(account.id, account);
    this.touch();
  }

  saveContact(contact: Contact): void {
    const previous = this.contacts.get(contact.id);
    if (previous) removeFromIndex(this.contactsByAccount, previous.accountId, previous.id);
    for (const email of contact.emails) if (email.id === undefined) email.id = this.nextId('email');
    for (const phone of contact.phones) if (phone.id === undefined) phone.id = this.nextId('phone');
    for (const email of contact.emails) this.seeId('email', email.id!);
    for (const phone of contact.phones) this.seeId('phone', phone.id!);
    this.seeId('contact', contact.id);
    this.contacts.set(contact.id, contact);
    addToIndex(this.contactsByAccount, contact.accountId, contact.id);
    this.touch();
  }

  deleteContact(id: number): void {
    const contact = this.contacts.get(id);
    if (!contact) return;
    this.contacts.delete(id);
    removeFromIndex(this.contactsByAccount, contact.accountId, id);
    // ASSUMPTION (bms-api.md §3.3): deleting a contact unlinks it from the assets that named it.
    for (const asset of this.assetsOf(contact.accountId)) if (asset.contactId === id) asset.contactId = null;
    this.touch();
  }

  saveAsset(asset: Asset): void {
    const previous = this.assets.get(asset.id);
    if (previous) removeFromIndex(this.assetsByAccount, previous.accountId, previous.id);
    this.seeId('asset', asset.id);
    this.assets.set(asset.id, asset);
    addToIndex(this.assetsByAccount, asset.accountId, asset.id);
    this.touch();
  }

  deleteAsset(id: number): void {
    const asset = this.assets.get(id);
    if (!asset) return;
    this.assets.delete(id);
    removeFromIndex(this.assetsByAccount, asset.accountId, id);
    this.touch();
  }

  saveTicket(ticket: Ticket): void {
    this.seeId('ticket', ticket.id);
    for (const note of ticket.notes) this.seeId('note', note.id);
    for (const item of ticket.checklistItems) this.seeId('checklistItem', item.id);
    this.tickets.set(ticket.id, ticket);
    this.touch();
  }

  saveContract(contract: Contract): void {
    this.seeId('contract', contract.id);
    for (const line of contract.services) this.seeId('line', line.id);
    this.contracts.set(contract.id, contract);
    this.touch();
  }

  // ------------------------------------------------------------ load / dump / reset

  reset(): void {
    // Reference data (users, lookups, account types, employees, the service catalogue) stays.
    this.accounts.clear();
    this.locationOwner.clear();
    this.contacts.clear();
    this.contactsByAccount.clear();
    this.assets.clear();
    this.assetsByAccount.clear();
    this.tickets.clear();
    this.contracts.clear();
    for (const kind of ['account', 'location', 'address', 'contact', 'email', 'phone', 'asset', 'ticket', 'note', 'checklistItem', 'contract', 'line'] as const) {
      delete this.counters[kind];
    }
    this.touch();
  }

  /** Replaces the whole state with a dataset: `{ bms: {...} }` or the BMS half itself. */
  load(dataset: unknown): Record<string, number> {
    const half = isFullDataset(dataset) ? (dataset.bms ?? {}) : (dataset ?? {});
    const parsed = bmsDatasetSchema.safeParse(half);
    if (!parsed.success) {
      throw new SimError(400, 'invalid BMS dataset', parsed.error.issues.slice(0, MAX_PROBLEMS).map((i) => `${formatPath(i.path)}: ${i.message}`));
    }
    const data = withDefaults(parsed.data);
    const problems = referenceProblems(data);
    if (problems.length) {
      const shown = problems.slice(0, MAX_PROBLEMS);
      if (problems.length > MAX_PROBLEMS) shown.push(`and ${problems.length - MAX_PROBLEMS} more`);
      throw new SimError(400, 'invalid BMS dataset', shown);
    }

    this.counters = {} as Record<IdKind, number>;
    this.reset();
    this.users.clear();
    this.employees.clear();
    this.accountTypes.clear();
    this.lookups.clear();
    this.services.clear();
    this.tenant = data.tenant;
    this.seeId('user', 1000);
    for (const user of data.users) if (user.id !== undefined) this.seeId('user', user.id);
    for (const user of data.users) this.users.set(user.userName.toLowerCase(), { ...user, id: user.id ?? this.nextId('user') });
    for (const employee of data.employees) this.employees.set(employee.id, employee);
    for (const type of data.accountTypes) this.accountTypes.set(type.id, type);
    for (const [name, rows] of Object.entries(data.lookups)) {
      this.lookups.set(name.toLowerCase(), { name, rows: new Map(rows.map((r) => [r.id, r])) });
      for (const row of rows) this.seeId('lookup', row.id);
    }
    for (const service of data.services) {
      this.services.set(service.id, service);
      this.seeId('service', service.id);
    }
    for (const account of data.accounts) this.saveAccount(account);
    for (const contact of data.contacts) this.saveContact(contact);
    for (const asset of data.hardwareAssets) this.saveAsset(asset);
    for (const ticket of data.tickets) this.saveTicket(ticket);
    for (const contract of data.contracts) this.saveContract(contract);
    return this.counts();
  }

  private counts(): Record<string, number> {
    return {
      users: this.users.size,
      accountTypes: this.accountTypes.size,
      lookups: this.lookups.size,
      employees: this.employees.size,
      accounts: this.accounts.size,
      locations: this.locationOwner.size,
      contacts: this.contacts.size,
      hardwareAssets: this.assets.size,
      tickets: this.tickets.size,
      services: this.services.size,
      contracts: this.contracts.size,
    };
  }

  dump(): BmsDataset {
    return {
      tenant: this.tenant,
      users: [...this.users.values()],
      accountTypes: [...this.accountTypes.values()],
      lookups: Object.fromEntries([...this.lookups.values()].map((t) => [t.name, [...t.rows.values()]])),
      employees: [...this.employees.values()],
      accounts: [...this.accounts.values()],
      contacts: [...this.contacts.values()],
      hardwareAssets: [...this.assets.values()],
      tickets: [...this.tickets.values()],
      services: [...this.services.values()],
      contracts: [...this.contracts.values()],
    };
  }

  // ------------------------------------------------------------ admin API ("as a user")

  collections(): string[] {
    return [...COLLECTIONS];
  }

  private collection(name: string): Collection {
    if (!(COLLECTIONS as readonly string[]).includes(name)) {
      throw new SimError(404, `unknown collection '${name}' (known: ${COLLECTIONS.join(', ')})`);
    }
    return name as Collection;
  }

  list(name: string): unknown[] {
    switch (this.collection(name)) {
      case 'accounts':
        return [...this.accounts.values()];
      case 'locations':
        return [...this.accounts.values()].flatMap((a) => a.locations.map((l) => ({ ...l, accountId: a.id })));
      case 'contacts':
        return [...this.contacts.values()];
      case 'hardwareAssets':
        return [...this.assets.values()];
      case 'tickets':
        return [...this.tickets.values()];
      case 'ticketNotes':
        return [...this.tickets.values()].flatMap((t) => t.notes.map((n) => ({ ...n, ticketId: t.id })));
      case 'ticketChecklistItems':
        return [...this.tickets.values()].flatMap((t) => t.checklistItems.map((i) => ({ ...i, ticketId: t.id })));
      case 'contracts':
        return [...this.contracts.values()];
      case 'services':
        return [...this.services.values()];
      case 'accountTypes':
        return [...this.accountTypes.values()];
      case 'employees':
        return [...this.employees.values()];
      case 'users':
        return [...this.users.values()];
      case 'lookups':
        return [...this.lookups.values()].map((t) => ({ table: t.name, rows: [...t.rows.values()] }));
    }
  }

  get(name: string, rawId: string): unknown {
    const collection = this.collection(name);
    const missing = (): never => {
      throw new SimError(404, `no ${collection} record ${rawId}`);
    };
    switch (collection) {
      case 'users':
        return this.users.get(rawId.toLowerCase()) ?? missing();
      case 'lookups': {
        const [table, rowId] = rawId.split(':');
        const found = this.lookupTable(table ?? '');
        if (!found) return missing();
        if (rowId === undefined) return { table: found.name, rows: [...found.rows.values()] };
        return found.rows.get(Number(rowId)) ?? missing();
      }
      case 'locations': {
        const id = positiveId(rawId, collection);
        const location = this.location(id) ?? missing();
        return { ...location, accountId: this.locationOwner.get(id) };
      }
      case 'ticketNotes':
      case 'ticketChecklistItems': {
        const { ticket, id } = this.ticketChild(collection, rawId);
        const child = collection === 'ticketNotes' ? findNote(ticket, id) : findChecklistItem(ticket, id);
        return { ...child, ticketId: ticket.id };
      }
      default:
        return this.mapOf(collection).get(positiveId(rawId, collection)) ?? missing();
    }
  }

  /** The ticket holding a note or checklist item (404 when there is none). */
  private ticketChild(collection: 'ticketNotes' | 'ticketChecklistItems', rawId: string): { ticket: Ticket; id: number } {
    const id = positiveId(rawId, collection);
    const ticket = ticketHolding(this, collection === 'ticketNotes' ? 'note' : 'checklistItem', id);
    if (!ticket) throw new SimError(404, `no ${collection} record ${rawId}`);
    return { ticket, id };
  }

  private mapOf(collection: Exclude<Collection, 'users' | 'lookups' | 'locations' | 'ticketNotes' | 'ticketChecklistItems'>): Map<number, unknown> {
    const maps = {
      accounts: this.accounts,
      contacts: this.contacts,
      hardwareAssets: this.assets,
      tickets: this.tickets,
      contracts: this.contracts,
      services: this.services,
      accountTypes: this.accountTypes,
      employees: this.employees,
    } as const;
    return maps[collection] as Map<number, unknown>;
  }

  create(name: string, data: Record<string, unknown>): unknown {
    const collection = this.collection(name);
    const now = serverNow();
    const by = this.uiUserId;
    const audit = { createdOn: now, modifiedOn: now, createdBy: by, modifiedBy: by };
    switch (collection) {
      case 'accounts': {
        const account = parseOr400(bmsAccountSchema, { ...data, ...audit, id: this.nextId('account'), locations: this.newLocations(data.locations, audit) }, 'account') as Account;
        this.checkAccount(account);
        this.saveAccount(account);
        return account;
      }
      case 'locations': {
        const account = this.accounts.get(Number(data.accountId));
        if (!account) throw new SimError(400, 'invalid location', [`accountId: account ${String(data.accountId)} does not exist`]);
        const { accountId: _ignored, ...fields } = data;
        const [location] = this.newLocations([fields], audit);
        const parsed = parseOr400(bmsLocationSchema, location, 'location') as Location;
        this.saveAccount(this.withLocation(account, parsed, now));
        return { ...parsed, accountId: account.id };
      }
      case 'contacts': {
        const contact = parseOr400(bmsContactSchema, { ...data, ...audit, id: this.nextId('contact') }, 'contact') as Contact;
        this.checkContact(contact);
        this.saveContact(contact);
        return contact;
      }
      case 'hardwareAssets': {
        const { createdBy: _c, modifiedBy: _m, ...rest } = audit;
        const asset = parseOr400(bmsHardwareAssetSchema, { ...data, ...rest, createdById: by, modifiedById: by, id: this.nextId('asset') }, 'hardware asset') as Asset;
        this.checkAsset(asset);
        this.saveAsset(asset);
        return asset;
      }
      case 'tickets': {
        const ticket = parseOr400(bmsTicketSchema, { lastActivityUpdate: now, ...data, ...audit, id: this.nextId('ticket') }, 'ticket') as Ticket;
        const problems = ticketProblems(this, ticket);
        if (problems.length) throw new SimError(400, 'invalid ticket', problems);
        this.saveTicket(ticket);
        return ticket;
      }
      case 'ticketNotes':
        return adminAddNote(this, data, now);
      case 'ticketChecklistItems':
        return adminAddChecklistItem(this, data, now);
      case 'contracts': {
        const id = this.nextId('contract');
        const lines = Array.isArray(data.services) ? data.services.map((l) => ({ ...(l as object), id: this.nextId('line') })) : [];
        const contract = parseOr400(bmsContractSchema, { ...data, ...audit, id, services: lines }, 'contract') as Contract;
        if (!this.accounts.has(contract.accountId)) throw new SimError(400, 'invalid contract', [`accountId: account ${contract.accountId} does not exist`]);
        this.saveContract(contract);
        return contract;
      }
      case 'services': {
        const service = parseOr400(bmsServiceSchema, { ...data, id: this.nextId('service') }, 'service');
        this.services.set(service.id, service);
        this.touch();
        return service;
      }
      case 'accountTypes': {
        const type = parseOr400(bmsAccountTypeSchema, { ...data, id: Math.max(0, ...this.accountTypes.keys()) + 1 }, 'account type');
        this.accountTypes.set(type.id, type);
        this.touch();
        return type;
      }
      case 'employees': {
        const employee = parseOr400(
          z.looseObject({ id: z.number().int().positive(), fullName: z.string().min(1), emailAddress: z.string().nullable().optional() }),
          { ...data, id: Math.max(0, ...this.employees.keys()) + 1 },
          'employee',
        );
        this.employees.set(employee.id, employee);
        this.touch();
        return employee;
      }
      case 'users': {
        const user = parseOr400(bmsUserSchema, data, 'user');
        if (this.users.has(user.userName.toLowerCase())) throw new SimError(400, `user ${user.userName} already exists`);
        const stored = { ...user, id: user.id ?? this.nextId('user') };
        this.users.set(user.userName.toLowerCase(), stored);
        return stored;
      }
      case 'lookups': {
        const tableName = String(data.table ?? data.tableName ?? '');
        if (!tableName) throw new SimError(400, 'invalid lookup row', ['table: required']);
        const { table: _t, tableName: _n, ...fields } = data;
        const row = parseOr400(bmsLookupRowSchema, { ...fields, id: this.nextId('lookup') }, 'lookup row');
        let table = this.lookupTable(tableName);
        if (!table) this.lookups.set(tableName.toLowerCase(), (table = { name: tableName, rows: new Map() }));
        table.rows.set(row.id, row);
        this.touch();
        return row;
      }
    }
  }

  edit(name: string, rawId: string, patch: Record<string, unknown>): unknown {
    const collection = this.collection(name);
    const now = serverNow();
    const by = this.uiUserId;
    const { id: _ignoredId, ...changes } = patch;
    switch (collection) {
      case 'accounts': {
        const current = this.get(collection, rawId) as Account;
        const locations = 'locations' in changes ? this.newLocations(changes.locations, { createdOn: now, modifiedOn: now, createdBy: by, modifiedBy: by }) : current.locations;
        const account = parseOr400(bmsAccountSchema, { ...current, ...changes, locations, id: current.id, modifiedOn: now, modifiedBy: by }, 'account') as Account;
        this.checkAccount(account);
        this.saveAccount(account);
        return account;
      }
      case 'locations': {
        const id = positiveId(rawId, collection);
        const account = this.accountOfLocation(id);
        const current = this.location(id);
        if (!account || !current) throw new SimError(404, `no locations record ${rawId}`);
        const { accountId: _a, ...fields } = changes;
        const location = parseOr400(bmsLocationSchema, { ...current, ...fields, id, modifiedOn: now, modifiedBy: by }, 'location') as Location;
        for (const address of location.addresses) if (!address.id) address.id = this.nextId('address');
        this.saveAccount(this.withLocation(account, location, now));
        return { ...location, accountId: account.id };
      }
      case 'contacts': {
        const current = this.get(collection, rawId) as Contact;
        const contact = parseOr400(bmsContactSchema, { ...current, ...changes, id: current.id, modifiedOn: now, modifiedBy: by }, 'contact') as Contact;
        this.checkContact(contact);
        this.saveContact(contact);
        return contact;
      }
      case 'hardwareAssets': {
        const current = this.get(collection, rawId) as Asset;
        const asset = parseOr400(bmsHardwareAssetSchema, { ...current, ...changes, id: current.id, modifiedOn: now, modifiedById: by }, 'hardware asset') as Asset;
        this.checkAsset(asset);
        this.saveAsset(asset);
        return asset;
      }
      case 'tickets':
        return editTicket(this, this.get(collection, rawId) as Ticket, changes, now);
      case 'ticketNotes': {
        const { ticket, id } = this.ticketChild(collection, rawId);
        return adminEditNote(this, ticket, id, changes, now);
      }
      case 'ticketChecklistItems': {
        const { ticket, id } = this.ticketChild(collection, rawId);
        return adminEditChecklistItem(this, ticket, id, changes, now);
      }
      case 'contracts': {
        const current = this.get(collection, rawId) as Contract;
        const contract = parseOr400(bmsContractSchema, { ...current, ...changes, id: current.id, modifiedOn: now, modifiedBy: by }, 'contract') as Contract;
        this.saveContract(contract);
        return contract;
      }
      case 'users': {
        const current = this.get(collection, rawId) as User;
        const user = parseOr400(bmsUserSchema, { ...current, ...changes, userName: current.userName }, 'user');
        const stored = { ...user, id: current.id };
        this.users.set(current.userName.toLowerCase(), stored);
        return stored;
      }
      case 'lookups': {
        const [tableName, rowId] = rawId.split(':');
        const table = this.lookupTable(tableName ?? '');
        const current = table?.rows.get(Number(rowId));
        if (!table || !current) throw new SimError(404, `no lookups record ${rawId} (use Table:id)`);
        const row = parseOr400(bmsLookupRowSchema, { ...current, ...changes, id: current.id }, 'lookup row');
        table.rows.set(row.id, row);
        this.touch();
        return row;
      }
      default: {
        const map = this.mapOf(collection);
        const current = this.get(collection, rawId) as Record<string, unknown>;
        const updated = { ...current, ...changes, id: current.id };
        map.set(current.id as number, updated);
        this.touch();
        return updated;
      }
    }
  }

  remove(name: string, rawId: string): void {
    const collection = this.collection(name);
    this.get(collection, rawId); // 404 when absent
    switch (collection) {
      case 'accounts': {
        // ASSUMPTION (admin only): deleting an account in the UI deletes its contacts and assets.
        const id = Number(rawId);
        for (const contact of this.contactsOf(id)) this.deleteContact(contact.id);
        for (const asset of this.assetsOf(id)) this.deleteAsset(asset.id);
        const account = this.accounts.get(id)!;
        for (const location of account.locations) this.locationOwner.delete(location.id);
        this.accounts.delete(id);
        break;
      }
      case 'locations': {
        const id = Number(rawId);
        const account = this.accountOfLocation(id)!;
        const inUse = this.assetsOf(account.id).filter((a) => a.accountLocationId === id).length;
        if (inUse) throw new SimError(400, `location ${id} is used by ${inUse} hardware asset(s)`);
        for (const contact of this.contactsOf(account.id)) if (contact.locationId === id) contact.locationId = null;
        this.saveAccount({ ...account, locations: account.locations.filter((l) => l.id !== id), modifiedOn: serverNow() });
        break;
      }
      case 'contacts':
        this.deleteContact(Number(rawId));
        break;
      case 'hardwareAssets':
        this.deleteAsset(Number(rawId));
        break;
      case 'users':
        this.users.delete(rawId.toLowerCase());
        break;
      case 'ticketNotes': {
        const { ticket, id } = this.ticketChild(collection, rawId);
        deleteNote(this, ticket, id, serverNow());
        break;
      }
      case 'ticketChecklistItems': {
        const { ticket, id } = this.ticketChild(collection, rawId);
        deleteChecklistItem(this, ticket, id, serverNow());
        break;
      }
      case 'lookups': {
        const [tableName, rowId] = rawId.split(':');
        if (rowId === undefined) this.lookups.delete((tableName ?? '').toLowerCase());
        else this.lookupTable(tableName ?? '')?.rows.delete(Number(rowId));
        break;
      }
      default:
        this.mapOf(collection).delete(Number(rawId));
    }
    this.touch();
  }

  // ------------------------------------------------------------ helpers for admin writes

  /** Gives new locations and addresses their ids and audit fields. */
  private newLocations(raw: unknown, audit: Audit): unknown[] {
    if (!Array.isArray(raw)) return [];
    return raw.map((l) => {
      const location = { ...(l as Record<string, unknown>) };
      const addresses = Array.isArray(location.addresses) ? location.addresses : [];
      return {
        ...audit,
        ...location,
        id: typeof location.id === 'number' ? location.id : this.nextId('location'),
        addresses: addresses.map((a) => {
          const address = a as Record<string, unknown>;
          return { ...audit, ...address, id: typeof address.id === 'number' ? address.id : this.nextId('address') };
        }),
      };
    });
  }

  /** The account with one location added or replaced; a location edit bumps the account too. */
  withLocation(account: Account, location: Location, now: string): Account {
    // ASSUMPTION (bms-api.md §3.2): an account has one main location; marking another main moves it.
    const demote = (l: Location): Location => (location.isMain && l.isMain ? { ...l, isMain: false } : l);
    const exists = account.locations.some((l) => l.id === location.id);
    const locations = exists
      ? account.locations.map((l) => (l.id === location.id ? location : demote(l)))
      : [...account.locations.map(demote), location];
    // Un-marking the only main location leaves it main: an account always has one.
    if (!locations.some((l) => l.isMain)) location.isMain = true;
    // ASSUMPTION (task brief): editing a location bumps its account's modifiedOn, so the accounts
    // modified-on filter sees location edits.
    return { ...account, locations, modifiedOn: now };
  }

  private checkAccount(account: Account): void {
    const problems: string[] = [];
    if (!this.accountTypes.has(account.accountTypeId)) problems.push(`accountTypeId: account type ${account.accountTypeId} does not exist`);
    if (account.parentId && !this.accounts.has(account.parentId)) problems.push(`parentId: account ${account.parentId} does not exist`);
    if (account.parentId === account.id) problems.push('parentId: an account cannot be its own parent');
    for (const location of account.locations) {
      const owner = this.locationOwner.get(location.id);
      if (owner !== undefined && owner !== account.id) problems.push(`locations: location ${location.id} belongs to account ${owner}`);
    }
    if (problems.length) throw new SimError(400, 'invalid account', problems);
  }

  private checkContact(contact: Contact): void {
    const problems: string[] = [];
    if (!this.accounts.has(contact.accountId)) problems.push(`accountId: account ${contact.accountId} does not exist`);
    else if (contact.locationId && this.locationOwner.get(contact.locationId) !== contact.accountId) {
      problems.push(`locationId: location ${contact.locationId} does not belong to account ${contact.accountId}`);
    }
    if (problems.length) throw new SimError(400, 'invalid contact', problems);
  }

  private checkAsset(asset: Asset): void {
    const problems: string[] = [];
    if (!this.accounts.has(asset.accountId)) problems.push(`accountId: account ${asset.accountId} does not exist`);
    else if (this.locationOwner.get(asset.accountLocationId) !== asset.accountId) {
      problems.push(`accountLocationId: location ${asset.accountLocationId} does not belong to account ${asset.accountId}`);
    }
    if (!this.lookupRow('AssetCategory', asset.categoryId)) problems.push(`categoryId: asset category ${asset.categoryId} does not exist`);
    if (asset.contactId && !this.contacts.has(asset.contactId)) problems.push(`contactId: contact ${asset.contactId} does not exist`);
    if (problems.length) throw new SimError(400, 'invalid hardware asset', problems);
  }
}

function isFullDataset(value: unknown): value is { bms?: unknown } {
  return !!value && typeof value === 'object' && ('bms' in value || 'itglue' in value || 'version' in value);
}

function withDefaults(data: BmsDataset): BmsDataset {
  const lookups = { ...data.lookups };
  const present = new Set(Object.keys(lookups).map((k) => k.toLowerCase()));
  for (const [name, rows] of Object.entries(DEFAULT_LOOKUPS)) if (!present.has(name.toLowerCase())) lookups[name] = rows.map((r) => ({ ...r }));
  return {
    ...data,
    users: data.users.length ? data.users : DEFAULT_USERS.map((u) => ({ ...u })),
    accountTypes: data.accountTypes.length ? data.accountTypes : DEFAULT_ACCOUNT_TYPES.map((t) => ({ ...t })),
    employees: data.employees.length ? data.employees : DEFAULT_EMPLOYEES.map((e) => ({ ...e })),
    services: data.services.length ? data.services : DEFAULT_SERVICES.map((s) => ({ ...s })),
    lookups,
  };
}

/** Broken references and duplicate ids of a dataset, each naming the record and field. */
function referenceProblems(data: BmsDataset): string[] {
  const problems: string[] = [];
  const unique = (what: string, ids: Array<{ id: number | undefined; where: string }>): void => {
    const seen = new Set<number>();
    for (const { id, where } of ids) {
      if (id === undefined) continue;
      if (seen.has(id)) problems.push(`${where}.id: duplicate ${what} id ${id}`);
      seen.add(id);
    }
  };
  const accountIds = new Set(data.accounts.map((a) => a.id));
  const accountTypeIds = new Set(data.accountTypes.map((t) => t.id));
  const locationOwner = new Map<number, number>();
  for (const account of data.accounts) for (const location of account.locations) locationOwner.set(location.id, account.id);
  const categoryTable = Object.entries(data.lookups).find(([k]) => k.toLowerCase() === 'assetcategory')?.[1] ?? [];
  const categoryIds = new Set(categoryTable.map((r) => r.id));
  const contactIds = new Set(data.contacts.map((c) => c.id));
  const serviceIds = new Set(data.services.map((s) => s.id));

  unique('account', data.accounts.map((a, i) => ({ id: a.id, where: `accounts[${i}]` })));
  unique('location', data.accounts.flatMap((a, i) => a.locations.map((l, j) => ({ id: l.id, where: `accounts[${i}].locations[${j}]` }))));
  unique('address', data.accounts.flatMap((a, i) => a.locations.flatMap((l, j) => l.addresses.map((ad, k) => ({ id: ad.id, where: `accounts[${i}].locations[${j}].addresses[${k}]` })))));
  unique('contact', data.contacts.map((c, i) => ({ id: c.id, where: `contacts[${i}]` })));
  unique('e-mail', data.contacts.flatMap((c, i) => c.emails.map((e, j) => ({ id: e.id, where: `contacts[${i}].emails[${j}]` }))));
  unique('phone', data.contacts.flatMap((c, i) => c.phones.map((p, j) => ({ id: p.id, where: `contacts[${i}].phones[${j}]` }))));
  unique('hardware asset', data.hardwareAssets.map((a, i) => ({ id: a.id, where: `hardwareAssets[${i}]` })));
  unique('ticket', data.tickets.map((t, i) => ({ id: t.id, where: `tickets[${i}]` })));
  unique('contract', data.contracts.map((c, i) => ({ id: c.id, where: `contracts[${i}]` })));
  unique('service line', data.contracts.flatMap((c, i) => c.services.map((l, j) => ({ id: l.id, where: `contracts[${i}].services[${j}]` }))));
  unique('user', data.users.map((u, i) => ({ id: u.id, where: `users[${i}]` })));

  data.accounts.forEach((a, i) => {
    if (!accountTypeIds.has(a.accountTypeId)) problems.push(`accounts[${i}].accountTypeId: account type ${a.accountTypeId} does not exist`);
    if (a.parentId && !accountIds.has(a.parentId)) problems.push(`accounts[${i}].parentId: account ${a.parentId} does not exist`);
  });
  data.contacts.forEach((c, i) => {
    if (!accountIds.has(c.accountId)) problems.push(`contacts[${i}].accountId: account ${c.accountId} does not exist`);
    else if (c.locationId && locationOwner.get(c.locationId) !== c.accountId) {
      problems.push(`contacts[${i}].locationId: location ${c.locationId} does not belong to account ${c.accountId}`);
    }
  });
  data.hardwareAssets.forEach((a, i) => {
    if (!accountIds.has(a.accountId)) problems.push(`hardwareAssets[${i}].accountId: account ${a.accountId} does not exist`);
    else if (locationOwner.get(a.accountLocationId) !== a.accountId) {
      problems.push(`hardwareAssets[${i}].accountLocationId: location ${a.accountLocationId} does not belong to account ${a.accountId}`);
    }
    if (!categoryIds.has(a.categoryId)) problems.push(`hardwareAssets[${i}].categoryId: asset category ${a.categoryId} does not exist`);
    if (a.contactId && !contactIds.has(a.contactId)) problems.push(`hardwareAssets[${i}].contactId: contact ${a.contactId} does not exist`);
  });
  unique('ticket note', data.tickets.flatMap((t, i) => t.notes.map((n, j) => ({ id: n.id, where: `tickets[${i}].notes[${j}]` }))));
  unique('checklist item', data.tickets.flatMap((t, i) => t.checklistItems.map((c, j) => ({ id: c.id, where: `tickets[${i}].checklistItems[${j}]` }))));
  const tableIds = (name: string) => new Set((Object.entries(data.lookups).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? []).map((r) => r.id));
  const [statusIds, priorityIds] = [tableIds('TicketStatus'), tableIds('TicketPriority')];
  const assetOwner = new Map(data.hardwareAssets.map((a) => [a.id, a.accountId]));
  const contactOwner = new Map(data.contacts.map((c) => [c.id, c.accountId]));
  data.tickets.forEach((t, i) => {
    const at = `tickets[${i}]`;
    if (!accountIds.has(t.accountId)) problems.push(`${at}.accountId: account ${t.accountId} does not exist`);
    if (t.locationId && locationOwner.get(t.locationId) !== t.accountId) problems.push(`${at}.locationId: location ${t.locationId} does not belong to account ${t.accountId}`);
    if (t.contactId && contactOwner.get(t.contactId) !== t.accountId) problems.push(`${at}.contactId: contact ${t.contactId} does not belong to account ${t.accountId}`);
    if (t.hardwareAssetId && assetOwner.get(t.hardwareAssetId) !== t.accountId) {
      problems.push(`${at}.hardwareAssetId: hardware asset ${t.hardwareAssetId} does not belong to account ${t.accountId}`);
    }
    if (!statusIds.has(t.statusId)) problems.push(`${at}.statusId: status ${t.statusId} does not exist`);
    if (!priorityIds.has(t.priorityId)) problems.push(`${at}.priorityId: priority ${t.priorityId} does not exist`);
  });
  data.contracts.forEach((c, i) => {
    if (!accountIds.has(c.accountId)) problems.push(`contracts[${i}].accountId: account ${c.accountId} does not exist`);
    c.services.forEach((l, j) => {
      if (!serviceIds.has(l.serviceId)) problems.push(`contracts[${i}].services[${j}].serviceId: service ${l.serviceId} does not exist`);
    });
  });
  return problems;
}
