/**
 * Reconciling one linked pair: map both sides to canonical form, merge three ways against the
 * snapshot, write what changed to each side, and record the new snapshot. Shared by the pull,
 * the push, record sync-now and Push All.
 *
 * Writes to IT Glue are collected and sent in bulk (one PATCH for up to 100 records); a refused
 * bulk write is retried record by record so one bad record fails alone.
 */
import { isApiError, type ApiError } from '../../clients/http.js';
import type { ItgResource } from '../../clients/itglue/index.js';
import { syncedPatch, updateLink, type LinkRow } from '../../db/links.js';
import { upsertMirrors } from '../../db/mirrors.js';
import type { CanonicalByEntity, CanonicalLocation, CanonicalRecord, Entity } from '../../domain/entities.js';
import { fieldNames, itglueAttributes, type MappingContext, type WireRecord } from '../../domain/mapping/index.js';
import { canonicalEqual, threeWayMerge } from '../../domain/merge.js';
import { InputError } from '../errors.js';
import { adapterFor, canonicalOfBms, canonicalOfItGlue, toMirrorInput, type EntityAdapter, type SourceRecord } from './adapters.js';
import { accountDefaults, updateInBms } from './bms-writer.js';
import { bmsLocationWriteHold } from './location-holds.js';
import type { SyncSession } from './session.js';

