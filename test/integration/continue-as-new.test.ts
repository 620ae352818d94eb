/**
 * A full sync that continues as new (the test server suggests it after 60 events) carries its
 * cursor and counts across runs and ends exactly like one long run would.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import type { SyncProgress } from '../../contract/messages.js';
import { createHarness, type Harness } from '../support/harness.js';
import { linkTable, runSync, SYNC_EVERYTHING } from '../support/sync.js';

const generated = generateDatasetDetailed({ accounts: 3, seed: 21 });
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ dataset: generated.dataset, settings: SYNC_EVERYTHING });
});
afterAll(async () => h?.close());

it('continues as new and still ends with every expected link and one run row', async () => {
  const result = await runSync(h, 'full');
  const workflowId = workflowIds.fullSync(h.integrationId);
  const runs: string[] = [];
  for await (const execution of h.temporal.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runs.push(execution.runId);
  expect(runs.length).toBeGreaterThan(1);

  const progress = (await h.temporal.workflow.getHandle(workflowId).query('progress')) as SyncProgress;
  expect(progress.continuedAsNew).toBe(runs.length - 1);
  expect(progress.runId).toBe(result.runId);

  for (const entity of ['organization', 'location', 'contact', 'configuration'] as const) {
    const expected = generated.expectedLinks[entity];
    const actual = await linkTable(h, entity);
    for (const [bmsId, itglueId] of Object.entries(expected)) expect(actual[bmsId], `${entity} ${bmsId}`).toBe(itglueId);
  }
  // Counts carried across runs: every BMS record was read once.
  const read = Object.values(result.counts).reduce((n, c) => n + (c['bms-read'] ?? 0), 0);
  const bms = generated.dataset.bms!;
  expect(read).toBe(bms.accounts.length + bms.contacts.length + bms.hardwareAssets.length);
});
