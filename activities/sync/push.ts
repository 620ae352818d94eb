/**
 * IT Glue changes (SPEC §7, §8): what the IT Glue mirror learned since the last time, decided by
 * the planner in the push direction. Two-way: edits of linked records are merged into BMS, and
 * unlinked records edited after two-way was enabled (or auto-pushed, like Microsoft 365 contacts)
 * are matched against BMS or created there. One-way: edits of mapped fields of linked records are
 * put back to the BMS value and logged.
 *
 * Two phases, each in keyset batches:
 * 1. window: IT Glue mirror rows whose content changed since the last push (by the mirror's own
 *    change time, so a record a refresh brought in late is still taken; consecutive windows meet
 *    exactly, see db/mirrors.ts changeWindowEnd);
 * 2. owed: records queued for a push or whose push create had no answer, and records auto-push
 *    takes without an edit.
 */
import { readCursor, writeCursor, deleteCursor } from '../../db/cursors.js';
import { changeWindowEnd, mirrorBatch, cursorAfter, sourceOf, unpushedItGlueRecords, type BatchCursor } from '../../db/mirrors.js';
import type { Entity } from '../../domain/entities.js';
import type { PlanOptions, SourceRecord } from '../../domain/sync/model.js';
import { plan } from '../../domain/sync/planner.js';
import { moduleOf } from '../../entities/registry.js';
import { applyPlan } from './apply.js';
import { loadPlanInput } from './load.js';
import type { StepResult } from './pull.js';
import type { SyncSession } from './session.js';

const PUSH_BATCH = 200;

export const pushSince = (entity: Entity) => `push:${entity}:since`;
const pushUpto = (entity: Entity) => `push:${entity}:upto`;

/** A preview's window end travels in its cursor (a run's is in the cursors table). */
type PushCursor = { phase: 'window'; after: BatchCursor | null; upto?: string } | { phase: 'owed'; afterId: string | null };

/** Load, plan and apply one batch of IT Glue records. */
export async function pushRecords(session: SyncSession, entity: Entity, records: SourceRecord[], options: PlanOptions = {}): Promise<void> {
  if (records.length === 0) return;
  const input = await loadPlanInput(session, entity, 'push', records, options);
  await applyPlan(session, input as never, plan(input) as never);
}

/** One batch of the IT Glue changes step; `cursor` null starts it. */
export async function itglueChangesBatch(session: SyncSession, entity: Entity, cursor: string | null): Promise<StepResult> {
  const { records, next } = await nextChangesBatch(session, entity, cursor, { remember: true });
  await pushRecords(session, entity, records);
  return { next };
}

/**
 * The IT Glue records the changes step decides on next (see the file comment), and where it goes
 * on. An entity pulled only (tickets) has none: an IT Glue edit of one is put back when it is
 * pulled next. A preview asks without `remember`: its window ends when it starts and the cursors
 * stay where the run will find them.
 */
export async function nextChangesBatch(session: SyncSession, entity: Entity, cursor: string | null, options: { remember: boolean }): Promise<{ records: SourceRecord[]; next: string | null }> {
  const { db, integrationId, integration, settings } = session;
  const module = moduleOf(entity);
  if (!module.push) return { records: [], next: null };
  const state: PushCursor = cursor ? (JSON.parse(cursor) as PushCursor) : { phase: 'window', after: null };

  if (state.phase === 'window') {
    // The window starts where the last one ended (at first: when two-way was enabled, or now for a
    // one-way integration that has never looked), and is fixed at its first batch so our own
    // writes during the step do not move it.
    const sinceText = await readCursor(db, integrationId, pushSince(entity));
    const start = sinceText ? Date.parse(sinceText) : (integration.twoWayEnabledAt?.getTime() ?? 0);
    let uptoText = options.remember ? await readCursor(db, integrationId, pushUpto(entity)) : (state.upto ?? null);
    if (!cursor || !uptoText) {
      uptoText = (await changeWindowEnd(db)).toISOString();
      if (options.remember) await writeCursor(db, integrationId, pushUpto(entity), uptoText);
    }
    const groupBy = module.scoped ? 'parent' : 'matchKey';
    const rows = await mirrorBatch(db, { integrationId, system: 'itglue', entity }, {
      groupBy,
      after: state.after,
      limit: PUSH_BATCH,
      changedSince: new Date(start),
      changedUntil: new Date(uptoText),
    });
    const records = rows.map(sourceOf);
    if (rows.length >= PUSH_BATCH) {
      return { records, next: JSON.stringify({ phase: 'window', after: cursorAfter(rows, groupBy), ...(options.remember ? {} : { upto: uptoText }) } satisfies PushCursor) };
    }
    if (options.remember) {
      await writeCursor(db, integrationId, pushSince(entity), uptoText);
      await deleteCursor(db, integrationId, pushUpto(entity));
    }
    return { records, next: settings.twoWay ? JSON.stringify({ phase: 'owed', afterId: null } satisfies PushCursor) : null };
  }

  const rows = await unpushedItGlueRecords(db, integrationId, entity, {
    scoped: module.scoped,
    afterId: state.afterId,
    limit: PUSH_BATCH,
    only: module.push.autoPushScope(settings),
  });
  const last = rows.at(-1);
  return { records: rows.map(sourceOf), next: rows.length === PUSH_BATCH && last ? JSON.stringify({ phase: 'owed', afterId: last.externalId } satisfies PushCursor) : null };
}

/**
 * After the IT Glue mirror of an entity is refreshed (two-way): unlinked records edited since
 * two-way was enabled, which the next push will take, are marked `queued-for-push` meanwhile.
 */
export async function queueForPush(session: SyncSession, entity: Entity, records: SourceRecord[]): Promise<void> {
  if (!session.settings.twoWay || !moduleOf(entity).push || records.length === 0) return;
  await pushRecords(session, entity, records, { queueOnly: true });
}
