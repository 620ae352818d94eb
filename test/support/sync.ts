/**
 * Helpers for integration tests of the sync engine: start workflows on the harness's task queue,
 * read links, runs and log rows from PostgreSQL, and read the simulators' request counters.
 * They only read what the engine wrote; nothing here stands in for an engine component.
 */
import { and, asc, eq } from 'drizzle-orm';
import { getIntegration, updateSettings } from '../../db/integrations.js';
import { links, syncLog, syncRuns } from '../../db/schema.js';
import type { Entity } from '../../domain/entities.js';
import { integrationSettingsSchema, type IntegrationSettingsInput } from '../../domain/settings.js';
import { ACCOUNT_TYPES } from '../../simulators/datasets/generate/model.js';
import type { SyncResult } from '../../workflows/full-sync.js';
import { workflowIds } from '../../contract/ids.js';
import type { Harness } from './harness.js';

/** Every BMS asset category the dataset generator uses. */
export const ALL_ASSET_CATEGORIES = [
  'Workstation',
  'Laptop',
  'Server',
  'Network Device',
  'Firewall',
  'Printer',
  'Virtual Machine',
  'UPS',
  'Mobile Device',
];

/**
 * Settings under which every BMS record is eligible: the generator's `expectedLinks` assume a
 * first sync of everything (all account types and asset categories, active and inactive).
 */
export const SYNC_EVERYTHING: IntegrationSettingsInput = {
  accountTypes: [...ACCOUNT_TYPES],
  accountStatuses: ['active', 'inactive'],
  assetCategories: ALL_ASSET_CATEGORIES,
  assetStatuses: ['active', 'inactive'],
};

export type LinkRow = typeof links.$inferSelect;
export type LogRow = typeof syncLog.$inferSelect;

/** The innermost message of an error and its causes (a workflow failure's reason). */
export function rootMessage(err: unknown): string {
  let current = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** Changes some settings of the harness's integration, as `integration configure` does. */
export async function setSettings(h: Harness, patch: Record<string, unknown>): Promise<void> {
  const current = await getIntegration(h.database.db, h.integrationId);
  await updateSettings(h.database.db, h.integrationId, integrationSettingsSchema.parse({ ...current.settings, ...patch }));
  h.deps.connectors.invalidate(h.integrationId);
}

/** Runs a full sync to completion (the one-per-integration workflow id, as the CLI starts it). */
export async function runSync(h: Harness, mode: 'full' | 'incremental' = 'full'): Promise<SyncResult> {
  return h.temporal.workflow.execute('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.fullSync(h.integrationId),
    args: [{ integrationId: h.integrationId, mode }],
  });
}

export async function allLinks(h: Harness, entity?: Entity): Promise<LinkRow[]> {
  const conditions = [eq(links.integrationId, h.integrationId)];
  if (entity) conditions.push(eq(links.entity, entity));
  return h.database.db.select().from(links).where(and(...conditions)).orderBy(asc(links.id));
}

/** Links of one entity by BMS id. */
export async function linksByBms(h: Harness, entity: Entity): Promise<Map<string, LinkRow>> {
  return new Map((await allLinks(h, entity)).map((l) => [l.bmsId!, l]));
}

/** BMS id → IT Glue id of the links in a state (default: enabled). */
export async function linkTable(h: Harness, entity: Entity, state = 'enabled'): Promise<Record<string, string>> {
  const rows = (await allLinks(h, entity)).filter((l) => l.state === state && l.itglueId);
  return Object.fromEntries(rows.map((l) => [l.bmsId!, l.itglueId!]));
}

export async function logRows(h: Harness, filter: { runId?: number; entity?: Entity | 'run'; action?: string; bmsId?: string } = {}): Promise<LogRow[]> {
  const conditions = [eq(syncLog.integrationId, h.integrationId)];
  if (filter.runId !== undefined) conditions.push(eq(syncLog.runId, filter.runId));
  if (filter.entity) conditions.push(eq(syncLog.entity, filter.entity));
  if (filter.action) conditions.push(eq(syncLog.action, filter.action as LogRow['action']));
  if (filter.bmsId) conditions.push(eq(syncLog.bmsId, filter.bmsId));
  return h.database.db.select().from(syncLog).where(and(...conditions)).orderBy(asc(syncLog.id));
}

export async function runRow(h: Harness, runId: number) {
  const [row] = await h.database.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  return row;
}

const WRITE_METHODS = /^(POST|PATCH|PUT|DELETE) /;

/** The write routes a simulator served since its counters were last reset, with their counts. */
export async function writeCalls(sim: Harness['bms'] | Harness['itglue']): Promise<Record<string, number>> {
  const { routes } = await sim.admin.counters();
  return Object.fromEntries(
    Object.entries(routes).filter(([route, n]) => WRITE_METHODS.test(route) && route !== 'POST /v2/security/authenticate' && n > 0),
  );
}

/**
 * A version of every link and mirror row of the integration, to tell which a run wrote. A link's
 * version is its `xmin`: PostgreSQL writes a new row version on every insert and update, even one
 * that sets equal values. A mirror's is a hash of what it holds of the record and when that last
 * changed; its seen and read marks (`seen_run_id`, `updated_at`) are run bookkeeping that every
 * run that reads the record moves (orphan detection, the asset rotation).
 */
export async function linkAndMirrorVersions(h: Harness): Promise<Map<string, string>> {
  const rows = await h.database.sql<{ key: string; version: string }[]>`
    select 'link ' || entity || ' ' || id as key, xmin::text as version from links where integration_id = ${h.integrationId}
    union all
    select 'mirror ' || system || ' ' || entity || ' ' || external_id,
      md5(concat_ws('|', record::text, parent_id, match_key, fingerprint, source_created_at, source_updated_at, changed_at, deleted_at))
    from mirrors where integration_id = ${h.integrationId}`;
  return new Map(rows.map((r) => [r.key, r.version]));
}

/** The rows written (inserted, updated or deleted) between two `linkAndMirrorVersions` readings. */
export function rowsWritten(before: Map<string, string>, after: Map<string, string>): string[] {
  const written = [...after].filter(([key, version]) => before.get(key) !== version).map(([key]) => key);
  const deleted = [...before.keys()].filter((key) => !after.has(key)).map((key) => `${key} (deleted)`);
  return [...written, ...deleted].sort();
}

/** Resets the request counters of both simulators. */
export async function resetCounters(h: Harness): Promise<void> {
  await Promise.all([h.bms.admin.resetCounters(), h.itglue.admin.resetCounters()]);
}

/** The faults injected into a simulator, with how often each was applied. */
export function faults(sim: Harness['bms'] | Harness['itglue']): ReturnType<Harness['bms']['admin']['faults']> {
  return sim.admin.faults();
}
