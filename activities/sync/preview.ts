/**
 * Dry-run preview (SPEC §5): what the next sync would match, create, exclude and leave unmatched.
 * It reads both APIs and our tables and writes nothing to BMS, IT Glue or the links; its answer
 * is the preview run's own log rows (one per record decision).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { linksByBmsId, takenIds } from '../../db/links.js';
import { findCandidates } from '../../db/mirrors.js';
import { overridesFor } from '../../db/overrides.js';
import { syncLog } from '../../db/schema.js';
import { ENTITY_NAMES, type Entity } from '../../domain/entities.js';
import type { WireRecord } from '../../domain/mapping/index.js';
import { adapterFor, canonicalOfBms, canonicalOfItGlue, type MatchInput, type SourceRecord } from './adapters.js';
import type { PageOutcome } from './itglue-mirror.js';
import { batchContext, BMS_PAGE_SIZE } from './pull.js';
import type { SyncSession } from './session.js';

async function readPage(session: SyncSession, entity: Entity, page: number): Promise<{ sources: SourceRecord[]; hasMore: boolean }> {
  const { bms } = session;
  const adapter = adapterFor(entity);
  if (entity === 'organization' || entity === 'location') {
    const result = await bms.listAccountsPage({ pageNumber: page, pageSize: BMS_PAGE_SIZE });
    const sources =
      entity === 'organization'
        ? result.items.map((a) => adapter.fromBms(a as WireRecord))
        : result.items.flatMap((a) => (a.locations ?? []).map((l) => adapter.fromBms({ ...(l as WireRecord), accountId: a.id })));
    return { sources, hasMore: result.hasMore };
  }
  if (entity === 'contact') {
    const result = await bms.listContactsPage({ pageNumber: page, pageSize: BMS_PAGE_SIZE });
    return { sources: result.items.map((c) => adapter.fromBms(c as WireRecord)), hasMore: result.hasMore };
  }
  const result = await bms.listHardwareAssetsPage({ pageNumber: page, pageSize: BMS_PAGE_SIZE });
  const sources: SourceRecord[] = [];
  for (const row of result.items) {
    sources.push(adapter.fromBms((await bms.getHardwareAsset(row.id)) as WireRecord));
    session.beat({ entity, page });
  }
  return { sources, hasMore: result.hasMore };
}

/** The IT Glue organization each BMS account has, or would have after the sync (`new` = would be created). */
async function organizationsOf(session: SyncSession, accountIds: string[]): Promise<Map<string, string>> {
  const { db, integrationId, runId } = session;
  const result = new Map<string, string>();
  const linked = await linksByBmsId(db, integrationId, 'organization', accountIds);
  for (const [bmsId, link] of linked) if (link.state === 'enabled' && link.itglueId) result.set(bmsId, link.itglueId);
  const missing = accountIds.filter((id) => !result.has(id));
  if (missing.length && runId !== null) {
    const decisions = await db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.runId, runId), eq(syncLog.entity, 'organization'), inArray(syncLog.bmsId, missing)));
    for (const d of decisions) {
      if (d.action === 'match' && d.itglueId) result.set(d.bmsId!, d.itglueId);
      if (d.action === 'create') result.set(d.bmsId!, 'new');
    }
  }
  return result;
}

