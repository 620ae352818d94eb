import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ dataset: generateDataset({ accounts: 3 }).dataset });
});
afterAll(async () => h?.close());

it('a worker runs a workflow whose activity reaches PostgreSQL and both simulators', async () => {
  const result = await h.temporal.workflow.execute('smokeWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.smoke(h.integrationId),
    args: [{ integrationId: h.integrationId }],
  });
  expect(result.database).toMatch(/^\d{4}-\d{2}-\d{2}/);
  expect(result.bmsAccounts).toBe(3);
  expect(result.itglueOrganizations).toBeGreaterThan(0);
  const counters = await h.bms.admin.counters();
  expect(counters.routes['POST /v2/security/authenticate']).toBe(1);
});
