/**
 * Work that follows a pull, for entities whose module asks for it (entities/module.ts `afterSync`):
 * after a batch is applied, each of its records left linked and enabled (changed or not) goes
 * through the module's steps in order. Tickets: the suggestion note, then the checklist rules.
 * Each step is idempotent (a retried batch finds its work done), and a step's failure for one
 * record is that record's (logged), unless it is transient (the batch is retried).
 *
 * A step's write to BMS changes the record there (a note moves a ticket's last activity): the
 * records written to are read again and returned, for the caller to pull now, so the next run does
 * not find a change the engine made itself.
 */
import { linkedOrganizations, linksByBmsId, type LinkRow } from '../../db/links.js';
import type { Entity } from '../../domain/entities.js';
import type { SourceRecord } from '../../domain/sync/model.js';
import type { AfterSync } from '../../entities/module.js';
import { moduleOf } from '../../entities/registry.js';
import { applyChecklistRules } from '../tickets/checklists.js';
import { deliverSuggestions } from '../tickets/suggestions.js';
import { inParallel, readBms } from './load.js';
import type { SyncSession } from './session.js';

/** A record the batch synced: its BMS record, its link, and the name of its IT Glue organization. */
export interface SyncedRecord {
  source: SourceRecord;
  link: LinkRow;
  organizationName: string | null;
}

/** A step: does its work and answers the BMS ids of the records it wrote to. */
const STEPS: Record<AfterSync, (session: SyncSession, synced: SyncedRecord[]) => Promise<string[]>> = {
  'suggestion-note': deliverSuggestions,
  'checklist-rules': applyChecklistRules,
};

/** Runs the entity's after-sync steps for the records of a pulled batch; answers the records they wrote to in BMS, as BMS has them now. */
export async function afterSync(session: SyncSession, entity: Entity, records: SourceRecord[]): Promise<SourceRecord[]> {
  const module = moduleOf(entity);
  const steps = module.afterSync ?? [];
  if (steps.length === 0 || records.length === 0) return [];
  const { db, integrationId } = session;
  const links = await linksByBmsId(db, integrationId, entity, records.map((r) => r.id));
  const linked = records.flatMap((source) => {
    const link = links.get(source.id);
    return link && link.state === 'enabled' && link.itglueId ? [{ source, link }] : [];
  });
  if (linked.length === 0) return [];
  const organizations = await linkedOrganizations(db, integrationId, [...new Set(linked.map((l) => l.source.parentId).filter((id): id is string => !!id))]);
  const synced = linked.map((l) => ({ ...l, organizationName: (l.source.parentId && organizations.get(l.source.parentId)?.name) || null }));
  const written = new Set<string>();
  try {
    for (const step of steps) for (const id of await STEPS[step](session, synced)) written.add(id);
  } finally {
    await session.flush();
  }
  const touched = synced.filter((s) => written.has(s.source.id)).map((s) => s.source);
  const fresh = await inParallel(touched, 4, (s) => readBms(session, module as never, s.id, s.parentId));
  return fresh.filter((s): s is SourceRecord => s !== null);
}
