/** Integrations: create, read, change settings. Credentials go through db/secrets.ts. */
import { eq, sql } from 'drizzle-orm';
import { integrationSettingsSchema, type IntegrationSettings, type IntegrationSettingsInput } from '../domain/settings.js';
import type { Db } from './client.js';
import { integrations } from './schema.js';

export type IntegrationRow = typeof integrations.$inferSelect;

export class IntegrationNotFoundError extends Error {
  override readonly name = 'IntegrationNotFoundError';
  constructor(readonly integrationId: string) {
    super(`integration "${integrationId}" does not exist`);
  }
}

/** Every change of an integration (settings, fields, credentials) raises its version. */
export const nextVersion = sql`${integrations.version} + 1`;

/**
 * The integration's version (a primary-key read): workers compare it with the one their cached
 * clients and lookups were built from, so a change reaches the next activity. Null: no such integration.
 */
export async function integrationVersion(db: Db, id: string): Promise<number | null> {
  const [row] = await db.select({ version: integrations.version }).from(integrations).where(eq(integrations.id, id));
  return row?.version ?? null;
}

export async function getIntegration(db: Db, id: string): Promise<IntegrationRow> {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
  if (!row) throw new IntegrationNotFoundError(id);
  // Settings are re-validated on read: a hand-edited row gets a clear error, not a crash later.
  return { ...row, settings: integrationSettingsSchema.parse(row.settings) };
}

export async function findIntegration(db: Db, id: string): Promise<IntegrationRow | null> {
  try {
    return await getIntegration(db, id);
  } catch (err) {
    if (err instanceof IntegrationNotFoundError) return null;
    throw err;
  }
}

export async function listIntegrations(db: Db): Promise<IntegrationRow[]> {
  return db.select().from(integrations).orderBy(integrations.id);
}

export interface NewIntegration {
  id: string;
  name: string;
  bmsBaseUrl: string;
  bmsTenant: string;
  bmsUserName: string;
  itglueBaseUrl: string;
  settings?: IntegrationSettingsInput;
}

export async function insertIntegration(db: Db, input: NewIntegration): Promise<IntegrationRow> {
  const settings = integrationSettingsSchema.parse(input.settings ?? {});
  const [row] = await db
    .insert(integrations)
    .values({
      id: input.id,
      name: input.name,
      bmsBaseUrl: input.bmsBaseUrl,
      bmsTenant: input.bmsTenant,
      bmsUserName: input.bmsUserName,
      itglueBaseUrl: input.itglueBaseUrl,
      region: settings.region,
      settings,
      twoWayEnabledAt: settings.twoWay ? new Date() : null,
    })
    .returning();
  return row!;
}

/**
 * Replaces the settings. Switching two-way on records the moment: IT Glue records that existed
 * before it and are not edited afterwards stay `not-yet-pushed` (SPEC §8).
 */
export async function updateSettings(db: Db, id: string, next: IntegrationSettings): Promise<IntegrationRow> {
  const current = await getIntegration(db, id);
  const settings = integrationSettingsSchema.parse(next);
  const twoWayEnabledAt =
    settings.twoWay && !current.settings.twoWay ? new Date() : settings.twoWay ? current.twoWayEnabledAt : null;
  const [row] = await db
    .update(integrations)
    .set({ settings, region: settings.region, twoWayEnabledAt, version: nextVersion, updatedAt: new Date() })
    .where(eq(integrations.id, id))
    .returning();
  return row!;
}

export async function updateIntegration(
  db: Db,
  id: string,
  patch: Partial<Pick<IntegrationRow, 'name' | 'bmsBaseUrl' | 'bmsTenant' | 'bmsUserName' | 'itglueBaseUrl' | 'hardDeleteEnabled' | 'status'>>,
): Promise<IntegrationRow> {
  const [row] = await db
    .update(integrations)
    .set({ ...patch, version: nextVersion, updatedAt: new Date() })
    .where(eq(integrations.id, id))
    .returning();
  if (!row) throw new IntegrationNotFoundError(id);
  return row;
}
