/**
 * PostgreSQL schema (drizzle). Migrations are generated from this file with `npm run db:generate`
 * into db/migrations and applied at start-up (db/migrate.ts).
 *
 * What lives here and why:
 * - integrations and their encrypted secrets (SPEC §4);
 * - links: one row per BMS ↔ IT Glue pair (or per unpaired record with a state), with the
 *   last-synced canonical snapshot that makes the sync two-way (three-way merge);
 * - mirrors: the last-seen copy of each source record, so matching, orphan detection and
 *   pre-checks query PostgreSQL instead of re-reading whole APIs, and no record data has to
 *   travel through workflow history;
 * - sync runs and per-record log rows (SPEC §7, §10);
 * - Push All requests (completed once per integration, enforced by a partial unique index);
 * - billing rules and the ledger (one row per rule and billing date);
 * - rate-limit windows shared by every worker, and cursors (watermarks).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Entity, LinkState, System } from '../domain/entities.js';
import { ALL_INTEGRATIONS } from '../domain/billing-calendar.js';
import type { IntegrationSettings, Region } from '../domain/settings.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();

export const integrations = pgTable('integrations', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  bmsBaseUrl: text('bms_base_url').notNull(),
  bmsTenant: text('bms_tenant').notNull(),
  bmsUserName: text('bms_user_name').notNull(),
  itglueBaseUrl: text('itglue_base_url').notNull(),
  region: text('region').$type<Region>().notNull(),
  settings: jsonb('settings').$type<IntegrationSettings>().notNull(),
  /** When two-way sync was last switched on: IT Glue records older and unedited since stay `not-yet-pushed`. */
  twoWayEnabledAt: ts('two_way_enabled_at'),
  /** Set by an administrator (CLI) before a delete-data disconnect may run. */
  hardDeleteEnabled: boolean('hard_delete_enabled').notNull().default(false),
  status: text('status').$type<'active' | 'disconnected'>().notNull().default('active'),
  /**
   * Raised by every change of the row or of its credentials: workers compare it with the one
   * their cached clients were built from at each activity (activities/connectors.ts).
   */
  version: integer('version').notNull().default(1),
  /** The fingerprint (db/secrets.ts keyId) of the key that encrypted this integration's credentials. */
  secretsKeyId: text('secrets_key_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The encryption keys workers hold (their fingerprints, never the keys): each worker records its
 * key ring at start, so the CLI can refuse to write credentials no worker could read.
 */
export const workerKeys = pgTable('worker_keys', {
  keyId: text('key_id').primaryKey(),
  /** `current` encrypts and decrypts; `old` (SYNC_ENCRYPTION_OLD_KEYS) only decrypts. */
  role: text('role').$type<'current' | 'old'>().notNull(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
});

/** Credentials, AES-256-GCM encrypted with SYNC_ENCRYPTION_KEY (db/secrets.ts). */
export const integrationSecrets = pgTable(
  'integration_secrets',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    name: text('name').$type<'bms-password' | 'itglue-api-key'>().notNull(),
    keyId: text('key_id').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.name] })],
);

export const links = pgTable(
  'links',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    entity: text('entity').$type<Entity>().notNull(),
    bmsId: text('bms_id'),
    itglueId: text('itglue_id'),
    /** The BMS account and IT Glue organization the record belongs to (scope for matching and reports). */
    bmsParentId: text('bms_parent_id'),
    itglueParentId: text('itglue_parent_id'),
    state: text('state').$type<LinkState>().notNull(),
    /** Why the record is in its state, readable by an operator. */
    reason: text('reason'),
    matchRule: text('match_rule'),
    matchTier: integer('match_tier'),
    matchExplanation: text('match_explanation'),
    /** Canonical value of every mapped field at the last successful sync (the merge base). */
    snapshot: jsonb('snapshot').$type<object>(),
    bmsModifiedAt: ts('bms_modified_at'),
    itglueUpdatedAt: ts('itglue_updated_at'),
    lastSyncedAt: ts('last_synced_at'),
    lastRunId: bigint('last_run_id', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Links are one-to-one; NULLs (an unpaired record) do not collide.
    uniqueIndex('links_bms_unique').on(t.integrationId, t.entity, t.bmsId),
    uniqueIndex('links_itglue_unique').on(t.integrationId, t.entity, t.itglueId),
    index('links_state_idx').on(t.integrationId, t.entity, t.state),
    index('links_itglue_parent_idx').on(t.integrationId, t.itglueParentId),
  ],
);

