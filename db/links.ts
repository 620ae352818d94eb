/**
 * Links between BMS and IT Glue records, with their state and last-synced snapshot. The unique
 * indexes on (integration, entity, bms_id) and (…, itglue_id) keep links one-to-one even when
 * two workers race: the loser's insert fails and it re-reads.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, not, sql } from 'drizzle-orm';
import type { Entity, LinkState } from '../domain/entities.js';
import type { Db, Executor } from './client.js';
import { anyOf, jsonRows, linkRowOf, selectLinks, type LinkRow } from './raw.js';
import { links, mirrors } from './schema.js';

export type { LinkRow } from './raw.js';
export type LinkInsert = typeof links.$inferInsert;

export async function linksByBmsId(db: Db, integrationId: string, entity: Entity, bmsIds: string[]): Promise<Map<string, LinkRow>> {
  if (bmsIds.length === 0) return new Map();
  const rows = await selectLinks(db, and(eq(links.integrationId, integrationId), eq(links.entity, entity), anyOf(links.bmsId, bmsIds))!);
  return new Map(rows.map((r) => [r.bmsId!, r]));
}

export async function linksByItGlueId(db: Db, integrationId: string, entity: Entity, itglueIds: string[]): Promise<Map<string, LinkRow>> {
  if (itglueIds.length === 0) return new Map();
  const rows = await selectLinks(db, and(eq(links.integrationId, integrationId), eq(links.entity, entity), anyOf(links.itglueId, itglueIds))!);
  return new Map(rows.map((r) => [r.itglueId!, r]));
}

export async function getLink(db: Db, id: number): Promise<LinkRow | null> {
  const [row] = await db.select().from(links).where(eq(links.id, id));
  return row ?? null;
}

/** Pairs (both ids present) for reference resolution, in either direction. */
export async function pairedIds(
  db: Db,
  integrationId: string,
  entity: Entity,
  by: { bmsIds?: string[]; itglueIds?: string[] },
): Promise<{ bmsToItGlue: Map<string, string>; itglueToBms: Map<string, string> }> {
  const bmsToItGlue = new Map<string, string>();
  const itglueToBms = new Map<string, string>();
  const conditions = [eq(links.integrationId, integrationId), eq(links.entity, entity), isNotNull(links.bmsId), isNotNull(links.itglueId)];
  const queries: Promise<LinkRow[]>[] = [];
  if (by.bmsIds?.length) queries.push(selectLinks(db, and(...conditions, anyOf(links.bmsId, by.bmsIds))!));
  if (by.itglueIds?.length) queries.push(selectLinks(db, and(...conditions, anyOf(links.itglueId, by.itglueIds))!));
  for (const rows of await Promise.all(queries)) {
    for (const r of rows) {
      bmsToItGlue.set(r.bmsId!, r.itglueId!);
      itglueToBms.set(r.itglueId!, r.bmsId!);
    }
  }
  return { bmsToItGlue, itglueToBms };
}

/**
 * Which of these IT Glue (or BMS) ids are already paired with some record. A record `held` alone
 * (waiting for its counterpart, e.g. a location an operator is to add in BMS) is not taken: it is
 * exactly what the other side's matching should find.
 */
export async function takenIds(db: Db, integrationId: string, entity: Entity, side: 'bms' | 'itglue', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [column, other] = side === 'bms' ? [links.bmsId, links.itglueId] : [links.itglueId, links.bmsId];
  const rows = await db
    .select({ id: column })
    .from(links)
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, entity),
        anyOf(column, new Set(ids)),
        not(and(inArray(links.state, HALF_LINK_STATES), isNull(other))!),
      ),
    );
  return new Set(rows.map((r) => r.id!));
}

/**
 * States of a link with one side only that do not hold its record back from matching: a record
 * held, unmatched, failed or queued is still free to be linked to the other side's record (the
 * sync then takes that row over, activities/sync/apply.ts).
 */
export const HALF_LINK_STATES: LinkState[] = ['held', 'unmatched', 'error', 'queued-for-push'];

export async function deleteLinks(db: Executor, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(links).where(inArray(links.id, ids));
}

