/**
 * The pull (SPEC §7): one page of BMS records per activity call. For each record:
 * override → eligibility → (disabled: skip) → linked: merge and write what changed →
 * unlinked: match (SPEC §5) or create in IT Glue (or list it as unmatched when auto-create is off).
 *
 * Creates are protected against lost responses: the link is first written in state `creating`;
 * a record found in that state on a later attempt is looked for in IT Glue before anything is
 * created again.
 */
import { createHash } from 'node:crypto';
import { isApiError } from '../../clients/http.js';
import { performance } from 'node:perf_hooks';
import type { ItgResource } from '../../clients/itglue/index.js';
import { readCursor, writeCursor } from '../../db/cursors.js';
import { deleteLink, heldItGlueOnlyLink, insertLink, linksByBmsId, orphanByBmsIds, syncedPatch, takenIds, updateLink, type LinkRow } from '../../db/links.js';
import { findCandidates, getMirrors, leastRecentlyRead, mirrorPage, setFingerprints, touchMirrors, upsertMirrors } from '../../db/mirrors.js';
import { overridesFor, type OverrideRow } from '../../db/overrides.js';
import type { CanonicalRecord, Entity } from '../../domain/entities.js';
import { ENTITY_NAMES } from '../../domain/entities.js';
import { itglueAttributes, type MappingContext, type WireRecord } from '../../domain/mapping/index.js';
import type { MatchDecision } from '../../domain/matching.js';
import { adapterFor, canonicalOfBms, canonicalOfItGlue, toMirrorInput, type EntityAdapter, type MatchInput, type SourceRecord } from './adapters.js';
import type { PageOutcome } from './itglue-mirror.js';
import {
  applyItGlueUpdates,
  describeError,
  ensureItGlueLookups,
  isRecordFailure,
  reconcileLinked,
  type ItGlueUpdate,
} from './reconcile.js';
import type { RefMaps, SyncSession } from './session.js';
import { isUniqueViolation } from '../../db/errors.js';

export const BMS_PAGE_SIZE = 100;
const LOCATION_BATCH = 200;

export const bmsWatermark = (entity: Entity) => `bms:${entity}:modifiedOn`;
export const runStartCursor = (entity: Entity) => `bms:${entity}:runStart`;

const fingerprint = (row: unknown) => createHash('sha1').update(JSON.stringify(row)).digest('hex');

