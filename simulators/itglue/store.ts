/**
 * The IT Glue simulator's state: one Table per dataset collection, validation of writes the way
 * the API answers them (422 with pointers), the rules that span records (one primary interface
 * mirrored on its configuration, one primary location, cascades, flexible asset traits), JSON:API
 * presentation and filtered/sorted listing.
 */
import { isIP } from 'node:net';
import { itglueDatasetSchema, type ItGlueDataset } from '../datasets/format.js';
import { SimError, type SimulatorStore } from '../common/simulator.js';
import type { ItGlueSimConfig } from './config.js';
import { ErrorList, JsonApiError, isObject, invalid, kebabKey, kebabKeys, nestedChildren, notFoundError, toId, type ResourceInput } from './jsonapi.js';
import {
  COLLECTIONS,
  LOOKUP_COLLECTIONS,
  ORGANIZATION_CHILDREN,
  RECORD_COLLECTIONS,
  RESOURCES,
  contactName,
  type Collection,
  type FieldSpec,
  type FilterSpec,
  type Getter,
  type ResourceDef,
  type StoreView,
} from './resources.js';
import { DEFAULT_API_KEY, defaultLookups } from './seed.js';
import { Table, type Row } from './table.js';

export interface ResourceObject {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: { id: string; type: string }[] | { id: string; type: string } | null }>;
}

export interface PresentOptions {
  include?: string[];
  /** Side-loaded records, keyed `type:id`, collected across a response. */
  included?: Map<string, ResourceObject>;
  /** Password values are shown on a single GET only. */
  showPassword?: boolean;
}

export interface WriteContext {
  /** Values fixed by a nested route (`organization-id`, `configuration-id`, …); they win over the body. */
  parent?: Record<string, number>;
  /** Dataset and admin writes may set server-populated fields. */
  asServer?: boolean;
}

export interface AppliedFilter {
  name: string;
  spec: FilterSpec;
  terms: string[];
  exclude?: boolean;
}

export interface SortTerm {
  name: string;
  get: Getter;
  descending: boolean;
}

export interface ListQuery {
  filters: AppliedFilter[];
  sort: SortTerm[];
  /** Records under one parent (nested routes). */
  scope?: { key: string; value: number };
}

interface PreparedCreate {
  def: ResourceDef;
  values: Record<string, unknown>;
  /** Children created right after the record (interfaces of a configuration, fields of a type). */
  children: PreparedCreate[];
}

interface PreparedUpdate {
  def: ResourceDef;
  row: Row;
  changes: Record<string, unknown>;
}

