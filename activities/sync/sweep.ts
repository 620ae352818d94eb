/**
 * After the pull of an entity: records that vanished from BMS become orphans (their IT Glue
 * records are kept; nothing is deleted automatically), and so do children whose account is no
 * longer synced. A vanished record is read once more before it is orphaned: a page that shifted
 * under a concurrent delete must not orphan a record that still exists.
 * For organizations it also sets parent organizations once both exist.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { isApiError } from '../../clients/http.js';
import { linksByBmsId, orphanByBmsIds, orphanChildrenOfUnsyncedParents } from '../../db/links.js';
import { getMirrors, markDeleted, mirrorPage } from '../../db/mirrors.js';
import { links, mirrors } from '../../db/schema.js';
import { ENTITY_NAMES, type Entity } from '../../domain/entities.js';
import type { WireRecord } from '../../domain/mapping/index.js';
import { adapterFor } from './adapters.js';
import { readBms } from './bms-writer.js';
import type { PageOutcome } from './itglue-mirror.js';
import { processBmsRecords } from './pull.js';
import type { SyncSession } from './session.js';

const SWEEP_BATCH = 100;

/** Whether a run read every record of the entity, so that "not seen" means "gone". */
function readEverything(entity: Entity, mode: 'full' | 'incremental'): boolean {
  // Hardware assets are listed in full on every run (no modified-on filter).
  return mode === 'full' || entity === 'configuration';
}

export async function sweepPage(session: SyncSession, entity: Entity, mode: 'full' | 'incremental', page: number): Promise<PageOutcome> {
  const { db, integrationId, runId } = session;
  const adapter = adapterFor(entity);
  const names = ENTITY_NAMES[entity];

  if (readEverything(entity, mode) && runId !== null) {
    const unseen = await mirrorPage(db, { integrationId, system: 'bms', entity }, { limit: SWEEP_BATCH, minId: page, notSeenRunId: runId });
    const gone: string[] = [];
    const stillThere = [];
    for (const row of unseen) {
      try {
        stillThere.push(adapter.fromBms(await readBms(session.bms, entity, row.externalId, row.parentId)));
      } catch (err) {
        if (!isApiError(err) || err.kind !== 'not-found') throw err;
        gone.push(row.externalId);
      }
      session.beat({ entity, sweep: row.externalId });
    }
    await markDeleted(db, { integrationId, system: 'bms', entity }, gone);
    const orphaned = await orphanByBmsIds(db, integrationId, entity, gone, `deleted in BMS`);
    for (const l of orphaned) {
      session.log({ entity, action: 'orphan', bmsId: l.bmsId, itglueId: l.itglueId, message: `orphaned: the BMS ${names.bms} was deleted; the IT Glue ${names.itglue} is kept` });
    }
    // Records a shifted page hid from the read are processed now.
    await processBmsRecords(session, adapter, stillThere);
    await session.flush();
    const last = unseen.at(-1);
    if (unseen.length === SWEEP_BATCH && last) return { nextPage: Number(last.externalId) + 1, counts: session.counts };
  }

  if (entity !== 'organization') {
    const orphaned = await orphanChildrenOfUnsyncedParents(db, integrationId, entity);
    for (const l of orphaned) {
      session.log({ entity, action: 'orphan', bmsId: l.bmsId, itglueId: l.itglueId, message: `orphaned: its BMS account is no longer synced; the IT Glue ${names.itglue} is kept` });
    }
  } else {
    await setPendingParents(session);
  }
  await session.flush();
  return { nextPage: null, counts: session.counts };
}

/**
 * Parent organizations can be set only after both organizations exist: organizations whose
 * snapshot does not carry their BMS parent yet are reconciled again now.
 */
async function setPendingParents(session: SyncSession): Promise<void> {
  const { db, integrationId } = session;
  const rows = await db
    .select({ bmsId: links.bmsId })
    .from(links)
    .innerJoin(
      mirrors,
      and(
        eq(mirrors.integrationId, links.integrationId),
        eq(mirrors.system, sql`'bms'`),
        eq(mirrors.entity, links.entity),
        eq(mirrors.externalId, links.bmsId),
      ),
    )
    .where(
      and(
        eq(links.integrationId, integrationId),
        eq(links.entity, 'organization'),
        eq(links.state, 'enabled'),
        isNotNull(links.itglueId),
        sql`${mirrors.record}->>'parentId' is not null`,
        sql`(${links.snapshot}->>'parent') is distinct from (${mirrors.record}->>'parentId')`,
      ),
    )
    .limit(1000);
  const ids = rows.map((r) => r.bmsId!).filter(Boolean);
  if (ids.length === 0) return;
  // Only parents that are themselves linked can be set now.
  const parentIds = (await getMirrors(db, { integrationId, system: 'bms', entity: 'organization' }, ids));
  const wanted = [...parentIds.values()].map((m) => String((m.record as WireRecord).parentId));
  const parentLinks = await linksByBmsId(db, integrationId, 'organization', wanted);
  const ready = [...parentIds.values()].filter((m) => parentLinks.get(String((m.record as WireRecord).parentId))?.itglueId);
  if (ready.length === 0) return;
  const adapter = adapterFor('organization');
  const sources = ready.map((m) => ({
    id: m.externalId,
    parentId: m.parentId,
    matchKey: m.matchKey,
    createdAt: m.sourceCreatedAt,
    updatedAt: m.sourceUpdatedAt,
    record: m.record,
  }));
  // Force the merge (the quick "unchanged" skip compares times only).
  await db
    .update(links)
    .set({ bmsModifiedAt: null })
    .where(and(eq(links.integrationId, integrationId), eq(links.entity, 'organization'), inArray(links.bmsId, sources.map((s) => s.id))));
  await processBmsRecords(session, adapter, sources);
}
