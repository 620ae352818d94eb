/** Operator overrides for BMS records (SPEC §5): link to a chosen IT Glue record, exclude, or force a create. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Entity } from '../domain/entities.js';
import type { Db } from './client.js';
import { mirrors, overrides } from './schema.js';

export type OverrideRow = typeof overrides.$inferSelect;
export type OverrideAction = OverrideRow['action'];

export async function overridesFor(db: Db, integrationId: string, entity: Entity, bmsIds: string[]): Promise<Map<string, OverrideRow>> {
  if (bmsIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(overrides)
    .where(and(eq(overrides.integrationId, integrationId), eq(overrides.entity, entity), inArray(overrides.bmsId, bmsIds)));
  return new Map(rows.map((r) => [r.bmsId, r]));
}

export async function setOverride(
  db: Db,
  input: { integrationId: string; entity: Entity; bmsId: string; action: OverrideAction; itglueId?: string | null; note?: string | null; createdBy: string },
): Promise<OverrideRow> {
  const values = { ...input, itglueId: input.itglueId ?? null, note: input.note ?? null };
  const [row] = await db
    .insert(overrides)
    .values(values)
    .onConflictDoUpdate({
      target: [overrides.integrationId, overrides.entity, overrides.bmsId],
      set: { action: values.action, itglueId: values.itglueId, note: values.note, createdBy: values.createdBy, createdAt: new Date() },
    })
    .returning();
  await decideAgain(db, input.integrationId, input.entity, input.bmsId);
  return row!;
}

/**
 * An override changes the decision about a record whose data did not change: its BMS mirror is
 * put in the next change window, so the next run (incremental too) decides on it again.
 */
async function decideAgain(db: Db, integrationId: string, entity: Entity, bmsId: string): Promise<void> {
  await db
    .update(mirrors)
    .set({ changedAt: sql`now()` })
    .where(and(eq(mirrors.integrationId, integrationId), eq(mirrors.system, 'bms'), eq(mirrors.entity, entity), eq(mirrors.externalId, bmsId)));
}

export async function removeOverride(db: Db, integrationId: string, entity: Entity, bmsId: string): Promise<boolean> {
  const rows = await db
    .delete(overrides)
    .where(and(eq(overrides.integrationId, integrationId), eq(overrides.entity, entity), eq(overrides.bmsId, bmsId)))
    .returning();
  if (rows.length > 0) await decideAgain(db, integrationId, entity, bmsId);
  return rows.length > 0;
}

export async function listOverrides(db: Db, integrationId: string): Promise<OverrideRow[]> {
  return db.select().from(overrides).where(eq(overrides.integrationId, integrationId)).orderBy(overrides.entity, overrides.bmsId);
}