const INVALID = Symbol('invalid');
const TIMES = ['created-at', 'updated-at'];
const PRIMARY_INTERFACE_FIELDS = ['primary-ip', 'mac-address'] as const;
const MAC = /^(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$|^[0-9A-Fa-f]{12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field name → trait key: "Email Servers" → "email-servers". */
export function nameKeyOf(name: string, fallbackId: number): string {
  const key = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return key || `field-${fallbackId}`;
}

/** IT Glue shows whole-second times as `2016-09-14T18:15:28.000Z`. */
function wholeSecond(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export class ItGlueStore implements SimulatorStore, StoreView {
  private tables = newTables();
  apiKeys = new Set<string>([DEFAULT_API_KEY]);
  private nextAdapterId = 1;

  constructor(private readonly getConfig: () => ItGlueSimConfig) {
    this.load({});
  }

  // ---------------------------------------------------------------- StoreView

  config(): ItGlueSimConfig {
    return this.getConfig();
  }

  table(collection: Collection): Table {
    return this.tables.get(collection)!;
  }

  row(collection: Collection, id: unknown): Row | undefined {
    const n = typeof id === 'number' ? id : toId(id);
    return n === undefined ? undefined : this.table(collection).get(n);
  }

  nameOf(collection: Collection, id: unknown): string | null {
    if (id === null || id === undefined) return null;
    const name = this.row(collection, id)?.name;
    return typeof name === 'string' ? name : null;
  }

  primaryInterface(configurationId: number): Row | undefined {
    const interfaces = this.table('configurationInterfaces');
    for (const id of interfaces.idsWhere('configuration-id', configurationId)) {
      const row = interfaces.get(id)!;
      if (row.primary === true) return row;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- SimulatorStore (admin API)

  /** Empties the account but keeps lookups and API keys. */
  reset(): void {
    for (const collection of RECORD_COLLECTIONS) this.table(collection).clear();
  }

  load(input: unknown): Record<string, number> {
    const half = isObject(input) && ('itglue' in input || 'bms' in input || 'version' in input) ? (input.itglue ?? {}) : (input ?? {});
    const parsed = itglueDatasetSchema.safeParse(half);
    if (!parsed.success) {
      throw new SimError(
        400,
        'invalid IT Glue dataset',
        parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
      );
    }
    const previous = { tables: this.tables, apiKeys: this.apiKeys, nextAdapterId: this.nextAdapterId };
    this.tables = newTables();
    this.nextAdapterId = 1;
    try {
      this.fill(parsed.data);
    } catch (err) {
      Object.assign(this, previous);
      throw err;
    }
    return Object.fromEntries(COLLECTIONS.map((c) => [c, this.table(c).size]));
  }

  dump(): ItGlueDataset {
    const out: Record<string, unknown> = { apiKeys: [...this.apiKeys] };
    for (const collection of COLLECTIONS) out[collection] = this.list(collection);
    return out as ItGlueDataset;
  }

  collections(): string[] {
    return [...COLLECTIONS];
  }

  list(collection: string): Record<string, unknown>[] {
    const def = this.defOf(collection);
    return [...this.table(def.collection).rows.values()].map((row) => this.datasetRecord(def, row));
  }

  get(collection: string, id: string): Record<string, unknown> {
    const def = this.defOf(collection);
    const row = this.row(def.collection, id);
    if (!row) throw new SimError(404, `${collection} ${id} not found`);
    return this.datasetRecord(def, row);
  }

  create(collection: string, data: Record<string, unknown>): Record<string, unknown> {
    const def = this.defOf(collection);
    const input: ResourceInput = { attributes: kebabKeys(data), relationships: undefined, pointer: '/data' };
    const row = this.createRecords(def, [input], { asServer: true })[0]!;
    return this.datasetRecord(def, row);
  }

  edit(collection: string, id: string, patch: Record<string, unknown>): Record<string, unknown> {
    const def = this.defOf(collection);
    const row = this.row(def.collection, id);
    if (!row) throw new SimError(404, `${collection} ${id} not found`);
    this.updateRecords([this.prepareUpdate(def, row, { attributes: kebabKeys(patch), relationships: undefined, pointer: '/data' }, { asServer: true })]);
    return this.datasetRecord(def, row);
  }

  remove(collection: string, id: string): void {
    const def = this.defOf(collection);
    const row = this.row(def.collection, id);
    if (!row) throw new SimError(404, `${collection} ${id} not found`);
    this.deleteRecord(def.collection, row);
  }

  private defOf(collection: string): ResourceDef {
    const def = RESOURCES[collection as Collection];
    if (!def) throw new SimError(404, `unknown collection ${collection}; known: ${COLLECTIONS.join(', ')}`);
    return def;
  }

  /** A record in dataset form: stored attributes plus string id (configurations with their primary interface values). */
  private datasetRecord(def: ResourceDef, row: Row): Record<string, unknown> {
    const { id, ...rest } = row;
    const record: Record<string, unknown> = { id: String(id), ...rest };
    if (def.collection === 'configurations') {
      const primary = this.primaryInterface(id);
      record['primary-ip'] = primary?.['ip-address'] ?? null;
      record['mac-address'] = primary?.['mac-address'] ?? null;
    }
    return record;
  }

  // ---------------------------------------------------------------- loading

  private fill(data: ItGlueDataset): void {
    this.apiKeys = new Set(data.apiKeys.length ? data.apiKeys : [DEFAULT_API_KEY]);
    const seeds = defaultLookups();
    const errors: string[] = [];
    const now = wholeSecond(Date.now());
    // A seeded list that points at another list (regions → countries) is seeded only with it.
    const seedParent: Partial<Record<Collection, Collection>> = { regions: 'countries', models: 'manufacturers', operatingSystems: 'platforms' };
    const source = (c: Collection): Record<string, unknown>[] => {
      const given = data[c] as Record<string, unknown>[];
      const isLookup = (LOOKUP_COLLECTIONS as readonly string[]).includes(c);
      const parent = seedParent[c];
      if (given.length || !isLookup || (parent && data[parent].length)) return given;
      return (seeds[c as keyof typeof seeds] as Record<string, unknown>[] | undefined) ?? [];
    };
    const pendingPrimary = new Map<number, Record<string, unknown>>();

    for (const collection of COLLECTIONS) {
      const def = RESOURCES[collection];
      const table = this.table(collection);
      const computedOnly = new Set(def.attributes.filter((a) => !(a in def.fields) && !(a in (def.serverFields ?? {})) && !TIMES.includes(a)));
      const records = [...source(collection)].sort((a, b) => Number(a.id) - Number(b.id));
      records.forEach((record, index) => {
        const id = Number(record.id);
        if (table.get(id)) {
          errors.push(`${collection}[${index}].id: duplicate id ${id}`);
          return;
        }
        const row: Row = { id };
        for (const [key, value] of Object.entries(record)) {
          if (key !== 'id' && !computedOnly.has(key)) row[key] = value;
        }
        row['created-at'] = normaliseTime(record['created-at']) ?? now;
        row['updated-at'] = normaliseTime(record['updated-at']) ?? row['created-at'];
        if (collection === 'configurations') {
          const ip = row['primary-ip'] ?? null;
          const mac = row['mac-address'] ?? null;
          delete row['primary-ip'];
          delete row['mac-address'];
          if (ip !== null || mac !== null) pendingPrimary.set(id, { 'ip-address': ip, 'mac-address': mac });
        }
        for (const key of ['phone', 'fax']) if (typeof row[key] === 'string') row[key] = (row[key] as string).replace(/\D/g, '') || null;
        if (Array.isArray(row['contact-phones'])) {
          row['contact-phones'] = (row['contact-phones'] as Record<string, unknown>[]).map((p) => ({
            ...p,
            value: String(p.value).replace(/\D/g, ''),
            'label-type': p['label-type'] ?? 'phone',
          }));
        }
        if (Array.isArray(row['adapters-resources'])) row['adapters-resources'] = this.withAdapterIds(row['adapters-resources']);
        table.insert(row);
      });
    }

    this.checkReferences(errors);
    this.checkSinglePrimaries(errors);
    if (errors.length) throw new SimError(400, 'invalid IT Glue dataset', errors);

    // ASSUMPTION (itglue-api.md §3.4): a dataset configuration's primary-ip/mac-address yield to its
    // primary interface; without one, a primary interface is created from them.
    const interfaces = this.table('configurationInterfaces');
    for (const [configurationId, values] of pendingPrimary) {
      if (this.primaryInterface(configurationId)) continue;
      const config = this.table('configurations').get(configurationId)!;
      interfaces.insert({
        id: interfaces.allocateId(),
        'configuration-id': configurationId,
        name: null,
        primary: true,
        notes: null,
        ...values,
        'created-at': config['created-at'],
        'updated-at': config['updated-at'],
      });
    }
    for (const field of this.table('flexibleAssetFields').rows.values()) {
      if (typeof field['name-key'] !== 'string' || !field['name-key']) field['name-key'] = nameKeyOf(String(field.name), field.id);
    }
    for (const asset of this.table('flexibleAssets').rows.values()) asset.name = this.assetName(asset);
  }

  /** Every foreign key in the dataset must point at an existing record. */
  private checkReferences(errors: string[]): void {
    for (const collection of COLLECTIONS) {
      const def = RESOURCES[collection];
      const specs = { ...def.fields, ...def.serverFields };
      let index = 0;
      for (const row of this.table(collection).rows.values()) {
        for (const [key, spec] of Object.entries(specs)) {
          if (spec.kind !== 'ref' || row[key] === null || row[key] === undefined) continue;
          const target = this.row(spec.ref, row[key]);
          if (!target) errors.push(`${collection}[${index}].${key}: ${spec.ref} ${String(row[key])} does not exist`);
          else if (spec.sameOrganization && target['organization-id'] !== row['organization-id']) {
            errors.push(`${collection}[${index}].${key}: ${spec.ref} ${String(row[key])} belongs to another organization`);
          }
        }
        index++;
        if (errors.length > 50) return;
      }
    }
  }

  private checkSinglePrimaries(errors: string[]): void {
    const seen = new Set<string>();
    const check = (collection: Collection, parentKey: string): void => {
      let index = 0;
      for (const row of this.table(collection).rows.values()) {
        if (row.primary === true) {
          const key = `${collection}:${String(row[parentKey])}`;
          if (seen.has(key)) errors.push(`${collection}[${index}].primary: ${parentKey} ${String(row[parentKey])} already has a primary record`);
          seen.add(key);
        }
        index++;
      }
    };
    check('configurationInterfaces', 'configuration-id');
    check('locations', 'organization-id');
  }

  private withAdapterIds(entries: unknown[]): Record<string, unknown>[] {
    return entries.filter(isObject).map((entry) => ({ ...entry, id: entry.id === undefined ? String(this.nextAdapterId++) : String(entry.id) }));
  }

  // ---------------------------------------------------------------- listing

  /** Ids matching a list query, in order; cached while the tables involved are unchanged. */
  queryIds(def: ResourceDef, query: ListQuery): number[] {
    const table = this.table(def.collection);
    const caseSensitive = this.config().filterCaseSensitive;
    const key = JSON.stringify([
      query.scope,
      query.filters.map((f) => [f.name, f.terms, f.exclude ?? false]),
      query.sort.map((s) => [s.name, s.descending]),
      caseSensitive,
    ]);
    const stamp = [def.collection, ...(def.dependsOn ?? [])].map((c) => this.table(c).version).join(':');
    return table.cached(key, stamp, () => {
      let rows = this.candidates(table, query);
      rows = rows.filter((row) => query.filters.every((f) => this.matches(f, row, caseSensitive) !== (f.exclude ?? false)));
      if (query.sort.length) rows = this.sortRows(rows, query.sort);
      return rows.map((r) => r.id);
    });
  }

  /** Starts from an index (nested route parent or an indexed exact filter) instead of the whole table. */
  private candidates(table: Table, query: ListQuery): Row[] {
    if (query.scope) return table.rowsWhere(query.scope.key, query.scope.value);
    const indexed = query.filters.find((f) => !f.exclude && f.spec.indexKey && table.isIndexed(f.spec.indexKey));
    if (!indexed) return [...table.rows.values()];
    const ids = new Set<number>();
    for (const term of indexed.terms) {
      const value = toId(term);
      if (value !== undefined) for (const id of table.idsWhere(indexed.spec.indexKey!, value)) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b).map((id) => table.get(id)!);
  }

  private matches(filter: AppliedFilter, row: Row, caseSensitive: boolean): boolean {
    const value = filter.spec.get(row, this);
    if (filter.spec.kind === 'range') return inRange(value, filter.terms);
    if (value === null || value === undefined) return false;
    const text = String(value);
    return filter.terms.some((term) => {
      const wanted = typeof value === 'boolean' ? (term === '1' ? 'true' : term === '0' ? 'false' : term.toLowerCase()) : term;
      return caseSensitive ? text === wanted : text.toLowerCase() === wanted.toLowerCase();
    });
  }

  private sortRows(rows: Row[], terms: SortTerm[]): Row[] {
    const keys = rows.map((row) => terms.map((t) => sortKey(t.get(row, this))));
    const order = rows.map((_, i) => i);
    order.sort((a, b) => {
      for (let t = 0; t < terms.length; t++) {
        const c = compareKeys(keys[a]![t], keys[b]![t]);
        if (c !== 0) return terms[t]!.descending ? -c : c;
      }
      return rows[a]!.id - rows[b]!.id;
    });
    return order.map((i) => rows[i]!);
  }

  // ---------------------------------------------------------------- presentation

  present(def: ResourceDef, row: Row, options: PresentOptions = {}): ResourceObject {
    const computed = def.computed?.(row, this) ?? {};
    const attributes: Record<string, unknown> = {};
    for (const key of def.attributes) {
      if (key === 'password' && !options.showPassword) continue;
      attributes[key] = key in computed ? computed[key] : (row[key] ?? null);
    }
    if (def.collection === 'flexibleAssets') attributes.traits = this.presentTraits(row);
    const object: ResourceObject = { id: String(row.id), type: def.type, attributes };
    if (options.include?.length) {
      object.relationships = {};
      for (const name of options.include) object.relationships[kebabKey(name)] = this.relationship(def, row, name, options);
    }
    return object;
  }

  private relationship(def: ResourceDef, row: Row, name: string, options: PresentOptions): NonNullable<ResourceObject['relationships']>[string] {
    const side = (childDef: ResourceDef, child: Row): { id: string; type: string } => {
      const object = this.present(childDef, child);
      options.included?.set(`${object.type}:${object.id}`, object);
      return { id: object.id, type: object.type };
    };
    if (name === 'configuration_interfaces' && def.collection === 'configurations') {
      return { data: this.table('configurationInterfaces').rowsWhere('configuration-id', row.id).map((r) => side(RESOURCES.configurationInterfaces, r)) };
    }
    if (name === 'flexible_asset_fields' && def.collection === 'flexibleAssetTypes') {
      return { data: this.fieldsOfType(row.id).map((r) => side(RESOURCES.flexibleAssetFields, r)) };
    }
    if (name === 'location' && def.collection === 'contacts') {
      const location = this.row('locations', row['location-id']);
      return { data: location ? side(RESOURCES.locations, location) : null };
    }
    if (name === 'adapters_resources') {
      // ASSUMPTION (SPEC §8, itglue-api.md §3.5): integration sources (e.g. Microsoft 365 =
      // `office365`) are served as `adapters-resources` through include=adapters_resources.
      const entries = (row['adapters-resources'] as Record<string, unknown>[] | undefined) ?? [];
      return {
        data: entries.map((entry) => {
          const { id, ...attributes } = entry;
          const object: ResourceObject = {
            id: String(id),
            type: 'adapters-resources',
            attributes: { ...attributes, 'resource-type': singular(def.type), 'resource-id': row.id },
          };
          options.included?.set(`${object.type}:${object.id}`, object);
          return { id: object.id, type: object.type };
        }),
      };
    }
    if (name === 'attachments') {
      return { data: this.attachmentsOf(def, row).map((r) => side(RESOURCES.attachments, r)) };
    }
    // Relationships the simulator does not model (tickets, …) are empty.
    return { data: [] };
  }

  // ---------------------------------------------------------------- writes

  /** Validates every input first, then applies them all (bulk writes are all-or-nothing). */
  createRecords(def: ResourceDef, inputs: ResourceInput[], context: WriteContext = {}): Row[] {
    const prepared = this.prepareAll(inputs.map((input) => () => this.prepareCreate(def, input, context)));
    return prepared.map((p) => this.applyCreate(p));
  }

  prepareUpdate(def: ResourceDef, row: Row, input: ResourceInput, context: WriteContext = {}): PreparedUpdate {
    if (input.relationships && Object.keys(input.relationships).length) {
      throw invalid(`${input.pointer}/relationships`, 'relationships are not allowed in an update');
    }
    const errors = new ErrorList();
    const pointer = `${input.pointer}/attributes`;
    const attributes = { ...input.attributes, ...context.parent };
    const values = this.readFields(def, attributes, pointer, errors, { creating: false, asServer: context.asServer });
    const merged = { ...row, ...values };
    this.checkRecord(def, merged, row, pointer, errors, context);
    errors.throwIfAny();
    if ('traits' in values) values.traits = merged.traits;
    // ASSUMPTION (itglue-api.md §1.4): like a Rails update, a PATCH that changes nothing leaves updated-at alone.
    const changes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      const current = def.collection === 'configurations' && isPrimaryInterfaceField(key) ? this.datasetRecord(def, row)[key] : row[key];
      if (JSON.stringify(current ?? null) !== JSON.stringify(value ?? null)) changes[key] = value;
    }
    if (def.collection === 'flexibleAssets' && 'traits' in values) changes.traits = values.traits;
    return { def, row, changes };
  }

  /** Runs every `prepare` and throws one 422 naming all failures. */
  prepareAll<T>(steps: (() => T)[]): T[] {
    const results: T[] = [];
    const failures = new ErrorList();
    for (const step of steps) {
      try {
        results.push(step());
      } catch (err) {
        if (!(err instanceof JsonApiError)) throw err;
        failures.items.push(...err.errors);
      }
    }
    failures.throwIfAny();
    return results;
  }

  updateRecords(updates: PreparedUpdate[]): Row[] {
    for (const update of updates) this.applyUpdate(update);
    return updates.map((u) => u.row);
  }

  /** The attachments of a record (ASSUMPTION: see the `attachments` resource). */
  attachmentsOf(def: ResourceDef, row: Row): Row[] {
    return this.table('attachments')
      .rowsWhere('resource-id', row.id)
      .filter((a) => a['resource-type'] === def.path);
  }

  /** Deletes a record and what hangs off it. */
  deleteRecord(collection: Collection, row: Row): void {
    const table = this.table(collection);
    if (!table.get(row.id)) return;
    // ASSUMPTION: a record's attachments go with it.
    for (const attachment of this.attachmentsOf(RESOURCES[collection], row)) this.table('attachments').delete(attachment.id);
    switch (collection) {
      case 'organizations':
        // ASSUMPTION (itglue-api.md §1.4): the API queues organization deletion; here the
        // organization and everything in it go at once.
        for (const child of ORGANIZATION_CHILDREN) {
          for (const r of this.table(child).rowsWhere('organization-id', row.id)) this.deleteRecord(child, r);
        }
        for (const r of this.table('organizations').rowsWhere('parent-id', row.id)) this.touch('organizations', r, { 'parent-id': null });
        break;
      case 'configurations':
        for (const r of this.table('configurationInterfaces').rowsWhere('configuration-id', row.id)) {
          this.table('configurationInterfaces').delete(r.id);
        }
        break;
      case 'locations':
        for (const c of ['contacts', 'configurations'] as const) {
          for (const r of this.table(c).rowsWhere('location-id', row.id)) this.touch(c, r, { 'location-id': null });
        }
        break;
      case 'contacts':
        for (const r of this.table('configurations').rowsWhere('contact-id', row.id)) this.touch('configurations', r, { 'contact-id': null });
        break;
      case 'configurationInterfaces': {
        const config = this.row('configurations', row['configuration-id']);
        if (config) this.touch('configurations', config, {});
        break;
      }
      case 'flexibleAssetFields':
        table.delete(row.id);
        this.rekeyTraits(Number(row['flexible-asset-type-id']), String(row['name-key']), undefined);
        return;
      default:
        break;
    }
    table.delete(row.id);
  }

  // ---------------------------------------------------------------- validation

  private prepareCreate(def: ResourceDef, input: ResourceInput, context: WriteContext): PreparedCreate {
    const errors = new ErrorList();
    const pointer = `${input.pointer}/attributes`;
    const attributes = { ...input.attributes, ...context.parent };
    const values = this.readFields(def, attributes, pointer, errors, { creating: true, asServer: context.asServer });
    this.checkRecord(def, values, undefined, pointer, errors, context);
    const children: PreparedCreate[] = [];

    if (def.collection === 'configurations') {
      const interfaces = this.nested(input, 'configuration-interfaces', errors);
      for (const child of interfaces) {
        const childValues = this.readFields(RESOURCES.configurationInterfaces, child.attributes, `${child.pointer}/attributes`, errors, {
          creating: true,
          parentSupplied: ['configuration-id'],
        });
        children.push({ def: RESOURCES.configurationInterfaces, values: childValues, children: [] });
      }
    }
    if (def.collection === 'flexibleAssetTypes') {
      const fields = this.nested(input, 'flexible-asset-fields', errors);
      const names = new Set<string>();
      fields.forEach((child, i) => {
        const childPointer = `${child.pointer}/attributes`;
        const childValues = this.readFields(RESOURCES.flexibleAssetFields, child.attributes, childPointer, errors, {
          creating: true,
          parentSupplied: ['flexible-asset-type-id'],
        });
        this.checkFieldShape(childValues, childPointer, errors);
        const name = String(childValues.name ?? '').toLowerCase();
        if (names.has(name)) errors.add(`${childPointer}/name`, 'has already been taken');
        names.add(name);
        childValues.order ??= i + 1;
        children.push({ def: RESOURCES.flexibleAssetFields, values: childValues, children: [] });
      });
      if (!context.asServer) {
        // A type needs at least one field, and one of them shown in the list. [C] itglue-api.md §3.7
        const relPointer = `${input.pointer}/relationships/flexible_asset_fields`;
        if (!fields.length) errors.add(relPointer, 'a flexible asset type needs at least one field');
        else if (!children.some((c) => c.values['show-in-list'] === true)) errors.add(relPointer, "at least one field must have 'show-in-list' set");
      }
    }
    errors.throwIfAny();
    return { def, values, children };
  }

  private nested(input: ResourceInput, name: string, errors: ErrorList): ResourceInput[] {
    try {
      return nestedChildren(input, name, name);
    } catch (err) {
      if (!(err instanceof JsonApiError)) throw err;
      errors.items.push(...err.errors);
      return [];
    }
  }

  /** Reads and coerces the writable attributes present in `attributes`. */
  private readFields(
    def: ResourceDef,
    attributes: Record<string, unknown>,
    pointer: string,
    errors: ErrorList,
    options: { creating: boolean; asServer?: boolean; parentSupplied?: string[] },
  ): Record<string, unknown> {
    const specs: Record<string, FieldSpec> = options.asServer ? { ...def.fields, ...def.serverFields } : def.fields;
    const values: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(specs)) {
      if (!(key in attributes)) {
        if (options.creating && spec.required && !options.parentSupplied?.includes(key)) errors.add(`${pointer}/${key}`, "can't be blank");
        continue;
      }
      if (!options.creating && def.createOnly?.includes(key)) continue;
      const value = this.coerce(spec, attributes[key], `${pointer}/${key}`, errors);
      if (value === INVALID) continue;
      if (spec.required && value === null) {
        errors.add(`${pointer}/${key}`, "can't be blank");
        continue;
      }
      values[key] = value;
    }
    if (options.asServer) {
      // Dataset-only extras (anything not in the resource definition) are kept as given.
      for (const [key, value] of Object.entries(attributes)) {
        if (!(key in specs) && !def.attributes.includes(key) && key !== 'id' && !TIMES.includes(key)) values[key] = value;
      }
    }
    return values;
  }

  private coerce(spec: FieldSpec, raw: unknown, pointer: string, errors: ErrorList): unknown {
    const fail = (detail: string): typeof INVALID => {
      errors.add(pointer, detail);
      return INVALID;
    };
    if (raw === null || raw === undefined) return null;
    if (raw === '' && spec.kind !== 'emails' && spec.kind !== 'phones') return null;
    switch (spec.kind) {
      case 'string':
        if (typeof raw === 'string') return raw;
        if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
        return fail('must be a string');
      case 'bool': {
        const b = toBool(raw);
        return b === undefined ? fail('must be true or false') : b;
      }
      case 'int':
        if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
        if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw);
        return fail('is not a number');
      case 'date': {
        const d = toDate(raw);
        return d ?? fail('is not a valid date (YYYY-MM-DD)');
      }
      case 'ref': {
        const id = toId(raw);
        if (id === undefined || !this.table(spec.ref).get(id)) return fail('must exist');
        return id;
      }
      case 'enum':
        return typeof raw === 'string' && spec.values.includes(raw) ? raw : fail(`is not included in the list (${spec.values.join(', ')})`);
      case 'ip':
        return typeof raw === 'string' && isIP(raw.trim()) ? raw.trim() : fail('is not a valid IP address');
      case 'mac':
        return typeof raw === 'string' && raw.length <= 17 && MAC.test(raw.trim()) ? raw.trim() : fail('is not a valid MAC address');
      case 'phone': {
        const digits = typeof raw === 'string' || typeof raw === 'number' ? String(raw).replace(/\D/g, '') : '';
        return digits || fail('is not a valid phone number');
      }
      case 'emails':
        return this.coerceEmails(raw, pointer, errors);
      case 'phones':
        return this.coercePhones(raw, pointer, errors);
      case 'traits':
        return isObject(raw) ? raw : fail('must be an object keyed by field name-key');
      case 'adapters':
        return Array.isArray(raw) ? this.withAdapterIds(kebabArray(raw)) : fail('must be an array');
    }
  }

  private coerceEmails(raw: unknown, pointer: string, errors: ErrorList): unknown {
    if (!Array.isArray(raw)) {
      errors.add(pointer, 'must be an array');
      return INVALID;
    }
    const before = errors.items.length;
    const emails = kebabArray(raw).map((email, i) => {
      const value = typeof email.value === 'string' ? email.value.trim() : '';
      if (!EMAIL.test(value)) errors.add(`${pointer}/${i}/value`, 'is not a valid email address');
      if (typeof email['label-name'] !== 'string' || !email['label-name']) errors.add(`${pointer}/${i}/label-name`, "can't be blank");
      return { value, primary: toBool(email.primary) ?? false, 'label-name': email['label-name'] };
    });
    return errors.items.length > before || raw.length !== emails.length ? INVALID : emails;
  }

  private coercePhones(raw: unknown, pointer: string, errors: ErrorList): unknown {
    if (!Array.isArray(raw)) {
      errors.add(pointer, 'must be an array');
      return INVALID;
    }
    const before = errors.items.length;
    const phones = kebabArray(raw).map((phone, i) => {
      const value = typeof phone.value === 'string' || typeof phone.value === 'number' ? String(phone.value).replace(/\D/g, '') : '';
      if (!value) errors.add(`${pointer}/${i}/value`, "can't be blank");
      if (typeof phone['label-name'] !== 'string' || !phone['label-name']) errors.add(`${pointer}/${i}/label-name`, "can't be blank");
      const labelType = phone['label-type'] ?? 'phone';
      if (labelType !== 'phone' && labelType !== 'fax') errors.add(`${pointer}/${i}/label-type`, 'must be phone or fax');
      const extension = phone.extension === null || phone.extension === undefined ? null : String(phone.extension).replace(/\D/g, '') || null;
      return { value, extension, primary: toBool(phone.primary) ?? false, 'label-name': phone['label-name'], 'label-type': labelType };
    });
    return errors.items.length > before || raw.length !== phones.length ? INVALID : phones;
  }

  /** Rules that look at the whole record or at other records. `existing` is absent on create. */
  private checkRecord(
    def: ResourceDef,
    merged: Record<string, unknown>,
    existing: Row | undefined,
    pointer: string,
    errors: ErrorList,
    context: WriteContext,
  ): void {
    for (const [key, spec] of Object.entries(def.fields)) {
      // ASSUMPTION (itglue-api.md §3.3, §3.5): a location or contact reference must be in the record's own organization.
      if (spec.kind !== 'ref' || !spec.sameOrganization || merged[key] === null || merged[key] === undefined) continue;
      const target = this.row(spec.ref, merged[key]);
      if (target && merged['organization-id'] !== undefined && target['organization-id'] !== merged['organization-id']) {
        errors.add(`${pointer}/${key}`, 'must belong to the same organization');
      }
    }
    switch (def.collection) {
      case 'organizations': {
        const parentId = merged['parent-id'];
        if (existing && parentId !== null && parentId !== undefined) {
          let ancestor = this.row('organizations', parentId);
          for (let depth = 0; ancestor && depth < 1000; depth++) {
            if (ancestor.id === existing.id) {
              errors.add(`${pointer}/parent-id`, 'cannot be the organization itself or one of its descendants');
              break;
            }
            ancestor = this.row('organizations', ancestor['parent-id']);
          }
        }
        break;
      }
      case 'locations': {
        // ASSUMPTION (itglue-api.md §3.6): a region must belong to the location's country.
        const region = this.row('regions', merged['region-id']);
        if (region && merged['country-id'] !== null && merged['country-id'] !== undefined && region['country-id'] !== merged['country-id']) {
          errors.add(`${pointer}/region-id`, 'must belong to the selected country');
        }
        break;
      }
      case 'passwords':
        if (!existing && !context.asServer && (merged.password === null || merged.password === undefined)) {
          errors.add(`${pointer}/password`, "can't be blank");
        }
        break;
      case 'flexibleAssetFields':
        this.checkFieldShape(merged, pointer, errors);
        this.checkFieldUnique(merged, existing, pointer, errors);
        break;
      case 'flexibleAssets': {
        const typeId = Number(merged['flexible-asset-type-id']);
        if (!this.row('flexibleAssetTypes', typeId)) break;
        if (!existing || merged.traits !== existing.traits) {
          const traits = this.readTraits(typeId, merged.traits ?? {}, `${pointer}/traits`, errors);
          if (traits) merged.traits = traits;
        }
        break;
      }
      default:
        if (RESOURCES[def.collection].fields.name && (LOOKUP_COLLECTIONS as readonly string[]).includes(def.collection)) {
          this.checkLookupUnique(def, merged, existing, pointer, errors);
        }
    }
  }

  /** ASSUMPTION (itglue-api.md §3.10): lookup names are unique, ignoring case (models: per manufacturer). */
  private checkLookupUnique(def: ResourceDef, merged: Record<string, unknown>, existing: Row | undefined, pointer: string, errors: ErrorList): void {
    if (typeof merged.name !== 'string') return;
    const name = merged.name.toLowerCase();
    for (const row of this.table(def.collection).rows.values()) {
      if (row.id === existing?.id || String(row.name).toLowerCase() !== name) continue;
      if (def.collection === 'models' && (row['manufacturer-id'] ?? null) !== (merged['manufacturer-id'] ?? null)) continue;
      errors.add(`${pointer}/name`, 'has already been taken');
      return;
    }
  }

  private checkFieldShape(values: Record<string, unknown>, pointer: string, errors: ErrorList): void {
    if (values.kind === 'Select' && !values['default-value']) errors.add(`${pointer}/default-value`, "can't be blank for a Select field");
    if (values.kind === 'Tag' && !values['tag-type']) errors.add(`${pointer}/tag-type`, "can't be blank for a Tag field");
  }

  private checkFieldUnique(merged: Record<string, unknown>, existing: Row | undefined, pointer: string, errors: ErrorList): void {
    const typeId = Number(merged['flexible-asset-type-id']);
    for (const field of this.fieldsOfType(typeId)) {
      if (field.id === existing?.id) continue;
      if (typeof merged.name === 'string' && String(field.name).toLowerCase() === merged.name.toLowerCase()) {
        errors.add(`${pointer}/name`, 'has already been taken');
      }
      if (merged.order !== undefined && merged.order !== null && field.order === merged.order) errors.add(`${pointer}/order`, 'has already been taken');
    }
    if (existing && merged.kind !== existing.kind) {
      const key = String(existing['name-key']);
      const used = [...this.table('flexibleAssets').rowsWhere('flexible-asset-type-id', typeId)].some(
        (asset) => (asset.traits as Record<string, unknown> | undefined)?.[key] !== undefined,
      );
      if (used) errors.add(`${pointer}/kind`, 'cannot change once assets hold a value for this field');
    }
  }

  fieldsOfType(typeId: number): Row[] {
    return this.table('flexibleAssetFields')
      .rowsWhere('flexible-asset-type-id', typeId)
      .sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0) || a.id - b.id);
  }

  /** Validates traits against the type's fields; returns them keyed by name-key with coerced values. */
  private readTraits(typeId: number, raw: unknown, pointer: string, errors: ErrorList): Record<string, unknown> | undefined {
    if (!isObject(raw)) {
      errors.add(pointer, 'must be an object keyed by field name-key');
      return undefined;
    }
    const fields = new Map(this.fieldsOfType(typeId).map((f) => [String(f['name-key']), f]));
    const traits: Record<string, unknown> = {};
    for (const [rawKey, value] of Object.entries(raw)) {
      const key = kebabKey(rawKey);
      const field = fields.get(key);
      const at = `${pointer}/${key}`;
      if (!field) {
        errors.add(at, 'is not a field of this flexible asset type');
        continue;
      }
      if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      const coerced = this.coerceTrait(field, value, at, errors);
      if (coerced !== INVALID) traits[key] = coerced;
    }
    for (const [key, field] of fields) {
      if (field.required === true && traits[key] === undefined) errors.add(`${pointer}/${key}`, "can't be blank");
    }
    return traits;
  }

  private coerceTrait(field: Row, value: unknown, pointer: string, errors: ErrorList): unknown {
    const fail = (detail: string): typeof INVALID => {
      errors.add(pointer, detail);
      return INVALID;
    };
    switch (field.kind) {
      case 'Number':
      case 'Percent':
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
        return fail('is not a number');
      case 'Checkbox': {
        const b = toBool(value);
        return b === undefined ? fail('must be true or false') : b;
      }
      case 'Date':
        return toDate(value) ?? fail('is not a valid date (YYYY-MM-DD)');
      case 'Select': {
        const options = String(field['default-value'] ?? '').split('\n').map((o) => o.trim()).filter(Boolean);
        return typeof value === 'string' && (!options.length || options.includes(value)) ? value : fail('is not one of the field options');
      }
      case 'Tag': {
        const ids = (Array.isArray(value) ? value : [value]).map(toId);
        if (ids.some((id) => id === undefined)) return fail('must be a record id or an array of ids');
        const target = tagCollection(field['tag-type']);
        if (target && ids.some((id) => !this.row(target, id))) return fail('must exist');
        return ids;
      }
      case 'Header':
        return fail('a Header field holds no value');
      case 'Upload':
        return value;
      default:
        return typeof value === 'string' || typeof value === 'number' ? String(value) : fail('must be a string');
    }
  }

  private presentTraits(asset: Row): Record<string, unknown> {
    const traits = (asset.traits as Record<string, unknown> | undefined) ?? {};
    const fields = new Map(this.fieldsOfType(Number(asset['flexible-asset-type-id'])).map((f) => [String(f['name-key']), f]));
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(traits)) {
      const field = fields.get(key);
      if (field?.kind !== 'Tag' || !Array.isArray(value)) {
        out[key] = value;
        continue;
      }
      const target = tagCollection(field['tag-type']);
      const values = value
        .map((id) => (target ? this.row(target, id) : ({ id: Number(id) } as Row)))
        .filter((r): r is Row => r !== undefined)
        .map((r) => tagValue(target, r, this));
      out[key] = { type: String(field['tag-type']).replace(/^FlexibleAssetType:.*$/, 'FlexibleAssets'), values };
    }
    return out;
  }

  /** ASSUMPTION (itglue-api.md §3.7): the asset name is its use-for-title trait values joined by spaces. */
  private assetName(asset: Row): string | null {
    const traits = (asset.traits as Record<string, unknown> | undefined) ?? {};
    const parts = this.fieldsOfType(Number(asset['flexible-asset-type-id']))
      .filter((f) => f['use-for-title'] === true)
      .map((f) => traits[String(f['name-key'])])
      .filter((v) => typeof v === 'string' || typeof v === 'number')
      .map(String);
    return parts.length ? parts.join(' ') : null;
  }

  /** Moves (or with `to` undefined, removes) one trait key on every asset of a type. */
  private rekeyTraits(typeId: number, from: string, to: string | undefined): void {
    const assets = this.table('flexibleAssets');
    for (const asset of assets.rowsWhere('flexible-asset-type-id', typeId)) {
      const traits = { ...((asset.traits as Record<string, unknown> | undefined) ?? {}) };
      if (from in traits) {
        if (to) traits[to] = traits[from];
        delete traits[from];
      }
      assets.update(asset, { traits });
      assets.update(asset, { name: this.assetName(asset) });
    }
  }

  // ---------------------------------------------------------------- applying writes

  /** `underNewParent`: created together with its parent, which needs no extra touch. */
  private applyCreate(prepared: PreparedCreate, underNewParent = false): Row {
    const { def } = prepared;
    const table = this.table(def.collection);
    const now = wholeSecond(Date.now());
    const values = { ...prepared.values };
    const primaryValues = pickPrimaryInterfaceFields(def, values);
    const row: Row = { id: table.allocateId(), ...values, 'created-at': now, 'updated-at': now };

    switch (def.collection) {
      case 'passwords':
        if (row.password) row['password-updated-at'] = now;
        break;
      case 'flexibleAssetFields': {
        const typeId = Number(row['flexible-asset-type-id']);
        row.order ??= Math.max(0, ...this.fieldsOfType(typeId).map((f) => Number(f.order ?? 0))) + 1;
        row['name-key'] ??= nameKeyOf(String(row.name), row.id);
        break;
      }
      case 'flexibleAssets':
        row.traits ??= {};
        break;
      default:
        break;
    }
    table.insert(row);

    if (def.collection === 'flexibleAssets') table.update(row, { name: this.assetName(row) });
    if (def.collection === 'flexibleAssetFields') this.refreshAssetNames(Number(row['flexible-asset-type-id']));
    if (row.primary === true) this.demoteOtherPrimaries(def.collection, row);
    if (def.collection === 'configurationInterfaces' && !underNewParent) this.touchConfiguration(row);
    for (const child of prepared.children) {
      const parentKey = child.def.collection === 'configurationInterfaces' ? 'configuration-id' : 'flexible-asset-type-id';
      this.applyCreate({ ...child, values: { ...child.values, [parentKey]: row.id } }, true);
    }
    if (primaryValues) this.writePrimaryInterface(row, primaryValues);
    return row;
  }

  private applyUpdate(update: PreparedUpdate): void {
    const { def, row } = update;
    const changes = { ...update.changes };
    const primaryValues = pickPrimaryInterfaceFields(def, changes);
    const oldNameKey = row['name-key'];
    if (Object.keys(changes).length) {
      if (def.collection === 'passwords' && 'password' in changes) changes['password-updated-at'] = wholeSecond(Date.now());
      if (def.collection === 'flexibleAssetFields' && 'name' in changes) changes['name-key'] = nameKeyOf(String(changes.name), row.id);
      this.touch(def.collection, row, changes);
    }
    if (def.collection === 'flexibleAssets' && 'traits' in changes) this.table('flexibleAssets').update(row, { name: this.assetName(row) });
    if (def.collection === 'flexibleAssetFields') {
      const typeId = Number(row['flexible-asset-type-id']);
      if (changes['name-key'] && changes['name-key'] !== oldNameKey) this.rekeyTraits(typeId, String(oldNameKey), String(changes['name-key']));
      else if ('use-for-title' in changes || 'order' in changes) this.refreshAssetNames(typeId);
    }
    if (changes.primary === true) this.demoteOtherPrimaries(def.collection, row);
    if (def.collection === 'configurationInterfaces' && Object.keys(changes).length) this.touchConfiguration(row);
    if (primaryValues) this.writePrimaryInterface(row, primaryValues);
  }

  /** Applies changes and bumps `updated-at` so it always moves forward for this record. */
  private touch(collection: Collection, row: Row, changes: Record<string, unknown>): void {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const previous = Date.parse(String(row['updated-at']));
    // ASSUMPTION (simulator): times have whole seconds like the API's, so a second write in the
    // same second moves `updated-at` one second on, keeping every write visible to pollers.
    const next = Number.isFinite(previous) && previous >= now ? previous + 1000 : now;
    this.table(collection).update(row, { ...changes, 'updated-at': new Date(next).toISOString() });
  }

  private touchConfiguration(interfaceRow: Row): void {
    const config = this.row('configurations', interfaceRow['configuration-id']);
    if (config) this.touch('configurations', config, {});
  }

  /** Only one primary interface per configuration and one primary location per organization. */
  private demoteOtherPrimaries(collection: Collection, row: Row): void {
    // ASSUMPTION (itglue-api.md §3.6): like interfaces, an organization has one primary location.
    const parentKey = collection === 'configurationInterfaces' ? 'configuration-id' : collection === 'locations' ? 'organization-id' : undefined;
    if (!parentKey) return;
    for (const other of this.table(collection).rowsWhere(parentKey, row[parentKey])) {
      if (other.id !== row.id && other.primary === true) this.touch(collection, other, { primary: false });
    }
  }

  /**
   * A configuration's primary-ip / mac-address live on its primary interface: setting them
   * updates that interface, or creates it. [C] itglue-api.md §3.4
   */
  private writePrimaryInterface(config: Row, values: Record<string, unknown>): void {
    const existing = this.primaryInterface(config.id);
    const interfaceValues = {
      ...('primary-ip' in values ? { 'ip-address': values['primary-ip'] } : {}),
      ...('mac-address' in values ? { 'mac-address': values['mac-address'] } : {}),
    };
    if (existing) {
      const changed = Object.entries(interfaceValues).some(([k, v]) => (existing[k] ?? null) !== (v ?? null));
      if (changed) this.touch('configurationInterfaces', existing, interfaceValues);
      return;
    }
    if (Object.values(interfaceValues).every((v) => v === null || v === undefined)) return;
    const interfaces = this.table('configurationInterfaces');
    const now = String(config['updated-at']);
    // ASSUMPTION (itglue-api.md §3.4): the interface created from primary-ip/mac-address has no name.
    interfaces.insert({
      id: interfaces.allocateId(),
      'configuration-id': config.id,
      name: null,
      'ip-address': null,
      'mac-address': null,
      primary: true,
      notes: null,
      ...interfaceValues,
      'created-at': now,
      'updated-at': now,
    });
  }

  private refreshAssetNames(typeId: number): void {
    const assets = this.table('flexibleAssets');
    for (const asset of assets.rowsWhere('flexible-asset-type-id', typeId)) assets.update(asset, { name: this.assetName(asset) });
  }

  /** A record by id, 404 when missing or outside the given parent. */
  requireRow(def: ResourceDef, id: string, parent?: { key: string; value: number }): Row {
    const row = this.row(def.collection, id);
    if (!row || (parent && row[parent.key] !== parent.value)) throw notFoundError(`${def.type} ${id} not found`);
    return row;
  }
}

