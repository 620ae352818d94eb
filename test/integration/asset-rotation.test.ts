/**
 * Hardware assets on full reconciles (SPEC §7): the asset list is re-scanned every run; assets
 * whose list row did not change are re-read in full in rotation, `assetRefreshPerRun` per run,
 * least recently read first, so an edit outside the list row arrives within a bounded number of
 * full runs without spending the BMS hourly budget on every asset. An operator can ask for every
 * asset at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linkTable, resetCounters, runSync } from '../support/sync.js';
import { workflowIds } from '../../contract/ids.js';

let h: Harness;
let configurations: Record<string, string>;
const assetCount = smallDataset().bms!.hardwareAssets!.length;

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, schedule: { assetRefreshPerRun: 2 } } });
  await runSync(h, 'full');
  configurations = await linkTable(h, 'configuration');
});
afterAll(async () => h?.close());

const detailReads = async () => (await h.bms.admin.counters()).routes['GET /v2/servicedesk/hardwareasset/{assetId}'] ?? 0;

it('re-reads only the configured number of unchanged assets per full run, and reaches every asset in rotation', async () => {
  // Every asset edited outside its list row: an edit arrives when its asset is re-read.
  const assetIds = Object.keys(configurations);
  expect(assetIds).toHaveLength(assetCount);
  for (const id of assetIds) await h.bms.admin.edit('hardwareAssets', id, { description: `edited outside the list row ${id}` });
  const arrived = async () => {
    const arrivedIds: string[] = [];
    for (const id of assetIds) {
      const config = await h.itglue.admin.get<Record<string, unknown>>('configurations', configurations[id]!);
      if (config.notes === `edited outside the list row ${id}`) arrivedIds.push(id);
    }
    return arrivedIds;
  };
  let seen: string[] = [];
  for (let run = 1; run <= Math.ceil(assetCount / 2); run++) {
    await resetCounters(h);
    const { counts } = await runSync(h, 'full');
    expect(await detailReads()).toBe(2);
    expect(counts.configuration!['bms-reread']).toBe(2);
    // Two more assets each run, never one already re-read: least recently read first.
    const now = await arrived();
    expect(now.filter((id) => !seen.includes(id))).toHaveLength(Math.min(2, assetCount - seen.length));
    expect(now).toEqual(expect.arrayContaining(seen));
    seen = now;
  }
  expect(seen.sort()).toEqual([...assetIds].sort());
});

it('reads every asset when an operator asks for it', async () => {
  await resetCounters(h);
  await h.temporal.workflow.execute('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.fullSync(h.integrationId),
    args: [{ integrationId: h.integrationId, mode: 'full', rereadAllAssets: true }],
  });
  expect(await detailReads()).toBe(assetCount);
});
