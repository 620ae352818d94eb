/** Small per-integration cursors (watermarks): `bms:contact:modifiedOn`, `itglue:configuration:updatedAt`, … */
import { and, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { cursors } from './schema.js';

export async function readCursor(db: Db, integrationId: string, name: string): Promise<string | null> {
  const [row] = await db
    .select()
    .from(cursors)
    .where(and(eq(cursors.integrationId, integrationId), eq(cursors.name, name)));
  return row?.value ?? null;
}

export async function writeCursor(db: Db, integrationId: string, name: string, value: string): Promise<void> {
  await db
    .insert(cursors)
    .values({ integrationId, name, value })
    .onConflictDoUpdate({ target: [cursors.integrationId, cursors.name], set: { value, updatedAt: new Date() } });
}

export async function deleteCursor(db: Db, integrationId: string, name: string): Promise<void> {
  await db.delete(cursors).where(and(eq(cursors.integrationId, integrationId), eq(cursors.name, name)));
}
