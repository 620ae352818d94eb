/**
 * Failure behaviour (SPEC §11): injected 5xx errors, 429s with Retry-After and lost responses
 * (the write is applied, the answer never arrives) on creates and bulk updates of both APIs.
 * The run must still finish with exactly the links an undisturbed run makes, no duplicate IT
 * Glue record and no lost one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../../domain/entities.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SYNC_EVERYTHING, allLinks, faults, logRows, resetCounters, runRow, runSync, writeCalls } from '../support/sync.js';

const { dataset, expectedLinks } = generateDatasetDetailed({ accounts: 10, assets: 150, contacts: 70, seed: 5 });
const COLLECTION: Record<Entity, 'organizations' | 'locations' | 'contacts' | 'configurations' | 'flexibleAssets'> = {
  organization: 'organizations',
  location: 'locations',
  contact: 'contacts',
  configuration: 'configurations',
  ticket: 'flexibleAssets',
};
const ORIGINAL: Record<Entity, Set<string>> = {
  organization: new Set(dataset.itglue!.organizations.map((r) => r.id)),
  location: new Set(dataset.itglue!.locations.map((r) => r.id)),
  contact: new Set(dataset.itglue!.contacts.map((r) => r.id)),
  configuration: new Set(dataset.itglue!.configurations.map((r) => r.id)),
  // Tickets are off here: the flexible assets (billing) stay as they are.
  ticket: new Set((dataset.itglue!.flexibleAssets ?? []).map((r) => r.id)),
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ dataset, settings: SYNC_EVERYTHING });
});
afterAll(async () => h?.close());

/** Every BMS record linked, matches as expected, and each created link points at one new IT Glue record. */
async function expectConsistentState(): Promise<void> {
  for (const entity of ENTITIES) {
    const links = await allLinks(h, entity);
    expect(links.filter((l) => l.state !== 'enabled' || !l.itglueId), entity).toEqual([]);
    const matched = Object.fromEntries(links.filter((l) => l.matchRule !== 'created').map((l) => [l.bmsId!, l.itglueId!]));
    expect(matched, entity).toEqual(expectedLinks[entity]);
    const created = links.filter((l) => l.matchRule === 'created');
    expect(created.filter((l) => ORIGINAL[entity].has(l.itglueId!)), `${entity} created links to new records`).toEqual([]);
    // No duplicates: IT Glue holds what it had plus one record per create, no more.
    const records = await h.itglue.admin.list<{ id: string }>(COLLECTION[entity]);
    expect(records.length, `${entity} records in IT Glue`).toBe(ORIGINAL[entity].size + created.length);
    // Nothing lost: every link points at a record that exists.
    const ids = new Set(records.map((r) => r.id));
    expect(links.filter((l) => !ids.has(l.itglueId!)).map((l) => l.bmsId), entity).toEqual([]);
  }
}

