/**
 * Dry-run preview (SPEC §5): what the next sync would do with each BMS record — match, create,
 * update, orphan, exclude, leave unmatched. It reads BMS into the mirror exactly as the run does
 * (pull.ts `readBmsPage`; the mirror is a read cache), takes the same records the run's apply
 * would take, and asks the same planner, so it cannot disagree with the run. It writes nothing to
 * BMS, IT Glue or the links; its answer is the preview run's own log rows, one per decision, with
 * the action the run would log.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { syncLog } from '../../db/schema.js';
import type { Entity } from '../../domain/entities.js';
import type { Decision, LinkView, SourceRecord } from '../../domain/sync/model.js';
import { plan } from '../../domain/sync/planner.js';
import { moduleOf } from '../../entities/registry.js';
import type { BatchCursor } from '../../db/mirrors.js';
import { loadPlanInput } from './load.js';
import { applyWindow, nextApplyBatch, type StepResult } from './pull.js';
import type { SyncSession } from './session.js';

/** One batch of the preview of an entity; `cursor` null starts it. Decisions go to the preview run's log. */
export async function previewBatch(session: SyncSession, entity: Entity, mode: 'full' | 'incremental', cursor: string | null, runId: number): Promise<StepResult> {
  // The window the run would use; the preview never moves it.
  const window = await applyWindow(session, entity, mode, runId, { first: cursor === null, remember: false });
  const { records, next } = await nextApplyBatch(session, entity, window, cursor ? (JSON.parse(cursor) as BatchCursor) : null);
  if (records.length > 0) {
    const input = await loadPlanInput(session, entity, 'pull', records, {}, await assumedOrganizations(session, entity, records));
    const decided = plan(input);
    for (const d of decided.decisions) logDecision(session, entity, d as Decision);
    await session.flush();
  }
  return { next: next ? JSON.stringify(next) : null };
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
    assumed.set(d.bmsId!, {
      id: -1,
      state: 'enabled',
      bmsId: d.bmsId,
      itglueId: d.action === 'match' ? d.itglueId : `new:${d.bmsId}`,
      bmsParentId: null,
      itglueParentId: null,
      reason: null,
      snapshot: null,
      bmsModifiedAt: null,
      itglueUpdatedAt: null,
      matchRule: null,
    });
  }
  return assumed;
}

/** The log row the run would write for a decision, worded as what would happen. */
function logDecision(session: SyncSession, entity: Entity, d: Decision): void {
  const names = moduleOf(entity).names;
  const ids = { entity, bmsId: d.record.id, itglueId: d.link?.itglueId ?? null };
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
      return session.log({ ...ids, action: 'create', message: `would create IT Glue ${names.itglue} "${d.record.matchKey}": ${d.reason}` });
    case 'link':
      if (d.recovered) return session.log({ ...ids, itglueId: d.other.id, action: 'create', message: `would find IT Glue ${names.itglue} ${d.other.id} an earlier attempt created` });
      return session.log({ ...ids, itglueId: d.other.id, action: 'match', message: `would match: ${d.match.explanation}`, details: { rule: d.match.rule, tier: d.match.tier } });
    case 'sync': {
      const toItGlue = Object.keys(d.merge.toItGlue);
      const toBms = Object.keys(d.merge.toBms);
      if (toBms.length) session.log({ ...ids, action: 'push', message: `would push ${toBms.join(', ')} to BMS` });
      if (d.merge.reverted.length) session.log({ ...ids, action: 'revert', message: `would put back ${d.merge.reverted.map(String).join(', ')} in IT Glue` });
      if (toItGlue.length) return session.log({ ...ids, action: 'update', message: `would update ${toItGlue.join(', ')} in IT Glue` });
      return session.count(toBms.length ? 'push' : 'unchanged');
    }
    case 'ineligible':
    case 'skip':
    case 'wait':
    case 'not-yet-pushed':
    case 'unchanged':
      return session.count(d.kind);
  }
}
