/**
 * Push All (SPEC §9): the one-time push of every eligible IT Glue record to BMS for an MSP new to
 * BMS. It is the push direction of the sync core with two-way switched on for this operation and
 * `force` (the "edited since two-way" safeguard is exactly what Push All bypasses, once), one page
 * per call over the IT Glue mirror in PostgreSQL:
 *
 * - the pre-check plans every record without applying anything, and reports how many are eligible,
 *   which BMS lookups they need that BMS lacks (they block the push), which records already exist
 *   in BMS by the matching rules (they will be linked, not duplicated), which BMS will refuse, and
 *   which the push would create not quite ready (the entity's own `readiness` check);
 * - the push plans and applies the same way (a record linked to an existing BMS record is merged
 *   from a fill-in base), then a pass sets what could only be written once every record existed in
 *   BMS (parent accounts).
 *
 * Pages are keyset cursors over IT Glue ids, so a page done twice (a retry after a crash) finds
 * its records linked and skips them.
 */
import { linksByItGlueId, linksWithPendingReferences } from '../../db/links.js';
import { getMirrors, mirrorPage, mirrorsByParents, sourceOf, type MirrorRow } from '../../db/mirrors.js';
import type { Entity } from '../../domain/entities.js';
import { assumedLink, type LinkView, type PlanOptions, type SourceRecord } from '../../domain/sync/model.js';
import { canonicalOf, plan } from '../../domain/sync/planner.js';
import { moduleOf } from '../../entities/registry.js';
import { loadPlanInput } from './load.js';
import { readBmsPage, type StepResult } from './pull.js';
import { pushRecords } from './push.js';
import type { SyncSession } from './session.js';

export const PRECHECK_BATCH = 200;
export const PUSH_ALL_BATCH = 50;
/** The pre-check lists at most this many existing records per page (counts are always complete). */
const EXISTING_LIST_LIMIT = 100;

const PUSH_ALL: PlanOptions = { force: true, reason: 'Push All', fillInWhenLinking: true };

export interface PageOutcome {
  nextPage: number | null;
  counts: Record<string, number>;
}

/** One page of BMS records into the BMS mirror, so matching sees BMS as it is now. */
export async function refreshBmsMirrorPage(session: SyncSession, entity: Entity, page: number): Promise<PageOutcome> {
  // Records that live inside their parents (locations in accounts) are read with them.
  const reading = moduleOf(entity).bmsApi.reading;
  const { next } = await readBmsPage(session, reading.kind === 'embedded' ? reading.in : entity, 'full', String(page), new Date());
  return { nextPage: next === null ? null : Number(next), counts: session.counts };
}

// ------------------------------------------------------------------ pre-check

export interface ExistingInBms {
  entity: Entity;
  itglueId: string;
  bmsId: string;
  explanation: string;
}

export interface PrecheckPage {
  nextPage: number | null;
  /** Unlinked records that would be pushed (created or linked to an existing BMS record). */
  eligible: number;
  alreadyLinked: number;
  ineligible: number;
  skipped: number;
  existing: ExistingInBms[];
  existingCount: number;
  /** BMS lookups eligible records need that BMS lacks, by kind ("account type") and name: how many records use each, and where to create one. */
  missingInBms: Record<string, { hint: string; names: Record<string, number> }>;
  /** What BMS will refuse eligible records for, by what they lack. */
  incomplete: Record<string, number>;
  /** Records the push would create that are not quite ready (an organization without a primary location), by problem. */
  readiness: Record<string, number>;
  /** Those records (at most a page's worth). */
  notReady: { entity: Entity; itglueId: string; problem: string }[];
}

const tally = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

/** Live IT Glue records of an entity, a page in id order. */
async function itgluePage(session: SyncSession, entity: Entity, page: number, limit: number): Promise<{ rows: MirrorRow[]; nextPage: number | null }> {
  const rows = await mirrorPage(session.db, { integrationId: session.integrationId, system: 'itglue', entity }, { minId: page, limit });
  const last = rows.at(-1);
  return { rows, nextPage: rows.length === limit && last ? Number(last.externalId) + 1 : null };
}

/** One page of the pre-check for one entity: the push's plan, nothing applied. */
export async function precheckPage(session: SyncSession, entity: Entity, page: number): Promise<PrecheckPage> {
  const push = session.withSettings({ twoWay: true });
  const module = moduleOf(entity);
  const { rows, nextPage } = await itgluePage(push, entity, page, PRECHECK_BATCH);
  const result: PrecheckPage = {
    nextPage,
    eligible: 0,
    alreadyLinked: 0,
    ineligible: 0,
    skipped: 0,
    existing: [],
    existingCount: 0,
    missingInBms: {},
    incomplete: {},
    readiness: {},
    notReady: [],
  };
  const toCreate: SourceRecord[] = [];
  if (rows.length === 0) return result;
  // Parents not pushed yet would be created by the push: their children are planned as if they were.
  const assumed = module.scoped ? await assumedParents(push, rows) : new Map();
  const input = await loadPlanInput(push, entity, 'push', rows.map(sourceOf), PUSH_ALL, { parents: assumed });
  for (const d of plan(input).decisions) {
    switch (d.kind) {
      case 'sync':
      case 'unchanged':
        result.alreadyLinked++;
        break;
      case 'skip':
        result.skipped++;
        break;
      case 'ineligible':
      case 'not-yet-pushed':
        result.ineligible++;
        break;
      case 'link':
        result.eligible++;
        result.existingCount++;
        if (result.existing.length < EXISTING_LIST_LIMIT) result.existing.push({ entity, itglueId: d.record.id, bmsId: d.other.id, explanation: d.match.explanation });
        break;
      case 'create':
      case 'hold':
      case 'wait':
      case 'error': {
        result.eligible++;
        if (d.kind === 'create') toCreate.push(d.record);
        const canonical = 'canonical' in d && d.canonical ? d.canonical : canonicalOf(input, 'itglue', d.record).canonical;
        const missing = module.push?.missingInBms(canonical as never, input.context);
        if (missing) tally((result.missingInBms[missing.kind] ??= { hint: missing.hint, names: {} }).names, missing.name);
        for (const what of module.push?.incompleteForBms(canonical as never) ?? []) tally(result.incomplete, what);
        break;
      }
      default:
        result.ineligible++;
    }
  }
  await checkReadiness(push, entity, toCreate, result);
  return result;
}

