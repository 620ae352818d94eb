/**
 * Per-record operations (SPEC §6, §9 "record sync-now"): sync one record now (pull it from BMS,
 * or push it when it is an IT Glue record in two-way mode), disable or enable its sync,
 * reconnect a disabled record, delete the IT Glue record of an orphan. Each is safe to repeat.
 */
import type { ItgResource } from '../../clients/itglue/index.js';
import { deleteLink, linksByBmsId, linksByItGlueId, updateLink, type LinkRow } from '../../db/links.js';
import { getMirrors, markDeleted, upsertMirrors } from '../../db/mirrors.js';
import { ENTITY_NAMES, type Entity, type LinkState } from '../../domain/entities.js';
import { InputError } from '../errors.js';
import { adapterFor, toMirrorInput, type SourceRecord } from './adapters.js';
import { readBms } from './bms-writer.js';
import { processBmsRecords } from './pull.js';
import { processItGlueRecords } from './push.js';
import type { SyncSession } from './session.js';
import { isApiError } from '../../clients/http.js';

export type RecordAction = 'sync' | 'enable' | 'disable' | 'reconnect' | 'delete-orphan';

export interface RecordRequest {
  entity: Entity;
  bmsId?: string;
  itglueId?: string;
  action: RecordAction;
  requestedBy?: string;
}

export interface RecordResult {
  entity: Entity;
  bmsId: string | null;
  itglueId: string | null;
  state: LinkState | 'unlinked' | 'deleted';
  reason: string | null;
  message: string;
}

const RESOURCE = { organization: 'organizations', location: 'locations', contact: 'contacts', configuration: 'configurations' } as const;

async function findLink(session: SyncSession, request: RecordRequest): Promise<LinkRow | undefined> {
  const { db, integrationId } = session;
  if (request.bmsId) return (await linksByBmsId(db, integrationId, request.entity, [request.bmsId])).get(request.bmsId);
  return (await linksByItGlueId(db, integrationId, request.entity, [request.itglueId!])).get(request.itglueId!);
}

async function readItGlue(session: SyncSession, entity: Entity, id: string): Promise<SourceRecord | null> {
  const adapter = adapterFor(entity);
  try {
    const resource = entity === 'contact' ? await session.itglue.getContact(id) : await session.itglue.get(RESOURCE[entity], id);
    const source = adapter.fromItGlue(resource as ItgResource<unknown>);
    await upsertMirrors(session.db, { integrationId: session.integrationId, system: 'itglue', entity, runId: null }, [toMirrorInput(source)]);
    return source;
  } catch (err) {
    if (isApiError(err) && err.kind === 'not-found') {
      await markDeleted(session.db, { integrationId: session.integrationId, system: 'itglue', entity }, [id]);
      return null;
    }
    throw err;
  }
}

/** The BMS account of a BMS location: from the link or the mirror. */
async function locationAccount(session: SyncSession, bmsId: string, link: LinkRow | undefined): Promise<string | null> {
  if (link?.bmsParentId) return link.bmsParentId;
  const mirror = (await getMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: 'location' }, [bmsId])).get(bmsId);
  return mirror?.parentId ?? null;
}

async function readBmsSource(session: SyncSession, entity: Entity, bmsId: string, link: LinkRow | undefined): Promise<SourceRecord | null> {
  const adapter = adapterFor(entity);
  const parent = entity === 'location' ? await locationAccount(session, bmsId, link) : null;
  if (entity === 'location' && !parent) throw new InputError(`BMS location ${bmsId} is unknown: run a sync first so its account is known`);
  try {
    const source = adapter.fromBms(await readBms(session.bms, entity, bmsId, parent));
    await upsertMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity, runId: null }, [toMirrorInput(source)]);
    return source;
  } catch (err) {
    if (isApiError(err) && err.kind === 'not-found') return null;
    throw err;
  }
}

function result(request: RecordRequest, link: LinkRow | undefined, message: string): RecordResult {
  return {
    entity: request.entity,
    bmsId: link?.bmsId ?? request.bmsId ?? null,
    itglueId: link?.itglueId ?? request.itglueId ?? null,
    state: link?.state ?? 'unlinked',
    reason: link?.reason ?? null,
    message,
  };
}