describe('a first full sync through errors, 429s and lost responses', () => {
  let runId: number;

  beforeAll(async () => {
    const itg = h.itglue.admin;
    const bms = h.bms.admin;
    // Lost responses on creates: one of the one-by-one organization creates, and nested bulk creates.
    await itg.addFault({ kind: 'lost-response', method: 'POST', route: '/organizations', times: 1, skip: 2 });
    await itg.addFault({ kind: 'lost-response', method: 'POST', route: '/organizations/{oid}/relationships/contacts', times: 1 });
    await itg.addFault({ kind: 'lost-response', method: 'POST', route: '/organizations/{oid}/relationships/configurations', times: 1, skip: 1 });
    // Lost response on a bulk update, and a 502 on another.
    await itg.addFault({ kind: 'lost-response', method: 'PATCH', route: '/contacts', times: 1 });
    await itg.addFault({ kind: 'error', status: 502, method: 'PATCH', route: '/configurations', times: 1 });
    // A 500 before a create is applied; 429s on a create (the client waits Retry-After and sends
    // it again: a 429 was not processed) and on a list, more often than the client retries inline.
    await itg.addFault({ kind: 'error', status: 500, method: 'POST', route: '/organizations/{oid}/relationships/locations', times: 1 });
    await itg.addFault({ kind: 'rate-limit', retryAfterSeconds: 1, method: 'POST', route: '/organizations/{oid}/relationships/configurations', times: 1 });
    await itg.addFault({ kind: 'error', status: 503, method: 'GET', route: '/organizations', times: 2 });
    await bms.addFault({ kind: 'error', status: 500, method: 'GET', route: '/v2/servicedesk/hardwareasset/{assetId}', times: 2, skip: 5 });
    await bms.addFault({ kind: 'rate-limit', retryAfterSeconds: 1, method: 'GET', route: '/v2/crm/contacts/summary', times: 3 });
    ({ runId } = await runSync(h, 'full'));
  });

  it('hit every injected fault', async () => {
    for (const fault of [...(await faults(h.itglue)), ...(await faults(h.bms))]) {
      expect(fault.applied, `${fault.kind} ${fault.method} ${fault.route}`).toBe(fault.times);
    }
  });

  it('ends with the expected links, no duplicate and no lost record', async () => {
    await expectConsistentState();
    expect(await logRows(h, { runId, action: 'error' })).toEqual([]);
  });

  it('found the records whose create answer was lost instead of creating them again, and linked them as created', async () => {
    // Each create is logged once, by the attempt that found it again (its own answer was lost).
    const recovered = (await logRows(h, { runId, action: 'create' })).filter((l) => l.message.includes('the answer to the create was lost'));
    expect(new Set(recovered.map((l) => l.entity))).toEqual(new Set(['organization', 'contact', 'configuration']));
    for (const log of recovered) {
      const link = (await allLinks(h, log.entity as Entity)).find((l) => l.bmsId === log.bmsId)!;
      expect(link).toMatchObject({ matchRule: 'created', matchTier: null, itglueId: log.itglueId });
      expect(link.matchExplanation).toMatch(/created \(the answer was lost; found again: /);
    }
  });

  it('logged every action that changed either system exactly once, and counted the run by its log', async () => {
    const run = await runRow(h, runId);
    for (const entity of ENTITIES) {
      const created = (await allLinks(h, entity)).filter((l) => l.matchRule === 'created');
      const logged = await logRows(h, { runId, entity, action: 'create' });
      // Every create the run made, whatever attempt made it (or found it again), has one row.
      expect(logged.map((l) => l.bmsId).sort(), `${entity} creates logged`).toEqual(created.map((l) => l.bmsId).sort());
      const matches = await logRows(h, { runId, entity, action: 'match' });
      expect(matches.length, `${entity} matches logged`).toBe(Object.keys(expectedLinks[entity]).length);
      const counts = run!.counts[entity] ?? {};
      expect(counts.create ?? 0, `${entity} create count`).toBe(logged.length);
      expect(counts.match ?? 0, `${entity} match count`).toBe(matches.length);
      expect(counts.update ?? 0, `${entity} update count`).toBe((await logRows(h, { runId, entity, action: 'update' })).length);
    }
  });

  it('leaves nothing to write for the next run', async () => {
    await resetCounters(h);
    await runSync(h, 'full');
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
  });
});

describe('an incremental run whose bulk update fails, then loses its answer', () => {
  const edited = Object.keys(expectedLinks.configuration).slice(0, 3);

  beforeAll(async () => {
    // The serial number is in the asset list rows, so an incremental run re-reads these assets.
    for (const id of edited) await h.bms.admin.edit('hardwareAssets', id, { serialNumber: `CHECKED-${id}`, description: `checked ${id}` });
    await h.itglue.admin.clearFaults();
    // First attempt: refused before it is applied; second: applied, answer lost; third: through.
    await h.itglue.admin.addFault({ kind: 'error', status: 502, method: 'PATCH', route: '/configurations', times: 1 });
    await h.itglue.admin.addFault({ kind: 'lost-response', method: 'PATCH', route: '/configurations', times: 1 });
    await resetCounters(h);
    await runSync(h, 'incremental');
  });

  it('writes the edits once they land, with no duplicate or lost record', async () => {
    expect((await faults(h.itglue)).map((f) => f.applied)).toEqual([1, 1]);
    for (const id of edited) {
      const configuration = await h.itglue.admin.get('configurations', expectedLinks.configuration[id]!);
      expect(configuration).toMatchObject({ 'serial-number': `CHECKED-${id}`, notes: `checked ${id}` });
    }
    // The retried page re-read the edited assets and sent the same update again each time.
    expect(await writeCalls(h.itglue)).toEqual({ 'PATCH /configurations': 3 });
    await expectConsistentState();
  });
});