/** The link of an IT Glue record held alone (no BMS record yet), if there is one. */
export async function heldItGlueOnlyLink(db: Db, integrationId: string, entity: Entity, itglueId: string): Promise<LinkRow | null> {
  const [row] = await db
    .select()
    .from(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, entity), eq(links.itglueId, itglueId), eq(links.state, 'held'), isNull(links.bmsId)));
  return row ?? null;
}

export async function insertLink(db: Db, row: LinkInsert): Promise<LinkRow | null> {
  const [inserted] = await db.insert(links).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function updateLink(db: Db, id: number, patch: Partial<LinkInsert>): Promise<LinkRow> {
  const [row] = await db
    .update(links)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(links.id, id))
    .returning();
  if (!row) throw new Error(`link ${id} does not exist`);
  return row;
}

export async function deleteLink(db: Db, id: number): Promise<void> {
  await db.delete(links).where(eq(links.id, id));
}

/**
 * Records a link after a sync: the pair, its state and the new snapshot. Used for matches,
 * creates and updates alike.
 */
export function syncedPatch(input: {
  snapshot: object;
  bmsModifiedAt: Date | null;
  itglueUpdatedAt: Date | null;
  runId: number | null;
  state?: LinkState;
  reason?: string | null;
}): Partial<LinkInsert> {
  return {
    state: input.state ?? 'enabled',
    reason: input.reason ?? null,
    snapshot: input.snapshot,
    bmsModifiedAt: input.bmsModifiedAt,
    itglueUpdatedAt: input.itglueUpdatedAt,
    lastSyncedAt: new Date(),
    lastRunId: input.runId,
  };
}

/** Orphans every enabled link of `entity` whose BMS record is among `bmsIds`. */
export async function orphanByBmsIds(
  db: Db,
  integrationId: string,
  entity: Entity,
  bmsIds: string[],
  reason: string,
): Promise<LinkRow[]> {
  if (bmsIds.length === 0) return [];
  return db
    .update(links)
    .set({ state: 'orphaned', reason, updatedAt: new Date() })
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, entity),
        inArray(links.bmsId, bmsIds),
        inArray(links.state, ['enabled', 'error']),
      ),
    )
    .returning();
}

/**
 * Children whose account is no longer synced (its organization link is not enabled): they become
 * orphaned too, as their organization in IT Glue no longer follows BMS.
 */
export async function childrenOfUnsyncedParents(db: Db, integrationId: string, entity: Entity): Promise<LinkRow[]> {
  return db
    .select()
    .from(links)
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, entity),
        inArray(links.state, ['enabled', 'error']),
        isNotNull(links.bmsParentId),
        isNotNull(links.itglueId),
        sql`not exists (select 1 from links p where p.integration_id = ${links.integrationId}
              and p.entity = 'organization' and p.bms_id = ${links.bmsParentId} and p.state = 'enabled')`,
      ),
    );
}

/**
 * Links this run synced but whose write left a reference unresolved (activities/sync/apply.ts
 * forgets the source side's time for them): tried again once the run has linked what it could.
 */
export async function linksWithPendingReferences(db: Db, integrationId: string, entity: Entity, runId: number, side: 'bms' | 'itglue'): Promise<LinkRow[]> {
  return db
    .select()
    .from(links)
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, entity),
        eq(links.state, 'enabled'),
        eq(links.lastRunId, runId),
        side === 'bms' ? sql`${links.bmsModifiedAt} is null` : sql`${links.itglueUpdatedAt} is null`,
      ),
    )
    .limit(1000);
}

/** Links of an entity in state `unmatched` (a BMS record, no IT Glue record), after a link id, in id order. */
export async function unmatchedLinksPage(db: Db, integrationId: string, entity: Entity, afterId: number, limit: number): Promise<LinkRow[]> {
  return db
    .select()
    .from(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, entity), eq(links.state, 'unmatched'), isNotNull(links.bmsId), gt(links.id, afterId)))
    .orderBy(asc(links.id))
    .limit(limit);
}

