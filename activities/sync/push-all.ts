/**
 * Push All (SPEC §9): the one-time push of every eligible IT Glue record to BMS for an MSP new to
 * BMS. Two parts, each one page per activity call over the mirrors in PostgreSQL:
 *
 * - the pre-check reads both systems into the mirrors and reports, without writing anything,
 *   how many records are eligible, which BMS account types and asset categories are missing
 *   (they block the push), and which records already exist in BMS by the matching rules (they
 *   will be linked, not duplicated);
 * - the push runs the two-way push decisions (`processItGlueRecords`, forced, with two-way
 *   switched on for this operation only): match against BMS first, else create, with the
 *   `creating` link state protecting lost answers; then a pass sets parent accounts, which can
 *   only be written once both accounts exist.
 *
 * Pages are keyset cursors over IT Glue ids, so a page done twice (a retry after a crash) finds
 * its records linked and skips them.
 */
import { matchKey } from '../../domain/normalize.js';
import { insertLink, linksByItGlueId, takenIds, updateLink, type LinkRow } from '../../db/links.js';
import { findCandidates, getMirrors, mirrorPage, type MirrorRow } from '../../db/mirrors.js';
import type { CanonicalByEntity, CanonicalRecord, Entity } from '../../domain/entities.js';
import type { MatchedDecision } from '../../domain/matching.js';
import { adapterFor, canonicalOfBms, canonicalOfItGlue, type EntityAdapter, type MatchInput } from './adapters.js';
import type { PageOutcome } from './itglue-mirror.js';
import { batchContext, readBmsPage } from './pull.js';
import { mirrorSource, missingForBmsContact, processItGlueRecords } from './push.js';
import type { SyncSession } from './session.js';

export const PRECHECK_BATCH = 200;
export const PUSH_ALL_BATCH = 50;
/** The pre-check lists at most this many existing records per page (counts are always complete). */
const EXISTING_LIST_LIMIT = 100;

/** Link states whose IT Glue record stays out of the push (an operator decided, or BMS is gone). */
const SKIPPED_STATES = new Set(['disabled', 'excluded', 'orphaned', 'disconnected']);

const isLinked = (link: LinkRow | undefined): boolean => !!link?.bmsId && (link.state === 'enabled' || link.state === 'error');

// ------------------------------------------------------------------ reading BMS

/**
 * One page of BMS records into the BMS mirror, so matching sees BMS as it is now. Accounts bring
 * their locations along; hardware assets are re-read in full only when their list row changed.
 */
export async function refreshBmsMirrorPage(session: SyncSession, entity: Entity, page: number): Promise<PageOutcome> {
  if (entity === 'location') return { nextPage: null, counts: {} };
  const mode = entity === 'configuration' ? 'incremental' : 'full';
  const { hasMore } = await readBmsPage(session, entity, mode, page);
  return { nextPage: hasMore ? page + 1 : null, counts: session.counts };
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
  /** Organizations: BMS account type name → eligible organizations using it; configurations: asset category. */
  missingTypes: Record<string, number>;
  /** Contacts BMS cannot take, by what they lack. */
  incomplete: Record<string, number>;
}

/** What the push will do with an IT Glue organization. */
interface OrganizationPlan {
  state: 'linked' | 'match' | 'create' | 'ineligible' | 'skipped';
  /** The BMS account: linked or matched. */
  bmsId: string | null;
  explanation?: string;
  typeName?: string | null;
}

