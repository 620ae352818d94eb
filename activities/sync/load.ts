/**
 * The loader: everything the planner needs for a batch of records of one entity, read from
 * PostgreSQL (links, overrides, mirrors) and, where the mirrors cannot be trusted, from the APIs —
 * the other side of linked records that changed, candidates and records a lost create may have
 * made. Every caller (pull, push, preview, Push All, sync-now) loads through here, so they plan on
 * the same facts.
 */
import { isApiError } from '../../clients/http.js';
import { linksByBmsId, linksByItGlueId, pairedIds, pendingCreates, takenIds, type LinkRow } from '../../db/links.js';
import { findCandidates, getMirrorHeads, getMirrors, markDeleted, mirrorInputOf, sourceOf, upsertMirrors } from '../../db/mirrors.js';
import { overridesFor } from '../../db/overrides.js';
import type { Entity } from '../../domain/entities.js';
import type { MappingContext, WireRecord } from '../../domain/mapping/fields.js';
import type { Direction, LinkView, PlanInput, PlanOptions, SourceRecord } from '../../domain/sync/model.js';
import { canonicalOf, needsOtherSide, pendingKey } from '../../domain/sync/planner.js';
import type { EntityModule } from '../../entities/module.js';
import { moduleOf, type CanonicalByEntity } from '../../entities/registry.js';
import type { SyncSession } from './session.js';

type AnyModule = EntityModule<object>;

/** A wire record of either API as a source record of the module's entity. */
export function sourceFromBms(module: AnyModule, record: WireRecord): SourceRecord {
  return { ...module.bms.identify(record), record };
}

export function sourceFromItGlue(module: AnyModule, resource: Parameters<AnyModule['itglueApi']['toWire']>[0]): SourceRecord {
  const record = module.itglueApi.toWire(resource);
  return { ...module.itglue.identify(record), record };
}

const isNotFound = (err: unknown) => isApiError(err) && err.kind === 'not-found';

/**
 * Runs `work` over `items` with at most `limit` at a time. After a failure no new item starts, and
 * the failure is thrown only once the items in flight have ended: nothing of the step is still
 * running (and writing) when its activity fails and is retried.
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}

/** Reads of the other side run this many at a time (each still takes its token from the shared budget). */
const READ_CONCURRENCY = 4;

/** The IT Glue record now, refreshed into the mirror; null (and marked deleted) when gone. */
export async function readItGlue(session: SyncSession, module: AnyModule, id: string): Promise<SourceRecord | null> {
  const scope = { integrationId: session.integrationId, system: 'itglue' as const, entity: module.entity };
  try {
    const source = sourceFromItGlue(module, await module.itglueApi.read(session.itglue, id));
    await upsertMirrors(session.db, { ...scope, runId: null }, [mirrorInputOf(source)]);
    return source;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await markDeleted(session.db, scope, [id]);
    return null;
  }
}

/** The BMS record now, refreshed into the mirror; null when gone. */
export async function readBms(session: SyncSession, module: AnyModule, id: string, parentId: string | null): Promise<SourceRecord | null> {
  try {
    const source = sourceFromBms(module, await module.bmsApi.read(session.bms, id, parentId));
    await upsertMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: module.entity, runId: null }, [mirrorInputOf(source)]);
    return source;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * The mapping context for records of an entity: lookups, references resolved through the links,
 * and the BMS account of referenced BMS records (read from BMS when the mirror lacks them).
 */
