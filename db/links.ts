/**
 * Links between BMS and IT Glue records, with their state and last-synced snapshot. The unique
 * indexes on (integration, entity, bms_id) and (…, itglue_id) keep links one-to-one even when
 * two workers race: the loser's insert fails and it re-reads.
 */
import { and, eq, inArray, isNotNull, isNull, not, sql } from 'drizzle-orm';
import type { CanonicalRecord, Entity, LinkState } from '../domain/entities.js';
import type { Db } from './client.js';
import { links } from './schema.js';

export type LinkRow = typeof links.$inferSelect;
export type LinkInsert = typeof links.$inferInsert;

export async function linksByBmsId(db: Db, integrationId: string, entity: Entity, bmsIds: string[]): Promise<Map<string, LinkRow>> {
  if (bmsIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, entity), inArray(links.bmsId, bmsIds)));
  return new Map(rows.map((r) => [r.bmsId!, r]));
}

export async function linksByItGlueId(db: Db, integrationId: string, entity: Entity, itglueIds: string[]): Promise<Map<string, LinkRow>> {
  if (itglueIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, entity), inArray(links.itglueId, itglueIds)));
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
  if (by.bmsIds?.length) queries.push(db.select().from(links).where(and(...conditions, inArray(links.bmsId, by.bmsIds))));
  if (by.itglueIds?.length) queries.push(db.select().from(links).where(and(...conditions, inArray(links.itglueId, by.itglueIds))));
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
        inArray(column, [...new Set(ids)]),
        not(and(eq(links.state, 'held'), isNull(other))!),
      ),
    );
  return new Set(rows.map((r) => r.id!));
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
  snapshot: CanonicalRecord;
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
 * Children whose account is no longer synced (its organization link is not enabled) become
 * orphaned too: their organization in IT Glue no longer follows BMS.
 */
export async function orphanChildrenOfUnsyncedParents(db: Db, integrationId: string, entity: Entity): Promise<LinkRow[]> {
  return db
    .update(links)
    .set({ state: 'orphaned', reason: 'its BMS account is no longer synced', updatedAt: new Date() })
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, entity),
        inArray(links.state, ['enabled', 'error']),
        isNotNull(links.bmsParentId),
        sql`not exists (select 1 from links p where p.integration_id = ${links.integrationId}
              and p.entity = 'organization' and p.bms_id = ${links.bmsParentId} and p.state = 'enabled')`,
      ),
    )
    .returning();
}

export async function countLinksByState(db: Db, integrationId: string): Promise<{ entity: Entity; state: LinkState; count: number }[]> {
  const rows = await db
    .select({ entity: links.entity, state: links.state, count: sql<number>`count(*)::int` })
    .from(links)
    .where(eq(links.integrationId, integrationId))
    .groupBy(links.entity, links.state);
  return rows;
}
