/**
 * The pull (SPEC §7), in two steps per entity:
 *
 * 1. read: BMS pages into the BMS mirror, as the entity's module says BMS lists it (pages with a
 *    modified filter; records that arrive inside their parent; a slim list whose changed rows are
 *    read in full). Incremental runs read what changed since the last run.
 * 2. apply: the mirror rows the run has to decide on — on a full run every record it read, else
 *    every record whose content changed since the last apply — in batches that keep an
 *    organization's records (or same-named organizations) together, so matching is global over
 *    competitors whatever order BMS lists them in; each batch is loaded, planned and applied.
 *
 * Full reconciles also re-read in full the hardware assets read least recently (asset rotation).
 */
import { deleteCursor, readCursor, writeCursor } from '../../db/cursors.js';
import { changeWindowEnd, cursorAfter, getMirrorHeads, leastRecentlyRead, mirrorBatch, mirrorInputOf, sourceOf, touchUnchanged, upsertMirrors, type BatchCursor, type MirrorInput } from '../../db/mirrors.js';
import { createHash } from 'node:crypto';
import type { Entity } from '../../domain/entities.js';
import type { PlanOptions, SourceRecord } from '../../domain/sync/model.js';
import { plan } from '../../domain/sync/planner.js';
import { moduleOf } from '../../entities/registry.js';
import { isApiError } from '../../clients/http.js';
import { afterSync } from './after-sync.js';
import { applyPlan } from './apply.js';
import { inParallel, loadPlanInput, sourceFromBms } from './load.js';
import type { SyncSession } from './session.js';

/** BMS modified-on watermark of an entity (incremental reads). */
export const bmsWatermark = (entity: Entity) => `bms:${entity}:modifiedOn`;
/** Up to where the last apply of an entity took the mirror's changes. */
const applySince = (entity: Entity) => `apply:${entity}:since`;
const applyUpto = (entity: Entity) => `apply:${entity}:upto`;

export const APPLY_BATCH = 500;
/** Full reads of changed assets run this many at a time (each takes its token from the shared budget). */
const DETAIL_READS = 16;
/** Pages of a slim list read at a time. */
const LIST_PAGES_AT_ONCE = 4;

const fingerprint = (row: unknown) => createHash('sha1').update(JSON.stringify(row)).digest('hex');

export interface StepResult {
  /** Where to go on, or null when the step is done. */
  next: string | null;
}

// ------------------------------------------------------------------ read

/**
 * One page of BMS records into the mirror. `cursor` is the page number (from 1), or for a read in
 * slices `<slice>:<page>`; null starts the read. In full mode everything is read (and so seen by
 * the run), or every slice of what the entity reads without a watermark; incremental reads what
 * the API can tell changed.
 */