/** Operator decisions for a BMS record, respected by every later run (SPEC §5). */
export const overrides = pgTable(
  'overrides',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    entity: text('entity').$type<Entity>().notNull(),
    bmsId: text('bms_id').notNull(),
    action: text('action').$type<'link' | 'exclude' | 'create'>().notNull(),
    itglueId: text('itglue_id'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.entity, t.bmsId] })],
);

/** The last-seen copy of a source record, as the API returned it. */
export const mirrors = pgTable(
  'mirrors',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    system: text('system').$type<System>().notNull(),
    entity: text('entity').$type<Entity>().notNull(),
    externalId: text('external_id').notNull(),
    /** BMS account id or IT Glue organization id (null for organizations). */
    parentId: text('parent_id'),
    /** Normalised primary match key (name, or first + last name) for candidate look-ups. */
    matchKey: text('match_key').notNull().default(''),
    /** Hash of a list row, to tell whether a record needs re-reading (BMS assets have no modified filter). */
    fingerprint: text('fingerprint'),
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    sourceCreatedAt: ts('source_created_at'),
    sourceUpdatedAt: ts('source_updated_at'),
    /** The run that last saw the record; a full reconcile orphans what it did not see. */
    seenRunId: bigint('seen_run_id', { mode: 'number' }),
    deletedAt: ts('deleted_at'),
    /** When we last read the record (the asset rotation re-reads the oldest first). */
    updatedAt: updatedAt(),
    /** When the mirror last saw its content change (the push takes what changed since it last ran). */
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.system, t.entity, t.externalId] }),
    index('mirrors_parent_idx').on(t.integrationId, t.system, t.entity, t.parentId, t.matchKey),
    index('mirrors_changed_idx').on(t.integrationId, t.system, t.entity, t.changedAt),
    // The order db/mirrors.ts mirrorBatch walks a whole entity in, batch after batch: without them
    // each batch sorted every row of the entity again. (The second also serves look-ups by match
    // key; every index costs each mirror write, so there is none the sync does not use.)
    index('mirrors_batch_parent_idx').on(t.integrationId, t.system, t.entity, sql`coalesce(${t.parentId}, '')`, sql`lpad(${t.externalId}, 20, '0')`),
    index('mirrors_batch_key_idx').on(t.integrationId, t.system, t.entity, t.matchKey, sql`lpad(${t.externalId}, 20, '0')`),
  ],
);

export type RunKind =
  | 'full'
  | 'incremental'
  | 'push'
  | 'record'
  | 'preview'
  | 'push-all'
  | 'disconnect'
  | 'billing'
  /** A checklist applied to one ticket on demand. */
  | 'checklist'
  | 'create-unmatched';
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';
/** `{ organization: { create: 3, update: 5 }, … }` */
export type RunCounts = Record<string, Record<string, number>>;

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<RunKind>().notNull(),
    trigger: text('trigger').notNull().default('manual'),
    workflowId: text('workflow_id').notNull(),
    /** The first run id of the workflow chain: stable across continue-as-new. */
    workflowRunId: text('workflow_run_id').notNull(),
    status: text('status').$type<RunStatus>().notNull().default('running'),
    counts: jsonb('counts').$type<RunCounts>().notNull().default({}),
    summary: text('summary'),
    error: text('error'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('sync_runs_workflow_unique').on(t.workflowId, t.workflowRunId),
    index('sync_runs_integration_idx').on(t.integrationId, t.startedAt),
  ],
);

/**
 * What a log row records: `revert` (one-way, an IT Glue edit of a mapped field put back to the BMS
 * value), `note` (tickets: the suggestion note written, updated, removed or left alone in BMS),
 * `checklist` (tickets: a checklist template applied to a BMS ticket).
 */
export const LOG_ACTIONS = [
  'create',
  'update',
  'match',
  'link',
  'orphan',
  'conflict',
  'error',
  'skip',
  'push',
  'hold',
  'delete',
  'exclude',
  'unmatched',
  'complete',
  'warning',
  'revert',
  'note',
  'checklist',
  'info',
] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];

