/**
 * The dry-run preview (SPEC §5): what the next sync would match, create, exclude and leave
 * unmatched, decided without writing anything. Its decisions are compared with what the real
 * sync that follows does, on a first sync and on a later one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOverride } from '../../db/overrides.js';
import { ENTITIES, type Entity } from '../../domain/entities.js';
import { matchKey } from '../../domain/normalize.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SYNC_EVERYTHING, allLinks, logRows, resetCounters, runSync, writeCalls, type LinkRow } from '../support/sync.js';

const { dataset, expectedLinks } = generateDatasetDetailed({ accounts: 10, assets: 120, contacts: 60, seed: 11 });

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ dataset, settings: SYNC_EVERYTHING });
});
afterAll(async () => h?.close());

async function runPreview(): Promise<{ runId: number; counts: Record<string, Record<string, number>> }> {
  return h.temporal.workflow.execute('previewWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.preview(h.integrationId),
    args: [{ integrationId: h.integrationId }],
  });
}

type Decision = { action: string; itglueId: string | null };

/** The preview's decision per entity and BMS id. */
async function decisions(runId: number): Promise<Record<Entity, Map<string, Decision>>> {
  const rows = await logRows(h, { runId });
  const out = Object.fromEntries(ENTITIES.map((e) => [e, new Map<string, Decision>()])) as Record<Entity, Map<string, Decision>>;
  // The record's decision; the writes that follow it (the first sync after a match) are not.
  const primary = new Set(['match', 'create', 'exclude', 'unmatched', 'orphan', 'error', 'hold']);
  for (const r of rows) if (r.entity !== 'run' && primary.has(r.action)) out[r.entity].set(r.bmsId!, { action: r.action, itglueId: r.itglueId });
  return out;
}

/** What the real sync did to a record, in the preview's words. */
function outcome(link: LinkRow): Decision {
  if (link.state === 'excluded') return { action: 'exclude', itglueId: null };
  if (link.state === 'unmatched') return { action: 'unmatched', itglueId: null };
  if (link.matchRule === 'created') return { action: 'create', itglueId: null };
  return { action: 'match', itglueId: link.itglueId };
}

/** Checks that the real sync did, record by record, what the preview said it would. */
async function expectSyncToFollow(preview: Record<Entity, Map<string, Decision>>, before: LinkRow[]): Promise<void> {
  const untouched = new Set(before.map((l) => `${l.entity}:${l.bmsId}:${l.state}:${l.itglueId}`));
  for (const entity of ENTITIES) {
    const changed = (await allLinks(h, entity)).filter((l) => !untouched.has(`${l.entity}:${l.bmsId}:${l.state}:${l.itglueId}`));
    const did = new Map(changed.map((l) => [l.bmsId!, outcome(l)]));
    const said = new Map([...preview[entity]].map(([id, d]) => [id, d.action === 'create' ? { ...d, itglueId: null } : d]));
    expect(Object.fromEntries(did), entity).toEqual(Object.fromEntries(said));
  }
}

describe('a preview before the first sync', () => {
  let preview: Record<Entity, Map<string, Decision>>;
  const excludedAsset = Object.keys(expectedLinks.configuration)[0]!;
  const forcedContact = Object.keys(expectedLinks.contact)[0]!;

  beforeAll(async () => {
    await setOverride(h.database.db, { integrationId: h.integrationId, entity: 'configuration', bmsId: excludedAsset, action: 'exclude', note: 'spare part', createdBy: 'test' });
    await setOverride(h.database.db, { integrationId: h.integrationId, entity: 'contact', bmsId: forcedContact, action: 'create', createdBy: 'test' });
    await resetCounters(h);
    const { runId } = await runPreview();
    preview = await decisions(runId);
  });

  it('writes nothing to BMS, IT Glue or the links', async () => {
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
    expect(await allLinks(h)).toEqual([]);
  });

  it('decides every BMS record: the expected matches, and creates for the rest', () => {
    for (const entity of ENTITIES) {
      const matches = Object.fromEntries([...preview[entity]].filter(([, d]) => d.action === 'match').map(([id, d]) => [id, d.itglueId]));
      const expected = { ...expectedLinks[entity] };
      if (entity === 'configuration') delete expected[excludedAsset];
      if (entity === 'contact') delete expected[forcedContact];
      expect(matches, entity).toEqual(expected);
    }
    expect(preview.configuration.get(excludedAsset)?.action).toBe('exclude');
    expect(preview.contact.get(forcedContact)?.action).toBe('create');
    expect(preview.organization.size).toBe(dataset.bms!.accounts.length);
    expect(preview.configuration.size).toBe(dataset.bms!.hardwareAssets.length);
  });

  it('is what the following sync does', async () => {
    await runSync(h, 'full');
    await expectSyncToFollow(preview, []);
  });
});

describe('a preview after BMS changes', () => {
  let preview: Record<Entity, Map<string, Decision>>;
  let before: LinkRow[];
  let itglueOnly: { id: string; name: string };
  let newAccounts: { existing: number; fresh: number };

  beforeAll(async () => {
    // An IT Glue organization no BMS account has yet, and a brand new name.
    const bmsNames = new Set(dataset.bms!.accounts.map((a) => matchKey(a.accountName)));
    const linked = new Set(Object.values(expectedLinks.organization));
    const candidate = dataset.itglue!.organizations.find((o) => !linked.has(o.id) && !bmsNames.has(matchKey(o.name)));
    expect(candidate, 'the dataset has an IT Glue-only organization').toBeDefined();
    itglueOnly = { id: candidate!.id, name: candidate!.name };
    const template = dataset.bms!.accounts[0]!;
    const create = async (accountName: string) =>
      (await h.bms.admin.create<{ id: number }>('accounts', { accountName, accountTypeId: template.accountTypeId, isActive: true, locations: [] })).id;
    newAccounts = { existing: await create(itglueOnly.name), fresh: await create('Brand New Account Pty') };

    before = await allLinks(h);
    await resetCounters(h);
    const { runId } = await runPreview();
    preview = await decisions(runId);
  });

  it('writes nothing and leaves the links as they were', async () => {
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
    expect(await allLinks(h)).toEqual(before);
  });

  it('lists only the new records: a match with the existing IT Glue organization and a create', () => {
    expect(Object.fromEntries(preview.organization)).toEqual({
      [newAccounts.existing]: { action: 'match', itglueId: itglueOnly.id },
      [newAccounts.fresh]: { action: 'create', itglueId: null },
    });
    // Nothing else changed since the last sync's windows (the excluded asset included): nothing else is listed.
    expect(Object.fromEntries(preview.configuration)).toEqual({});
  });

  it('is what the following sync does', async () => {
    await runSync(h, 'incremental');
    await expectSyncToFollow(preview, before);
  });
});
