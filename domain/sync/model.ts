/**
 * The sync core's data: what the planner (planner.ts) is given and what it decides. Plain data, no
 * I/O. Records arrive as `SourceRecord`s (a record of either system with what the engine needs to
 * know about it); links and overrides are views of their database rows; the entity's own rules
 * (canonical form, eligibility, matching, push quirks) come from its module under entities/.
 */
import type { Entity, LinkState } from '../entities.js';
import type { EntityMapping, MappingContext, WireRecord } from '../mapping/fields.js';
import type { CandidateBase, MatchRule } from '../matching.js';
import type { MergeResult } from '../merge.js';
import type { IntegrationSettings } from '../settings.js';

export type Direction = 'pull' | 'push';

/** A record of either system, as the engine knows it. */
export interface SourceRecord {
  id: string;
  /** BMS account id or IT Glue organization id; null for organizations. */
  parentId: string | null;
  /** Normalised primary match key (name, or first + last name). */
  matchKey: string;
  createdAt: Date | null;
  updatedAt: Date | null;
  record: WireRecord;
}

/** The identity part of a source record, read off a wire record by the entity's rules. */
export type RecordIdentity = Omit<SourceRecord, 'record'>;

/** A link as the planner sees it (db/links.ts rows have this shape and more). */
export interface LinkView {
  id: number;
  state: LinkState;
  bmsId: string | null;
  itglueId: string | null;
  bmsParentId: string | null;
  itglueParentId: string | null;
  reason: string | null;
  /** Canonical value of every mapped field at the last sync (the merge base). */
  snapshot: unknown;
  bmsModifiedAt: Date | null;
  itglueUpdatedAt: Date | null;
  matchRule: string | null;
}

/**
 * The link a run that has not happened yet would make (previews and Push All's pre-check plan
 * children as if their organization were linked); `new:<id>` stands for a record still to create.
 */
export function assumedLink(ids: { bmsId: string | null; itglueId: string | null }): LinkView {
  return { id: -1, state: 'enabled', ...ids, bmsParentId: null, itglueParentId: null, reason: null, snapshot: null, bmsModifiedAt: null, itglueUpdatedAt: null, matchRule: null };
}

export interface OverrideView {
  action: 'link' | 'exclude' | 'create';
  itglueId: string | null;
  note: string | null;
}

/** What matching compares: a record (or candidate) with its organization in the candidates' id space. */
export interface MatchInput<C> extends CandidateBase {
  organizationId: string | null;
  canonical: C;
}

/** One side's view of an entity. */
export interface SideRules<C> {
  /** Id, parent, match key and times of a wire record of this side. */
  identify(record: WireRecord): RecordIdentity;
  /** Ids of other synced records this record references, per entity (to resolve through links). */
  refs(record: WireRecord): Partial<Record<Entity, string[]>>;
  /** Why a record of this side is not eligible under the settings (its parent is checked apart), or null. */
  ineligible(canonical: C, settings: IntegrationSettings): string | null;
  /** The setting that makes it ineligible (`accountTypes`, …), for explanations; null when none. */
  excludedBy?(canonical: C, settings: IntegrationSettings): keyof IntegrationSettings | null;
}

/** How an IT Glue record of the entity goes to BMS (two-way, Push All). */
export interface PushRules<C> {
  /**
   * Records pushed without waiting for an edit (Microsoft 365 contacts with auto-push on), with the
   * values BMS gets; null when the record is not one of them.
   */
  autoPush(record: WireRecord, canonical: C, settings: IntegrationSettings): { canonical: C; label: string } | null;
  /**
   * Which unedited records `autoPush` may take, as a test on one wire attribute (a list holding any
   * of the values), so the push can find them without reading every record; null when none.
   */
  autoPushScope(settings: IntegrationSettings): { attribute: string; anyOf: string[] } | null;
  /** What BMS lacks to take a new record, in words ("first name, a phone number"), or null: the push holds it. */
  missingForBms(canonical: C, autoPushed: boolean): string | null;
  /** What BMS will refuse a new record for (Push All's pre-check warns; the push reports them as errors). */
  incompleteForBms(canonical: C): string[];
  /**
   * Why the sync settings select no record of the entity to push (no account types, no asset
   * categories), in words naming the setting, or null. Push All's pre-check flags it before
   * asking for approval; for an entity every other one lives in, nothing at all would be pushed.
   */
  nothingSelected(settings: IntegrationSettings): string | null;
  /**
   * What only a record's IT Glue children tell about how it will reach BMS (an organization
   * without a primary location), for Push All's pre-check; null when nothing is checked.
   */
  readiness: { children: Entity; problems(record: SourceRecord, children: SourceRecord[]): string[] } | null;
  /**
   * The lookup a new record needs in BMS that BMS does not have (its account type, its asset
   * category), with where in BMS an operator creates one; null when nothing is missing.
   */
  missingInBms(canonical: C, context: MappingContext): { kind: string; name: string; hint: string } | null;
  /**
   * Writes BMS v2 documents no route for (adding a location to an existing account, editing one):
   * without `undocumentedBmsRoutes` they are held, and these say what the operator must do in BMS.
   * Null when every write of the entity is documented.
   */
  undocumentedWrites: {
    create(canonical: C, accountId: string | null): string;
    update(canonical: C, fields: string[], ids: { bmsId: string; accountId: string | null }): string;
  } | null;
}

