import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
const generated = generateDatasetDetailed({ accounts: 8 });
beforeAll(async () => {
  h = await createHarness({
    dataset: generated.dataset,
    settings: {
      accountTypes: ['Customer', 'Partner'],
      assetCategories: ['Workstation', 'Laptop', 'Server', 'Network Device', 'Firewall', 'Printer', 'Virtual Machine', 'UPS', 'Mobile Device'],
    },
  });
});
afterAll(async () => h?.close());

it('runs a full sync', async () => {
  const result = await h.temporal.workflow.execute('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `full-sync:${h.integrationId}`,
    args: [{ integrationId: h.integrationId, mode: 'full' }],
  });
  console.log(JSON.stringify(result, null, 1));
  const errors = await h.database.db.execute(sql`select entity, action, bms_id, message from sync_log where integration_id = ${h.integrationId} and action in ('error','skip') limit 30`);
  console.log(errors);
  const states = await h.database.db.execute(sql`select entity, state, count(*) from links where integration_id = ${h.integrationId} group by 1,2 order by 1,2`);
  console.log(states);
  console.log(await h.itglue.admin.counters(), await h.bms.admin.counters());
  const second = await h.temporal.workflow.execute('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `full-sync:${h.integrationId}`,
    args: [{ integrationId: h.integrationId, mode: 'full' }],
  });
  console.log(JSON.stringify(second, null, 1));
  expect(result.runId).toBeGreaterThan(0);
});
