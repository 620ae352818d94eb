/**
 * Saving settings that widen what syncs starts a sync, or queues one after the running sync, and
 * says so (the vendor's "Save queues a sync"), through `integration configure`, against the real
 * Temporal server, PostgreSQL and the simulators. A change that widens nothing starts nothing.
 */
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { progressQuery } from '../../contract/messages.js';
import { startFullSync } from '../../control/start.js';
import { syncRuns } from '../../db/schema.js';
import { cli, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { smallDataset } from '../support/small-dataset.js';
import { runSync } from '../support/sync.js';
import { waitFor } from '../support/wait.js';

let h: Harness;
type Rec = Record<string, unknown>;

const configure = async (...sets: string[]) =>
  JSON.parse(await cli('integration', 'configure', h.integrationId, ...sets.flatMap((s) => ['--set', s]), '--json')) as { widened: string[]; sync: { state: string; workflowId: string } | null };
const names = async (collection: string) => (await h.itglue.admin.list<Rec>(collection)).map((r) => String(r.name));
const runs = async () => h.database.db.select().from(syncRuns).where(eq(syncRuns.integrationId, h.integrationId)).orderBy(desc(syncRuns.id));

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: { accountTypes: ['Customer'], assetCategories: ['Server'] } });
  useTestStackForCli(h);
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

describe('saving settings', () => {
  it('that widen what syncs starts a full sync, which uses them', async () => {
    expect(await names('organizations')).not.toContain('Fabrikam Prospects');
    const out = await configure('accountTypes=["Customer","Prospect"]');
    expect(out.widened).toEqual(['account types added: Prospect']);
    expect(out.sync).toEqual({ state: 'started', workflowId: workflowIds.fullSync(h.integrationId) });
    await h.temporal.workflow.getHandle(workflowIds.fullSync(h.integrationId)).result();
    expect(await names('organizations')).toContain('Fabrikam Prospects');
    expect((await runs())[0]).toMatchObject({ kind: 'full', trigger: 'manual', status: 'completed' });
  });

  it('says so to a person', async () => {
    const text = await cli('integration', 'configure', h.integrationId, '--set', 'contactsEnabled=false', '--set', 'autoCreate.contacts=false');
    expect(text).not.toMatch(/widens/);
    const printed = await cli('integration', 'configure', h.integrationId, '--set', 'contactsEnabled=true', '--no-sync');
    expect(printed).toContain('this change widens what syncs: contact sync switched on');
    expect(printed).toContain('no sync started (--no-sync)');
  });

  it('that widen nothing start nothing', async () => {
    const before = (await runs()).length;
    const out = await configure('accountTypes=["Customer"]', 'conflictPolicy=newest-wins');
    expect(out).toMatchObject({ widened: [], sync: null });
    expect((await runs()).length).toBe(before);
  });

  it('while a sync runs queues a full sync to start when it ends', async () => {
    // A slow sync is running when the settings are saved.
    await h.itglue.admin.addFault({ kind: 'latency', method: 'GET', latencyMs: 700, times: 0 });
    const running = await startFullSync(h.temporal, h.taskQueue, { integrationId: h.integrationId, mode: 'incremental' });
    const phase = async () => (await running.query(progressQuery).catch(() => undefined))?.phase;
    await waitFor('the sync to be past its start', async () => ![undefined, 'starting'].includes(await phase()), { timeoutMs: 30_000 });
    const runningRun = (await runs())[0]!;
    expect(runningRun).toMatchObject({ kind: 'incremental', status: 'running' });

    const out = await configure('assetCategories=["Server","Printer"]');
    expect(out.widened).toEqual(['asset categories added: Printer']);
    expect(out.sync).toEqual({ state: 'queued', workflowId: workflowIds.fullSync(h.integrationId) });
    await h.itglue.admin.clearFaults();

    // The handle follows the chain: the running sync, then the queued full one under the same id.
    await h.temporal.workflow.getHandle(workflowIds.fullSync(h.integrationId)).result();
    const [queued, first] = await runs();
    expect(first).toMatchObject({ id: runningRun.id, kind: 'incremental', status: 'completed' });
    expect(queued).toMatchObject({ kind: 'full', trigger: 'manual', status: 'completed' });
    expect(queued!.startedAt.getTime()).toBeGreaterThanOrEqual(first!.finishedAt!.getTime());
    expect(await names('configurations')).toContain('CON-PR-001');
  });
});
