/**
 * Per-record operations (SPEC §6, §9 "record sync-now"): sync one record now (pull it from BMS,
 * or push it when it is an IT Glue record in two-way mode), disable or enable its sync,
 * reconnect a disabled record, delete the IT Glue record of an orphan. Each is safe to repeat.
 */
import { isApiError } from '../../clients/http.js';
import { deleteLink, linksByBmsId, linksByItGlueId, updateLink, type LinkRow } from '../../db/links.js';
import { getMirrors, markDeleted } from '../../db/mirrors.js';
import type { Entity, LinkState } from '../../domain/entities.js';
import { transition } from '../../domain/sync/link-states.js';
import { moduleOf } from '../../entities/registry.js';
import { InputError } from '../errors.js';
import { readBms, readItGlue } from './load.js';
import { pullRecords } from './pull.js';
import { pushRecords } from './push.js';
import type { SyncSession } from './session.js';

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

async function findLink(session: SyncSession, request: RecordRequest): Promise<LinkRow | undefined> {
  const { db, integrationId } = session;
  if (request.bmsId) return (await linksByBmsId(db, integrationId, request.entity, [request.bmsId])).get(request.bmsId);
  return (await linksByItGlueId(db, integrationId, request.entity, [request.itglueId!])).get(request.itglueId!);
}

/** The BMS account of a BMS record read through its account (a location): from the link or the mirror. */
async function bmsParent(session: SyncSession, entity: Entity, bmsId: string, link: LinkRow | undefined): Promise<string | null> {
  if (link?.bmsParentId) return link.bmsParentId;
  const mirror = (await getMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity }, [bmsId])).get(bmsId);
  return mirror?.parentId ?? null;
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
  const names = moduleOf(entity).names;
  const who = request.requestedBy ?? 'an operator';
  let link = await findLink(session, request);
  const ids = { bmsId: link?.bmsId ?? request.bmsId ?? null, itglueId: link?.itglueId ?? request.itglueId ?? null };

  switch (request.action) {
    case 'disable': {
      if (!link) throw new InputError(`the ${names.itglue} is not linked: there is no sync to disable`);
      if (link.state !== 'disabled') {
        link = await updateLink(db, link.id, { state: transition(link.state, 'disabled', 'an operator disabled it'), reason: `sync disabled by ${who}` });
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
        link = await updateLink(db, link.id, { state: transition(link.state, 'enabled', `an operator chose to ${request.action} it`), reason: null, bmsModifiedAt: null, itglueUpdatedAt: null });
        session.log({ entity, action: 'info', ...ids, message: `sync ${request.action === 'enable' ? 'enabled' : 'reconnected'} by ${who}` });
      }
      return syncNow(session, { ...request, bmsId: link.bmsId ?? request.bmsId, itglueId: link.itglueId ?? request.itglueId });
    }
    case 'delete-orphan': {
      if (!link || link.state !== 'orphaned' || !link.itglueId) {
        throw new InputError(`only an orphaned record can be deleted (this one is ${link?.state ?? 'not linked'})`);
      }
      const deleted = await session.itglue.bulkDelete(moduleOf(entity).itglueApi.resource, [link.itglueId]).catch((err: unknown) => {
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
  const module = moduleOf(entity) as never;
  const names = moduleOf(entity).names;
  let link = await findLink(session, request);
  if (link?.state === 'disabled') throw new InputError('sync is disabled for this record: enable it first');

  // Both sides as they are now, so the decisions use current values.
  const itglueId = link?.itglueId ?? request.itglueId;
  const itglue = itglueId ? await readItGlue(session, module, itglueId) : null;
  const bmsId = link?.bmsId ?? request.bmsId;
  if (bmsId) {
    const parent = moduleOf(entity).bmsApi.reading.kind === 'embedded' ? await bmsParent(session, entity, bmsId, link) : null;
    if (moduleOf(entity).bmsApi.reading.kind === 'embedded' && !parent) {
      throw new InputError(`BMS ${names.bms} ${bmsId} is unknown: run a sync first so its account is known`);
    }
    const bms = await readBms(session, module, bmsId, parent);
    if (!bms) {
      if (link && link.state !== 'orphaned' && link.itglueId) {
        link = await updateLink(session.db, link.id, { state: transition(link.state, 'orphaned', 'deleted in BMS'), reason: 'deleted in BMS' });
        session.log({ entity, action: 'orphan', bmsId, itglueId: link.itglueId, message: `orphaned: the BMS ${names.bms} was deleted; the IT Glue ${names.itglue} is kept` });
      }
      await session.flush();
      return result(request, link, `the BMS ${names.bms} ${bmsId} does not exist`);
    }
    // Forced: sync-now must not be skipped as "unchanged".
    await pullRecords(session, entity, [bms], { force: true, reason: 'sync now' });
  } else if (itglue) {
    if (!settings.twoWay) throw new InputError('two-way sync is off: an IT Glue record with no BMS link cannot be pushed');
    await pushRecords(session, entity, [itglue], { force: true, reason: 'sync now' });
  } else {
    throw new InputError(`IT Glue ${names.itglue} ${request.itglueId} does not exist`);
  }
  link = await findLink(session, { ...request, bmsId: bmsId ?? request.bmsId });
  if (!link && itglue) link = (await linksByItGlueId(session.db, session.integrationId, entity, [itglue.id])).get(itglue.id);
  const done = Object.entries(session.counts).map(([action, n]) => `${n} ${action}`).join(', ');
  return result(request, link, `synced${done ? `: ${done}` : ''}`);
}
