/**
 * After the apply of an entity (SPEC §6, §7):
 * 1. gone: when the run read every record of the entity (or every slice of it the entity reads
 *    without a watermark: then only records of those slices count), records it did not see are
 *    read once more (a page that shifted under a concurrent delete must not orphan a record that
 *    still exists): gone ones become orphans (their IT Glue records are kept; nothing is deleted
 *    automatically), the rest are pulled now;
 * 2. children of accounts no longer synced become orphans too;
 * 3. references: records whose write could not resolve a reference to a record that was not
 *    linked yet (a parent organization, a contact's location) are merged again, now that the run
 *    has linked what it could.
 */
import { isApiError } from '../../clients/http.js';
import { childrenOfUnsyncedParents, linksByBmsId, linksWithPendingReferences } from '../../db/links.js';
import { getMirrors, markDeleted, mirrorPage, sourceOf } from '../../db/mirrors.js';
import type { Entity } from '../../domain/entities.js';
import type { Decision } from '../../domain/sync/model.js';
import { moduleOf } from '../../entities/registry.js';
import { applyPlan } from './apply.js';
import { sourceFromBms } from './load.js';
import { pullRecords, type StepResult } from './pull.js';
import type { SyncSession } from './session.js';

const SWEEP_BATCH = 100;

/** Whether a run read every record of the entity, so that "not seen" means "gone". */
function readEverything(entity: Entity, mode: 'full' | 'incremental'): boolean {
  // Slim lists are read in full on every run (no modified filter).
  return mode === 'full' || moduleOf(entity).bmsApi.reading.kind === 'list-then-read';
}

type SweepCursor = { phase: 'gone'; minId: number } | { phase: 'rest' };

export async function sweepStep(session: SyncSession, entity: Entity, mode: 'full' | 'incremental', cursor: string | null): Promise<StepResult> {
  const { db, integrationId, runId } = session;
  const module = moduleOf(entity);
  const state: SweepCursor = cursor ? (JSON.parse(cursor) as SweepCursor) : { phase: 'gone', minId: 1 };
  const apply = { rules: module as never, direction: 'pull' as const, parentLinks: new Map() };

  if (state.phase === 'gone' && readEverything(entity, mode) && runId !== null) {
    const unseen = await mirrorPage(db, { integrationId, system: 'bms', entity }, { limit: SWEEP_BATCH, minId: state.minId, notSeenRunId: runId });
    const reading = module.bmsApi.reading;
    const slices = reading.kind === 'pages' ? reading.slices : undefined;
    const now = new Date();
    const gone: string[] = [];
    const stillThere = [];
    for (const row of unseen.filter((r) => !slices || slices.contains(r.record, session.settings, now))) {
      try {
        stillThere.push(sourceFromBms(module as never, await module.bmsApi.read(session.bms, row.externalId, row.parentId)));
      } catch (err) {
        if (!isApiError(err) || err.kind !== 'not-found') throw err;
        gone.push(row.externalId);
      }
      session.beat({ entity, sweep: row.externalId });
    }
    await markDeleted(db, { integrationId, system: 'bms', entity }, gone);
    const links = await linksByBmsId(db, integrationId, entity, gone);
    const mirrored = await getMirrors(db, { integrationId, system: 'bms', entity }, gone);
    const orphans: Decision[] = [...links.values()]
      .filter((l) => (l.state === 'enabled' || l.state === 'error') && l.itglueId)
      .map((link) => ({ kind: 'orphan', record: sourceOf(mirrored.get(link.bmsId!)!), link, warnings: [], reason: 'deleted in BMS' }));
    await applyPlan(session, apply, { decisions: orphans });
    // Records a shifted page hid from the read are pulled now.
    await pullRecords(session, entity, stillThere);
    const last = unseen.at(-1);
    if (unseen.length === SWEEP_BATCH && last) return { next: JSON.stringify({ phase: 'gone', minId: Number(last.externalId) + 1 } satisfies SweepCursor) };
  }

  if (module.scoped) {
    const children = await childrenOfUnsyncedParents(db, integrationId, entity);
    const mirrored = await getMirrors(db, { integrationId, system: 'bms', entity }, children.map((l) => l.bmsId!));
    const orphans: Decision[] = children.map((link) => ({
      kind: 'orphan',
      record: mirrored.get(link.bmsId!) ? sourceOf(mirrored.get(link.bmsId!)!) : { id: link.bmsId!, parentId: link.bmsParentId, matchKey: '', createdAt: null, updatedAt: null, record: {} },
      link,
      warnings: [],
      reason: 'its BMS account is no longer synced',
    }));
    await applyPlan(session, apply, { decisions: orphans });
  }

  if (runId !== null) {
    const pending = await linksWithPendingReferences(db, integrationId, entity, runId, 'bms');
    const mirrored = await getMirrors(db, { integrationId, system: 'bms', entity }, pending.map((l) => l.bmsId!).filter(Boolean));
    await pullRecords(session, entity, [...mirrored.values()].filter((m) => !m.deletedAt).map(sourceOf));
  }
  return { next: null };
}