export const syncLog = pgTable(
  'sync_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' }).notNull().references(() => syncRuns.id, { onDelete: 'cascade' }),
    integrationId: text('integration_id').notNull(),
    entity: text('entity').$type<Entity | 'run'>().notNull(),
    action: text('action').$type<LogAction>().notNull(),
    bmsId: text('bms_id'),
    itglueId: text('itglue_id'),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** A retried activity writes the same row again; this key makes the second write a no-op. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sync_log_dedupe_unique').on(t.runId, t.dedupeKey),
    index('sync_log_integration_idx').on(t.integrationId, t.createdAt),
    index('sync_log_record_idx').on(t.integrationId, t.entity, t.bmsId),
  ],
);

/** Watermarks and other small per-integration cursors. */
export const cursors = pgTable(
  'cursors',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: text('value').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.name] })],
);

/** Fixed-window call counters shared by every worker (db/rate-gate.ts). */
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    key: text('key').notNull(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * `pre-check` → `blocked` (something in BMS is missing) or `awaiting-approval` → `rejected`,
 * `expired` or `pushing` → `completed` (once per integration) or `failed`; `cancelled` when the
 * workflow was cancelled (a disconnect cancels a waiting request) or superseded by a newer run.
 */
export type PushAllStatus =
  | 'pre-check'
  | 'awaiting-approval'
  | 'rejected'
  | 'expired'
  | 'pushing'
  | 'completed'
  | 'failed'
  | 'blocked'
  | 'cancelled';

export const pushAllRequests = pgTable(
  'push_all_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    workflowId: text('workflow_id').notNull(),
    workflowRunId: text('workflow_run_id').notNull(),
    status: text('status').$type<PushAllStatus>().notNull(),
    requestedBy: text('requested_by').notNull(),
    precheck: jsonb('precheck').$type<Record<string, unknown>>(),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    decisionComment: text('decision_comment'),
    expiresAt: ts('expires_at'),
    report: jsonb('report').$type<Record<string, unknown>>(),
    /** The sync run whose log rows record every push decision of this request. */
    syncRunId: bigint('sync_run_id', { mode: 'number' }).references(() => syncRuns.id, { onDelete: 'set null' }),
    /** Why the request ended as it did (blocked, expired, failed, cancelled), readable by an operator. */
    message: text('message'),
    createdAt: createdAt(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    uniqueIndex('push_all_workflow_unique').on(t.workflowId, t.workflowRunId),
    // Push All completes once per integration, whatever Temporal's retention forgets.
    uniqueIndex('push_all_once').on(t.integrationId).where(sql`status = 'completed'`),
  ],
);

/** Approvals, rejections and refused attempts, for the audit trail. */
export const pushAllEvents = pgTable(
  'push_all_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' }).notNull().references(() => pushAllRequests.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'approved' | 'rejected' | 'refused' | 'expired'>().notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    comment: text('comment'),
    /** The workflow's number for the signal: a retried activity records it once. */
    signalSeq: integer('signal_seq'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('push_all_events_signal_unique').on(t.requestId, t.signalSeq)],
);

/** IT Glue records a delete-data disconnect removes, children before their organization. */
export const DELETION_KINDS = [
  'attachment',
  'document',
  'password',
  'flexible-asset',
  'configuration',
  'configuration-interface',
  'contact',
  'location',
  'domain',
  'organization',
] as const;
export type DeletionKind = (typeof DELETION_KINDS)[number];

/**
 * The plan of a delete-data disconnect: one row per IT Glue record it deletes (the same records
 * its backup holds), marked when the delete is confirmed. Deleting page by page from this table
 * makes the delete resumable after a crash and its final counts exact.
 */
export const disconnectDeletions = pgTable(
  'disconnect_deletions',
  {
    runId: bigint('run_id', { mode: 'number' }).notNull().references(() => syncRuns.id, { onDelete: 'cascade' }),
    integrationId: text('integration_id').notNull(),
    kind: text('kind').$type<DeletionKind>().notNull(),
    itglueId: text('itglue_id').notNull(),
    /** The synced organization the record belongs to (its own id for organizations). */
    organizationId: text('organization_id').notNull(),
    /** The record's own parent where it matters: a configuration interface's configuration. */
    parentId: text('parent_id'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.kind, t.itglueId] }),
    index('disconnect_deletions_pending_idx').on(t.runId, t.kind, t.deletedAt),
  ],
);

export type BillingCycle = 'monthly' | 'quarterly' | 'yearly';

/**
 * A billing rule (SPEC §9): the units BMS bills for one service on a recurring-services contract
 * follow the sum of a numeric flexible-asset field in the IT Glue organization linked to the BMS
 * account. By default (documented routes only) each change is added to the contract as a service
 * line of its own (the delta, effective on the billing date); a rule with `bmsServiceLineId`
 * instead sets that line's units (undocumented routes, the setting `undocumentedBmsRoutes`).
 * See docs/billing.md.
 */