/** Reads one page of BMS records (and keeps the BMS mirror current). */
export async function readBmsPage(
  session: SyncSession,
  entity: Entity,
  mode: 'full' | 'incremental',
  page: number,
  rereadAllAssets = false,
): Promise<{ sources: SourceRecord[]; hasMore: boolean; next?: number; fingerprints?: Map<string, string> }> {
  const { bms, db, integrationId, runId } = session;
  const adapter = adapterFor(entity);
  const since = mode === 'incremental' ? await readCursor(db, integrationId, bmsWatermark(entity)) : null;
  const scope = { integrationId, system: 'bms' as const, entity, runId };

  switch (entity) {
    case 'organization': {
      const result = await bms.listAccountsPage({
        pageNumber: page,
        pageSize: BMS_PAGE_SIZE,
        filter: since ? { modifiedOnFrom: since } : undefined,
      });
      const sources = result.items.map((a) => adapter.fromBms(a as WireRecord));
      await upsertMirrors(db, scope, sources.map((s) => toMirrorInput(s)));
      // Locations live inside their accounts: mirror them now for the location step.
      const locations = result.items.flatMap((a) =>
        (a.locations ?? []).map((l) => adapterFor('location').fromBms({ ...(l as WireRecord), accountId: a.id })),
      );
      await upsertMirrors(db, { ...scope, entity: 'location' }, locations.map((s) => toMirrorInput(s)));
      session.count('bms-read', sources.length);
      return { sources, hasMore: result.hasMore };
    }
    case 'location': {
      // The accounts read by this run brought their locations along.
      // `page` is a keyset cursor here: the lowest location id still to process.
      const rows = await mirrorPage(db, { integrationId, system: 'bms', entity }, {
        minId: page,
        limit: LOCATION_BATCH,
        seenRunId: runId ?? undefined,
      });
      const sources = rows.map((r) => ({
        id: r.externalId,
        parentId: r.parentId,
        matchKey: r.matchKey,
        createdAt: r.sourceCreatedAt,
        updatedAt: r.sourceUpdatedAt,
        record: r.record,
      }));
      const last = rows.at(-1);
      return { sources, hasMore: rows.length === LOCATION_BATCH, next: last ? Number(last.externalId) + 1 : undefined };
    }
    case 'contact': {
      const result = await bms.listContactsPage({
        pageNumber: page,
        pageSize: BMS_PAGE_SIZE,
        filter: since ? { modifiedOnFrom: since } : undefined,
      });
      const sources = result.items.map((c) => adapter.fromBms(c as WireRecord));
      await upsertMirrors(db, scope, sources.map((s) => toMirrorInput(s)));
      session.count('bms-read', sources.length);
      return { sources, hasMore: result.hasMore };
    }
    case 'configuration': {
      // Hardware assets have no modified-on filter and their list rows are slim: re-scan the
      // list (which also shows deletions), and read in full only assets that are new or whose
      // row changed. Full reconciles also re-read the least recently read ones (a later step),
      // or every asset when an operator asks for it.
      const result = await bms.listHardwareAssetsPage({ pageNumber: page, pageSize: BMS_PAGE_SIZE });
      const known = await getMirrors(db, { integrationId, system: 'bms', entity }, result.items.map((r) => String(r.id)));
      const sources: SourceRecord[] = [];
      const unchanged: string[] = [];
      // Recorded by the caller once the page is processed (a failed page must be read again).
      const fingerprints = new Map<string, string>();
      for (const row of result.items) {
        const print = fingerprint(row);
        const mirror = known.get(String(row.id));
        if (!(mode === 'full' && rereadAllAssets) && mirror && !mirror.deletedAt && mirror.fingerprint === print) {
          unchanged.push(String(row.id));
          continue;
        }
        const asset = await bms.getHardwareAsset(row.id);
        const source = adapter.fromBms(asset as WireRecord);
        fingerprints.set(source.id, print);
        sources.push(source);
        if (sources.length % 10 === 0) session.beat({ entity, page, asset: row.id });
      }
      await upsertMirrors(db, scope, sources.map((s) => toMirrorInput(s)));
      if (runId !== null) await touchMirrors(db, { integrationId, system: 'bms', entity, runId }, unchanged);
      session.count('bms-read', sources.length);
      if (unchanged.length) session.count('unchanged', unchanged.length);
      return { sources, hasMore: result.hasMore, fingerprints };
    }
  }
}

/** One page of the pull. */
export async function pullBmsPage(
  session: SyncSession,
  entity: Entity,
  mode: 'full' | 'incremental',
  page: number,
  runStartedAt: Date,
  rereadAllAssets = false,
): Promise<PageOutcome> {
  const { db, integrationId } = session;
  if (page === 1) await writeCursor(db, integrationId, runStartCursor(entity), runStartedAt.toISOString());
  const { sources, hasMore, next, fingerprints } = await readBmsPage(session, entity, mode, page, rereadAllAssets);
  await processBmsRecords(session, adapterFor(entity), sources);
  if (fingerprints) await setFingerprints(db, { integrationId, system: 'bms', entity }, fingerprints);
  await session.flush();
  if (hasMore) return { nextPage: next ?? page + 1, counts: session.counts };

  // Next incremental run reads what changed since this one started (a few minutes of overlap
  // absorbs clock differences; re-reading an unchanged record costs no write).
  const started = await readCursor(db, integrationId, runStartCursor(entity));
  if (started && entity !== 'location' && entity !== 'configuration') {
    await writeCursor(db, integrationId, bmsWatermark(entity), new Date(Date.parse(started) - 5 * 60_000).toISOString());
  }
  return { nextPage: null, counts: session.counts };
}