export async function runRecordAction(session: SyncSession, request: RecordRequest): Promise<RecordResult> {
  const { db, settings } = session;
  const entity = request.entity;
  const names = ENTITY_NAMES[entity];
  const who = request.requestedBy ?? 'an operator';
  let link = await findLink(session, request);
  const ids = { bmsId: link?.bmsId ?? request.bmsId ?? null, itglueId: link?.itglueId ?? request.itglueId ?? null };

  switch (request.action) {
    case 'disable': {
      if (!link) throw new InputError(`the ${names.itglue} is not linked: there is no sync to disable`);
      if (link.state !== 'disabled') {
        link = await updateLink(db, link.id, { state: 'disabled', reason: `sync disabled by ${who}` });
        session.log({ entity, action: 'info', ...ids, message: `sync disabled by ${who}` });
      }
      await session.flush();
      return result(request, link, 'sync is disabled for this record');
    }
    case 'enable':
    case 'reconnect': {
      if (!link) throw new InputError(`the ${names.itglue} is not linked: nothing to ${request.action}`);
      if (link.state === 'disabled' || link.state === 'disconnected') {
        // Sync it straight away; the merge decides what changed meanwhile.
        link = await updateLink(db, link.id, { state: 'enabled', reason: null, bmsModifiedAt: null, itglueUpdatedAt: null });
        session.log({ entity, action: 'info', ...ids, message: `sync ${request.action === 'enable' ? 'enabled' : 'reconnected'} by ${who}` });
      }
      return syncNow(session, { ...request, bmsId: link.bmsId ?? request.bmsId, itglueId: link.itglueId ?? request.itglueId });
    }
    case 'delete-orphan': {
      if (!link || link.state !== 'orphaned' || !link.itglueId) {
        throw new InputError(`only an orphaned record can be deleted (this one is ${link?.state ?? 'not linked'})`);
      }
      const deleted = await session.itglue.bulkDelete(RESOURCE[entity], [link.itglueId]).catch((err: unknown) => {
        if (isApiError(err) && err.kind === 'not-found') return [];
        throw err;
      });
      await markDeleted(db, { integrationId: session.integrationId, system: 'itglue', entity }, [link.itglueId]);
      await deleteLink(db, link.id);
      session.log({ entity, action: 'delete', ...ids, message: `orphaned IT Glue ${names.itglue} ${link.itglueId} deleted by ${who}${deleted.length ? '' : ' (it was already gone)'}` });
      await session.flush();
      return { ...result(request, link, `IT Glue ${names.itglue} ${link.itglueId} deleted`), state: 'deleted' };
    }
    case 'sync':
      return syncNow(session, request);
  }
  throw new InputError(`unknown action ${String(request.action)}`);
}

async function syncNow(session: SyncSession, request: RecordRequest): Promise<RecordResult> {
  const { settings } = session;
  const entity = request.entity;
  const adapter = adapterFor(entity);
  const names = ENTITY_NAMES[entity];
  let link = await findLink(session, request);
  if (link?.state === 'disabled') throw new InputError('sync is disabled for this record: enable it first');

  // Refresh both sides' mirrors so the decisions use the current values.
  const itglueId = link?.itglueId ?? request.itglueId;
  const itglue = itglueId ? await readItGlue(session, entity, itglueId) : null;
  const bmsId = link?.bmsId ?? request.bmsId;
  if (bmsId) {
    const bms = await readBmsSource(session, entity, bmsId, link);
    if (!bms) {
      if (link && link.state !== 'orphaned') {
        link = await updateLink(session.db, link.id, { state: 'orphaned', reason: 'deleted in BMS' });
        session.log({ entity, action: 'orphan', bmsId, itglueId: link.itglueId, message: `orphaned: the BMS ${names.bms} was deleted; the IT Glue ${names.itglue} is kept` });
      }
      await session.flush();
      return result(request, link, `the BMS ${names.bms} ${bmsId} does not exist`);
    }
    // Force the merge: sync-now must not be skipped as "unchanged".
    if (link) await updateLink(session.db, link.id, { bmsModifiedAt: null });
    await processBmsRecords(session, adapter, [bms]);
  } else if (itglue) {
    if (!settings.twoWay) throw new InputError('two-way sync is off: an IT Glue record with no BMS link cannot be pushed');
    await processItGlueRecords(session, adapter, [itglue], { force: true, reason: 'sync now' });
  } else {
    throw new InputError(`IT Glue ${names.itglue} ${request.itglueId} does not exist`);
  }
  await session.flush();
  link = await findLink(session, { ...request, bmsId: bmsId ?? request.bmsId });
  if (!link && itglue) link = (await linksByItGlueId(session.db, session.integrationId, entity, [itglue.id])).get(itglue.id);
  const done = Object.entries(session.counts).map(([action, n]) => `${n} ${action}`).join(', ');
  return result(request, link, `synced${done ? `: ${done}` : ''}`);
}