export async function mappingContext(
  session: SyncSession,
  module: AnyModule,
  records: { bms?: SourceRecord[]; itglue?: SourceRecord[] },
  /** Pairs a preview assumes the run would have linked by now, per entity: BMS id → IT Glue id. */
  assumedPairs: Map<Entity, Map<string, string>> = new Map(),
): Promise<MappingContext> {
  const wanted = new Map<Entity, { bmsIds: Set<string>; itglueIds: Set<string> }>();
  const want = (entity: Entity) => wanted.get(entity) ?? wanted.set(entity, { bmsIds: new Set(), itglueIds: new Set() }).get(entity)!;
  for (const r of records.bms ?? []) for (const [entity, ids] of Object.entries(module.bms.refs(r.record))) for (const id of ids) want(entity as Entity).bmsIds.add(id);
  for (const r of records.itglue ?? []) for (const [entity, ids] of Object.entries(module.itglue.refs(r.record))) for (const id of ids) want(entity as Entity).itglueIds.add(id);

  const pairs = new Map<Entity, Awaited<ReturnType<typeof pairedIds>>>();
  const parents = new Map<string, string>();
  for (const [entity, ids] of wanted) {
    pairs.set(entity, await pairedIds(session.db, session.integrationId, entity, { bmsIds: [...ids.bmsIds], itglueIds: [...ids.itglueIds] }));
    if (ids.bmsIds.size === 0 || !moduleOf(entity).scoped) continue;
    // The BMS account of referenced records (a configuration's contact must be of its account).
    const mirrored = await getMirrorHeads(session.db, { integrationId: session.integrationId, system: 'bms', entity }, [...ids.bmsIds]);
    for (const m of mirrored.values()) if (m.parentId) parents.set(`${entity}:${m.externalId}`, m.parentId);
    const missing = [...ids.bmsIds].filter((id) => !parents.has(`${entity}:${id}`));
    await inParallel(missing, READ_CONCURRENCY, async (id) => {
      const read = await readBms(session, moduleOf(entity) as AnyModule, id, null).catch((err: unknown) => {
        if (isApiError(err) && !err.retryable) return null;
        throw err;
      });
      if (read?.parentId) parents.set(`${entity}:${id}`, read.parentId);
    });
  }
  const lookups = session.lookups;
  return {
    bms: lookups.bms,
    itglue: lookups.itglue,
    refs: {
      toBms: (entity, itglueId) =>
        pairs.get(entity)?.itglueToBms.get(itglueId) ?? [...(assumedPairs.get(entity) ?? [])].find(([, i]) => i === itglueId)?.[0] ?? null,
      toItGlue: (entity, bmsId) => pairs.get(entity)?.bmsToItGlue.get(bmsId) ?? assumedPairs.get(entity)?.get(bmsId) ?? null,
    },
    bmsParentOf: (entity, bmsId) => parents.get(`${entity}:${bmsId}`) ?? null,
    warn: () => undefined,
  };
}

