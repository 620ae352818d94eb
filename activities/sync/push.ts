/**
 * Two-way: IT Glue → BMS (SPEC §8). The IT Glue mirror refresh (newest first) finds what changed;
 * this step takes the records that changed since the last push, one page per activity call:
 * - linked, enabled records: three-way merge, each side gets the fields the other changed;
 * - unlinked records: pushed when created or edited after two-way was enabled (older, unedited
 *   ones stay `not-yet-pushed`), and when their type and status are synced: matched against BMS
 *   first (linked, not duplicated), otherwise created in BMS;
 * - Microsoft 365 contacts with auto-push on: pushed without an edit, with the configured e-mail
 *   and phone types; one missing a required value is held with a message naming it.
 */
import { deleteCursor, readCursor, writeCursor } from '../../db/cursors.js';
import { insertLink, linksByBmsId, linksByItGlueId, syncedPatch, takenIds, updateLink, type LinkRow } from '../../db/links.js';
import { databaseNow, findCandidates, getMirrors, mirrorPage, mirrorsByParent, unlinkedMicrosoftContacts, upsertMirrors, type MirrorRow } from '../../db/mirrors.js';
import type { CanonicalByEntity, CanonicalContact, CanonicalLocation, CanonicalRecord, Entity } from '../../domain/entities.js';
import { ENTITY_NAMES } from '../../domain/entities.js';
import { applyToBms, type MappingContext, type WireRecord } from '../../domain/mapping/index.js';
import { adapterFor, canonicalOfBms, canonicalOfItGlue, toMirrorInput, type EntityAdapter, type MatchInput, type SourceRecord } from './adapters.js';
import { accountDefaults, createInBms, findInBms, readBms } from './bms-writer.js';
import { bmsLocationWriteHold } from './location-holds.js';
import type { PageOutcome } from './itglue-mirror.js';
import { batchContext } from './pull.js';
import { applyItGlueUpdates, describeError, isRecordFailure, reconcileLinked, type ItGlueUpdate } from './reconcile.js';
import type { SyncSession } from './session.js';

const PUSH_BATCH = 100;
const PUSH_OVERLAP_MS = 2 * 60_000;

export const pushSince = (entity: Entity) => `push:${entity}:since`;
const pushUpto = (entity: Entity) => `push:${entity}:upto`;

export function mirrorSource(row: MirrorRow): SourceRecord {
  return { id: row.externalId, parentId: row.parentId, matchKey: row.matchKey, createdAt: row.sourceCreatedAt, updatedAt: row.sourceUpdatedAt, record: row.record };
}

export async function pushItGluePage(session: SyncSession, entity: Entity, page: number): Promise<PageOutcome> {
  const { db, integrationId, integration, settings } = session;
  if (!settings.twoWay || !integration.twoWayEnabledAt) return { nextPage: null, counts: session.counts };
  const scope = { integrationId, system: 'itglue' as const, entity };

  // The push takes what the IT Glue mirror learned since the last push, by the mirror's own
  // change time: a record a refresh brought in late (a shifted page, a full reconcile) is still
  // pushed, whatever its updated-at. The window overlaps the previous one by a couple of minutes
  // so a mirror write that committed late is not missed; records seen twice are skipped as
  // unchanged (their link already holds their updated-at).
  const sinceText = await readCursor(db, integrationId, pushSince(entity));
  const since = new Date((sinceText ? Date.parse(sinceText) : integration.twoWayEnabledAt.getTime()) - PUSH_OVERLAP_MS);
  // Fix the upper bound at the first page, so our own writes during the push do not move the
  // set under the pages (they are picked up, and skipped as unchanged, next time).
  let uptoText = await readCursor(db, integrationId, pushUpto(entity));
  if (page === 1 || !uptoText) {
    uptoText = (await databaseNow(db)).toISOString();
    await writeCursor(db, integrationId, pushUpto(entity), uptoText);
  }
  const rows = await mirrorPage(db, scope, {
    minId: page,
    limit: PUSH_BATCH,
    changedSince: since,
    changedUntil: new Date(uptoText),
  });
  await processItGlueRecords(session, adapterFor(entity), rows.map(mirrorSource));
  await session.flush();
  const last = rows.at(-1);
  if (rows.length === PUSH_BATCH && last) return { nextPage: Number(last.externalId) + 1, counts: session.counts };

  // Microsoft 365 contacts are pushed without waiting for an edit (SPEC §8).
  if (entity === 'contact' && settings.microsoftContacts.autoPush) {
    const contacts = await unlinkedMicrosoftContacts(db, integrationId, PUSH_BATCH);
    await processItGlueRecords(session, adapterFor(entity), contacts.map(mirrorSource));
    await session.flush();
    if (contacts.length === PUSH_BATCH) return { nextPage: page, counts: session.counts };
  }

  await writeCursor(db, integrationId, pushSince(entity), uptoText);
  await deleteCursor(db, integrationId, pushUpto(entity));
  return { nextPage: null, counts: session.counts };
}