export const billingRules = pgTable(
  'billing_rules',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The BMS account whose linked IT Glue organization is counted. */
    bmsAccountId: text('bms_account_id').notNull(),
    bmsContractId: text('bms_contract_id').notNull(),
    /** The catalogue service the contract bills (null only for rules made before it was kept). */
    bmsServiceId: text('bms_service_id'),
    /** Set: the rule PUTs absolute units on this line (undocumented routes). Null: it adds lines. */
    bmsServiceLineId: text('bms_service_line_id'),
    flexibleAssetTypeId: text('flexible_asset_type_id').notNull(),
    /** Trait name-key of the numeric field summed into units. */
    billByField: text('bill_by_field').notNull(),
    /** Trait name-key of the field an asset must match (one of `filterValues`) to count. */
    filterField: text('filter_field'),
    filterValues: jsonb('filter_values').$type<string[]>().notNull().default([]),
    unitPrice: numeric('unit_price', { precision: 14, scale: 4 }).notNull(),
    cycle: text('cycle').$type<BillingCycle>().notNull(),
    /**
     * Units last billed. Adding lines: set when the rule is added (what the contract bills for the
     * service then). Setting a line: null until the first run reads the line's units as the baseline.
     */
    currentUnits: numeric('current_units', { precision: 14, scale: 4 }),
    /** The latest billing date this rule was evaluated for: a run for an earlier date never rewrites it. */
    lastBilledDate: date('last_billed_date', { mode: 'string' }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('billing_rules_name_unique').on(t.integrationId, t.name),
    // Two rules pushing units to one service line would undo each other every night.
    uniqueIndex('billing_rules_line_unique').on(t.integrationId, t.bmsContractId, t.bmsServiceLineId),
    // Two rules adding lines of one service to one contract would each count from the same start.
    uniqueIndex('billing_rules_service_unique').on(t.integrationId, t.bmsContractId, t.bmsServiceId).where(sql`${t.bmsServiceLineId} is null`),
  ],
);

/** One row per billed change: what changed, the proration and whether BMS has the new units. */
export const billingLedger = pgTable(
  'billing_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: bigint('rule_id', { mode: 'number' }).notNull().references(() => billingRules.id, { onDelete: 'cascade' }),
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    billingDate: date('billing_date', { mode: 'string' }).notNull(),
    previousUnits: numeric('previous_units', { precision: 14, scale: 4 }).notNull(),
    newUnits: numeric('new_units', { precision: 14, scale: 4 }).notNull(),
    delta: numeric('delta', { precision: 14, scale: 4 }).notNull(),
    unitPrice: numeric('unit_price', { precision: 14, scale: 4 }).notNull(),
    cycle: text('cycle').$type<BillingCycle>().notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    daysInPeriod: integer('days_in_period').notNull(),
    remainingDays: integer('remaining_days').notNull(),
    /** Rounded to cents (half away from zero). */
    proratedAmount: numeric('prorated_amount', { precision: 18, scale: 2 }).notNull(),
    /** The same amount before rounding (12 decimal places), for audits. */
    exactAmount: numeric('exact_amount', { precision: 30, scale: 12 }).notNull(),
    /** The workflow that wrote the row. */
    workflowId: text('workflow_id').notNull(),
    /** When BMS confirmed the change. */
    pushedAt: ts('pushed_at'),
    /**
     * When the service line of this change was sent (rules that add lines). Set and unconfirmed:
     * the answer was lost and BMS may or may not have the line; it is never sent again until an
     * operator says which (`billing ledger resolve`), since a line cannot be read back in v2.
     */
    pushStartedAt: ts('push_started_at'),
    /** The BMS service line that carries this change (rules that add lines). */
    bmsLineId: text('bms_line_id'),
    createdAt: createdAt(),
  },
  (t) => [
    // Running billing twice for the same date never bills twice.
    uniqueIndex('billing_ledger_once').on(t.ruleId, t.billingDate),
    index('billing_ledger_integration_idx').on(t.integrationId, t.billingDate),
  ],
);

export { ALL_INTEGRATIONS };

