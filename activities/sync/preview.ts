/**
 * Dry-run preview (SPEC §5): what the next sync would do with each BMS record — match, create,
 * update, orphan, exclude, leave unmatched. It reads BMS into the mirror exactly as the run does
 * (pull.ts `readBmsPage`; the mirror is a read cache), takes the same records the run's apply
 * would take, and asks the same planner, so it cannot disagree with the run; then the same for
 * the IT Glue records the run's changes step would take (push.ts `nextChangesBatch`): edits put
 * back in a one-way integration, pushed to BMS in a two-way one. It writes nothing to BMS, IT
 * Glue or the links; its answer is the preview run's own log rows, one per decision, with the
 * action the run would log.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { syncLog } from '../../db/schema.js';
import type { Entity } from '../../domain/entities.js';
import type { FieldMapping, MappingContext } from '../../domain/mapping/fields.js';
import type { MergeResult } from '../../domain/merge.js';
import { assumedLink, type Decision, type LinkView, type SourceRecord } from '../../domain/sync/model.js';
import { plan } from '../../domain/sync/planner.js';
import { moduleOf } from '../../entities/registry.js';
import type { BatchCursor } from '../../db/mirrors.js';
import { loadPlanInput } from './load.js';
import { applyWindow, nextApplyBatch, type StepResult } from './pull.js';
import { nextChangesBatch } from './push.js';
import type { SyncSession } from './session.js';

/** One batch of the preview of an entity; `cursor` null starts it. Decisions go to the preview run's log. */
export async function previewBatch(session: SyncSession, entity: Entity, mode: 'full' | 'incremental', cursor: string | null, runId: number): Promise<StepResult> {
  // The window the run would use; the preview never moves it.
  const window = await applyWindow(session, entity, mode, runId, { first: cursor === null, remember: false });
  const { records, next } = await nextApplyBatch(session, entity, window, cursor ? (JSON.parse(cursor) as BatchCursor) : null);
  if (records.length > 0) {
    const input = await loadPlanInput(session, entity, 'pull', records, {}, { parents: await assumedOrganizations(session, entity, records), pairs: await assumedPairs(session) });
    const decided = plan(input);
    const resolvable = (id: string) => input.context.refs.toItGlue(entity, id) !== null;
    const decisions = decided.decisions as Decision[];
    // The run links a batch's matches before it creates (activities/sync/apply.ts): a reference to a
    // record matched earlier or in this batch resolves at once.
    const decidedBefore = await decidedInPreview(session, entity, decisions.flatMap((d) => sameEntityRefs(entity, d)));
    const matchedNow = new Set(decisions.filter((d) => d.kind === 'link').map((d) => d.record.id));
    // Records this preview creates: the run has created them before it writes the merges that refer
    // to them (parents first; within a batch, creates before merges).
    const created = await createdInPreview(session);
    for (const d of decisions) if (d.kind === 'create') (created.get(entity) ?? created.set(entity, new Set()).get(entity)!).add(d.record.id);
    for (const d of decisions) {
      // Otherwise a reference to a record of the same entity (an organization's parent) is written
      // by the run once both exist (activities/sync/sweep.ts): noted here, judged at the end.
      const pending = sameEntityRefs(entity, d).filter((id) => !resolvable(id) && !decidedBefore.has(id) && !matchedNow.has(id));
      logDecision(session, entity, 'pull', d, pending, (field, value) => referenceResolves(entity, input.context, created, field, value));
    }
    await session.flush();
  }
  if (!next) await predictReferenceUpdates(session, entity);
  return { next: next ? JSON.stringify(next) : null };
}

/** One batch of the preview of an entity's IT Glue changes (after every entity's BMS preview); `cursor` null starts it. */
export async function previewChangesBatch(session: SyncSession, entity: Entity, cursor: string | null): Promise<StepResult> {
  const { records, next } = await nextChangesBatch(session, entity, cursor, { remember: false });
  if (records.length > 0) {
    const input = await loadPlanInput(session, entity, 'push', records);
    for (const d of plan(input).decisions as Decision[]) logDecision(session, entity, 'push', d, [], (field, value) => referenceResolves(entity, input.context, new Map(), field, value));
    await session.flush();
  }
  return { next };
}