/** Requirements BMS has for a contact (SPEC §8): what is missing, by name. */
export function missingForBmsContact(contact: CanonicalContact): string[] {
  const missing: string[] = [];
  if (!contact.firstName) missing.push('first name');
  if (!contact.lastName) missing.push('last name');
  if (contact.emails.length === 0) missing.push('an e-mail address');
  if (contact.phones.length === 0) missing.push('a phone number');
  if (!contact.location) missing.push('a location');
  return missing;
}

const isMicrosoftContact = (record: WireRecord) =>
  Array.isArray(record['integration-sources']) && (record['integration-sources'] as string[]).includes('office365');

/** Push decisions for IT Glue records (the push, record sync-now and Push All share them). */
export async function processItGlueRecords(
  session: SyncSession,
  adapter: EntityAdapter,
  sources: SourceRecord[],
  options: { force?: boolean; reason?: string } = {},
): Promise<void> {
  if (sources.length === 0) return;
  const { db, integrationId, integration, settings } = session;
  const entity = adapter.entity;
  const links = await linksByItGlueId(db, integrationId, entity, sources.map((s) => s.id));
  const parentLinks = adapter.scoped
    ? await linksByItGlueId(db, integrationId, 'organization', [...new Set(sources.map((s) => s.parentId).filter((p): p is string => !!p))])
    : new Map<string, LinkRow>();
  const ctx = await batchContext(session, adapter, [], sources.map((s) => s.record));
  const enabledAt = integration.twoWayEnabledAt ?? new Date(0);
  const updates: ItGlueUpdate[] = [];
  const toPush: { source: SourceRecord; canonical: CanonicalRecord; link: LinkRow | undefined; parent: LinkRow | undefined }[] = [];

  for (const source of sources) {
    const link = links.get(source.id);
    try {
      if (link?.bmsId && link.state !== 'creating') {
        if (link.state !== 'enabled' && link.state !== 'error') {
          session.count(link.state === 'disabled' ? 'skip' : link.state);
          continue;
        }
        if (!options.force && link.itglueUpdatedAt && source.updatedAt && source.updatedAt <= link.itglueUpdatedAt) {
          session.count('unchanged');
          continue;
        }
        const bmsRecord = adapter.fromBms(await readBms(session.bms, entity, link.bmsId, link.bmsParentId));
        await upsertMirrors(db, { integrationId, system: 'bms', entity, runId: null }, [toMirrorInput(bmsRecord)]);
        const bmsCtx = await batchContext(session, adapter, [bmsRecord.record], [source.record]);
        const update = await reconcileLinked(session, adapter, { link, bms: bmsRecord, itglue: source }, bmsCtx, { reason: options.reason });
        if (update) updates.push(update);
        continue;
      }
      if (link && ['disabled', 'excluded', 'orphaned'].includes(link.state)) {
        session.count('skip');
        continue;
      }

      let canonical = canonicalOfItGlue(adapter, source.record, ctx);
      const microsoft = entity === 'contact' && isMicrosoftContact(source.record) && settings.microsoftContacts.autoPush;
      const ineligible = adapter.itglueIneligible(canonical as never, settings);
      if (ineligible) {
        session.count('ineligible');
        continue;
      }
      const parent = source.parentId ? parentLinks.get(source.parentId) : undefined;
      if (adapter.scoped && (parent?.state !== 'enabled' || !parent.bmsId)) {
        session.count('ineligible');
        continue;
      }
      // The safeguard against bulk duplication (SPEC §8): records that existed before two-way was
      // enabled are pushed only once edited after that moment.
      const edited = (source.updatedAt ?? new Date(0)) > enabledAt || (source.createdAt ?? new Date(0)) > enabledAt;
      if (!options.force && !edited && !microsoft) {
        session.count('not-yet-pushed');
        continue;
      }
      if (microsoft) {
        const mc = settings.microsoftContacts;
        const contact = canonical as CanonicalContact;
        canonical = {
          ...contact,
          emails: contact.emails.map((e) => ({ ...e, typeName: mc.emailType ?? e.typeName })),
          phones: contact.phones.map((p) => ({ ...p, typeName: mc.phoneType ?? p.typeName })),
        };
        const missing = missingForBmsContact(canonical as CanonicalContact);
        if (missing.length > 0) {
          await holdItGlueRecord(session, entity, source, link, parent, `held: BMS needs ${missing.join(', ')}`, 'Microsoft 365 contact ');
          continue;
        }
      }
      toPush.push({ source, canonical, link, parent });
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      await recordItGlueError(session, entity, source, link, describeError(err));
    }
  }
  await applyItGlueUpdates(session, entity, updates);
  await matchOrCreateInBms(session, adapter, toPush, ctx);
}

