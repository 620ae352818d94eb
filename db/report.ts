/**
 * The "Manage data" report (SPEC §10): per entity, how many records are in each state, whether
 * the entity syncs and when it last synced, the records of a state with their reason, and the
 * latest runs. `not-yet-pushed` is derived, not stored: IT Glue records of synced organizations
 * with no link that existed before two-way was enabled and were not edited since, and that the
 * push would take (their type and status synced): the caller says which, `PushEligible`
 * (control/report.ts asks the entity modules).
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { ENTITIES, type Entity, type LinkState } from '../domain/entities.js';
import type { Db } from './client.js';
import { getIntegration } from './integrations.js';
import { latestRuns } from './runs.js';
import { links, mirrors } from './schema.js';
import { recordLinker } from './web-links.js';

export const REPORT_STATES = ['enabled', 'orphaned', 'disabled', 'error', 'not-yet-pushed', 'queued-for-push', 'unmatched', 'held', 'excluded', 'disconnected'] as const;

/** What the report asks of each entity's own rules (control/report.ts answers from the entity modules). */
export interface ReportRules {
  /** Whether the push would take an unlinked IT Glue record of the entity (type and status synced). */
  pushEligible(entity: Entity, record: Record<string, unknown>): boolean;
  /** Whether records of the entity live inside an organization (synced only with it). */
  scoped(entity: Entity): boolean;
  /** Whether IT Glue records of the entity are ever pushed to BMS. */
  pushes(entity: Entity): boolean;
  /** Whether the integration's settings sync the entity at all. */
  active(entity: Entity): boolean;
}
export type ReportState = (typeof REPORT_STATES)[number];

export interface EntityReport {
  entity: Entity;
  syncEnabled: boolean;
  lastSyncedAt: string | null;
  counts: Record<ReportState, number>;
}

export interface ManageDataReport {
  integrationId: string;
  name: string;
  status: string;
  twoWay: boolean;
  generatedAt: string;
  entities: EntityReport[];
  latestRuns: { runId: number; kind: string; status: string; startedAt: string; finishedAt: string | null; summary: string | null; error: string | null }[];
}

export interface ReportRecord {
  entity: Entity;
  state: ReportState;
  bmsId: string | null;
  itglueId: string | null;
  reason: string | null;
  updatedAt: string | null;
  /** Where the record opens in BMS and in IT Glue (db/web-links.ts); null where unknown. */
  bmsUrl: string | null;
  itglueUrl: string | null;
}

/** IT Glue records that would be pushed only once edited (two-way safeguard). */
function notYetPushedCondition(integrationId: string, entity: Entity, enabledAt: Date, scoped: boolean) {
  const cutoff = enabledAt.toISOString();
  return and(
    eq(mirrors.integrationId, integrationId),
    eq(mirrors.system, 'itglue'),
    eq(mirrors.entity, entity),
    sql`${mirrors.deletedAt} is null`,
    sql`coalesce(${mirrors.sourceCreatedAt}, 'epoch') <= ${cutoff}::timestamptz`,
    sql`coalesce(${mirrors.sourceUpdatedAt}, 'epoch') <= ${cutoff}::timestamptz`,
    sql`not exists (select 1 from links l where l.integration_id = ${integrationId} and l.entity = ${entity} and l.itglue_id = ${mirrors.externalId})`,
    scoped
      ? sql`exists (select 1 from links p where p.integration_id = ${integrationId} and p.entity = 'organization' and p.itglue_id = ${mirrors.parentId} and p.state = 'enabled')`
      : sql`true`,
  );
}

/** The not-yet-pushed records of an entity, the push-eligible ones only (read in pages). */
async function* notYetPushed(db: Db, integrationId: string, entity: Entity, enabledAt: Date, rules: ReportRules) {
  for (let offset = 0; ; offset += 1000) {
    const condition = notYetPushedCondition(integrationId, entity, enabledAt, rules.scoped(entity));
    const rows = await db.select().from(mirrors).where(condition).orderBy(mirrors.externalId).limit(1000).offset(offset);
    for (const row of rows) if (rules.pushEligible(entity, row.record)) yield row;
    if (rows.length < 1000) return;
  }
}

export async function buildReport(db: Db, integrationId: string, rules: ReportRules): Promise<ManageDataReport> {
  const integration = await getIntegration(db, integrationId);
  const rows = await db
    .select({ entity: links.entity, state: links.state, count: sql<number>`count(*)::int`, last: sql<string | null>`max(${links.lastSyncedAt})::text` })
    .from(links)
    .where(eq(links.integrationId, integrationId))
    .groupBy(links.entity, links.state);

  const entities: EntityReport[] = [];
  for (const entity of ENTITIES) {
    const counts = Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as Record<ReportState, number>;
    let last: string | null = null;
    for (const row of rows.filter((r) => r.entity === entity)) {
      const state = (row.state === 'creating' ? 'enabled' : row.state) as LinkState;
      if ((REPORT_STATES as readonly string[]).includes(state)) counts[state as ReportState] += row.count;
      if (row.last && (!last || row.last > last)) last = row.last;
    }
    if (integration.settings.twoWay && integration.twoWayEnabledAt && rules.pushes(entity)) {
      let count = 0;
      for await (const _row of notYetPushed(db, integrationId, entity, integration.twoWayEnabledAt, rules)) count++;
      counts['not-yet-pushed'] = count;
    }
    entities.push({
      entity,
      syncEnabled: integration.status === 'active' && rules.active(entity),
      lastSyncedAt: last ? new Date(last).toISOString() : null,
      counts,
    });
  }
  const runs = await latestRuns(db, integrationId, 5);
  return {
    integrationId,
    name: integration.name,
    status: integration.status,
    twoWay: integration.settings.twoWay,
    generatedAt: new Date().toISOString(),
    entities,
    latestRuns: runs.map((r) => ({
      runId: r.id,
      kind: r.kind,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      summary: r.summary,
      error: r.error,
    })),
  };
}

/** The records of one state (with their reason), for the report's lists. */
export async function recordsInState(
  db: Db,
  integrationId: string,
  state: ReportState,
  rules: ReportRules,
  options: { entity?: Entity; limit?: number } = {},
): Promise<ReportRecord[]> {
  const limit = options.limit ?? 100;
  const entities = options.entity ? [options.entity] : [...ENTITIES];
  const integration = await getIntegration(db, integrationId);
  const urls = await recordLinker(db, integration);
  if (state === 'not-yet-pushed') {
    if (!integration.settings.twoWay || !integration.twoWayEnabledAt) return [];
    const out: ReportRecord[] = [];
    for (const entity of entities) {
      for await (const r of notYetPushed(db, integrationId, entity, integration.twoWayEnabledAt, rules)) {
        if (out.length >= limit) return out;
        out.push({
          entity,
          state,
          bmsId: null,
          itglueId: r.externalId,
          reason: 'existed before two-way sync was enabled and not edited since: edit and save it to push it',
          updatedAt: r.sourceUpdatedAt?.toISOString() ?? null,
          ...urls(entity, { bmsId: null, bmsParentId: null, itglueId: r.externalId, itglueParentId: r.parentId }),
        });
      }
    }
    return out;
  }
  const rows = await db
    .select()
    .from(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.state, state), options.entity ? eq(links.entity, options.entity) : sql`true`))
    .orderBy(desc(links.updatedAt))
    .limit(limit);
  return rows.map((r) => ({ entity: r.entity, state, bmsId: r.bmsId, itglueId: r.itglueId, reason: r.reason, updatedAt: r.updatedAt.toISOString(), ...urls(r.entity, r) }));
}
