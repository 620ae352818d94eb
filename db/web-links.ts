/**
 * Links to a record in both web apps (the Manage-data view's "Manage", README "Links to the
 * records"): the bases from the settings or derived (domain/web-urls.ts), the paths from the
 * entity modules.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Entity } from '../domain/entities.js';
import { bmsWebBase, itglueWebBase, webUrl } from '../domain/web-urls.js';
import { moduleOf } from '../entities/registry.js';
import type { Db } from './client.js';
import type { IntegrationRow } from './integrations.js';
import { mirrors } from './schema.js';

export interface RecordIds {
  bmsId: string | null;
  bmsParentId: string | null;
  itglueId: string | null;
  itglueParentId: string | null;
}

export interface RecordUrls {
  bmsUrl: string | null;
  itglueUrl: string | null;
}

export type RecordLinker = (entity: Entity, ids: RecordIds) => RecordUrls;

/** A function giving the web addresses of a record of the integration on each side (null where unknown). */
export async function recordLinker(db: Db, integration: IntegrationRow): Promise<RecordLinker> {
  const { webUrls } = integration.settings;
  let resourceUrl: string | null = null;
  if (!webUrls.itglue) {
    // IT Glue names its own web address in `resource-url` (configurations, passwords, …).
    const [row] = await db
      .select({ url: sql<string | null>`${mirrors.record}->>'resource-url'` })
      .from(mirrors)
      .where(and(eq(mirrors.integrationId, integration.id), eq(mirrors.system, 'itglue'), sql`${mirrors.record} ? 'resource-url'`))
      .limit(1);
    resourceUrl = row?.url ?? null;
  }
  const bmsBase = bmsWebBase(integration.bmsBaseUrl, webUrls.bms);
  const itglueBase = itglueWebBase(integration.itglueBaseUrl, webUrls.itglue, resourceUrl);
  return (entity, ids) => {
    const { web } = moduleOf(entity);
    return {
      bmsUrl: ids.bmsId ? webUrl(bmsBase, web.bms({ id: ids.bmsId, parentId: ids.bmsParentId })) : null,
      itglueUrl: ids.itglueId ? webUrl(itglueBase, web.itglue({ id: ids.itglueId, parentId: ids.itglueParentId })) : null,
    };
  };
}