/** Everything pure the planner needs to know about one entity (entities/*.ts implement it). */
export interface EntityRules<C extends object> {
  entity: Entity;
  /** What the record is called on each side, for logs and explanations. */
  names: { bms: string; itglue: string };
  /** The canonical form: every mapped field, read from and written to both systems. */
  mapping: EntityMapping<C>;
  /** Lives inside an organization: matching and eligibility go through its organization's link. */
  scoped: boolean;
  /** The auto-create setting that governs unmatched BMS records, or null when they are always created. */
  autoCreate: keyof IntegrationSettings['autoCreate'] | null;
  bms: SideRules<C>;
  itglue: SideRules<C>;
  /** The matching rule (SPEC §5) over canonical records. */
  matchRule: MatchRule<MatchInput<C>, MatchInput<C>>;
  /** How IT Glue records go to BMS; null for entities that are pulled only. */
  push: PushRules<C> | null;
}

// ------------------------------------------------------------------ planner input

export interface PlanSettings {
  settings: IntegrationSettings;
  /** When two-way was switched on: older unedited IT Glue records are not pushed (SPEC §8). */
  twoWayEnabledAt: Date | null;
  /** The integration allows BMS routes the official OpenAPI document lacks. */
  undocumentedBmsRoutes: boolean;
}

export interface PlanOptions {
  /** Push All and sync-now: no "unchanged" short cut, no edited-since safeguard. */
  force?: boolean;
  /**
   * Push All: a record linked to an existing BMS record is merged from a fill-in base (merge.ts
   * `fillInBase`), so each side fills the other's gaps and IT Glue's value wins a real difference.
   */
  fillInWhenLinking?: boolean;
  /** Push: records that would be pushed are only queued (`queued-for-push`), for the next push to take. */
  queueOnly?: boolean;
  /** Said in the log of every write (e.g. "Push All", "sync now"). */
  reason?: string;
}

export interface PlanInput<C extends object> extends PlanSettings, PlanOptions {
  rules: EntityRules<C>;
  direction: Direction;
  /** The records to decide on (BMS records for a pull, IT Glue records for a push). */
  records: SourceRecord[];
  /** Links by the source side's id. */
  links: Map<string, LinkView>;
  /** Organization links by the source side's organization id (scoped entities). */
  parentLinks: Map<string, LinkView>;
  /** Operator overrides by BMS id (pull). */
  overrides: Map<string, OverrideView>;
  /**
   * The other side of linked records, by the other side's id, as current as the loader could make
   * it; null when it no longer exists there.
   */
  others: Map<string, SourceRecord | null>;
  /** Unlinked-side records that matching may pick (the other side, in the records' organizations). */
  candidates: SourceRecord[];
  /** Candidate ids already linked to something. */
  taken: Set<string>;
  /** `pendingKey`s (planner.ts) of creates the other direction has sent and not resolved yet. */
  pendingCreates: Set<string>;
  /** Lookups and reference resolution for canonical mapping. */
  context: MappingContext;
}

// ------------------------------------------------------------------ decisions

export interface LinkMatch {
  /** The matching rule, `override` (an operator's link) or `created` (a lost create found again). */
  rule: string;
  tier: number | null;
  explanation: string;
  tiedWith: string[];
}

interface DecisionBase {
  record: SourceRecord;
  link: LinkView | null;
  /** Values the mapping left empty, logged with the record's action. */
  warnings: string[];
}

export type Decision<C extends object = object> =
  /** The record cannot be read into canonical form (bad data). */
  | (DecisionBase & { kind: 'error'; reason: string })
  /** Excluded by an operator; `already` when the link says so already (nothing to write). */
  | (DecisionBase & { kind: 'exclude'; reason: string; already: boolean })
  /** Not synced under the settings and not linked: counted only. */
  | (DecisionBase & { kind: 'ineligible'; reason: string })
  /** Linked, but no longer eligible: the link becomes orphaned (the other record is kept). */
  | (DecisionBase & { kind: 'orphan'; reason: string })
  /** Left alone because of its link state (disabled, excluded, orphaned, …). */
  | (DecisionBase & { kind: 'skip'; reason: string })
  /** A create of the other direction for the same record is not resolved yet: decided next time. */
  | (DecisionBase & { kind: 'wait'; reason: string })
  /** Push: existed before two-way was enabled and not edited since. */
  | (DecisionBase & { kind: 'not-yet-pushed'; reason: string })
  /** Linked and nothing changed. */
  | (DecisionBase & { kind: 'unchanged' })
  /** Linked: write what the merge says to each side and record the new snapshot. */
  | (DecisionBase & {
      kind: 'sync';
      link: LinkView;
      canonical: C;
      other: SourceRecord;
      merge: MergeResult<C>;
      wasState: LinkState;
      /** Changes BMS cannot take through its documented routes: not written, said in the log. */
      heldForBms: { fields: string[]; reason: string } | null;
    })
  /** Unlinked and matched (or found again after a lost create): link, then sync as above. */
  | (DecisionBase & {
      kind: 'link';
      canonical: C;
      other: SourceRecord;
      match: LinkMatch;
      merge: MergeResult<C>;
      recovered: boolean;
      /** As for `sync`: changes BMS cannot take through its documented routes. */
      heldForBms: { fields: string[]; reason: string } | null;
    })
  /** Unmatched: create it on the other side and link it. */
  | (DecisionBase & { kind: 'create'; canonical: C; reason: string })
  /** Unmatched and auto-create is off; `already` when the link says so already. */
  | (DecisionBase & { kind: 'unmatched'; reason: string; already: boolean })
  /** Cannot go to BMS as it is (data BMS requires, a route BMS lacks); `already` when unchanged. */
  | (DecisionBase & { kind: 'hold'; reason: string; already: boolean; canonical: C | null });

export type DecisionKind = Decision['kind'];

/** What a batch's plan says, plus how long matching took (the benchmark reports it). */
export interface Plan<C extends object> {
  decisions: Decision<C>[];
  matchMicros: number;
}