/** A failure that belongs to one record (bad data, a 4xx): the record fails, the run goes on. */
export function isRecordFailure(err: unknown): err is Error {
  if (err instanceof InputError) return true;
  return isApiError(err) && ['validation', 'not-found', 'forbidden', 'malformed-response'].includes((err as ApiError).kind);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** IT Glue lookups a record needs, created beforehand when missing (types, statuses, manufacturers, models). */
export async function ensureItGlueLookups(session: SyncSession, entity: Entity, records: CanonicalRecord[]): Promise<void> {
  const wanted: { table: Parameters<SyncSession['lookups']['ensureItGlue']>[3][number]['table']; name: string; scope?: number | null }[] = [];
  const add = (table: (typeof wanted)[number]['table'], name: string | null) => {
    if (name && !wanted.some((w) => w.table === table && w.name.toLowerCase() === name.toLowerCase())) wanted.push({ table, name });
  };
  for (const record of records) {
    if (entity === 'organization') {
      const r = record as CanonicalByEntity['organization'];
      add('organizationTypes', r.typeName);
      add('organizationStatuses', r.active ? 'Active' : 'Inactive');
    } else if (entity === 'configuration') {
      const r = record as CanonicalByEntity['configuration'];
      add('configurationTypes', r.typeName);
      add('configurationStatuses', r.active ? 'Active' : 'Inactive');
      add('manufacturers', r.manufacturerName);
    }
  }
  const { lookups, database, itglue, integrationId } = session;
  await lookups.ensureItGlue(database, itglue, integrationId, wanted);
  if (entity === 'configuration') {
    const models: { table: 'models'; name: string; scope: number | null }[] = [];
    for (const record of records as CanonicalByEntity['configuration'][]) {
      if (!record.modelName) continue;
      const scope = lookups.itglue.idOf('manufacturers', record.manufacturerName);
      if (!models.some((m) => m.name.toLowerCase() === record.modelName!.toLowerCase() && m.scope === scope)) {
        models.push({ table: 'models', name: record.modelName, scope });
      }
    }
    await lookups.ensureItGlue(database, itglue, integrationId, models);
  }
}

/** A pending IT Glue update of one linked record. */
export interface ItGlueUpdate {
  link: LinkRow;
  itglueId: string;
  attributes: WireRecord;
  /** The snapshot to record once the update lands. */
  snapshot: CanonicalRecord;
  /** Kept on the link (a held BMS write), or null. */
  reason: string | null;
  fields: string[];
  bmsModifiedAt: Date | null;
  message: string;
}

export interface LinkedSides {
  link: LinkRow;
  bms: SourceRecord;
  itglue: SourceRecord;
}

/**
 * Merges a linked pair and applies BMS-side changes at once; IT Glue-side changes are returned
 * for the caller to send in bulk. Returns null when nothing needs writing to IT Glue.
 */
export async function reconcileLinked<E extends Entity>(
  session: SyncSession,
  adapter: EntityAdapter<E>,
  sides: LinkedSides,
  ctx: MappingContext,
  options: { reason?: string } = {},
): Promise<ItGlueUpdate | null> {
  const { link } = sides;
  const { settings } = session;
  const bmsCanon = canonicalOfBms(adapter, sides.bms.record, ctx);
  let bmsRecord = sides.bms;
  const itgCanon = canonicalOfItGlue(adapter, sides.itglue.record, ctx);
  const merge = threeWayMerge({
    fields: fieldNames(adapter.mapping),
    base: (link.snapshot as Partial<CanonicalByEntity[E]> | null) ?? null,
    bms: bmsCanon,
    itglue: itgCanon,
    twoWay: settings.twoWay,
    policy: settings.conflictPolicy,
    bmsModifiedAt: sides.bms.updatedAt?.toISOString() ?? null,
    itglueUpdatedAt: sides.itglue.updatedAt?.toISOString() ?? null,
  });
  const snapshot = { ...merge.snapshot } as CanonicalByEntity[E];
  const ids = { bmsId: link.bmsId, itglueId: link.itglueId };

  for (const conflict of merge.conflicts) {
    session.log({
      entity: adapter.entity,
      action: 'conflict',
      ...ids,
      key: String(conflict.field),
      message: `${String(conflict.field)} changed on both sides: BMS ${JSON.stringify(conflict.bms)}, IT Glue ${JSON.stringify(conflict.itglue)}; ${conflict.winner === 'bms' ? 'BMS' : 'IT Glue'} wins (${conflict.reason})`,
      details: { field: conflict.field, base: conflict.base, bms: conflict.bms, itglue: conflict.itglue, winner: conflict.winner },
    });
  }

  let toBms = Object.keys(merge.toBms);
  const hold =
    adapter.entity === 'location' && toBms.length > 0
      ? bmsLocationWriteHold(settings, { kind: 'edit', accountId: link.bmsParentId ?? '', locationId: link.bmsId ?? '', location: bmsCanon as CanonicalLocation, fields: toBms })
      : null;
  if (hold) {
    // The BMS write waits for an operator; BMS keeps its value in the snapshot (see location-holds.ts).
    for (const field of toBms) (snapshot as unknown as Record<string, unknown>)[field] = bmsCanon[field as keyof CanonicalByEntity[E]];
    if (link.reason !== hold) session.log({ entity: adapter.entity, action: 'hold', ...ids, key: `fields:${toBms.join(',')}`, message: hold });
    else session.count('held');
    toBms = [];
  }
  if (toBms.length > 0) {
    const current = sides.bms.record;
    const result = await updateInBms(session.bms, adapter.entity, current, merge.toBms, ctx, () => accountDefaults(settings, session.lookups));
    for (const field of result.write.failed) (snapshot as unknown as Record<string, unknown>)[field as string] = bmsCanon[field];
    bmsRecord = adapter.fromBms(result.record);
    await upsertMirrors(session.db, { integrationId: session.integrationId, system: 'bms', entity: adapter.entity, runId: null }, [
      toMirrorInput(bmsRecord),
    ]);
    const written = toBms.filter((f) => !result.write.failed.includes(f as keyof CanonicalByEntity[E]));
    if (written.length) {
      session.log({
        entity: adapter.entity,
        action: 'push',
        ...ids,
        // Keyed by the fields: a record created and then updated in one run keeps both entries.
        key: `fields:${written.join(',')}`,
        message: `pushed ${written.join(', ')} to BMS${options.reason ? ` (${options.reason})` : ''}`,
        details: { fields: written, values: pick(merge.toBms, written) },
      });
    }
    for (const warning of result.write.warnings) {
      session.log({ entity: adapter.entity, action: 'warning', ...ids, key: `bms:${warning}`, message: warning });
    }
  }

  const toItGlue = Object.keys(merge.toItGlue);
  if (toItGlue.length === 0) {
    const unchanged = canonicalEqual(link.snapshot, snapshot) && link.state === 'enabled' && link.reason === hold;
    if (!unchanged || toBms.length > 0 || link.bmsModifiedAt?.getTime() !== bmsRecord.updatedAt?.getTime()) {
      await updateLink(
        session.db,
        link.id,
        syncedPatch({ snapshot, bmsModifiedAt: bmsRecord.updatedAt, itglueUpdatedAt: sides.itglue.updatedAt, runId: session.runId, reason: hold }),
      );
    }
    if (toBms.length === 0) session.count('unchanged');
    return null;
  }

  await ensureItGlueLookups(session, adapter.entity, [snapshot]);
  const write = itglueAttributes(adapter.mapping, merge.toItGlue, ctx, snapshot);
  for (const field of write.failed) (snapshot as unknown as Record<string, unknown>)[field as string] = itgCanon[field];
  for (const warning of write.warnings) {
    session.log({ entity: adapter.entity, action: 'warning', ...ids, key: `itglue:${warning}`, message: warning });
  }
  const fields = toItGlue.filter((f) => !write.failed.includes(f as keyof CanonicalByEntity[E]));
  if (fields.length === 0) {
    await updateLink(
      session.db,
      link.id,
      syncedPatch({ snapshot, bmsModifiedAt: bmsRecord.updatedAt, itglueUpdatedAt: sides.itglue.updatedAt, runId: session.runId, reason: hold }),
    );
    return null;
  }
  return {
    link,
    itglueId: link.itglueId!,
    attributes: write.values,
    snapshot,
    reason: hold,
    fields,
    bmsModifiedAt: bmsRecord.updatedAt,
    message: `updated ${fields.join(', ')} in IT Glue${options.reason ? ` (${options.reason})` : ''}`,
  };
}

function pick(values: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (values as Record<string, unknown>)[k]]));
}

