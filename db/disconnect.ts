/**
 * What a disconnect changes in PostgreSQL: links marked `disconnected` (keep-data) or removed
 * with their deleted IT Glue records (delete-data), the delete-data plan (`disconnect_deletions`),
 * and what a reconnect undoes.
 */
import { and, asc, eq, gte, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Entity } from '../domain/entities.js';
import type { Db } from './client.js';
import { cursors, disconnectDeletions, links, mirrors, type DeletionKind } from './schema.js';

const LINK_BATCH = 5_000;

/** Marks every link of the integration disconnected, in batches; returns how many changed. */
export async function disconnectAllLinks(db: Db, integrationId: string, reason: string, onBatch?: () => void): Promise<number> {
  let total = 0;
  for (;;) {
    const batch = db
      .select({ id: links.id })
      .from(links)
      .where(and(eq(links.integrationId, integrationId), ne(links.state, 'disconnected')))
      .limit(LINK_BATCH);
    const changed = await db
      .update(links)
      .set({ state: 'disconnected', reason, updatedAt: new Date() })
      .where(inArray(links.id, batch))
      .returning({ id: links.id });
    total += changed.length;
    onBatch?.();
    if (changed.length < LINK_BATCH) return total;
  }
}

/**
 * Reconnect after a keep-data disconnect: disconnected links are dropped so the next sync runs
 * the matching rules again, and the watermarks go so that sync reads everything.
 */
export async function dropDisconnectedLinks(db: Db, integrationId: string): Promise<number> {
  const dropped = await db
    .delete(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.state, 'disconnected')))
    .returning({ id: links.id });
  await db.delete(cursors).where(eq(cursors.integrationId, integrationId));
  return dropped.length;
}

/** Organization links with an IT Glue record: the organizations a delete-data disconnect removes. */
export async function syncedOrganizationsPage(
  db: Db,
  integrationId: string,
  fromLinkId: number,
  limit: number,
): Promise<{ linkId: number; itglueId: string }[]> {
  const rows = await db
    .select({ linkId: links.id, itglueId: links.itglueId })
    .from(links)
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, 'organization'), isNotNull(links.itglueId), gte(links.id, fromLinkId)))
    .orderBy(asc(links.id))
    .limit(limit);
  return rows.map((r) => ({ linkId: r.linkId, itglueId: r.itglueId! }));
}

export interface PlannedDeletion {
  kind: DeletionKind;
  itglueId: string;
  organizationId: string;
  parentId?: string | null;
}

/**
 * Replaces the plan rows of these organizations with `items` (a retried page re-reads IT Glue,
 * so its plan is rewritten from the same data as its backup part).
 */
export async function replacePlannedDeletions(db: Db, runId: number, integrationId: string, organizationIds: string[], items: PlannedDeletion[]): Promise<void> {
  await db.transaction(async (tx) => {
    if (organizationIds.length) {
      await tx.delete(disconnectDeletions).where(and(eq(disconnectDeletions.runId, runId), inArray(disconnectDeletions.organizationId, organizationIds)));
    }
    for (let i = 0; i < items.length; i += 1000) {
      const chunk = items.slice(i, i + 1000).map((item) => ({ runId, integrationId, ...item, parentId: item.parentId ?? null }));
      await tx.insert(disconnectDeletions).values(chunk).onConflictDoNothing();
    }
  });
}

/** Records of one kind still to delete, in a stable order. */
export async function pendingDeletions(db: Db, runId: number, kind: DeletionKind, limit: number): Promise<{ itglueId: string; parentId: string | null }[]> {
  return db
    .select({ itglueId: disconnectDeletions.itglueId, parentId: disconnectDeletions.parentId })
    .from(disconnectDeletions)
    .where(and(eq(disconnectDeletions.runId, runId), eq(disconnectDeletions.kind, kind), isNull(disconnectDeletions.deletedAt)))
    .orderBy(sql`length(${disconnectDeletions.itglueId})`, asc(disconnectDeletions.itglueId))
    .limit(limit);
}

export async function markDeletions(db: Db, runId: number, kind: DeletionKind, itglueIds: string[]): Promise<void> {
  if (itglueIds.length === 0) return;
  await db
    .update(disconnectDeletions)
    .set({ deletedAt: new Date() })
    .where(and(eq(disconnectDeletions.runId, runId), eq(disconnectDeletions.kind, kind), inArray(disconnectDeletions.itglueId, itglueIds), isNull(disconnectDeletions.deletedAt)));
}

/**
 * Records that go with their parent (IT Glue deletes them together): a configuration's
 * interfaces, an organization's domains. Marked deleted once their parents are.
 */
export async function markDependentsOf(db: Db, runId: number, kind: DeletionKind, parentIds: string[]): Promise<void> {
  if (parentIds.length === 0) return;
  await db
    .update(disconnectDeletions)
    .set({ deletedAt: new Date() })
    .where(
      and(
        eq(disconnectDeletions.runId, runId),
        eq(disconnectDeletions.kind, kind),
        inArray(disconnectDeletions.parentId, parentIds),
        isNull(disconnectDeletions.deletedAt),
      ),
    );
}

/** Planned and deleted counts per kind. */
export async function deletionCounts(db: Db, runId: number): Promise<{ planned: Record<string, number>; deleted: Record<string, number> }> {
  const rows = await db
    .select({
      kind: disconnectDeletions.kind,
      planned: sql<number>`count(*)::int`,
      deleted: sql<number>`count(${disconnectDeletions.deletedAt})::int`,
    })
    .from(disconnectDeletions)
    .where(eq(disconnectDeletions.runId, runId))
    .groupBy(disconnectDeletions.kind);
  return {
    planned: Object.fromEntries(rows.map((r) => [r.kind, r.planned])),
    deleted: Object.fromEntries(rows.map((r) => [r.kind, r.deleted])),
  };
}

const LINKED_KINDS: Partial<Record<DeletionKind, Entity>> = {
  organization: 'organization',
  location: 'location',
  contact: 'contact',
  configuration: 'configuration',
};

/**
 * After the delete: links whose IT Glue record is gone are removed (a later reconnect creates
 * the records again from BMS), and the IT Glue mirror forgets the deleted records.
 */
export async function forgetDeletedRecords(db: Db, runId: number, integrationId: string): Promise<number> {
  let removed = 0;
  for (const [kind, entity] of Object.entries(LINKED_KINDS) as [DeletionKind, Entity][]) {
    const deleted = db
      .select({ id: disconnectDeletions.itglueId })
      .from(disconnectDeletions)
      .where(and(eq(disconnectDeletions.runId, runId), eq(disconnectDeletions.kind, kind), isNotNull(disconnectDeletions.deletedAt)));
    const gone = await db
      .delete(links)
      .where(and(eq(links.integrationId, integrationId), eq(links.entity, entity), inArray(links.itglueId, deleted)))
      .returning({ id: links.id });
    removed += gone.length;
    await db
      .update(mirrors)
      .set({ deletedAt: new Date() })
      .where(and(eq(mirrors.integrationId, integrationId), eq(mirrors.system, 'itglue'), eq(mirrors.entity, entity), inArray(mirrors.externalId, deleted), isNull(mirrors.deletedAt)));
  }
  return removed;
}
