/**
 * Hardware assets on full reconciles (SPEC §7): the asset list is re-scanned every run; assets
 * whose list row did not change are re-read in full in rotation, `assetRefreshPerRun` per run,
 * least recently read first, so an edit outside the list row arrives within a bounded number of
 * full runs without spending the BMS hourly budget on every asset. An operator can ask for every
 * asset at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { ASSET, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
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
  await h.bms.admin.edit('hardwareAssets', ASSET.server, { description: 'edited outside the list row' });
  const runsNeeded = Math.ceil(assetCount / 2);
  let arrivedAfter = 0;
  for (let run = 1; run <= runsNeeded; run++) {
    await resetCounters(h);
    const { counts } = await runSync(h, 'full');
    expect(await detailReads()).toBe(2);
    expect(counts.configuration!['bms-reread']).toBe(2);
    const config = await h.itglue.admin.get<Record<string, unknown>>('configurations', configurations[ASSET.server]!);
    if (!arrivedAfter && config.notes === 'edited outside the list row') arrivedAfter = run;
  }
  expect(arrivedAfter).toBeGreaterThan(0);
  expect(arrivedAfter).toBeLessThanOrEqual(runsNeeded);
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