const BULK_SIZE = 100;

/** Sends the collected IT Glue updates (bulk, falling back to one by one) and records them. */
export async function applyItGlueUpdates(session: SyncSession, entity: Entity, updates: ItGlueUpdate[]): Promise<void> {
  const adapter = adapterFor(entity);
  for (let i = 0; i < updates.length; i += BULK_SIZE) {
    const chunk = updates.slice(i, i + BULK_SIZE);
    let results: Map<string, ItgResource<unknown> | Error>;
    try {
      const updated =
        chunk.length === 1
          ? [await adapter.updateInItGlue(session.itglue, chunk[0]!.itglueId, chunk[0]!.attributes)]
          : await adapter.bulkUpdateInItGlue(
              session.itglue,
              chunk.map((u) => ({ id: u.itglueId, attributes: u.attributes })),
            );
      results = new Map(updated.map((r) => [r.id, r]));
    } catch (err) {
      if (!isRecordFailure(err) || chunk.length === 1) {
        if (!isRecordFailure(err)) throw err;
        results = new Map([[chunk[0]!.itglueId, err]]);
      } else {
        results = new Map();
        for (const u of chunk) {
          try {
            results.set(u.itglueId, await adapter.updateInItGlue(session.itglue, u.itglueId, u.attributes));
          } catch (single) {
            if (!isRecordFailure(single)) throw single;
            results.set(u.itglueId, single);
          }
        }
      }
    }
    session.beat({ entity, updated: i + chunk.length });
    const mirrored: SourceRecord[] = [];
    for (const u of chunk) {
      const result = results.get(u.itglueId);
      const ids = { bmsId: u.link.bmsId, itglueId: u.itglueId };
      if (result === undefined || result instanceof Error) {
        const message = result ? describeError(result) : 'IT Glue did not return the updated record';
        await updateLink(session.db, u.link.id, { state: 'error', reason: message });
        session.log({ entity, action: 'error', ...ids, message: `update failed: ${message}` });
        continue;
      }
      const source = adapter.fromItGlue(result);
      mirrored.push(source);
      await updateLink(
        session.db,
        u.link.id,
        syncedPatch({ snapshot: u.snapshot, bmsModifiedAt: u.bmsModifiedAt, itglueUpdatedAt: source.updatedAt, runId: session.runId, reason: u.reason }),
      );
      session.log({ entity, action: 'update', ...ids, message: u.message, details: { fields: u.fields, attributes: u.attributes } });
    }
    await upsertMirrors(
      session.db,
      { integrationId: session.integrationId, system: 'itglue', entity, runId: null },
      mirrored.map((s) => toMirrorInput(s)),
    );
  }
}