export async function readBmsPage(
  session: SyncSession,
  entity: Entity,
  mode: 'full' | 'incremental',
  cursor: string | null,
  runStartedAt: Date,
  options: { rereadAllAssets?: boolean } = {},
): Promise<StepResult> {
  const module = moduleOf(entity);
  const reading = module.bmsApi.reading;
  const { db, integrationId, runId } = session;
  const scope = { integrationId, system: 'bms' as const, entity, runId };
  switch (reading.kind) {
    case 'embedded':
      return { next: null };
    case 'pages': {
      const since = mode === 'incremental' && reading.modifiedFilter ? await readCursor(db, integrationId, bmsWatermark(entity)) : null;
      const slices = since === null ? reading.slices?.of(session.settings, runStartedAt) : undefined;
      const [slice, page] = cursor?.includes(':') ? cursor.split(':').map(Number) as [number, number] : [0, Number(cursor ?? 1)];
      const result = await reading.page(session.bms, page, since, slices?.[slice] ?? null);
      const sources = result.items.map((r) => sourceFromBms(module as never, r));
      await upsertMirrors(db, scope, sources.map((s) => mirrorInputOf(s)));
      if (reading.embeds) {
        const child = moduleOf(reading.embeds.entity);
        const children = result.items.flatMap((r) => reading.embeds!.extract(r)).map((r) => sourceFromBms(child as never, r));
        await upsertMirrors(db, { ...scope, entity: reading.embeds.entity }, children.map((s) => mirrorInputOf(s)));
      }
      session.count('bms-read', sources.length);
      const at = (nextSlice: number, nextPage: number) => (slices ? `${nextSlice}:${nextPage}` : String(nextPage));
      if (result.hasMore) return { next: at(slice, page + 1) };
      if (slices && slice + 1 < slices.length) return { next: at(slice + 1, 1) };
      // The next incremental run reads what changed since this one started (a few minutes of
      // overlap absorbs clock differences; re-reading an unchanged record costs no write).
      if (reading.modifiedFilter) await writeCursor(db, integrationId, bmsWatermark(entity), new Date(runStartedAt.getTime() - 5 * 60_000).toISOString());
      return { next: null };
    }
    case 'list-then-read': {
      const page = Number(cursor ?? 1);
      // No modified filter and slim rows: re-list everything (which also shows deletions) and
      // read in full only records that are new or whose row changed.
      // Several list pages at once (a no-change run is mostly this list); the pages past the end
      // come back empty.
      const pages = await Promise.all(Array.from({ length: LIST_PAGES_AT_ONCE }, (_, i) => reading.page(session.bms, page + i)));
      const end = pages.findIndex((p) => !p.hasMore);
      // A record that moved between pages while they were read shows twice: once is enough.
      const rows = new Map(pages.slice(0, end === -1 ? pages.length : end + 1).flatMap((p) => p.rows.map((r) => [r.id, r] as const)));
      const result = { rows: [...rows.values()], hasMore: end === -1 };
      const listed = result.rows.map(({ id, row }) => ({ id, print: fingerprint(row) }));
      // Unchanged rows (same fingerprint) are marked seen by the run as they are found (a read
      // outside a run only asks which they are); a re-read of every asset takes none as unchanged.
      const unchanged = options.rereadAllAssets ? new Set<string>() : runId !== null ? await touchUnchanged(db, { ...scope, runId }, listed) : await unchangedOf(session, entity, listed);
      const toRead = listed.filter(({ id }) => !unchanged.has(id));
      const read = await inParallel(toRead, DETAIL_READS, async ({ id, print }) => {
        try {
          const source = sourceFromBms(module as never, await module.bmsApi.read(session.bms, id, null));
          session.beat({ entity, page, read: id });
          return mirrorInputOf(source, print);
        } catch (err) {
          // Deleted since the list was read: the next run's list shows it.
          if (isApiError(err) && err.kind === 'not-found') return null;
          throw err;
        }
      });
      await upsertMirrors(db, scope, read.filter((r): r is MirrorInput => r !== null));
      session.count('listed', result.rows.length);
      session.count('bms-read', toRead.length);
      return { next: result.hasMore ? String(page + LIST_PAGES_AT_ONCE) : null };
    }
  }
}

/** The listed records whose list row is unchanged, without marking them seen. */
async function unchangedOf(session: SyncSession, entity: Entity, listed: { id: string; print: string }[]): Promise<Set<string>> {
  const known = await getMirrorHeads(session.db, { integrationId: session.integrationId, system: 'bms', entity }, listed.map((r) => r.id));
  return new Set(listed.filter(({ id, print }) => known.get(id)?.fingerprint === print && !known.get(id)?.deletedAt).map(({ id }) => id));
}

// ------------------------------------------------------------------ apply

/** Which mirror rows an apply step decides on, fixed when the step starts. */
export interface ApplyWindow {
  mode: 'full' | 'incremental';
  runId: number;
  since: Date | null;
  upto: Date;
}

/**
 * The apply window of an entity: it starts where the last apply's ended, and ends when this one
 * started (held before any change still uncommitted: db/mirrors.ts changeWindowEnd), remembered
 * at its first batch (`first`) so the batches share it. Consecutive windows meet exactly, so a
 * run right after another re-takes nothing. A preview asks without `remember`: it ends its window
 * now and leaves the cursors alone.
 */
export async function applyWindow(session: SyncSession, entity: Entity, mode: 'full' | 'incremental', runId: number, options: { first: boolean; remember: boolean }): Promise<ApplyWindow> {
  const { db, integrationId } = session;
  const sinceText = await readCursor(db, integrationId, applySince(entity));
  let uptoText = options.remember && !options.first ? await readCursor(db, integrationId, applyUpto(entity)) : null;
  if (!uptoText) {
    uptoText = (await changeWindowEnd(db)).toISOString();
    if (options.remember) await writeCursor(db, integrationId, applyUpto(entity), uptoText);
  }
  return { mode, runId, since: sinceText ? new Date(sinceText) : null, upto: new Date(uptoText) };
}

/** After the last batch: the next incremental apply starts where this one's window ended. */
export async function closeApplyWindow(session: SyncSession, entity: Entity, window: ApplyWindow): Promise<void> {
  await writeCursor(session.db, session.integrationId, applySince(entity), window.upto.toISOString());
  await deleteCursor(session.db, session.integrationId, applyUpto(entity));
}