/** The push's decision for each organization, computed without writing anything. */
async function planOrganizations(session: SyncSession, rows: MirrorRow[]): Promise<Map<string, OrganizationPlan>> {
  const { db, integrationId, settings } = session;
  const adapter = adapterFor('organization');
  const plans = new Map<string, OrganizationPlan>();
  const links = await linksByItGlueId(db, integrationId, 'organization', rows.map((r) => r.externalId));
  const ctx = await batchContext(session, adapter, [], rows.map((r) => r.record));
  const pending: Candidate[] = [];
  for (const row of rows) {
    const link = links.get(row.externalId);
    if (isLinked(link)) {
      plans.set(row.externalId, { state: 'linked', bmsId: link!.bmsId });
      continue;
    }
    if (link && SKIPPED_STATES.has(link.state)) {
      plans.set(row.externalId, { state: 'skipped', bmsId: null });
      continue;
    }
    const canonical = canonicalOfItGlue(adapter, row.record, ctx);
    if (adapter.itglueIneligible(canonical, settings)) {
      plans.set(row.externalId, { state: 'ineligible', bmsId: null });
      continue;
    }
    plans.set(row.externalId, { state: 'create', bmsId: null, typeName: canonical.typeName });
    pending.push({ row, canonical, accountId: null });
  }
  for (const [id, match] of await matchInBms(session, adapter, pending)) {
    plans.set(id, { ...plans.get(id)!, state: 'match', bmsId: match.decision.candidateId, explanation: match.decision.explanation });
  }
  return plans;
}

/** An IT Glue record looking for its BMS twin: in its BMS account (children), or anywhere (organizations). */
interface Candidate {
  row: MirrorRow;
  canonical: CanonicalByEntity[Entity];
  accountId: string | null;
}

interface BmsMatch {
  decision: MatchedDecision;
  bms: MirrorRow;
}

/** The matching rules (SPEC §5) with BMS as the candidate side, over the BMS mirror. */
async function matchInBms(session: SyncSession, adapter: EntityAdapter, items: Candidate[]): Promise<Map<string, BmsMatch>> {
  const matches = new Map<string, BmsMatch>();
  if (items.length === 0) return matches;
  const { db, integrationId } = session;
  const entity = adapter.entity;
  const candidateRows = await findCandidates(
    db,
    { integrationId, system: 'bms', entity },
    { parentIds: adapter.scoped ? items.map((m) => m.accountId).filter((a): a is string => !!a) : undefined, matchKeys: items.map((m) => m.row.matchKey) },
  );
  const taken = await takenIds(db, integrationId, entity, 'bms', candidateRows.map((r) => r.externalId));
  const candidateCtx = await batchContext(session, adapter, candidateRows.map((r) => r.record));
  const candidates: MatchInput[] = candidateRows.map((r) => ({
    id: r.externalId,
    createdAt: r.sourceCreatedAt?.toISOString() ?? null,
    organizationId: r.parentId,
    canonical: canonicalOfBms(adapter, r.record, candidateCtx),
  }));
  const byId = new Map(candidateRows.map((r) => [r.externalId, r]));
  const matcher = adapter.matcher(candidates, { candidateSystem: 'bms' });
  const claimed = new Set<string>();
  for (const item of items) {
    if (adapter.scoped && !item.accountId) continue;
    const decision = matcher.match(
      { id: item.row.externalId, createdAt: item.row.sourceCreatedAt?.toISOString() ?? null, organizationId: item.accountId, canonical: item.canonical },
      (id) => taken.has(id) || claimed.has(id),
    );
    if (decision.outcome !== 'matched') continue;
    claimed.add(decision.candidateId);
    matches.set(item.row.externalId, { decision, bms: byId.get(decision.candidateId)! });
  }
  return matches;
}

function emptyPrecheckPage(): PrecheckPage {
  return { nextPage: null, eligible: 0, alreadyLinked: 0, ineligible: 0, skipped: 0, existing: [], existingCount: 0, missingTypes: {}, incomplete: {} };
}