/** Holds an unlinked IT Glue record for an operator (logged once per reason). */
async function holdItGlueRecord(
  session: SyncSession,
  entity: Entity,
  source: SourceRecord,
  link: LinkRow | undefined,
  parent: LinkRow | undefined,
  reason: string,
  logPrefix = '',
): Promise<void> {
  const { db, integrationId } = session;
  if (link?.state === 'held' && link.reason === reason) {
    session.count('held');
    return;
  }
  if (link) await updateLink(db, link.id, { state: 'held', reason });
  else await insertLink(db, { integrationId, entity, itglueId: source.id, itglueParentId: source.parentId, bmsParentId: parent?.bmsId ?? null, state: 'held', reason });
  session.log({ entity, action: 'hold', bmsId: link?.bmsId ?? null, itglueId: source.id, message: `${logPrefix}${reason}` });
}

async function recordItGlueError(session: SyncSession, entity: Entity, source: SourceRecord, link: LinkRow | undefined, message: string): Promise<void> {
  const { db, integrationId } = session;
  if (link) await updateLink(db, link.id, { state: 'error', reason: message });
  else await insertLink(db, { integrationId, entity, itglueId: source.id, itglueParentId: source.parentId, state: 'error', reason: message });
  session.log({ entity, action: 'error', bmsId: link?.bmsId ?? null, itglueId: source.id, message });
}