/** Records this preview matched so far, per entity (BMS id → IT Glue id): the run would have linked them. */
async function assumedPairs(session: SyncSession): Promise<Map<Entity, Map<string, string>>> {
  const pairs = new Map<Entity, Map<string, string>>();
  if (session.runId === null) return pairs;
  const rows = await session.db
    .select({ entity: syncLog.entity, bmsId: syncLog.bmsId, itglueId: syncLog.itglueId })
    .from(syncLog)
    .where(and(eq(syncLog.runId, session.runId), eq(syncLog.action, 'match')));
  for (const r of rows) {
    if (r.entity === 'run' || !r.bmsId || !r.itglueId) continue;
    const entity = r.entity as Entity;
    (pairs.get(entity) ?? pairs.set(entity, new Map()).get(entity)!).set(r.bmsId, r.itglueId);
  }
  return pairs;
}

/** BMS ids of records of the same entity a created or linked record refers to. */
function sameEntityRefs(entity: Entity, d: Decision): string[] {
  if (d.kind !== 'create' && d.kind !== 'link') return [];
  return moduleOf(entity).bms.refs(d.record.record)[entity] ?? [];
}

/** Which of these BMS records this preview already decided to create or match (earlier batches). */
async function decidedInPreview(session: SyncSession, entity: Entity, bmsIds: string[]): Promise<Set<string>> {
  if (bmsIds.length === 0 || session.runId === null) return new Set();
  const rows = await session.db
    .select({ bmsId: syncLog.bmsId })
    .from(syncLog)
    .where(and(eq(syncLog.runId, session.runId), eq(syncLog.entity, entity), inArray(syncLog.bmsId, [...new Set(bmsIds)]), inArray(syncLog.action, ['match', 'create'])));
  return new Set(rows.map((r) => r.bmsId!));
}

/** After the last batch: records whose pending references the run will link get a later update. */
async function predictReferenceUpdates(session: SyncSession, entity: Entity): Promise<void> {
  if (session.runId === null) return;
  const rows = await session.db
    .select()
    .from(syncLog)
    .where(and(eq(syncLog.runId, session.runId), eq(syncLog.entity, entity), sql`${syncLog.details}->'pendingReferences' is not null`));
  const targets = await decidedInPreview(session, entity, rows.flatMap((r) => (r.details?.pendingReferences as string[]) ?? []));
  for (const row of rows) {
    const linked = ((row.details?.pendingReferences as string[]) ?? []).filter((id) => targets.has(id));
    if (linked.length) session.log({ entity, action: 'update', bmsId: row.bmsId, itglueId: row.itglueId, message: `would set its reference to ${linked.join(', ')} once both exist` });
  }
  await session.flush();
}

/**
 * Organizations this preview decided to match or create: their children are previewed as if the
 * run had linked them (a created organization has no IT Glue id yet, so nothing can match in it).
 */
async function assumedOrganizations(session: SyncSession, entity: Entity, records: SourceRecord[]): Promise<Map<string, LinkView>> {
  const assumed = new Map<string, LinkView>();
  if (!moduleOf(entity).scoped || session.runId === null) return assumed;
  const accounts = [...new Set(records.map((r) => r.parentId).filter((p): p is string => !!p))];
  if (accounts.length === 0) return assumed;
  const decided = await session.db
    .select()
    .from(syncLog)
    .where(and(eq(syncLog.runId, session.runId), eq(syncLog.entity, 'organization'), inArray(syncLog.bmsId, accounts), inArray(syncLog.action, ['match', 'create'])));
  for (const d of decided) {
    assumed.set(d.bmsId!, assumedLink({ bmsId: d.bmsId, itglueId: d.action === 'match' ? d.itglueId : `new:${d.bmsId}` }));
  }
  return assumed;
}

