/**
 * The push takes what the IT Glue mirror learned since the last push, not what carries a recent
 * updated-at: an edit that an incremental refresh missed (here, forced past by a watermark
 * ahead of it) and that only a full reconcile brings in is still pushed to BMS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCursor, writeCursor } from '../../db/cursors.js';
import { itglueWatermark } from '../../activities/sync/itglue-mirror.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { runSync, SYNC_EVERYTHING } from '../support/sync.js';

const generated = generateDatasetDetailed({ accounts: 4, seed: 11 });
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ dataset: generated.dataset, settings: { ...SYNC_EVERYTHING, twoWay: true, schedule: { assetRefreshPerRun: 0 } } });
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

const push = () =>
  h.temporal.workflow.execute('twoWayPushWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
    args: [{ integrationId: h.integrationId }],
  });

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('pushes an edit the incremental refresh skipped once a full reconcile brings it in', async () => {
  const [first, second] = Object.entries(generated.expectedLinks.configuration);
  const [assetId, configId] = first!;
  const [otherAssetId, otherConfigId] = second!;
  // A is edited, then B, later. The incremental refresh is made to believe it has already seen
  // everything up to a moment between the two edits, so it brings in B but skips A (as a page
  // shifted by a concurrent delete could), and the push moves past A's time.
  await h.itglue.admin.edit('configurations', configId, { 'asset-tag': 'LATE-1' });
  await pause(1_100);
  const between = new Date().toISOString();
  await pause(1_100);
  await h.itglue.admin.edit('configurations', otherConfigId, { 'asset-tag': 'ON-TIME-2' });
  await writeCursor(h.database.db, h.integrationId, itglueWatermark('configuration'), between);
  await push();
  expect((await h.bms.admin.get<Record<string, unknown>>('hardwareAssets', otherAssetId)).assetTag).toBe('ON-TIME-2');
  expect((await h.bms.admin.get<Record<string, unknown>>('hardwareAssets', assetId)).assetTag).not.toBe('LATE-1');

  await runSync(h, 'full');
  expect((await h.bms.admin.get<Record<string, unknown>>('hardwareAssets', assetId)).assetTag).toBe('LATE-1');
  expect(await readCursor(h.database.db, h.integrationId, itglueWatermark('configuration'))).toBeTruthy();
});
