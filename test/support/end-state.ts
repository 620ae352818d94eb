/**
 * The end state of a sync in a form that does not depend on the ids IT Glue hands out, so a run
 * that was disturbed (a worker killed, a dependency restarted) can be compared with an undisturbed
 * run of the same dataset: each IT Glue record by its organization's name and its own name, each
 * link by the BMS id and the IT Glue record it points at (original records by id, created ones by
 * name).
 */
import type { Dataset } from '../../simulators/datasets/format.js';
import { ENTITIES } from '../../domain/entities.js';
import { matchKey } from '../../domain/normalize.js';
import type { Harness } from './harness.js';
import { allLinks } from './sync.js';

export const COLLECTIONS = ['organizations', 'locations', 'contacts', 'configurations'] as const;

type Rows = Record<string, unknown>[];

export interface EndState {
  records: Record<string, string[]>;
  links: Record<string, string[]>;
}

export async function endState(h: Harness, dataset: Pick<Dataset, 'itglue'>): Promise<EndState> {
  const dump = await h.itglue.admin.dump<Record<string, Rows>>();
  const orgName = new Map(dump.organizations!.map((o) => [String(o.id), matchKey(String(o.name))]));
  const original = new Set(COLLECTIONS.flatMap((c) => (dataset.itglue?.[c] ?? []).map((r) => `${c}:${r.id}`)));
  const describeRecord = (collection: string, r: Record<string, unknown>) => {
    const name = collection === 'contacts' ? `${String(r['first-name'])} ${String(r['last-name'])}` : String(r.name);
    return collection === 'organizations' ? matchKey(name) : `${orgName.get(String(r['organization-id']))} / ${matchKey(name)}`;
  };
  const records: Record<string, string[]> = {};
  const byId = new Map<string, string>();
  for (const c of COLLECTIONS) {
    records[c] = dump[c]!.map((r) => describeRecord(c, r)).sort();
    for (const r of dump[c]!) byId.set(`${c}:${String(r.id)}`, original.has(`${c}:${String(r.id)}`) ? `original ${String(r.id)}` : `new ${describeRecord(c, r)}`);
  }
  const links: Record<string, string[]> = {};
  for (const entity of ENTITIES) {
    const collection = `${entity}s`;
    links[entity] = (await allLinks(h, entity))
      .map((l) => `${l.bmsId} ${l.state} ${l.matchRule} ${l.matchTier ?? '-'} → ${byId.get(`${collection}:${l.itglueId}`) ?? `missing ${l.itglueId}`}`)
      .sort();
  }
  return { records, links };
}
