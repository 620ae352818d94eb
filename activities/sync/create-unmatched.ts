/**
 * Create Unmatched (Passportal's button: "exclude the records you don't want and select Create
 * Unmatched to create the remaining ones"): every BMS record of an entity listed `unmatched`
 * (auto-create off) is decided again as the pull decides it, with auto-create on for this
 * operation: matched to an IT Glue record that appeared meanwhile (the IT Glue mirror is refreshed
 * first), else created. Excluded records (an operator's `exclude` override) stay excluded. Pages
 * are keyset over link ids, so a page done twice finds its records linked and skips them.
 */
import { unmatchedLinksPage } from '../../db/links.js';
import { getMirrors, sourceOf } from '../../db/mirrors.js';
import type { Entity } from '../../domain/entities.js';
import { moduleOf } from '../../entities/registry.js';
import { InputError } from '../errors.js';
import { pullRecords, type StepResult } from './pull.js';
import type { SyncSession } from './session.js';

export const CREATE_UNMATCHED_BATCH = 100;

/** One page of unmatched records of an entity; `cursor` is the last link id done. */
export async function createUnmatchedBatch(session: SyncSession, entity: Entity, cursor: string | null): Promise<StepResult> {
  const setting = moduleOf(entity).autoCreate;
  if (setting === null) throw new InputError(`${entity} records are always created: none is ever unmatched`);
  const { db, integrationId } = session;
  const links = await unmatchedLinksPage(db, integrationId, entity, Number(cursor ?? 0), CREATE_UNMATCHED_BATCH);
  if (links.length === 0) return { next: null };
  const mirrored = await getMirrors(db, { integrationId, system: 'bms', entity }, links.map((l) => l.bmsId!));
  const records = [...mirrored.values()].filter((m) => !m.deletedAt).map(sourceOf);
  // Gone from BMS since it was listed: the next full sync says so; nothing to create.
  if (records.length < links.length) session.count('gone-from-bms', links.length - records.length);
  const creating = session.withSettings({ autoCreate: { ...session.settings.autoCreate, [setting]: true } });
  await pullRecords(creating, entity, records, { reason: 'Create Unmatched' });
  for (const [action, n] of Object.entries(creating.counts)) session.count(action, n);
  return { next: links.length === CREATE_UNMATCHED_BATCH ? String(links.at(-1)!.id) : null };
}
