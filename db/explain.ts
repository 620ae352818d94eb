/**
 * Why a BMS record is not synced, for `sync explain`: the same eligibility rules the planner
 * applies (entities/*.ts), on the copy of the record the last sync read (its mirror row), and the
 * setting that excludes it. Read-only; no API is called (the names the rules look at are in the
 * BMS records themselves).
 */
import { and, eq } from 'drizzle-orm';
import type { Entity } from '../domain/entities.js';
import { canonicalFromBms, type MappingContext } from '../domain/mapping/fields.js';
import type { IntegrationSettings } from '../domain/settings.js';
import { isActive } from '../entities/module.js';
import { moduleOf } from '../entities/registry.js';
import type { Db } from './client.js';
import { getMirrors } from './mirrors.js';
import { links } from './schema.js';

/** A mapping context that knows no lookup table: names come from the record itself. */
const NAMES_ONLY: MappingContext = {
  bms: { nameOf: () => null, idOf: () => null },
  itglue: { nameOf: () => null, idOf: () => null, regionId: () => null, countryId: () => null },
  refs: { toBms: () => null, toItGlue: () => null },
  bmsParentOf: () => null,
  warn: () => {},
};

export interface Ineligibility {
  reason: string;
  /** The setting that excludes the record, with its current value; null when it is its parent. */
  setting: { name: keyof IntegrationSettings; value: unknown } | null;
}

/**
 * Why the BMS record is not eligible under the settings, or null when it is (or when no sync has
 * read it yet: `unknown`).
 */
export async function bmsIneligibility(
  db: Db,
  integrationId: string,
  settings: IntegrationSettings,
  entity: Entity,
  bmsId: string,
): Promise<Ineligibility | null | 'unknown'> {
  const module = moduleOf(entity);
  if (!isActive(module, settings) && module.switchedOnBy) {
    return { reason: `${module.names.bms}s are not synced`, setting: { name: module.switchedOnBy, value: false } };
  }
  const row = (await getMirrors(db, { integrationId, system: 'bms', entity }, [bmsId])).get(bmsId);
  if (!row || row.deletedAt) return 'unknown';
  const canonical = canonicalFromBms(module.mapping, row.record as Record<string, unknown>, NAMES_ONLY) as never;
  const reason = module.bms.ineligible(canonical, settings);
  if (reason) {
    const name = module.bms.excludedBy?.(canonical, settings) ?? null;
    return { reason, setting: name ? { name, value: settings[name] } : null };
  }
  if (module.scoped && row.parentId) {
    const [parent] = await db
      .select({ state: links.state })
      .from(links)
      .where(and(eq(links.integrationId, integrationId), eq(links.entity, 'organization'), eq(links.bmsId, row.parentId)));
    if (parent?.state !== 'enabled') {
      return { reason: `its BMS account ${row.parentId} is not synced (${parent ? parent.state : 'not linked'}): explain organization --bms-id ${row.parentId}`, setting: null };
    }
  }
  return null;
}