// ------------------------------------------------------------------ helpers

function newTables(): Map<Collection, Table> {
  return new Map(COLLECTIONS.map((c) => [c, new Table(c, RESOURCES[c].indexes)]));
}

function isPrimaryInterfaceField(key: string): boolean {
  return (PRIMARY_INTERFACE_FIELDS as readonly string[]).includes(key);
}

/** Takes primary-ip / mac-address out of a configuration write (they belong to the interface). */
function pickPrimaryInterfaceFields(def: ResourceDef, values: Record<string, unknown>): Record<string, unknown> | undefined {
  if (def.collection !== 'configurations') return undefined;
  const picked: Record<string, unknown> = {};
  for (const key of PRIMARY_INTERFACE_FIELDS) {
    if (key in values) {
      picked[key] = values[key];
      delete values[key];
    }
  }
  return Object.keys(picked).length ? picked : undefined;
}

function kebabArray(items: unknown[]): Record<string, unknown>[] {
  return items.filter(isObject).map(kebabKeys);
}

function toBool(raw: unknown): boolean | undefined {
  if (raw === true || raw === 'true' || raw === 1 || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === 0 || raw === '0') return false;
  return undefined;
}

function toDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(raw)) return undefined;
  const day = raw.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}

function normaliseTime(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** `start,end` with `*` for an open end; dates may omit the time. */
function inRange(value: unknown, terms: string[]): boolean {
  if (value === null || value === undefined) return false;
  const [start = '*', end = '*'] = terms;
  const numeric = typeof value === 'number';
  const v = numeric ? value : Date.parse(String(value));
  const bound = (t: string): number => (numeric ? Number(t) : Date.parse(t));
  if (start !== '*' && !(v >= bound(start))) return false;
  if (end !== '*' && !(v <= bound(end))) return false;
  return true;
}

type SortKey = string | number | null;

function sortKey(value: unknown): SortKey {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return String(value).toLowerCase();
}

/** Nulls sort last ascending (first descending), like PostgreSQL. */
function compareKeys(a: SortKey | undefined, b: SortKey | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const TAG_COLLECTIONS: Record<string, Collection> = {
  Configurations: 'configurations',
  Contacts: 'contacts',
  Locations: 'locations',
  Organizations: 'organizations',
  Passwords: 'passwords',
  Documents: 'documents',
};

function tagCollection(tagType: unknown): Collection | undefined {
  if (typeof tagType !== 'string') return undefined;
  if (tagType.startsWith('FlexibleAssetType')) return 'flexibleAssets';
  return TAG_COLLECTIONS[tagType];
}

function tagValue(collection: Collection | undefined, row: Row, view: StoreView): Record<string, unknown> {
  const base = { id: row.id, name: collection === 'contacts' ? contactName(row) : (row.name ?? null) };
  if (collection !== 'configurations') return base;
  return {
    ...base,
    hostname: row.hostname ?? null,
    'organization-name': view.nameOf('organizations', row['organization-id']),
    'configuration-type-name': view.nameOf('configurationTypes', row['configuration-type-id']),
  };
}

/** `contacts` → `Contact`. */
function singular(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1).replace(/s$/, '');
}
