/**
 * Refreshes the IT Glue mirror of one entity, one page per call.
 * - full: every record, in id order; at the end, records not seen are marked deleted.
 * - incremental / push: newest first (`sort=-updated_at`), stopping at the watermark of the last
 *   refresh. This is also how the engine learns of IT Glue edits (SPEC §8).
 * In two-way mode, unlinked records edited since two-way was enabled are marked `queued-for-push`
 * until the push takes them.
 */
import { deleteCursor, readCursor, writeCursor } from '../../db/cursors.js';
import { markUnseenDeleted, mirrorInputOf, upsertMirrors } from '../../db/mirrors.js';
import type { Entity } from '../../domain/entities.js';
import { moduleOf } from '../../entities/registry.js';
import { sourceFromItGlue } from './load.js';
import type { StepResult } from './pull.js';
import { queueForPush } from './push.js';
import type { SyncSession } from './session.js';

export const ITGLUE_PAGE_SIZE = 1000;

export const itglueWatermark = (entity: Entity) => `itglue:${entity}:updatedAt`;
const pendingWatermark = (entity: Entity) => `itglue:${entity}:updatedAt:pending`;

export async function refreshItGlueMirrorPage(
  session: SyncSession,
  entity: Entity,
  mode: 'full' | 'incremental' | 'push',
  page: number,
  /** Mark what the next push will take as `queued-for-push` (not in a preview: it writes no link). */
  options: { queue: boolean } = { queue: true },
): Promise<StepResult> {
  const module = moduleOf(entity);
  const { db, integrationId, runId } = session;
  const scope = { integrationId, system: 'itglue' as const, entity, runId };
  const watermarkText = await readCursor(db, integrationId, itglueWatermark(entity));
  const full = mode === 'full' || watermarkText === null;

  const result = await module.itglueApi.listPage(session.itglue, { page: { number: page, size: ITGLUE_PAGE_SIZE }, sort: full ? 'id' : '-updated_at' });
  const sources = result.items.map((r) => sourceFromItGlue(module as never, r));
  const watermark = watermarkText ? new Date(watermarkText) : null;
  // Incremental: keep only what changed since the watermark (inclusive: equal times may be new).
  const fresh = full || !watermark ? sources : sources.filter((s) => !s.updatedAt || s.updatedAt >= watermark);
  await upsertMirrors(db, scope, fresh.map((s) => mirrorInputOf(s)));
  session.count('itglue-read', fresh.length);
  const edited = session.integration.twoWayEnabledAt;
  if (edited && options.queue) await queueForPush(session, entity, fresh.filter((s) => (s.updatedAt ?? s.createdAt ?? new Date(0)) > edited));

  // The newest time seen becomes the next watermark once the refresh completes.
  const newest = sources.reduce<Date | null>((max, s) => (s.updatedAt && (!max || s.updatedAt > max) ? s.updatedAt : max), null);
  const pending = await readCursor(db, integrationId, pendingWatermark(entity));
  if (newest && (page === 1 || !pending || newest > new Date(pending))) {
    await writeCursor(db, integrationId, pendingWatermark(entity), newest.toISOString());
  }

  const reachedWatermark = !full && watermark !== null && fresh.length < sources.length;
  if (result.hasMore && !reachedWatermark) return { next: String(page + 1) };

  // Done: deletions (full reads only) and the watermark.
  if (full && runId !== null) {
    const gone = await markUnseenDeleted(db, { ...scope, runId });
    if (gone.length) session.count('itglue-deleted', gone.length);
  }
  const finalWatermark = await readCursor(db, integrationId, pendingWatermark(entity));
  if (finalWatermark) await writeCursor(db, integrationId, itglueWatermark(entity), finalWatermark);
  await deleteCursor(db, integrationId, pendingWatermark(entity));
  return { next: null };
}
