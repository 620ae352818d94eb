/**
 * What an entity module is: the whole truth about one synced entity (entities/organization.ts,
 * location.ts, contact.ts, configuration.ts). The pure part (canonical form, identity, eligibility,
 * matching rule, push rules) is `EntityRules` from domain/sync/model.ts, which the planner takes;
 * the I/O part says how each system reads, lists, creates, updates and finds the entity. Modules
 * receive the API clients as arguments and import nothing with side effects, so they stay easy to
 * test. The registry (entities/registry.ts) lists them; everything else looks an entity up there
 * instead of switching on its name.
 */
import type { BmsClient } from '../clients/bms/index.js';
import type { ItgPage, ItgResource, ItGlueClient } from '../clients/itglue/index.js';
import type { Entity } from '../domain/entities.js';
import type { ItgLookupTable, MappedWrite, MappingContext, WireRecord } from '../domain/mapping/fields.js';
import type { IntegrationSettings } from '../domain/settings.js';
import type { EntityRules, SourceRecord } from '../domain/sync/model.js';
import type { ManagedAssetType } from './managed-types.js';

/** How the pull reads BMS records of the entity. */
export type BmsReading =
  /**
   * Pages of full records; `since` (ISO time) limits to records modified since, when the API can
   * filter so; otherwise `slice` (one of `slices`) says which part of the records to read.
   */
  | {
      kind: 'pages';
      page(bms: BmsClient, page: number, since: string | null, slice: WireRecord | null): Promise<{ items: WireRecord[]; hasMore: boolean }>;
      /** The API can filter by modified time (incremental runs read only what changed). */
      modifiedFilter: boolean;
      /**
       * A run without `since` (the first one, full reconciles) reads only these parts of the
       * records, one after the other (tickets: the open ones, and those completed lately); absent,
       * it reads everything. `contains` tells whether a mirrored record belongs to one of them, so
       * that only those a full run did not see are looked for as deleted.
       */
      slices?: {
        of(settings: IntegrationSettings, now: Date): WireRecord[];
        contains(record: WireRecord, settings: IntegrationSettings, now: Date): boolean;
      };
      /** Child records that arrive inside these (an account's locations), mirrored with them. */
      embeds?: { entity: Entity; extract(record: WireRecord): WireRecord[] };
    }
  /** Arrives inside its parent's records (see `embeds`): nothing to read of its own. */
  | { kind: 'embedded'; in: Entity }
  /**
   * A slim list (no modified filter, few fields) whose rows say when a record changed; changed
   * and new records are read in full one by one with `read`.
   */
  | { kind: 'list-then-read'; page(bms: BmsClient, page: number): Promise<{ rows: { id: string; row: unknown }[]; hasMore: boolean }> };

/** Values BMS requires on create that IT Glue cannot supply. */
export interface BmsAccountDefaults {
  businessTypeId: number;
  accountManagerId: number;
}

/** What a BMS create may need to know beyond the record itself (the applier answers). */
export interface BmsCreateHelpers {
  /** The IT Glue record being pushed. */
  itglueRecord: SourceRecord;
  /** The BMS account of a record of a scoped entity (its organization's link). */
  accountId: string | null;
  /** The main location of that account, for records IT Glue gives none. */
  mainLocationId(accountId: string): Promise<number | null>;
  defaults(): BmsAccountDefaults;
  /** Live IT Glue records of an entity inside an organization, from the mirror. */
  itglueChildren(entity: Entity, organizationId: string): Promise<SourceRecord[]>;
  /** The mapping context for records of another entity (their own references resolved). */
  contextFor(entity: Entity, records: SourceRecord[]): Promise<MappingContext>;
}

export interface BmsWriteResult<C> {
  /** The record as BMS has it after every call of the write. */
  record: WireRecord;
  write: MappedWrite<C>;
  /** Records BMS created along with this one, each already paired with its IT Glue record (a new account's first location). */
  companions?: { entity: Entity; bms: WireRecord; itglueId: string }[];
}