/** One row per region, billing date and scope: the nightly run's own record, read to catch up missed nights. */
export const billingRuns = pgTable(
  'billing_runs',
  {
    region: text('region').$type<Region>().notNull(),
    billingDate: date('billing_date', { mode: 'string' }).notNull(),
    /** `*` for the whole region, or the one integration billed. */
    scope: text('scope').notNull().default(ALL_INTEGRATIONS),
    workflowId: text('workflow_id').notNull(),
    status: text('status').$type<'running' | 'completed' | 'failed'>().notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.region, t.billingDate, t.scope] })],
);

// ------------------------------------------------------------------ tickets (SPEC §13)

export type TicketRuleKind = 'suggestion' | 'checklist';

/**
 * Ticket rules, both kinds in one table: a ticket setting (`suggestion`: conditions on tickets,
 * actions on IT Glue documentation) and a checklist rule (`checklist`: conditions on tickets, a
 * checklist template). `definition` is what domain/tickets/conditions.ts validated (its schema
 * of the kind), minus the name, description and active flag kept in their own columns.
 */
export const ticketRules = pgTable(
  'ticket_rules',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<TicketRuleKind>().notNull(),
    name: text('name').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('ticket_rules_name_unique').on(t.integrationId, t.kind, t.name)],
);

export type SuggestionNoteState = 'none' | 'creating' | 'written' | 'left-alone';

/**
 * What the engine suggests for a BMS ticket, and its note in BMS: the note's id, a hash of the
 * text the engine last wrote and the note's modified time and author as BMS answered that write,
 * so a note someone edited since (another author or a later time) is recognised and left alone.
 * `creating`: a note was sent and its answer not recorded yet (look for it before sending again).
 */
export const ticketSuggestions = pgTable(
  'ticket_suggestions',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    bmsTicketId: text('bms_ticket_id').notNull(),
    /** The suggestions as last computed (domain/tickets/suggestions.ts `Suggestion[]`). */
    suggestions: jsonb('suggestions').$type<unknown[]>().notNull().default([]),
    computedAt: ts('computed_at').notNull().defaultNow(),
    noteState: text('note_state').$type<SuggestionNoteState>().notNull().default('none'),
    noteId: text('note_id'),
    noteHash: text('note_hash'),
    noteModifiedOn: text('note_modified_on'),
    noteModifiedBy: integer('note_modified_by'),
    /** Why the note is as it is (left alone, …), readable by an operator. */
    reason: text('reason'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.bmsTicketId] })],
);

/**
 * A checklist template applied to a BMS ticket: once per ticket and template. The row is written
 * (`applying`, with the planned items) before the first item is sent, so a retry after a lost
 * answer looks for the items by name instead of adding them again.
 */
export const ticketChecklists = pgTable(
  'ticket_checklists',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    bmsTicketId: text('bms_ticket_id').notNull(),
    /** The IT Glue flexible asset id of the template. */
    templateId: text('template_id').notNull(),
    templateName: text('template_name').notNull(),
    /** What applied it: `rule "<name>"` or `<who> on demand`. */
    appliedBy: text('applied_by').notNull(),
    state: text('state').$type<'applying' | 'applied'>().notNull(),
    planned: jsonb('planned').$type<string[]>().notNull(),
    itemIds: jsonb('item_ids').$type<number[]>().notNull().default([]),
    createdAt: createdAt(),
    appliedAt: ts('applied_at'),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.bmsTicketId, t.templateId] })],
);

/**
 * IT Glue documents and passwords, as suggestions need them (names, organization, category, the
 * record they belong to, their IT Glue link; never a password value), refreshed by
 * activities/tickets/documentation.ts.
 */
export const itglueDocumentation = pgTable(
  'itglue_documentation',
  {
    integrationId: text('integration_id').notNull().references(() => integrations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'document' | 'password'>().notNull(),
    itglueId: text('itglue_id').notNull(),
    organizationId: text('organization_id').notNull(),
    organizationName: text('organization_name'),
    /** The organization name trimmed and lower case (suggestions scoped to an organization look it up). */
    organizationKey: text('organization_key').notNull().default(''),
    name: text('name').notNull(),
    category: text('category'),
    resourceType: text('resource_type'),
    resourceName: text('resource_name'),
    resourceTypeName: text('resource_type_name'),
    url: text('url'),
    sourceUpdatedAt: ts('source_updated_at'),
    /** The refresh that last saw it; a full refresh removes what it did not see. */
    seenAt: ts('seen_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.kind, t.itglueId] }),
    index('itglue_documentation_org_idx').on(t.integrationId, t.organizationKey),
  ],
);