const REFRESH_BATCH = 100;

/**
 * Full reconcile, after the asset list: re-read in full the hardware assets read least recently
 * (not by this run), `assetRefreshPerRun` per run in batches, so edits to fields the list row
 * does not show reach IT Glue in rotation. `page` counts batches.
 */
export async function refreshStaleAssetsPage(session: SyncSession, page: number, runStartedAt: Date): Promise<PageOutcome> {
  const { db, integrationId, bms, runId } = session;
  const budget = session.settings.schedule.assetRefreshPerRun;
  const limit = Math.min(REFRESH_BATCH, budget - (page - 1) * REFRESH_BATCH);
  if (limit <= 0) return { nextPage: null, counts: session.counts };
  const stale = await leastRecentlyRead(db, { integrationId, system: 'bms', entity: 'configuration' }, { readBefore: runStartedAt, limit });
  const adapter = adapterFor('configuration');
  const sources: SourceRecord[] = [];
  for (const row of stale) {
    try {
      sources.push(adapter.fromBms((await bms.getHardwareAsset(Number(row.externalId))) as WireRecord));
    } catch (err) {
      // Gone since the list was read: the next run's list shows it.
      if (!isApiError(err) || err.kind !== 'not-found') throw err;
    }
    if (sources.length % 10 === 0) session.beat({ refresh: row.externalId });
  }
  await upsertMirrors(db, { integrationId, system: 'bms', entity: 'configuration', runId }, sources.map((s) => toMirrorInput(s)));
  session.count('bms-reread', sources.length);
  // The list already counted these assets as unchanged: a re-read that finds nothing new is
  // counted as `verified`, not a second time as unchanged.
  const unchangedBefore = session.counts.unchanged ?? 0;
  await processBmsRecords(session, adapter, sources);
  const verified = (session.counts.unchanged ?? 0) - unchangedBefore;
  if (verified > 0) {
    session.counts.unchanged = unchangedBefore;
    session.count('verified', verified);
  }
  await session.flush();
  return { nextPage: stale.length === limit ? page + 1 : null, counts: session.counts };
}

/** Everything needed to map a batch: references resolved through links, contact accounts. */
export async function batchContext(
  session: SyncSession,
  adapter: EntityAdapter,
  bmsRecords: WireRecord[],
  itgRecords: WireRecord[] = [],
): Promise<MappingContext> {
  const refs: Partial<Record<Entity, RefMaps>> = {};
  for (const refEntity of adapter.refEntities) {
    const bmsIds = [...new Set(bmsRecords.flatMap((r) => adapter.bmsRefs(r)[refEntity] ?? []))];
    const itglueIds = [...new Set(itgRecords.flatMap((r) => adapter.itglueRefs(r)[refEntity] ?? []))];
    refs[refEntity] = await session.refs(refEntity, { bmsIds, itglueIds });
  }
  let contactAccounts: Map<string, string> | undefined;
  if (adapter.entity === 'configuration') {
    const contactIds = [...new Set(bmsRecords.map((r) => r.contactId).filter((v) => v !== null && v !== undefined).map(String))];
    const contacts = await getMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: 'contact' }, contactIds);
    contactAccounts = new Map([...contacts.values()].filter((c) => c.parentId).map((c) => [c.externalId, c.parentId!]));
    // Contacts not mirrored yet (contact sync off): ask BMS, once per contact.
    for (const id of contactIds.filter((c) => !contactAccounts!.has(c))) {
      try {
        const contact = await session.bms.getContact(Number(id));
        contactAccounts.set(id, String(contact.accountId));
      } catch (err) {
        if (!isRecordFailure(err)) throw err;
      }
    }
  }
  return session.mappingContext(refs, { contactAccounts });
}

