/**
 * The Push All and disconnect commands of the CLI, run in-process against the real database,
 * Temporal server and simulators: request, status, a refused and an accepted approval, a second
 * request refused, a keep-data disconnect and a reconnect.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getIntegration } from '../../db/integrations.js';
import { workflowIds } from '../../contract/ids.js';
import type { PushAllStatusView } from '../../contract/messages.js';
import { cli, cliError, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { APPROVER, PUSH_ALL_SETTINGS, pushAllDataset } from '../support/push-all-dataset.js';
import { waitForStatus } from '../support/push-all.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ dataset: pushAllDataset(), settings: PUSH_ALL_SETTINGS });
  useTestStackForCli(h);
});
afterAll(async () => h?.close());

it('requests, shows, refuses a stranger, approves, and refuses a second Push All', async () => {
  const requested = await cli('push-all', 'request', h.integrationId, '--by', 'ops@msp.example');
  expect(requested).toContain(workflowIds.pushAll(h.integrationId));
  await waitForStatus(h.temporal.workflow.getHandle(workflowIds.pushAll(h.integrationId)), (v) => v.status === 'awaiting-approval');

  const status = await cli('push-all', 'status', h.integrationId);
  expect(status).toContain('awaiting-approval');
  expect(status).toContain('records that already exist in BMS');
  expect(status).toContain('Contoso Ltd');

  const refused = JSON.parse(await cli('push-all', 'approve', h.integrationId, '--by', 'intruder@evil.example', '--json'));
  expect(refused).toMatchObject({ accepted: false, status: 'awaiting-approval' });
  expect(refused.reason).toMatch(/not an approver/);
  process.exitCode = 0;

  const approved = JSON.parse(await cli('push-all', 'approve', h.integrationId, '--by', APPROVER, '--comment', 'ok', '--json'));
  expect(approved.accepted).toBe(true);
  await h.temporal.workflow.getHandle(workflowIds.pushAll(h.integrationId)).result();

  const done = JSON.parse(await cli('push-all', 'status', h.integrationId, '--json')) as PushAllStatusView;
  expect(done.status).toBe('completed');
  expect(done.refusedApprovals).toHaveLength(1);
  expect(done.report?.organization).toMatchObject({ created: 3 });

  expect(await cliError('push-all', 'request', h.integrationId, '--by', 'ops@msp.example')).toMatch(/already completed.*only once/);
});

it('disconnects keeping the data, refuses delete-data without the flag, and reconnects', async () => {
  const name = (await getIntegration(h.database.db, h.integrationId)).name;
  expect(await cliError('disconnect', h.integrationId, '--mode', 'delete-data', '--confirm-name', name, '--by', 'admin@msp.example')).toMatch(
    /hard delete is not enabled/,
  );
  expect(await cliError('disconnect', h.integrationId, '--mode', 'sometimes', '--by', 'admin@msp.example')).toContain('mode');

  const out = await cli('disconnect', h.integrationId, '--mode', 'keep-data', '--by', 'admin@msp.example', '--wait', '--json');
  expect(JSON.parse(out)).toMatchObject({ mode: 'keep-data', backupFile: null });
  expect((await getIntegration(h.database.db, h.integrationId)).status).toBe('disconnected');
  expect(await cliError('push-all', 'request', h.integrationId, '--by', 'ops@msp.example')).toMatch(/already completed/);

  const reconnected = JSON.parse(await cli('integration', 'reconnect', h.integrationId, '--json'));
  expect(reconnected.linksDropped).toBeGreaterThan(0);
  expect((await getIntegration(h.database.db, h.integrationId)).status).toBe('active');
  expect(await cliError('integration', 'reconnect', h.integrationId)).toMatch(/nothing to reconnect/);
  await h.temporal.schedule.getHandle(`sync:${h.integrationId}`).delete();
});