export async function countLinksByState(db: Db, integrationId: string): Promise<{ entity: Entity; state: LinkState; count: number }[]> {
  const rows = await db
    .select({ entity: links.entity, state: links.state, count: sql<number>`count(*)::int` })
    .from(links)
    .where(eq(links.integrationId, integrationId))
    .groupBy(links.entity, links.state);
  return rows;
}

/**
 * Creates of one direction not resolved yet (link state `creating`), keyed the way the other
 * direction sees the record: organization in the other side's id space and match key. A pull
 * asks for the push's pending creates (`from: 'itglue'`: IT Glue records being created in BMS)
 * and the other way round.
 */
export async function pendingCreates(db: Db, integrationId: string, entity: Entity, from: 'bms' | 'itglue'): Promise<{ parentId: string | null; matchKey: string }[]> {
  const sourceId = from === 'bms' ? sql`l.bms_id` : sql`l.itglue_id`;
  const targetId = from === 'bms' ? sql`l.itglue_id` : sql`l.bms_id`;
  // The pending record's organization in the *other* side's id space, as the records it could be
  // mistaken for carry it.
  const otherParent = from === 'bms' ? sql`l.itglue_parent_id` : sql`l.bms_parent_id`;
  const rows = await db.execute<{ parent_id: string | null; match_key: string }>(sql`
    select ${otherParent} as parent_id, m.match_key
    from links l
    join mirrors m on m.integration_id = l.integration_id and m.system = ${from} and m.entity = l.entity and m.external_id = ${sourceId}
    where l.integration_id = ${integrationId} and l.entity = ${entity} and l.state = 'creating'
      and ${sourceId} is not null and ${targetId} is null`);
  return rows.map((r) => ({ parentId: r.parent_id, matchKey: r.match_key }));
}

/** A link as the sync core writes it back: every column the sync may change. */
export interface LinkWrite {
  /** The row to update; null inserts a new link. */
  id: number | null;
  entity: Entity;
  state: LinkState;
  reason: string | null;
  bmsId: string | null;
  itglueId: string | null;
  bmsParentId: string | null;
  itglueParentId: string | null;
  matchRule: string | null;
  matchTier: number | null;
  matchExplanation: string | null;
  snapshot: object | null;
  bmsModifiedAt: Date | null;
  itglueUpdatedAt: Date | null;
  lastSyncedAt: Date | null;
  lastRunId: number | null;
}

/**
 * Writes a batch of links in two statements (one multi-row insert, one multi-row update), inside
 * the caller's transaction. Returns the written rows by their position in `writes`; an insert that
 * met an existing link of the same record (a race the writer lock should prevent) returns null.
 */
export async function writeLinks(db: Executor, integrationId: string, writes: LinkWrite[]): Promise<(LinkRow | null)[]> {
  const result = new Array<LinkRow | null>(writes.length).fill(null);
  const inserts = writes.map((w, i) => ({ w, i })).filter(({ w }) => w.id === null);
  const updates = writes.map((w, i) => ({ w, i })).filter(({ w }) => w.id !== null);
  for (let start = 0; start < inserts.length; start += 500) {
    const chunk = inserts.slice(start, start + 500);
    const rows = (
      await db.execute<Record<string, unknown>>(sql`
        insert into links (integration_id, entity, state, reason, bms_id, itglue_id, bms_parent_id, itglue_parent_id, match_rule,
          match_tier, match_explanation, snapshot, bms_modified_at, itglue_updated_at, last_synced_at, last_run_id)
        select ${integrationId}, x.entity, x.state, x.reason, x.bms_id, x.itglue_id, x.bms_parent_id, x.itglue_parent_id, x.match_rule,
          x.match_tier, x.match_explanation, x.snapshot, x.bms_modified_at, x.itglue_updated_at, x.last_synced_at, x.last_run_id
        from json_to_recordset(${jsonRows(chunk.map(({ w }) => wireOf(w)))}::json) as x(${LINK_RECORD})
        on conflict do nothing
        returning *`)
    ).map(linkRowOf);
    const key = (r: { entity: string; bmsId: string | null; itglueId: string | null }) => `${r.entity}|${r.bmsId ?? ''}|${r.itglueId ?? ''}`;
    const byKey = new Map(rows.map((r) => [key(r), r]));
    for (const { w, i } of chunk) result[i] = byKey.get(key(w)) ?? null;
  }
  for (let start = 0; start < updates.length; start += 500) {
    const chunk = updates.slice(start, start + 500);
    const rows = await db.execute<Record<string, unknown>>(sql`
      update links as l set state = v.state, reason = v.reason, bms_id = v.bms_id, itglue_id = v.itglue_id,
        bms_parent_id = v.bms_parent_id, itglue_parent_id = v.itglue_parent_id, match_rule = v.match_rule,
        match_tier = v.match_tier, match_explanation = v.match_explanation, snapshot = v.snapshot,
        bms_modified_at = v.bms_modified_at, itglue_updated_at = v.itglue_updated_at, last_synced_at = v.last_synced_at,
        last_run_id = v.last_run_id, updated_at = now()
      from json_to_recordset(${jsonRows(chunk.map(({ w }) => wireOf(w)))}::json) as v(id bigint, ${LINK_RECORD})
      where l.id = v.id and l.integration_id = ${integrationId}
      returning l.id`);
    const written = new Set(rows.map((r) => Number(r.id)));
    for (const { w, i } of chunk) result[i] = written.has(w.id!) ? ({ ...columnsOf(w), id: w.id!, integrationId, entity: w.entity } as LinkRow) : null;
  }
  return result;
}