export function groupingOf(entity: Entity): 'parent' | 'matchKey' {
  return moduleOf(entity).scoped ? 'parent' : 'matchKey';
}

/** The next batch of mirror rows an apply (or its preview) decides on. */
export async function nextApplyBatch(session: SyncSession, entity: Entity, window: ApplyWindow, after: BatchCursor | null): Promise<{ records: SourceRecord[]; next: BatchCursor | null }> {
  const groupBy = groupingOf(entity);
  const rows = await mirrorBatch(session.db, { integrationId: session.integrationId, system: 'bms', entity }, {
    groupBy,
    after,
    limit: APPLY_BATCH,
    ...(window.mode === 'full' ? { seenRunId: window.runId } : { changedSince: window.since, changedUntil: window.upto }),
  });
  return { records: rows.map(sourceOf), next: rows.length >= APPLY_BATCH ? cursorAfter(rows, groupBy) : null };
}

async function planAndApply(session: SyncSession, entity: Entity, records: SourceRecord[], options: PlanOptions): Promise<void> {
  const input = await loadPlanInput(session, entity, 'pull', records, options);
  const decided = plan(input);
  session.count('match-us', decided.matchMicros);
  await applyPlan(session, input as never, decided as never);
}

/**
 * Load, plan and apply one batch of BMS records, then what follows their sync (after-sync.ts).
 * Records the after-sync work wrote to in BMS are pulled once more right away (a note moves a
 * ticket's last activity), so the next run has nothing of the engine's own making to write.
 */
export async function pullRecords(session: SyncSession, entity: Entity, records: SourceRecord[], options: PlanOptions = {}): Promise<void> {
  if (records.length === 0) return;
  await planAndApply(session, entity, records, options);
  const touched = await afterSync(session, entity, records);
  if (touched.length) await planAndApply(session, entity, touched, options);
}

/** One batch of the apply step. `cursor` is a JSON batch cursor, or null for the first batch. */
export async function applyBmsBatch(session: SyncSession, entity: Entity, mode: 'full' | 'incremental', cursor: string | null, runId: number): Promise<StepResult> {
  const window = await applyWindow(session, entity, mode, runId, { first: cursor === null, remember: true });
  const { records, next } = await nextApplyBatch(session, entity, window, cursor ? (JSON.parse(cursor) as BatchCursor) : null);
  await pullRecords(session, entity, records);
  if (next) return { next: JSON.stringify(next) };
  await closeApplyWindow(session, entity, window);
  return { next: null };
}

// ------------------------------------------------------------------ asset rotation

const REFRESH_BATCH = 100;

/**
 * Full reconcile, after the asset list: re-read in full the records read least recently (not by
 * this run), `assetRefreshPerRun` per run, so edits to fields a slim list does not show reach IT
 * Glue in rotation. Only for entities BMS lists slimly. `batch` counts from 1.
 */
export async function refreshStalePage(session: SyncSession, entity: Entity, batch: number, runStartedAt: Date): Promise<StepResult> {
  const module = moduleOf(entity);
  if (module.bmsApi.reading.kind !== 'list-then-read') return { next: null };
  const { db, integrationId, runId } = session;
  const budget = session.settings.schedule.assetRefreshPerRun;
  const limit = Math.min(REFRESH_BATCH, budget - (batch - 1) * REFRESH_BATCH);
  if (limit <= 0) return { next: null };
  const stale = await leastRecentlyRead(db, { integrationId, system: 'bms', entity }, { readBefore: runStartedAt, limit });
  const read = await inParallel(stale, DETAIL_READS, async (row) => {
    try {
      return sourceFromBms(module as never, await module.bmsApi.read(session.bms, row.externalId, row.parentId));
    } catch (err) {
      // Gone since the list was read: the next run's list shows it.
      if (isApiError(err) && err.kind === 'not-found') return null;
      throw err;
    }
  });
  const sources = read.filter((s): s is SourceRecord => s !== null);
  await upsertMirrors(db, { integrationId, system: 'bms', entity, runId }, sources.map((s) => mirrorInputOf(s)));
  session.count('bms-reread', sources.length);
  // The list already counted these as unchanged: a re-read that finds nothing new is `verified`.
  const unchangedBefore = session.counts.unchanged ?? 0;
  await pullRecords(session, entity, sources);
  const verified = (session.counts.unchanged ?? 0) - unchangedBefore;
  if (verified > 0) {
    session.counts.unchanged = unchangedBefore;
    session.count('verified', verified);
  }
  return { next: stale.length === limit ? String(batch + 1) : null };
}