export async function previewPage(session: SyncSession, entity: Entity, page: number): Promise<PageOutcome> {
  const { db, integrationId, settings, runId } = session;
  const adapter = adapterFor(entity);
  const names = ENTITY_NAMES[entity];
  const { sources, hasMore } = await readPage(session, entity, page);
  const ids = sources.map((s) => s.id);
  const [links, overrides] = await Promise.all([linksByBmsId(db, integrationId, entity, ids), overridesFor(db, integrationId, entity, ids)]);
  const organizations = adapter.scoped ? await organizationsOf(session, [...new Set(sources.map((s) => s.parentId!).filter(Boolean))]) : new Map<string, string>();
  const ctx = await batchContext(session, adapter, sources.map((s) => s.record));

  const pending: { source: SourceRecord; input: MatchInput }[] = [];
  for (const source of sources) {
    const canonical = canonicalOfBms(adapter, source.record, ctx);
    const override = overrides.get(source.id);
    const link = links.get(source.id);
    if (override?.action === 'exclude') {
      session.log({ entity, action: 'exclude', bmsId: source.id, message: `would be excluded (operator override)${override.note ? `: ${override.note}` : ''}` });
      continue;
    }
    const organizationId = source.parentId ? organizations.get(source.parentId) : undefined;
    if (adapter.bmsIneligible(canonical as never, settings) || (adapter.scoped && !organizationId)) {
      session.count('ineligible');
      continue;
    }
    if (link?.itglueId && link.state !== 'creating') {
      session.count('linked');
      continue;
    }
    if (override?.action === 'link' && override.itglueId) {
      session.log({ entity, action: 'match', bmsId: source.id, itglueId: override.itglueId, message: `would link to IT Glue ${names.itglue} ${override.itglueId} (operator override)` });
      continue;
    }
    const wouldCreate = () =>
      settings.autoCreate[`${entity}s` as keyof typeof settings.autoCreate] || override?.action === 'create'
        ? session.log({ entity, action: 'create', bmsId: source.id, message: `would create IT Glue ${names.itglue} "${source.matchKey}"` })
        : session.log({ entity, action: 'unmatched', bmsId: source.id, message: 'no match, and auto-create is off: would stay unmatched' });
    if (override?.action === 'create' || organizationId === 'new') {
      wouldCreate();
      continue;
    }
    pending.push({
      source,
      input: { id: source.id, createdAt: source.createdAt?.toISOString() ?? null, organizationId: organizationId ?? null, canonical },
    });
  }

  if (pending.length) {
    const scope = { integrationId, system: 'itglue' as const, entity };
    const rows = await findCandidates(db, scope, {
      parentIds: adapter.scoped ? pending.map((p) => p.input.organizationId!).filter(Boolean) : undefined,
      matchKeys: pending.map((p) => p.source.matchKey),
    });
    const taken = await takenIds(db, integrationId, entity, 'itglue', rows.map((r) => r.externalId));
    // Candidates an earlier page of this preview already gave to another record.
    const claimedBefore = runId === null ? [] : await db
      .select({ id: syncLog.itglueId })
      .from(syncLog)
      .where(and(eq(syncLog.runId, runId), eq(syncLog.entity, entity), eq(syncLog.action, 'match')));
    const claimed = new Set(claimedBefore.map((r) => r.id!));
    const candidateCtx = await batchContext(session, adapter, [], rows.map((r) => r.record));
    const matcher = adapter.matcher(
      rows.map((r) => ({ id: r.externalId, createdAt: r.sourceCreatedAt?.toISOString() ?? null, organizationId: r.parentId, canonical: canonicalOfItGlue(adapter, r.record, candidateCtx) })),
    );
    for (const p of pending) {
      const decision = matcher.match(p.input, (id) => taken.has(id) || claimed.has(id));
      if (decision.outcome === 'matched') {
        claimed.add(decision.candidateId);
        session.log({ entity, action: 'match', bmsId: p.source.id, itglueId: decision.candidateId, message: `would match: ${decision.explanation}`, details: { rule: decision.rule, tier: decision.tier } });
      } else if (settings.autoCreate[`${entity}s` as keyof typeof settings.autoCreate]) {
        session.log({ entity, action: 'create', bmsId: p.source.id, message: `would create: ${decision.explanation}` });
      } else {
        session.log({ entity, action: 'unmatched', bmsId: p.source.id, message: `would stay unmatched (auto-create is off): ${decision.explanation}` });
      }
    }
  }
  await session.flush();
  return { nextPage: hasMore ? page + 1 : null, counts: session.counts };
}
