/**
 * The preview and the run agree (SPEC §5): for several generated datasets, with operator
 * overrides and after edits on both sides, the preview's decision for every record is what the
 * following run does. Both ask the same planner over the same records; this checks it end to end,
 * record by record, on the actions both log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { setOverride } from '../../db/overrides.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SYNC_EVERYTHING, allLinks, logRows, runSync } from '../support/sync.js';

type Rec = Record<string, unknown>;
/** Actions a preview predicts; warnings, conflicts and bookkeeping are not decisions. */
const DECISIONS = new Set(['create', 'match', 'update', 'orphan', 'exclude', 'unmatched', 'hold', 'revert', 'push', 'error']);

async function preview(h: Harness): Promise<number> {
  const result: { runId: number } = await h.temporal.workflow.execute('previewWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.preview(h.integrationId),
    args: [{ integrationId: h.integrationId }],
  });
  return result.runId;
}

/** `entity:bmsId` → the sorted decisions a run logged for it. */
async function decisionsOf(h: Harness, runId: number, options: { skipUnchangedExcludes: boolean }): Promise<Record<string, string>> {
  const out: Record<string, string[]> = {};
  for (const row of await logRows(h, { runId })) {
    if (row.entity === 'run' || !DECISIONS.has(row.action) || !row.bmsId) continue;
    if (options.skipUnchangedExcludes && row.message.startsWith('stays excluded')) continue;
    (out[`${row.entity}:${row.bmsId}`] ??= []).push(row.action);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...new Set(v)].sort().join(',')]));
}

async function expectPreviewThenRunAgree(h: Harness): Promise<void> {
  const previewRun = await preview(h);
  const said = await decisionsOf(h, previewRun, { skipUnchangedExcludes: true });
  const { runId } = await runSync(h, 'incremental');
  const did = await decisionsOf(h, runId, { skipUnchangedExcludes: false });
  expect(did).toEqual(said);
}

describe.each([3, 17, 29])('a generated dataset (seed %i)', (seed) => {
  const { dataset, expectedLinks } = generateDatasetDetailed({ accounts: 6, assets: 60, contacts: 30, seed });
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset, settings: SYNC_EVERYTHING });
    // Operator overrides before anything synced: an excluded account, a forced create, a chosen link.
    const bms = dataset.bms!;
    const itg = dataset.itglue!;
    const db = h.database.db;
    await setOverride(db, { integrationId: h.integrationId, entity: 'organization', bmsId: String(bms.accounts[0]!.id), action: 'exclude', createdBy: 'test' });
    await setOverride(db, { integrationId: h.integrationId, entity: 'contact', bmsId: String(bms.contacts[1]!.id), action: 'create', createdBy: 'test' });
    // An asset linked by hand to a configuration of its own organization that matching would not pick.
    const organizationOf = (accountId: number) => expectedLinks.organization[String(accountId)];
    const taken = new Set(Object.values(expectedLinks.configuration));
    const choices = bms.hardwareAssets.flatMap((a) => {
      if (a.accountId === bms.accounts[0]!.id || !organizationOf(a.accountId)) return [];
      const inOrganization = itg.configurations.filter((c) => String(c['organization-id']) === organizationOf(a.accountId) && c.id !== expectedLinks.configuration[String(a.id)]);
      return inOrganization.map((c) => ({ asset: a, target: c, free: !taken.has(c.id) }));
    });
    const { asset, target } = choices.find((c) => c.free) ?? choices[0]!;
    expect(target, 'a configuration to link by hand').toBeDefined();
    await setOverride(db, { integrationId: h.integrationId, entity: 'configuration', bmsId: String(asset.id), action: 'link', itglueId: target.id, createdBy: 'test' });
  });
  afterAll(async () => h?.close());

  it('agrees on a first sync', async () => {
    await expectPreviewThenRunAgree(h);
    expect((await allLinks(h)).length).toBeGreaterThan(0);
  });

  it('agrees after edits in BMS and in IT Glue', async () => {
    const accounts = await h.bms.admin.list<Rec>('accounts');
    const account = accounts.find((a) => a.id !== dataset.bms!.accounts[0]!.id)!;
    await h.bms.admin.edit('accounts', Number(account.id), { accountCode: `E${seed}` });
    await h.bms.admin.create('accounts', { accountName: `New Client ${seed}`, accountTypeId: Number(account.accountTypeId), isActive: true, locations: [] });
    const assets = await h.bms.admin.list<Rec>('hardwareAssets');
    await h.bms.admin.edit('hardwareAssets', Number(assets[2]!.id), { description: `edited ${seed}` });
    const contacts = await h.itglue.admin.list<Rec>('contacts');
    const linkedContact = (await allLinks(h, 'contact')).find((l) => l.state === 'enabled' && l.itglueId)!;
    await h.itglue.admin.edit('contacts', linkedContact.itglueId!, { title: `Edited in IT Glue ${seed}` });
    expect(contacts.length).toBeGreaterThan(0);
    await expectPreviewThenRunAgree(h);
  });
});

describe('a two-way integration', () => {
  const { dataset } = generateDatasetDetailed({ accounts: 6, assets: 60, contacts: 30, seed: 41 });
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ dataset, settings: { ...SYNC_EVERYTHING, twoWay: true } });
    await runSync(h, 'full');
  });
  afterAll(async () => h?.close());

  it('agrees on the IT Glue edits the run pushes to BMS and the IT Glue records it creates there', async () => {
    const linked = (await allLinks(h, 'contact')).filter((l) => l.state === 'enabled' && l.itglueId);
    await h.itglue.admin.edit('contacts', linked[0]!.itglueId!, { title: 'Edited in IT Glue' });
    const organization = (await allLinks(h, 'organization')).find((l) => l.state === 'enabled' && l.itglueId)!;
    const nora = await h.itglue.admin.create<Rec>('contacts', {
      'organization-id': Number(organization.itglueId),
      'first-name': 'Nora',
      'last-name': 'Newcomer',
      'contact-emails': [{ value: 'nora.newcomer@example.com', primary: true, 'label-name': 'Work' }],
      'contact-phones': [{ value: '+1 555 0100', primary: true, 'label-name': 'Work' }],
    });
    const previewRun = await preview(h);
    const said = await decisionsOf(h, previewRun, { skipUnchangedExcludes: true });
    expect(Object.values(said)).toContain('push');
    // A record created in BMS has no BMS id before the run: compared by its IT Glue id.
    const createdInBms = async (runId: number) => (await logRows(h, { runId, action: 'push' })).filter((r) => /^(would create|created) BMS/.test(r.message));
    expect((await createdInBms(previewRun)).map((r) => r.itglueId)).toEqual([String(nora.id)]);
    const { runId } = await runSync(h, 'incremental');
    const created = await createdInBms(runId);
    expect(created.map((r) => r.itglueId)).toEqual([String(nora.id)]);
    const did = await decisionsOf(h, runId, { skipUnchangedExcludes: false });
    for (const r of created) delete did[`contact:${r.bmsId}`];
    expect(did).toEqual(said);
  });
});