/** One page of the pre-check for one entity (nothing is written to BMS, IT Glue or the links). */
export async function precheckPage(session: SyncSession, entity: Entity, page: number): Promise<PrecheckPage> {
  const { db, integrationId } = session;
  const rows = await mirrorPage(db, { integrationId, system: 'itglue', entity }, { minId: page, limit: PRECHECK_BATCH });
  const last = rows.at(-1);
  const result = emptyPrecheckPage();
  result.nextPage = rows.length === PRECHECK_BATCH && last ? Number(last.externalId) + 1 : null;
  if (rows.length === 0) return result;
  if (entity === 'organization') await precheckOrganizations(session, rows, result);
  else await precheckChildren(session, adapterFor(entity), rows, result);
  return result;
}

const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

async function precheckOrganizations(session: SyncSession, rows: MirrorRow[], result: PrecheckPage): Promise<void> {
  const plans = await planOrganizations(session, rows);
  // Read now, not from the cached lookups: the operator may just have created the type in BMS.
  const accountTypes = new Set((await session.bms.listAccountTypes()).map((t) => matchKey(t.name)));
  for (const row of rows) {
    const plan = plans.get(row.externalId)!;
    if (plan.state === 'linked') result.alreadyLinked++;
    else if (plan.state === 'ineligible') result.ineligible++;
    else if (plan.state === 'skipped') result.skipped++;
    else {
      result.eligible++;
      if (plan.typeName && !accountTypes.has(matchKey(plan.typeName))) count(result.missingTypes, plan.typeName);
      if (plan.state === 'match') addExisting(result, { entity: 'organization', itglueId: row.externalId, bmsId: plan.bmsId!, explanation: plan.explanation ?? '' });
    }
  }
}

function addExisting(result: PrecheckPage, existing: ExistingInBms): void {
  result.existingCount++;
  if (result.existing.length < EXISTING_LIST_LIMIT) result.existing.push(existing);
}

async function precheckChildren(session: SyncSession, adapter: EntityAdapter, rows: MirrorRow[], result: PrecheckPage): Promise<void> {
  const { db, integrationId, settings } = session;
  const entity = adapter.entity;
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => !!p))];
  const parents = await getMirrors(db, { integrationId, system: 'itglue', entity: 'organization' }, parentIds);
  const plans = await planOrganizations(session, [...parents.values()].filter((p) => !p.deletedAt));
  const links = await linksByItGlueId(db, integrationId, entity, rows.map((r) => r.externalId));
  const ctx = await batchContext(session, adapter, [], rows.map((r) => r.record));
  const categories =
    entity === 'configuration' ? new Set((await session.bms.listLookup('AssetCategory')).map((c) => matchKey(c.name))) : null;

  // Records whose account exists in BMS already can match a BMS record there.
  const matchable: Candidate[] = [];
  for (const row of rows) {
    const plan = row.parentId ? plans.get(row.parentId) : undefined;
    const link = links.get(row.externalId);
    if (!plan || plan.state === 'ineligible' || plan.state === 'skipped') {
      result.ineligible++;
      continue;
    }
    if (isLinked(link)) {
      result.alreadyLinked++;
      continue;
    }
    if (link && SKIPPED_STATES.has(link.state)) {
      result.skipped++;
      continue;
    }
    const canonical = canonicalOfItGlue(adapter, row.record, ctx);
    if (adapter.itglueIneligible(canonical as never, settings)) {
      result.ineligible++;
      continue;
    }
    result.eligible++;
    if (entity === 'contact') {
      // A contact without a location gets its account's main location, so only these block it.
      for (const missing of missingForBmsContact(canonical as CanonicalByEntity['contact']).filter((m) => m !== 'a location')) count(result.incomplete, missing);
    }
    if (categories) {
      const typeName = (canonical as CanonicalByEntity['configuration']).typeName;
      if (typeName && !categories.has(matchKey(typeName))) count(result.missingTypes, typeName);
    }
    if (plan.bmsId) matchable.push({ row, accountId: plan.bmsId, canonical });
  }
  for (const [itglueId, match] of await matchInBms(session, adapter, matchable)) {
    addExisting(result, { entity, itglueId, bmsId: match.decision.candidateId, explanation: match.decision.explanation });
  }
}