export interface BmsSide<C> {
  reading: BmsReading;
  /** The record as GET returns it now (`parentId`: the BMS account, for entities read through it). */
  read(bms: BmsClient, id: string, parentId: string | null): Promise<WireRecord>;
  /** Records that could be the one a lost create made (same account and name, compared normalised). */
  find(bms: BmsClient, canonical: C, accountId: string | null): Promise<WireRecord[]>;
  create(bms: BmsClient, canonical: C, ctx: MappingContext, helpers: BmsCreateHelpers): Promise<BmsWriteResult<C>>;
  /** Applies `changes` to the record `current`; never erases a BMS field the engine does not map. */
  update(bms: BmsClient, current: WireRecord, changes: Partial<C>, ctx: MappingContext, helpers: BmsCreateHelpers): Promise<BmsWriteResult<C>>;
}

/** An IT Glue lookup value a write needs (created beforehand when the API allows). */
export interface LookupNeed {
  table: ItgLookupTable;
  name: string;
  /** Models belong to a manufacturer: the manufacturer's name. */
  manufacturer?: string | null;
}

export interface ItGlueSide<C> {
  listPage(itglue: ItGlueClient, options: { page: { number: number; size: number }; sort: string }): Promise<ItgPage<ItgResource<unknown>>>;
  read(itglue: ItGlueClient, id: string): Promise<ItgResource<unknown>>;
  /** The wire record of a resource (attributes plus what the engine reads beside them). */
  toWire(resource: ItgResource<unknown>): WireRecord;
  /** Creates records; children go through the nested bulk route of their organization. */
  create(itglue: ItGlueClient, organizationId: string | null, attributes: WireRecord[]): Promise<ItgResource<unknown>[]>;
  /** Writes `attributes` to the record `current` (its wire record as last read). */
  update(itglue: ItGlueClient, id: string, attributes: WireRecord, current: WireRecord): Promise<ItgResource<unknown>>;
  bulkUpdate(itglue: ItGlueClient, items: { id: string; attributes: WireRecord; current: WireRecord }[]): Promise<ItgResource<unknown>[]>;
  /** Records that could be the one a lost create made (same organization and name, compared normalised). */
  find(itglue: ItGlueClient, organizationId: string | null, canonical: C): Promise<ItgResource<unknown>[]>;
  /** Lookup values writing this record needs. */
  lookups(canonical: C): LookupNeed[];
  /** The resource name for generic calls (delete an orphan). */
  resource: 'organizations' | 'locations' | 'contacts' | 'configurations' | 'flexibleAssets';
  /** The records are flexible assets of a type the engine manages: created, when missing, before the first create. */
  managedType?: ManagedAssetType;
}

/**
 * Work that follows the sync of a record in a pull (tickets: the suggestion note and the
 * checklist rules), done by activities/sync/after-sync.ts for each record left linked and
 * enabled by the batch, whether or not it changed.
 */
export type AfterSync = 'suggestion-note' | 'checklist-rules';
/** A record's ids as a link row holds them (its own, and its BMS account's or IT Glue organization's). */
export interface RecordIds {
  id: string;
  parentId: string | null;
}

/**
 * Where a record opens in each web app: a path under the app's base URL (domain/web-urls.ts), or
 * null when it cannot be built (a parent id missing). Patterns: the simulators' ASSUMPTIONS.md.
 */
export interface WebPaths {
  bms(record: RecordIds): string | null;
  itglue(record: RecordIds): string | null;
}

export interface EntityModule<C extends object> extends EntityRules<C> {
  /**
   * The setting that switches the entity on (contacts and tickets can be switched off), or null
   * when runs always take it (`isActive`).
   */
  switchedOnBy: 'contactsEnabled' | 'ticketsEnabled' | null;
  bmsApi: BmsSide<C>;
  itglueApi: ItGlueSide<C>;
  afterSync?: readonly AfterSync[];
  web: WebPaths;
}

/** Whether runs take the entity at all under these settings. */
export function isActive(module: Pick<EntityModule<object>, 'switchedOnBy'>, settings: IntegrationSettings): boolean {
  return module.switchedOnBy === null || settings[module.switchedOnBy];
}