/** The log row the run would write for a decision, worded as what would happen. */
function logDecision(
  session: SyncSession,
  entity: Entity,
  direction: 'pull' | 'push',
  d: Decision,
  pendingReferences: string[],
  writable: (field: string, value: unknown) => boolean,
): void {
  const names = moduleOf(entity).names;
  // As the applier logs them (apply.ts logIds): the record decided on is BMS's in a pull, IT Glue's in a push.
  const ids = direction === 'pull' ? { entity, bmsId: d.record.id, itglueId: d.link?.itglueId ?? null } : { entity, bmsId: d.link?.bmsId ?? null, itglueId: d.record.id };
  const otherSide = direction === 'pull' ? `IT Glue ${names.itglue}` : `BMS ${names.bms}`;
  const withOther = (id: string) => (direction === 'pull' ? { ...ids, itglueId: id } : { ...ids, bmsId: id });
  switch (d.kind) {
    case 'error':
      return session.log({ ...ids, action: 'error', message: `would fail: ${d.reason}` });
    case 'exclude':
      // Listed even when already excluded: an operator reviewing a preview wants to see them.
      return session.log({ ...ids, action: 'exclude', message: d.already ? `stays excluded (${d.reason})` : `would be excluded (${d.reason})` });
    case 'orphan':
      return session.log({ ...ids, action: 'orphan', message: `would be orphaned: ${d.reason}` });
    case 'unmatched':
      if (d.already) return session.count('still-unmatched');
      return session.log({ ...ids, action: 'unmatched', message: `would stay unmatched: ${d.reason}` });
    case 'hold':
      return session.log({ ...ids, action: 'hold', message: `would be held: ${d.reason}` });
    case 'create':
      return session.log({
        ...ids,
        // The run logs a record it creates in BMS as a push (apply.ts).
        action: direction === 'pull' ? 'create' : 'push',
        message: `would create ${otherSide} "${d.record.matchKey}": ${d.reason}`,
        ...(pendingReferences.length ? { details: { pendingReferences } } : {}),
      });
    case 'link': {
      const more = pendingReferences.length ? { pendingReferences } : {};
      if (d.recovered) {
        session.log({ ...withOther(d.other.id), action: 'create', message: `would find ${otherSide} ${d.other.id} an earlier attempt created`, details: more });
      } else {
        session.log({ ...withOther(d.other.id), action: 'match', message: `would match: ${d.match.explanation}`, details: { rule: d.match.rule, tier: d.match.tier, ...more } });
      }
      // The first sync after a match writes what differs, as a sync would.
      logWrites(session, withOther(d.other.id), d.merge, d.heldForBms, writable);
      return;
    }
    case 'sync':
      if (!logWrites(session, ids, d.merge, d.heldForBms, writable)) session.count('unchanged');
      return;
    case 'ineligible':
    case 'skip':
    case 'wait':
    case 'not-yet-pushed':
    case 'unchanged':
      return session.count(d.kind);
  }
}

/** The writes a merge makes, as the run logs them; whether there was any. */
function logWrites(
  session: SyncSession,
  ids: { entity: Entity; bmsId: string | null; itglueId: string | null },
  merge: MergeResult<object>,
  held: { fields: string[]; reason: string } | null,
  writable: (field: string, value: unknown) => boolean,
): boolean {
  // A reference to a record not linked (nor matched by this preview) cannot be written: the run
  // only warns about it.
  const toItGlue = Object.entries(merge.toItGlue).filter(([field, value]) => writable(field, value)).map(([field]) => field);
  const toBms = Object.keys(merge.toBms).filter((f) => !held?.fields.includes(f));
  if (held) session.log({ ...ids, action: 'hold', message: `would hold: ${held.reason}` });
  if (toBms.length) session.log({ ...ids, action: 'push', message: `would push ${toBms.join(', ')} to BMS` });
  if (merge.reverted.length) session.log({ ...ids, action: 'revert', message: `would put back ${merge.reverted.map(String).join(', ')} in IT Glue` });
  if (toItGlue.length) session.log({ ...ids, action: 'update', message: `would update ${toItGlue.join(', ')} in IT Glue` });
  return toItGlue.length + toBms.length > 0 || held !== null;
}

/**
 * Whether the run could write this value to IT Glue: always, unless it is a reference to a record
 * that is neither linked, nor matched or created by this preview before the write.
 */
function referenceResolves(entity: Entity, context: MappingContext, created: Map<Entity, Set<string>>, field: string, value: unknown): boolean {
  const target = (moduleOf(entity).mapping.fields as Record<string, FieldMapping<unknown>>)[field]?.reference;
  if (!target || value === null || typeof value !== 'string' || value.startsWith('itglue:')) return true;
  return context.refs.toItGlue(target, value) !== null || (created.get(target)?.has(value) ?? false);
}

/** BMS records this preview created so far, per entity. */
async function createdInPreview(session: SyncSession): Promise<Map<Entity, Set<string>>> {
  const created = new Map<Entity, Set<string>>();
  if (session.runId === null) return created;
  const rows = await session.db
    .select({ entity: syncLog.entity, bmsId: syncLog.bmsId })
    .from(syncLog)
    .where(and(eq(syncLog.runId, session.runId), eq(syncLog.action, 'create')));
  for (const r of rows) {
    if (r.entity === 'run' || !r.bmsId) continue;
    const entity = r.entity as Entity;
    (created.get(entity) ?? created.set(entity, new Set()).get(entity)!).add(r.bmsId);
  }
  return created;
}