// ------------------------------------------------------------------ push

/**
 * One page of the push of one entity. Records linked and unchanged since are skipped (a page
 * done again after a crash costs no BMS call for them); the rest go through the two-way push
 * decisions with two-way switched on for this operation and the "edited since" safeguard
 * lifted (`force`): that safeguard is exactly what Push All exists to bypass, once.
 */
export async function pushAllPage(session: SyncSession, entity: Entity, page: number): Promise<PageOutcome> {
  const { db, integrationId } = session;
  const push = session.withSettings({ twoWay: true });
  const adapter = adapterFor(entity);
  const rows = await mirrorPage(db, { integrationId, system: 'itglue', entity }, { minId: page, limit: PUSH_ALL_BATCH });
  const before = await linksByItGlueId(db, integrationId, entity, rows.map((r) => r.externalId));
  const todo = rows.filter((row) => {
    const link = before.get(row.externalId);
    const unchanged = link?.state === 'enabled' && !!link.bmsId && !!link.itglueUpdatedAt && !!row.sourceUpdatedAt && row.sourceUpdatedAt <= link.itglueUpdatedAt;
    if (unchanged) push.count('already-linked');
    return !unchanged;
  });
  await linkExisting(push, adapter, todo, before);
  await processItGlueRecords(push, adapter, todo.map(mirrorSource), { force: true, reason: 'Push All' });
  await push.flush();
  await countOutcomes(push, entity, todo, before);
  const last = rows.at(-1);
  return { nextPage: rows.length === PUSH_ALL_BATCH && last ? Number(last.externalId) + 1 : null, counts: push.counts };
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The merge base for a record Push All links to an existing BMS record: a field empty in IT Glue
 * takes BMS's value (BMS fills the gap), every other field takes IT Glue's (this is a push).
 * Written as the base of a two-way merge: the side whose value differs from the base wins.
 */
export function pushAllBase(bms: CanonicalRecord, itglue: CanonicalRecord): CanonicalRecord {
  const b = bms as unknown as Record<string, unknown>;
  const i = itglue as unknown as Record<string, unknown>;
  const base: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(i)])) base[key] = isEmpty(i[key]) ? i[key] : b[key];
  return base as unknown as CanonicalRecord;
}

/**
 * Links the page's unlinked records that already exist in BMS (the pre-check listed them),
 * before the push decisions run; those then reconcile each pair from the base above. Records a
 * lost create may have made (`creating`) are left to the push decisions, which look for them.
 */
async function linkExisting(session: SyncSession, adapter: EntityAdapter, rows: MirrorRow[], links: Map<string, LinkRow>): Promise<void> {
  const { db, integrationId, settings } = session;
  const entity = adapter.entity;
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => !!p))];
  const parents = adapter.scoped ? await linksByItGlueId(db, integrationId, 'organization', parentIds) : new Map<string, LinkRow>();
  const ctx = await batchContext(session, adapter, [], rows.map((r) => r.record));
  const items: Candidate[] = [];
  for (const row of rows) {
    const link = links.get(row.externalId);
    if (link && (link.bmsId || link.state === 'creating' || SKIPPED_STATES.has(link.state))) continue;
    const canonical = canonicalOfItGlue(adapter, row.record, ctx);
    if (adapter.itglueIneligible(canonical as never, settings)) continue;
    const parent = row.parentId ? parents.get(row.parentId) : undefined;
    if (adapter.scoped && (parent?.state !== 'enabled' || !parent.bmsId)) continue;
    items.push({ row, canonical, accountId: parent?.bmsId ?? null });
  }
  const matches = await matchInBms(session, adapter, items);
  if (matches.size === 0) return;
  const bmsCtx = await batchContext(session, adapter, [...matches.values()].map((m) => m.bms.record));
  for (const item of items) {
    const match = matches.get(item.row.externalId);
    if (!match) continue;
    const { decision } = match;
    const fields = {
      itglueId: item.row.externalId,
      itglueParentId: item.row.parentId,
      bmsId: decision.candidateId,
      bmsParentId: item.accountId,
      state: 'enabled' as const,
      reason: null,
      matchRule: decision.rule,
      matchTier: decision.tier,
      matchExplanation: decision.explanation,
      snapshot: pushAllBase(canonicalOfBms(adapter, match.bms.record, bmsCtx), item.canonical),
    };
    const existing = links.get(item.row.externalId);
    try {
      const linked = existing ? await updateLink(db, existing.id, fields) : await insertLink(db, { integrationId, entity, ...fields });
      if (!linked) continue; // linked meanwhile by another writer
    } catch (err) {
      if (String((err as { code?: string }).code) === '23505') continue; // the BMS record was linked meanwhile
      throw err;
    }
    session.log({
      entity,
      action: 'match',
      bmsId: decision.candidateId,
      itglueId: item.row.externalId,
      message: `${decision.explanation} (Push All: linked, not duplicated)`,
      details: { rule: decision.rule, tier: decision.tier, direction: 'push-all' },
    });
  }
}