interface Pending {
  source: SourceRecord;
  canonical: CanonicalRecord;
  link: LinkRow | undefined;
  override: OverrideRow | undefined;
  /** The IT Glue organization (scoped entities), or null. */
  organizationId: string | null;
  /** Why matching found nothing (kept on the link of the record it creates). */
  noMatch?: string;
}

/** Runs the pull decisions for a batch of BMS records. */
export async function processBmsRecords(session: SyncSession, adapter: EntityAdapter, sources: SourceRecord[]): Promise<void> {
  if (sources.length === 0) return;
  const { db, integrationId, settings } = session;
  const entity = adapter.entity;
  const names = ENTITY_NAMES[entity];
  const ids = sources.map((s) => s.id);
  const [links, overrides] = await Promise.all([linksByBmsId(db, integrationId, entity, ids), overridesFor(db, integrationId, entity, ids)]);
  const parentLinks = adapter.scoped
    ? await linksByBmsId(db, integrationId, 'organization', [...new Set(sources.map((s) => s.parentId).filter((p): p is string => !!p))])
    : new Map<string, LinkRow>();
  const ctx = await batchContext(session, adapter, sources.map((s) => s.record));
  const linkedItgIds = [...links.values()].map((l) => l.itglueId).filter((v): v is string => !!v);
  const itgMirrors = await getMirrors(db, { integrationId, system: 'itglue', entity }, linkedItgIds);

  const updates: ItGlueUpdate[] = [];
  const unlinked: Pending[] = [];
  const orphans: { id: string; reason: string }[] = [];

  for (const source of sources) {
    const link = links.get(source.id);
    const override = overrides.get(source.id);
    const logIds = { bmsId: source.id, itglueId: link?.itglueId ?? null };
    // Values the mapping had to leave empty (e.g. a contact of another account): logged when
    // the record is synced, not on runs that skip it unchanged.
    const warnings: string[] = [];
    const logWarnings = () => {
      for (const message of warnings) session.log({ entity, action: 'warning', ...logIds, key: `bms:${message}`, message });
    };
    try {
      const canonical = canonicalOfBms(adapter, source.record, { ...ctx, warn: (_field, message) => warnings.push(message) });
      if (override?.action === 'exclude') {
        if (link?.state !== 'excluded') {
          if (link) await updateLink(db, link.id, { state: 'excluded', reason: override.note ?? 'excluded by an operator' });
          else await insertLink(db, { integrationId, entity, bmsId: source.id, bmsParentId: source.parentId, state: 'excluded', reason: override.note ?? 'excluded by an operator' });
          session.log({ entity, action: 'exclude', ...logIds, message: `excluded by an operator${override.note ? `: ${override.note}` : ''}` });
        } else session.count('excluded');
        continue;
      }

      const parentLink = source.parentId ? parentLinks.get(source.parentId) : undefined;
      const ineligible =
        adapter.bmsIneligible(canonical as never, settings) ??
        (adapter.scoped && parentLink?.state !== 'enabled' ? `its BMS account ${source.parentId ?? ''} is not synced` : null);
      if (ineligible) {
        if (link && (link.state === 'enabled' || link.state === 'error') && link.itglueId) orphans.push({ id: source.id, reason: ineligible });
        else session.count('ineligible');
        continue;
      }
      if (link?.state === 'disabled') {
        session.count('skip');
        continue;
      }

      if (link?.itglueId && link.state !== 'creating') {
        const itgMirror = itgMirrors.get(link.itglueId);
        let itglue: SourceRecord | null = itgMirror && !itgMirror.deletedAt ? mirrorSource(itgMirror) : null;
        if (!itglue) itglue = await refetchItGlue(session, adapter, link.itglueId);
        if (!itglue) {
          // Deleted in IT Glue by a user: BMS is the source, so the record is created again.
          await updateLink(db, link.id, { itglueId: null, state: 'creating', reason: 'the IT Glue record was deleted; creating it again' });
          session.log({ entity, action: 'info', ...logIds, message: `the linked IT Glue ${names.itglue} ${link.itglueId} no longer exists; creating it again` });
          unlinked.push({ source, canonical, link: { ...link, itglueId: null, state: 'creating' }, override, organizationId: parentLink?.itglueId ?? null });
          continue;
        }
        const quickSkip =
          link.state === 'enabled' &&
          link.snapshot !== null &&
          sameTime(link.bmsModifiedAt, source.updatedAt) &&
          sameTime(link.itglueUpdatedAt, itglue.updatedAt);
        if (quickSkip) {
          session.count('unchanged');
          continue;
        }
        logWarnings();
        const wasState = link.state;
        const update = await reconcileLinked(session, adapter, { link, bms: source, itglue }, ctx, {
          reason: wasState === 'orphaned' ? 'eligible again' : wasState === 'error' ? 'retry after error' : undefined,
        });
        if (update) updates.push(update);
        else if (wasState !== 'enabled') {
          session.log({ entity, action: 'update', ...logIds, message: `sync enabled again (${wasState === 'orphaned' ? 'eligible again' : 'the error is resolved'})` });
        }
        continue;
      }
      logWarnings();
      unlinked.push({ source, canonical, link, override, organizationId: parentLink?.itglueId ?? null });
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      await recordError(session, entity, source, link, describeError(err));
    }
  }

  for (const group of groupBy(orphans, (o) => o.reason)) {
    const orphaned = await orphanByBmsIds(db, integrationId, entity, group.map((o) => o.id), group[0]!.reason);
    for (const l of orphaned) {
      session.log({ entity, action: 'orphan', bmsId: l.bmsId, itglueId: l.itglueId, message: `orphaned: ${group[0]!.reason}; the IT Glue ${names.itglue} is kept` });
    }
  }

  await applyItGlueUpdates(session, entity, updates);
  await matchAndCreate(session, adapter, unlinked, ctx);
}