/** The columns of a link write as `json_to_recordset` reads them (writeLinks). */
const LINK_RECORD = sql.raw(
  'entity text, state text, reason text, bms_id text, itglue_id text, bms_parent_id text, itglue_parent_id text, match_rule text, ' +
    'match_tier int, match_explanation text, snapshot jsonb, bms_modified_at timestamptz, itglue_updated_at timestamptz, ' +
    'last_synced_at timestamptz, last_run_id bigint',
);

function wireOf(w: LinkWrite) {
  return {
    id: w.id,
    entity: w.entity,
    state: w.state,
    reason: w.reason,
    bms_id: w.bmsId,
    itglue_id: w.itglueId,
    bms_parent_id: w.bmsParentId,
    itglue_parent_id: w.itglueParentId,
    match_rule: w.matchRule,
    match_tier: w.matchTier,
    match_explanation: w.matchExplanation,
    snapshot: w.snapshot,
    bms_modified_at: w.bmsModifiedAt,
    itglue_updated_at: w.itglueUpdatedAt,
    last_synced_at: w.lastSyncedAt,
    last_run_id: w.lastRunId,
  };
}

function columnsOf(w: LinkWrite) {
  return {
    state: w.state,
    reason: w.reason,
    bmsId: w.bmsId,
    itglueId: w.itglueId,
    bmsParentId: w.bmsParentId,
    itglueParentId: w.itglueParentId,
    matchRule: w.matchRule,
    matchTier: w.matchTier,
    matchExplanation: w.matchExplanation,
    snapshot: w.snapshot,
    bmsModifiedAt: w.bmsModifiedAt,
    itglueUpdatedAt: w.itglueUpdatedAt,
    lastSyncedAt: w.lastSyncedAt,
    lastRunId: w.lastRunId,
  };
}

/**
 * The IT Glue organization each BMS account is linked to (enabled links only), with its name as
 * the IT Glue mirror has it: what `[organization_name]` means for a ticket of that account.
 */
export async function linkedOrganizations(db: Db, integrationId: string, accountIds: string[]): Promise<Map<string, { id: string; name: string | null }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .select({ accountId: links.bmsId, organizationId: links.itglueId, record: mirrors.record })
    .from(links)
    .leftJoin(
      mirrors,
      and(eq(mirrors.integrationId, links.integrationId), eq(mirrors.system, 'itglue'), eq(mirrors.entity, 'organization'), eq(mirrors.externalId, links.itglueId)),
    )
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, 'organization'), eq(links.state, 'enabled'), inArray(links.bmsId, accountIds)));
  return new Map(
    rows
      .filter((r) => r.accountId && r.organizationId)
      .map((r) => [r.accountId!, { id: r.organizationId!, name: typeof r.record?.name === 'string' ? r.record.name : null }]),
  );
}
