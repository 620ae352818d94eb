/**
 * The CLI (run in-process, against the real database and Temporal server) and the schedules it
 * creates: idempotent, overlap skipped, explicit catch-up window, and a scheduled run that starts
 * (or attaches to) the integration's one full sync.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntegration } from '../../db/integrations.js';
import { readSecret } from '../../db/secrets.js';
import { generateDataset } from '../../simulators/datasets/generate.js';
import { scheduleIds, workflowIds } from '../../contract/ids.js';
import { cli, cliError, useTestStackForCli } from '../support/cli.js';
import { createHarness, keyRing, type Harness } from '../support/harness.js';
import { waitFor, waitForWorkflow } from '../support/wait.js';

let h: Harness;
const dataset = generateDataset({ accounts: 2, seed: 5 }).dataset;
const id = `cli-${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  h = await createHarness({ dataset });
  useTestStackForCli(h, {
    TEST_BMS_PASSWORD: dataset.bms!.users[0]!.password,
    TEST_ITGLUE_KEY: dataset.itglue!.apiKeys[0]!,
  });
});
afterAll(async () => {
  const client = h.temporal;
  for (const scheduleId of [scheduleIds.sync(id), scheduleIds.pushPoll(id)]) {
    await client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  }
  await h?.close();
});

const createArgs = () => [
  'integration', 'create', id,
  '--name', `CLI test ${id}`,
  '--bms-url', h.bms.url,
  '--bms-tenant', dataset.bms!.tenant,
  '--bms-user', dataset.bms!.users[0]!.userName,
  '--itglue-url', h.itglue.url,
  '--bms-password-env', 'TEST_BMS_PASSWORD',
  '--itglue-api-key-env', 'TEST_ITGLUE_KEY',
  '--set', 'accountTypes=["Customer"]',
  '--set', 'schedule.syncEvery=15m',
];

describe('bad input is refused with a message naming the problem', () => {
  it('an invalid integration id', async () => {
    expect(await cliError('integration', 'create', 'Not OK!', '--name', 'x', '--bms-url', 'https://a', '--bms-tenant', 't', '--bms-user', 'u', '--itglue-url', 'https://b')).toMatch(/integration id must be/);
  });
  it('a setting with a bad value', async () => {
    const message = await cliError(...createArgs(), '--set', 'conflictPolicy=sometimes');
    expect(message).toContain('conflictPolicy');
  });
  it('a plain-http endpoint that is not local', async () => {
    const args = createArgs();
    args[args.indexOf('--bms-url') + 1] = 'http://api.bms.kaseya.com';
    expect(await cliError(...args)).toMatch(/must use https/);
  });
  it('a secret variable that is not set', async () => {
    const args = createArgs();
    args[args.indexOf('--bms-password-env') + 1] = 'NO_SUCH_VARIABLE';
    expect(await cliError(...args)).toContain('NO_SUCH_VARIABLE');
  });
  it('an unknown integration', async () => {
    expect(await cliError('sync', 'run', 'no-such-integration')).toContain('integration "no-such-integration" does not exist');
  });
});

describe('creating an integration', () => {
  it('stores it with encrypted credentials and creates its schedule', async () => {
    const out = await cli(...createArgs(), '--json');
    expect(JSON.parse(out)).toMatchObject({ integration: id, schedules: { [scheduleIds.sync(id)]: 'created', [scheduleIds.pushPoll(id)]: 'absent' } });
    const row = await getIntegration(h.database.db, id);
    expect(row.settings.accountTypes).toEqual(['Customer']);
    expect(await readSecret(h.database.db, keyRing, id, 'bms-password')).toBe(dataset.bms!.users[0]!.password);

    const description = await h.temporal.schedule.getHandle(scheduleIds.sync(id)).describe();
    expect(description.spec.intervals?.[0]?.every).toBe(15 * 60_000);
    expect(description.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(description.policies.catchupWindow).toBe(10 * 60_000);
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledSyncWorkflow', taskQueue: h.taskQueue });
  });

  it('refuses the same id twice, and shows no secret', async () => {
    expect(await cliError(...createArgs())).toContain('already exists');
    const shown = await cli('integration', 'show', id);
    expect(shown).not.toContain(dataset.bms!.users[0]!.password);
    expect(shown).not.toContain(dataset.itglue!.apiKeys[0]!);
    expect(shown).toContain('bms-password');
  });

  it('re-creating the schedules is idempotent', async () => {
    expect(JSON.parse(await cli('integration', 'schedules', id, '--json'))).toMatchObject({ [scheduleIds.sync(id)]: 'updated' });
    expect(JSON.parse(await cli('integration', 'schedules', id, '--json'))).toMatchObject({ [scheduleIds.sync(id)]: 'updated' });
    const schedules = [];
    for await (const s of h.temporal.schedule.list()) if (s.scheduleId === scheduleIds.sync(id)) schedules.push(s);
    expect(schedules).toHaveLength(1);
  });

  it('the push poll runs every 10 seconds unless configured, and never faster than its minimum', async () => {
    expect(await cliError('integration', 'configure', id, '--set', 'schedule.pushPollEvery=2s')).toMatch(/schedule\.pushPollEvery: must be at least 5s: .*IT Glue/);
    const out = JSON.parse(await cli('integration', 'configure', id, '--set', 'twoWay=true', '--no-sync', '--json'));
    expect(out.schedules[scheduleIds.pushPoll(id)]).toBe('created');
    const poll = await h.temporal.schedule.getHandle(scheduleIds.pushPoll(id)).describe();
    expect(poll.spec.intervals?.[0]?.every).toBe(10_000);
    JSON.parse(await cli('integration', 'configure', id, '--set', 'twoWay=false', '--json'));
  });

  it('switching two-way on adds the push poll schedule and records the moment', async () => {
    const out = JSON.parse(await cli('integration', 'configure', id, '--set', 'twoWay=true', '--set', 'schedule.pushPollEvery=30s', '--no-sync', '--json'));
    expect(out.schedules[scheduleIds.pushPoll(id)]).toBe('created');
    expect((await getIntegration(h.database.db, id)).twoWayEnabledAt).toBeInstanceOf(Date);
    const poll = await h.temporal.schedule.getHandle(scheduleIds.pushPoll(id)).describe();
    expect(poll.spec.intervals?.[0]?.every).toBe(30_000);
    JSON.parse(await cli('integration', 'configure', id, '--set', 'twoWay=false', '--json'));
    await expect(h.temporal.schedule.getHandle(scheduleIds.pushPoll(id)).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});

describe('a scheduled run', () => {
  it('starts the one full sync of the integration (a full reconcile first), and a manual start attaches to it', async () => {
    await h.temporal.schedule.getHandle(scheduleIds.sync(id)).trigger();
    const handle = await waitForWorkflow(h.temporal.workflow.getHandle(workflowIds.fullSync(id)), 20_000);
    const scheduled = await handle.describe();
    expect(scheduled.type).toBe('fullSyncWorkflow');
    // The schedule's workflow started it (not the manual start below), as a full reconcile.
    const action = await waitFor('the schedule to record its run', async () => (await h.temporal.schedule.getHandle(scheduleIds.sync(id)).describe()).info.recentActions[0]);
    const starter = await h.temporal.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
    expect(starter).toEqual({ workflowId: workflowIds.fullSync(id), runId: scheduled.runId, mode: 'full' });
    // A manual start while it runs attaches to that very execution instead of starting another.
    const manual = JSON.parse(await cli('sync', 'run', id, '--json')) as { workflowId: string; runId: string };
    expect(manual).toEqual({ workflowId: workflowIds.fullSync(id), runId: scheduled.runId });
    const result = (await handle.result()) as { runId: number };
    const runs = JSON.parse(await cli('sync', 'runs', id, '--json')) as { id: number; kind: string; trigger: string; status: string }[];
    const run = runs.find((r) => r.id === result.runId)!;
    expect(run).toMatchObject({ kind: 'full', trigger: 'schedule', status: 'completed' });
    const report = await cli('report', id);
    expect(report).toContain('organization');
  });
});