/** Unlinked IT Glue records: link to the BMS record the matching rules find, else create it in BMS. */
async function matchOrCreateInBms(
  session: SyncSession,
  adapter: EntityAdapter,
  pending: { source: SourceRecord; canonical: CanonicalRecord; link: LinkRow | undefined; parent: LinkRow | undefined }[],
  ctx: MappingContext,
): Promise<void> {
  if (pending.length === 0) return;
  const { db, integrationId, settings, lookups } = session;
  const entity = adapter.entity;
  const names = ENTITY_NAMES[entity];
  const scope = { integrationId, system: 'bms' as const, entity };

  // A create whose answer was lost: look for the record in BMS before creating it again.
  for (const p of pending.filter((x) => x.link?.state === 'creating')) {
    const accountId = p.parent?.bmsId ? Number(p.parent.bmsId) : null;
    const found = await findInBms(session.bms, entity, p.canonical, accountId);
    await upsertMirrors(db, { ...scope, runId: null }, found.map((r) => toMirrorInput(adapter.fromBms(r))));
  }

  const candidateRows = await findCandidates(db, scope, {
    parentIds: adapter.scoped ? pending.map((p) => p.parent!.bmsId!) : undefined,
    matchKeys: pending.map((p) => p.source.matchKey),
  });
  const taken = await takenIds(db, integrationId, entity, 'bms', candidateRows.map((r) => r.externalId));
  const candidateCtx = await batchContext(session, adapter, candidateRows.map((r) => r.record));
  const candidates: MatchInput[] = candidateRows.map((r) => ({
    id: r.externalId,
    createdAt: r.sourceCreatedAt?.toISOString() ?? null,
    organizationId: r.parentId,
    canonical: canonicalOfBms(adapter, r.record, candidateCtx),
  }));
  const matcher = adapter.matcher(candidates, { candidateSystem: 'bms' });
  const claimed = new Set<string>();
  const updates: ItGlueUpdate[] = [];
  const defaults = () => accountDefaults(settings, lookups);

  for (const p of pending) {
    const { source } = p;
    let current = p.link;
    try {
      const decision = matcher.match(
        { id: source.id, createdAt: source.createdAt?.toISOString() ?? null, organizationId: p.parent?.bmsId ?? null, canonical: p.canonical },
        (id) => taken.has(id) || claimed.has(id),
      );
      let bmsSource: SourceRecord;
      let link: LinkRow | null;
      const linkFields = { itglueId: source.id, itglueParentId: source.parentId, bmsParentId: p.parent?.bmsId ?? null };
      if (decision.outcome === 'matched') {
        claimed.add(decision.candidateId);
        bmsSource = adapter.fromBms(await readBms(session.bms, entity, decision.candidateId, p.parent?.bmsId ?? null));
        const bmsCtx = await batchContext(session, adapter, [bmsSource.record], [source.record]);
        // Found again after a lost answer: BMS holds what that create wrote (a contact's job
        // title comes in a follow-up call that may not have happened), so it is the base and IT
        // Glue's values win where they differ; a plain match has no base (the policy decides).
        const snapshot = p.link?.state === 'creating' ? canonicalOfBms(adapter, bmsSource.record, bmsCtx) : null;
        const fields = { ...linkFields, bmsId: decision.candidateId, state: 'enabled' as const, reason: null, matchRule: decision.rule, matchTier: decision.tier, matchExplanation: decision.explanation, snapshot };
        link = p.link ? await updateLink(db, p.link.id, fields) : await insertLink(db, { integrationId, entity, ...fields });
        if (!link) continue;
        current = link;
        session.log({
          entity,
          action: 'match',
          bmsId: decision.candidateId,
          itglueId: source.id,
          message: p.link?.state === 'creating' ? `found the BMS ${names.bms} an earlier attempt created (its answer was lost): ${decision.explanation}` : decision.explanation,
          details: { rule: decision.rule, tier: decision.tier, direction: 'push' },
        });
        const update = await reconcileLinked(session, adapter, { link, bms: bmsSource, itglue: source }, bmsCtx, { reason: 'first sync after match' });
        if (update) updates.push(update);
        if (entity === 'organization') await mirrorAccountLocations(session, bmsSource);
        if (entity === 'organization' && p.link?.state === 'creating') {
          // The lost create made the account with IT Glue's primary location: link that too,
          // or its push would create the location a second time.
          const first = await primaryLocationInput(session, source.id);
          if (first) await linkCreatedAccountLocation(session, bmsSource, first.itglueId);
        }
        continue;
      }

      const hold = entity === 'location' && p.parent?.bmsId ? bmsLocationWriteHold(settings, { kind: 'add', accountId: p.parent.bmsId, location: p.canonical as CanonicalLocation }) : null;
      if (hold) {
        await holdItGlueRecord(session, entity, source, p.link, p.parent, hold);
        continue;
      }
      // Mark the intent first (a lost answer is recovered by matching on the next attempt).
      link = p.link
        ? await updateLink(db, p.link.id, { ...linkFields, state: 'creating', reason: null })
        : await insertLink(db, { integrationId, entity, ...linkFields, state: 'creating' });
      if (!link) continue;
      current = link;
      const accountId = p.parent?.bmsId ? Number(p.parent.bmsId) : null;
      const mainLocationId = accountId !== null ? await mainLocationOf(session, String(accountId)) : null;
      const firstLocation = entity === 'organization' ? await primaryLocationInput(session, source.id) : undefined;
      const created = await createInBms(session.bms, entity, p.canonical as never, ctx, { accountId, mainLocationId, defaults, firstLocation: firstLocation?.input });
      bmsSource = adapter.fromBms(created.record);
      await upsertMirrors(db, { ...scope, runId: null }, [toMirrorInput(bmsSource)]);
      const snapshot = { ...(p.canonical as object) } as Record<string, unknown>;
      for (const field of created.write.failed) snapshot[field as string] = null;
      await updateLink(db, link.id, {
        bmsId: bmsSource.id,
        matchRule: 'created',
        matchExplanation: `no matching BMS ${names.bms}; created`,
        ...syncedPatch({ snapshot: snapshot as unknown as CanonicalRecord, bmsModifiedAt: bmsSource.updatedAt, itglueUpdatedAt: source.updatedAt, runId: session.runId }),
      });
      session.log({ entity, action: 'push', bmsId: bmsSource.id, itglueId: source.id, message: `created BMS ${names.bms} ${bmsSource.id} from IT Glue ${names.itglue} ${source.id}` });
      for (const warning of created.write.warnings) session.log({ entity, action: 'warning', bmsId: bmsSource.id, itglueId: source.id, key: warning, message: warning });
      if (firstLocation) await linkCreatedAccountLocation(session, bmsSource, firstLocation.itglueId);
    } catch (err) {
      if (!isRecordFailure(err)) throw err;
      await recordItGlueError(session, entity, source, current, describeError(err));
    }
  }
  await applyItGlueUpdates(session, entity, updates);
}