/** The entity's own readiness check of the records the push would create, from their IT Glue children. */
async function checkReadiness(session: SyncSession, entity: Entity, records: SourceRecord[], result: PrecheckPage): Promise<void> {
  const readiness = moduleOf(entity).push?.readiness;
  if (!readiness || records.length === 0) return;
  const scope = { integrationId: session.integrationId, system: 'itglue' as const, entity: readiness.children };
  const children = await mirrorsByParents(session.db, scope, records.map((r) => r.id));
  for (const record of records) {
    for (const problem of readiness.problems(record, (children.get(record.id) ?? []).map(sourceOf))) {
      tally(result.readiness, problem);
      if (result.notReady.length < EXISTING_LIST_LIMIT) result.notReady.push({ entity, itglueId: record.id, problem });
    }
  }
}

/** Organization links the push would make for these records' organizations (pushed before their children). */
async function assumedParents(session: SyncSession, rows: MirrorRow[]): Promise<Map<string, LinkView>> {
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => !!p))];
  const links = await linksByItGlueId(session.db, session.integrationId, 'organization', parentIds);
  const parents = await getMirrors(session.db, { integrationId: session.integrationId, system: 'itglue', entity: 'organization' }, parentIds.filter((p) => !links.get(p)?.bmsId));
  const input = await loadPlanInput(session, 'organization', 'push', [...parents.values()].filter((p) => !p.deletedAt).map(sourceOf), PUSH_ALL);
  const assumed = new Map<string, LinkView>();
  for (const d of plan(input).decisions) {
    if (d.kind !== 'link' && d.kind !== 'create') continue;
    assumed.set(d.record.id, assumedLink({ itglueId: d.record.id, bmsId: d.kind === 'link' ? d.other.id : `new:${d.record.id}` }));
  }
  return assumed;
}

// ------------------------------------------------------------------ push

/** One page of the push of one entity. Records linked and unchanged since are skipped. */
export async function pushAllPage(session: SyncSession, entity: Entity, page: number): Promise<PageOutcome> {
  const push = session.withSettings({ twoWay: true });
  const { db, integrationId } = push;
  const { rows, nextPage } = await itgluePage(push, entity, page, PUSH_ALL_BATCH);
  const before = await linksByItGlueId(db, integrationId, entity, rows.map((r) => r.externalId));
  const todo = rows.filter((row) => {
    const link = before.get(row.externalId);
    const unchanged = link?.state === 'enabled' && !!link.bmsId && !!link.itglueUpdatedAt && !!row.sourceUpdatedAt && row.sourceUpdatedAt <= link.itglueUpdatedAt;
    if (unchanged) push.count('already-linked');
    return !unchanged;
  });
  await pushRecords(push, entity, todo.map(sourceOf), PUSH_ALL);
  // `created` and `linked-existing` per record, from the links after the page.
  const after = await linksByItGlueId(db, integrationId, entity, todo.map((r) => r.externalId));
  for (const row of todo) {
    const was = before.get(row.externalId);
    const now = after.get(row.externalId);
    if (!now?.bmsId || now.state !== 'enabled' || (was?.bmsId && was.state !== 'creating')) continue;
    push.count(now.matchRule === 'created' ? 'created' : 'linked-existing');
  }
  return { nextPage, counts: push.counts };
}

/**
 * What could only be written once every record existed in BMS: records whose push left a
 * reference unresolved (an organization's parent account) are pushed again now. Counted as
 * `<field>-set` or `<field>-not-set` per reference field.
 */
export async function setReferencesPage(session: SyncSession, entity: Entity): Promise<PageOutcome> {
  const push = session.withSettings({ twoWay: true });
  const { db, integrationId, runId } = push;
  if (runId === null) return { nextPage: null, counts: push.counts };
  const module = moduleOf(entity);
  const pending = await linksWithPendingReferences(db, integrationId, entity, runId, 'itglue');
  const mirrored = await getMirrors(db, { integrationId, system: 'itglue', entity }, pending.map((l) => l.itglueId!).filter(Boolean));
  await pushRecords(push, entity, [...mirrored.values()].filter((m) => !m.deletedAt).map(sourceOf), { ...PUSH_ALL, reason: 'Push All: references' });
  const done = await linksByItGlueId(db, integrationId, entity, [...mirrored.keys()]);
  const references = Object.entries(module.mapping.fields).filter(([, f]) => (f as { reference?: Entity }).reference !== undefined).map(([name]) => name);
  for (const id of mirrored.keys()) {
    const resolved = done.get(id)?.itglueUpdatedAt !== null;
    for (const field of references) push.count(`${field}-${resolved ? 'set' : 'not-set'}`);
  }
  return { nextPage: null, counts: push.counts };
}