/** Everything the planner needs for `records` (BMS records for a pull, IT Glue records for a push). */
export async function loadPlanInput<E extends Entity>(
  session: SyncSession,
  entity: E,
  direction: Direction,
  records: SourceRecord[],
  options: PlanOptions = {},
  /** Preview (and Push All's pre-check): what the previewed run would have linked by now. */
  assumed: { parents?: Map<string, LinkView>; pairs?: Map<Entity, Map<string, string>> } = {},
): Promise<PlanInput<CanonicalByEntity[E]>> {
  const assumedParents = assumed.parents ?? new Map<string, LinkView>();
  const module = moduleOf(entity) as unknown as AnyModule;
  const { db, integrationId } = session;
  const pull = direction === 'pull';
  const ids = records.map((r) => r.id);
  const byId = pull ? linksByBmsId : linksByItGlueId;
  const parentIds = [...new Set(records.map((r) => r.parentId).filter((p): p is string => !!p))];
  const [links, overrides, storedParents] = await Promise.all([
    byId(db, integrationId, entity, ids),
    pull ? overridesFor(db, integrationId, entity, ids) : Promise.resolve(new Map()),
    module.scoped ? byId(db, integrationId, 'organization', parentIds) : Promise.resolve(new Map<string, LinkRow>()),
  ]);
  const parentLinks = new Map<string, LinkView>([...storedParents, ...assumedParents]);
  const otherSystem = pull ? ('itglue' as const) : ('bms' as const);
  const otherScope = { integrationId, system: otherSystem, entity };

  // The other side of linked records the planner will merge.
  const others = new Map<string, SourceRecord | null>();
  const linkedOthers = records.flatMap((r) => {
    const link = links.get(r.id);
    if (!link || options.queueOnly || !needsOtherSide(direction, r, link, options.force)) return [];
    const otherId = pull ? link.itglueId : link.bmsId;
    return otherId ? [{ otherId, parentId: pull ? link.itglueParentId : link.bmsParentId }] : [];
  });
  if (pull) {
    // IT Glue comes from the mirror the run refreshed; what it lacks is read now.
    const mirrored = await getMirrors(db, otherScope, linkedOthers.map((o) => o.otherId));
    const missing: string[] = [];
    for (const { otherId } of linkedOthers) {
      const row = mirrored.get(otherId);
      if (row && !row.deletedAt) others.set(otherId, sourceOf(row));
      else missing.push(otherId);
    }
    await inParallel(missing, READ_CONCURRENCY, async (id) => others.set(id, await readItGlue(session, module, id)));
  } else {
    // BMS is read now: the merge must see what BMS holds, not what the last pull saw.
    await inParallel(linkedOthers, READ_CONCURRENCY, async (o) => others.set(o.otherId, await readBms(session, module, o.otherId, o.parentId)));
  }

  // Records whose create may have landed without an answer: look for them on the other side, so
  // matching finds them instead of creating them again.
  const lookupContext = await mappingContext(session, module, {});
  const organizationOf = (r: SourceRecord): string | null => {
    if (!module.scoped) return null;
    const parent = r.parentId ? parentLinks.get(r.parentId) : undefined;
    return (pull ? parent?.itglueId : parent?.bmsId) ?? null;
  };
  for (const r of records.filter((x) => links.get(x.id)?.state === 'creating')) {
    const organizationId = organizationOf(r);
    if (module.scoped && !organizationId) continue;
    const { canonical } = canonicalOf({ rules: module, context: lookupContext }, pull ? 'bms' : 'itglue', r);
    if (pull) {
      const found = await module.itglueApi.find(session.itglue, organizationId, canonical);
      await upsertMirrors(db, { ...otherScope, runId: null }, found.map((f) => mirrorInputOf(sourceFromItGlue(module, f))));
    } else {
      const found = await module.bmsApi.find(session.bms, canonical, organizationId);
      await upsertMirrors(db, { ...otherScope, runId: null }, found.map((f) => mirrorInputOf(sourceFromBms(module, f))));
    }
  }

  // Candidates: live records of the other side with the same match key, in the records' organizations.
  const unlinked = records.filter((r) => {
    const link = links.get(r.id);
    return !link || link.state === 'creating' || !(pull ? link.itglueId : link.bmsId);
  });
  let candidates: SourceRecord[] = [];
  if (unlinked.length > 0 && !options.queueOnly) {
    const organizations = unlinked.map(organizationOf).filter((o): o is string => !!o);
    const rows = await findCandidates(db, otherScope, {
      parentIds: module.scoped ? organizations : undefined,
      matchKeys: unlinked.map((r) => r.matchKey),
    });
    candidates = rows.map(sourceOf);
    // An operator's chosen record is a candidate whatever its name.
    const chosen = [...overrides.values()].filter((o) => o.action === 'link' && o.itglueId).map((o) => o.itglueId as string);
    const missingChosen = chosen.filter((id) => !candidates.some((c) => c.id === id));
    if (missingChosen.length) {
      const mirrored = await getMirrors(db, otherScope, missingChosen);
      for (const id of missingChosen) {
        const row = mirrored.get(id);
        const source = row && !row.deletedAt ? sourceOf(row) : await readItGlue(session, module, id);
        if (source) candidates.push(source);
      }
    }
    if (!pull && candidates.length) {
      // The push merges with what BMS holds now.
      const fresh = await inParallel(candidates, READ_CONCURRENCY, (c) => readBms(session, module, c.id, c.parentId));
      candidates = fresh.filter((c): c is SourceRecord => c !== null);
    }
  }
  const taken = await takenIds(db, integrationId, entity, otherSystem, candidates.map((c) => c.id));
  const pending = new Set(
    (await pendingCreates(db, integrationId, entity, pull ? 'itglue' : 'bms')).map((p) => pendingKey(p.parentId, p.matchKey)),
  );

  const otherRecords = [...others.values()].filter((o): o is SourceRecord => o !== null).concat(candidates);
  const context = await mappingContext(session, module, pull ? { bms: records, itglue: otherRecords } : { itglue: records, bms: otherRecords }, assumed.pairs);
  const integration = session.integration;
  return {
    rules: module as unknown as PlanInput<CanonicalByEntity[E]>['rules'],
    direction,
    settings: session.settings,
    twoWayEnabledAt: integration.twoWayEnabledAt,
    undocumentedBmsRoutes: session.settings.undocumentedBmsRoutes,
    ...options,
    records,
    links,
    parentLinks,
    overrides,
    others,
    candidates,
    taken,
    pendingCreates: pending,
    context,
  };
}