function mirrorSource(row: { externalId: string; parentId: string | null; matchKey: string; sourceCreatedAt: Date | null; sourceUpdatedAt: Date | null; record: Record<string, unknown> }): SourceRecord {
  return { id: row.externalId, parentId: row.parentId, matchKey: row.matchKey, createdAt: row.sourceCreatedAt, updatedAt: row.sourceUpdatedAt, record: row.record };
}

const sameTime = (a: Date | null, b: Date | null) => a !== null && b !== null && a.getTime() === b.getTime();

function groupBy<T>(items: T[], key: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/** Reads a record from IT Glue by id; null when it no longer exists. */
async function refetchItGlue(session: SyncSession, adapter: EntityAdapter, id: string): Promise<SourceRecord | null> {
  try {
    const resource = await session.itglue.get(
      ({ organization: 'organizations', location: 'locations', contact: 'contacts', configuration: 'configurations' } as const)[adapter.entity],
      id,
    );
    const source = adapter.fromItGlue(resource as ItgResource<unknown>);
    await upsertMirrors(session.db, { integrationId: session.integrationId, system: 'itglue', entity: adapter.entity, runId: null }, [toMirrorInput(source)]);
    return source;
  } catch (err) {
    if (err instanceof Error && 'kind' in err && (err as { kind: string }).kind === 'not-found') return null;
    throw err;
  }
}

export async function recordError(session: SyncSession, entity: Entity, source: SourceRecord, link: LinkRow | undefined, message: string): Promise<void> {
  const { db, integrationId } = session;
  if (link) await updateLink(db, link.id, { state: 'error', reason: message });
  else await insertLink(db, { integrationId, entity, bmsId: source.id, bmsParentId: source.parentId, state: 'error', reason: message });
  session.log({ entity, action: 'error', bmsId: source.id, itglueId: link?.itglueId ?? null, message });
}

/** Matching (or the operator's choice), then linking or creating, for unlinked BMS records. */
async function matchAndCreate(session: SyncSession, adapter: EntityAdapter, pending: Pending[], ctx: MappingContext): Promise<void> {
  if (pending.length === 0) return;
  const { db, integrationId, settings } = session;
  const entity = adapter.entity;
  const names = ENTITY_NAMES[entity];
  const scope = { integrationId, system: 'itglue' as const, entity };

  // Records whose create may have landed without an answer: look for them in IT Glue first.
  for (const p of pending.filter((p) => p.link?.state === 'creating')) {
    if (adapter.scoped && !p.organizationId) continue;
    const found = await adapter.findInItGlue(session.itglue, p.organizationId, p.canonical as never);
    await upsertMirrors(db, { ...scope, runId: null }, found.map((r) => toMirrorInput(adapter.fromItGlue(r))));
  }

  const candidateRows = await findCandidates(db, scope, {
    parentIds: adapter.scoped ? pending.map((p) => p.organizationId).filter((o): o is string => !!o) : undefined,
    matchKeys: pending.map((p) => p.source.matchKey),
  });
  const taken = await takenIds(db, integrationId, entity, 'itglue', candidateRows.map((r) => r.externalId));
  const candidateCtx = await batchContext(session, adapter, [], candidateRows.map((r) => r.record));
  const candidates: MatchInput[] = candidateRows.map((r) => ({
    id: r.externalId,
    createdAt: r.sourceCreatedAt?.toISOString() ?? null,
    organizationId: r.parentId,
    canonical: canonicalOfItGlue(adapter, r.record, candidateCtx),
  }));
  const candidateById = new Map(candidateRows.map((r) => [r.externalId, r]));
  // Time spent matching (matcher construction + match() calls), reported in the run counts
  // as `match-us` (integer microseconds) for the benchmark (scripts/benchmark.ts).
  let matchStarted = performance.now();
  const matcher = adapter.matcher(candidates);
  let matchMs = performance.now() - matchStarted;
  const claimed = new Set<string>();

  const toCreate: Pending[] = [];
  const linkedUpdates: ItGlueUpdate[] = [];

  for (const p of pending) {
    const { source } = p;
    try {
      if (adapter.scoped && !p.organizationId) continue; // parent not linked: counted as ineligible above
      let decision: MatchDecision | { outcome: 'override'; candidateId: string; explanation: string } | null = null;
      if (p.override?.action === 'link' && p.override.itglueId) {
        decision = { outcome: 'override', candidateId: p.override.itglueId, explanation: `linked by an operator to IT Glue ${names.itglue} ${p.override.itglueId}` };
      } else if (p.override?.action !== 'create') {
        matchStarted = performance.now();
        decision = matcher.match(
          { id: source.id, createdAt: source.createdAt?.toISOString() ?? null, organizationId: p.organizationId, canonical: p.canonical },
          (id) => taken.has(id) || claimed.has(id),
        );
        matchMs += performance.now() - matchStarted;
      }

      if (decision && decision.outcome !== 'no-match') {
        const candidate = candidateById.get(decision.candidateId);
        let itglue = candidate && !candidate.deletedAt ? mirrorSource(candidate) : null;
        if (!itglue) itglue = await refetchItGlue(session, adapter, decision.candidateId);
        if (!itglue) throw new Error(`IT Glue ${names.itglue} ${decision.candidateId} chosen by an operator does not exist`);
        claimed.add(decision.candidateId);
        const recovered = p.link?.state === 'creating';
        const linkRow = await claimLink(session, entity, p, decision.candidateId, decision, recovered);
        if (!linkRow) {
          session.log({ entity, action: 'skip', bmsId: source.id, itglueId: decision.candidateId, message: `IT Glue ${names.itglue} ${decision.candidateId} was linked to another record meanwhile; will retry` });
          continue;
        }
        session.log({
          entity,
          action: 'match',
          bmsId: source.id,
          itglueId: decision.candidateId,
          message: recovered ? `found the ${names.itglue} an earlier attempt created (its answer was lost): ${decision.explanation}` : decision.explanation,
          details: 'rule' in decision ? { rule: decision.rule, tier: decision.tier, tiedWith: decision.tiedWith } : { rule: 'override' },
        });
        const update = await reconcileLinked(session, adapter, { link: linkRow, bms: source, itglue }, ctx, { reason: 'first sync after match' });
        if (update) linkedUpdates.push(update);
        continue;
      }

      const autoCreate = settings.autoCreate[`${entity}s` as keyof typeof settings.autoCreate] || p.override?.action === 'create';
      if (!autoCreate) {
        if (p.link?.state !== 'unmatched') {
          if (p.link) await updateLink(db, p.link.id, { state: 'unmatched', reason: decision?.explanation ?? 'auto-create is off' });
          else await insertLink(db, { integrationId, entity, bmsId: source.id, bmsParentId: source.parentId, itglueParentId: p.organizationId, state: 'unmatched', reason: decision?.explanation ?? 'auto-create is off' });
          session.log({ entity, action: 'unmatched', bmsId: source.id, message: `no match and auto-create is off: ${decision?.explanation ?? ''}`.trim() });
        } else session.count('unmatched');
        continue;
      }
      toCreate.push({ ...p, noMatch: decision?.explanation ?? 'an operator forced a create' });
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      await recordError(session, entity, source, p.link, describeError(err));
    }
  }

  session.count('match-us', Math.round(matchMs * 1000));
  await applyItGlueUpdates(session, entity, linkedUpdates);
  await createInItGlue(session, adapter, toCreate, ctx);
}

/** Writes the link for a match; null when another record took the IT Glue record first. */
async function claimLink(
  session: SyncSession,
  entity: Entity,
  p: Pending,
  itglueId: string,
  decision: MatchDecision | { outcome: 'override'; explanation: string },
  recovered: boolean,
): Promise<LinkRow | null> {
  const { db, integrationId } = session;
  // A record found again after its create's answer was lost is the one this engine created:
  // the link says so, as it would have had the answer arrived.
  const created = recovered && 'rule' in decision;
  const fields = {
    itglueId,
    itglueParentId: p.organizationId,
    bmsParentId: p.source.parentId,
    state: 'enabled' as const,
    reason: null,
    matchRule: created ? 'created' : 'rule' in decision ? decision.rule : 'override',
    matchTier: !created && 'tier' in decision ? decision.tier : null,
    matchExplanation: created
      ? `no matching IT Glue ${ENTITY_NAMES[entity].itglue}; created (the answer was lost; found again: ${decision.explanation})`
      : decision.explanation,
    snapshot: null,
  };
  try {
    // An IT Glue record held alone (e.g. a location waiting to be added in BMS) is linked in place.
    const held = await heldItGlueOnlyLink(db, integrationId, entity, itglueId);
    if (held && p.link) await deleteLink(db, held.id);
    const existing = p.link ?? held;
    if (existing) return await updateLink(db, existing.id, { bmsId: p.source.id, ...fields });
    return await insertLink(db, { integrationId, entity, bmsId: p.source.id, ...fields });
  } catch (err) {
    if (isUniqueViolation(err)) return null; // unique violation: taken meanwhile
    throw err;
  }
}

const CREATE_BATCH = 50;

/** Creates records in IT Glue (nested bulk per organization) and links them. */
async function createInItGlue(session: SyncSession, adapter: EntityAdapter, pending: Pending[], ctx: MappingContext): Promise<void> {
  if (pending.length === 0) return;
  const { db, integrationId } = session;
  const entity = adapter.entity;
  const names = ENTITY_NAMES[entity];
  await ensureItGlueLookups(session, entity, pending.map((p) => p.canonical));

  for (const group of groupBy(pending, (p) => p.organizationId ?? '')) {
    for (let i = 0; i < group.length; i += CREATE_BATCH) {
      const batch = group.slice(i, i + CREATE_BATCH);
      const prepared: { p: Pending; link: LinkRow; attributes: WireRecord; snapshot: CanonicalRecord; warnings: string[] }[] = [];
      for (const p of batch) {
        try {
          const write = itglueAttributes(adapter.mapping, p.canonical as never, ctx, p.canonical as never);
          const snapshot = { ...(p.canonical as object) } as Record<string, unknown>;
          for (const field of write.failed) snapshot[field as string] = null;
          // Mark the intent before sending: a lost answer is recovered by looking, not by creating twice.
          const link =
            p.link && p.link.state === 'creating'
              ? p.link
              : p.link
                ? await updateLink(db, p.link.id, { state: 'creating', itglueParentId: p.organizationId })
                : await insertLink(db, { integrationId, entity, bmsId: p.source.id, bmsParentId: p.source.parentId, itglueParentId: p.organizationId, state: 'creating' });
          if (!link) continue; // created concurrently by another worker
          prepared.push({ p, link, attributes: write.values, snapshot: snapshot as unknown as CanonicalRecord, warnings: write.warnings });
        } catch (err) {
          if (!isRecordFailure(err)) throw err;
          await recordError(session, entity, p.source, p.link, describeError(err));
        }
      }
      if (prepared.length === 0) continue;

      let created: (ItgResource<unknown> | Error)[];
      try {
        created = await adapter.createInItGlue(session.itglue, group[0]!.organizationId, prepared.map((x) => x.attributes));
      } catch (err) {
        if (!isRecordFailure(err)) throw err;
        // One bad record refuses the whole bulk create: create one by one to isolate it.
        created = [];
        for (const x of prepared) {
          try {
            created.push((await adapter.createInItGlue(session.itglue, group[0]!.organizationId, [x.attributes]))[0]!);
          } catch (single) {
            if (!isRecordFailure(single)) throw single;
            created.push(single);
          }
        }
      }
      session.beat({ entity, created: i + batch.length });

      const mirrored: SourceRecord[] = [];
      for (const [index, x] of prepared.entries()) {
        const result = created[index];
        if (!result || result instanceof Error) {
          const message = result ? describeError(result) : 'IT Glue did not return the created record';
          await updateLink(db, x.link.id, { state: 'error', reason: `create failed: ${message}` });
          session.log({ entity, action: 'error', bmsId: x.p.source.id, message: `create failed: ${message}` });
          continue;
        }
        const source = adapter.fromItGlue(result);
        mirrored.push(source);
        try {
          await updateLink(db, x.link.id, {
            itglueId: source.id,
            itglueParentId: x.p.organizationId,
            matchRule: 'created',
            matchTier: null,
            matchExplanation: `no matching IT Glue ${names.itglue}; created${x.p.noMatch ? ` (${x.p.noMatch})` : ''}`,
            ...syncedPatch({ snapshot: x.snapshot, bmsModifiedAt: x.p.source.updatedAt, itglueUpdatedAt: source.updatedAt, runId: session.runId }),
          });
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
        }
        session.log({
          entity,
          action: 'create',
          bmsId: x.p.source.id,
          itglueId: source.id,
          message: `created IT Glue ${names.itglue} ${source.id} from BMS ${names.bms} ${x.p.source.id}`,
          details: { rule: 'created', reason: x.p.noMatch ?? null },
        });
        for (const warning of x.warnings) {
          session.log({ entity, action: 'warning', bmsId: x.p.source.id, itglueId: source.id, key: warning, message: warning });
        }
      }
      await upsertMirrors(db, { integrationId, system: 'itglue', entity, runId: null }, mirrored.map((s) => toMirrorInput(s)));
    }
  }
}