/** `created` and `linked-existing` per record, from the links before and after the page. */
async function countOutcomes(session: SyncSession, entity: Entity, rows: MirrorRow[], before: Map<string, LinkRow>): Promise<void> {
  const after = await linksByItGlueId(session.db, session.integrationId, entity, rows.map((r) => r.externalId));
  for (const row of rows) {
    const was = before.get(row.externalId);
    const now = after.get(row.externalId);
    if (!now?.bmsId || now.state !== 'enabled' || (was?.bmsId && was.state !== 'creating')) continue;
    session.count(now.matchRule === 'created' ? 'created' : 'linked-existing');
  }
}

/**
 * Parent accounts: an organization pushed before its parent existed in BMS was created without
 * it (the reference could not be resolved yet). Once every organization is pushed, organizations
 * whose IT Glue parent is linked but whose synced parent differs are reconciled again, which
 * writes the parent to BMS.
 */
export async function setParentsPage(session: SyncSession, page: number): Promise<PageOutcome> {
  const { db, integrationId } = session;
  const push = session.withSettings({ twoWay: true });
  const rows = await mirrorPage(db, { integrationId, system: 'itglue', entity: 'organization' }, { minId: page, limit: PUSH_ALL_BATCH });
  const withParent = rows.filter((r) => r.record['parent-id'] !== null && r.record['parent-id'] !== undefined);
  const links = await linksByItGlueId(db, integrationId, 'organization', withParent.map((r) => r.externalId));
  const parentLinks = await linksByItGlueId(db, integrationId, 'organization', withParent.map((r) => String(r.record['parent-id'])));
  const pending = withParent.filter((r) => {
    const link = links.get(r.externalId);
    const parent = parentLinks.get(String(r.record['parent-id']));
    const syncedParent = (link?.snapshot as CanonicalByEntity['organization'] | null)?.parent ?? null;
    return link?.state === 'enabled' && !!link.bmsId && !!parent?.bmsId && syncedParent !== parent.bmsId;
  });
  await processItGlueRecords(push, adapterFor('organization'), pending.map(mirrorSource), { force: true, reason: 'Push All: parent account' });
  await push.flush();
  const done = await linksByItGlueId(db, integrationId, 'organization', pending.map((r) => r.externalId));
  for (const r of pending) {
    const parent = parentLinks.get(String(r.record['parent-id']));
    const synced = (done.get(r.externalId)?.snapshot as CanonicalByEntity['organization'] | null)?.parent ?? null;
    push.count(synced === parent?.bmsId ? 'parent-set' : 'parent-not-set');
  }
  const last = rows.at(-1);
  return { nextPage: rows.length === PUSH_ALL_BATCH && last ? Number(last.externalId) + 1 : null, counts: push.counts };
}