async function mainLocationOf(session: SyncSession, accountId: string): Promise<number | null> {
  const mirrors = await getMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: 'organization' }, [accountId]);
  let account = mirrors.get(accountId)?.record;
  if (!account) account = (await session.bms.getAccount(Number(accountId))) as WireRecord;
  const locations = Array.isArray(account.locations) ? (account.locations as WireRecord[]) : [];
  const main = locations.find((l) => l.isMain === true) ?? locations[0];
  return main ? Number(main.id) : null;
}

/** A new BMS account needs a location: the IT Glue organization's primary location, when it has one. */
async function primaryLocationInput(session: SyncSession, organizationId: string): Promise<{ itglueId: string; input: WireRecord } | undefined> {
  const locations = await mirrorsByParent(session.db, { integrationId: session.integrationId, system: 'itglue', entity: 'location' }, organizationId);
  const primary = locations.find((r) => r.record.primary === true) ?? locations[0];
  if (!primary) return undefined;
  const adapter = adapterFor('location');
  const ctx = session.mappingContext({});
  const canonical = canonicalOfItGlue(adapter, primary.record, ctx) as CanonicalByEntity['location'];
  const body: WireRecord = { isMain: true, isActive: true };
  const write = applyToBms(adapter.mapping, canonical, body, ctx);
  const { address, ...rest } = write.values;
  return { itglueId: primary.externalId, input: { ...rest, isMain: true, addresses: [{ ...(address as WireRecord), isMain: true }] } };
}

/** An account's locations come inside it: keep them in the BMS mirror for location matching. */
async function mirrorAccountLocations(session: SyncSession, account: SourceRecord): Promise<void> {
  const locations = Array.isArray(account.record.locations) ? (account.record.locations as WireRecord[]) : [];
  const adapter = adapterFor('location');
  await upsertMirrors(
    session.db,
    { integrationId: session.integrationId, system: 'bms', entity: 'location', runId: null },
    locations.map((l) => toMirrorInput(adapter.fromBms({ ...l, accountId: Number(account.id) }))),
  );
}

/** The location created with a new account is the IT Glue primary location: link them. */
async function linkCreatedAccountLocation(session: SyncSession, account: SourceRecord, itglueLocationId: string): Promise<void> {
  const locations = Array.isArray(account.record.locations) ? (account.record.locations as WireRecord[]) : [];
  const created = locations.find((l) => l.isMain === true) ?? locations[0];
  if (!created) return;
  const adapter = adapterFor('location');
  const bmsLocation = adapter.fromBms({ ...created, accountId: Number(account.id) });
  await upsertMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: 'location', runId: null }, [toMirrorInput(bmsLocation)]);
  const existing = await linksByBmsId(session.db, session.integrationId, 'location', [bmsLocation.id]);
  if (existing.size > 0) return;
  const itgRow = (await getMirrors(session.db, { integrationId: session.integrationId, system: 'itglue', entity: 'location' }, [itglueLocationId])).get(itglueLocationId);
  const ctx = session.mappingContext({});
  const snapshot = itgRow ? canonicalOfItGlue(adapter, itgRow.record, ctx) : canonicalOfBms(adapter, bmsLocation.record, ctx);
  await insertLink(session.db, {
    integrationId: session.integrationId,
    entity: 'location',
    bmsId: bmsLocation.id,
    itglueId: itglueLocationId,
    bmsParentId: account.id,
    itglueParentId: itgRow?.parentId ?? null,
    matchRule: 'created',
    matchExplanation: 'created in BMS as the main location of its new account',
    ...syncedPatch({ snapshot, bmsModifiedAt: bmsLocation.updatedAt, itglueUpdatedAt: itgRow?.sourceUpdatedAt ?? null, runId: session.runId }),
  } as never);
  session.log({ entity: 'location', action: 'push', bmsId: bmsLocation.id, itglueId: itglueLocationId, message: `created BMS location ${bmsLocation.id} with its account from IT Glue location ${itglueLocationId}` });
}
