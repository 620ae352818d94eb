/**
 * The CLI never fails silently (run in-process, against the real database and Temporal server):
 * unknown values are errors naming the allowed ones; `sync run --wait` draws its progress and
 * says why a run failed; a database or Temporal that cannot be reached is said in those words;
 * `integration configure` leaves an integration without schedules without them; `sync explain`
 * names the setting that keeps a record out; previews stay out of `sync logs`.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressQuery } from '../../contract/messages.js';
import { scheduleIds } from '../../contract/ids.js';
import { startFullSync, startPreview } from '../../control/start.js';
import { waitWithProgress } from '../../cli/progress.js';
import { cli, cliError, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { freePort } from '../support/ports.js';
import { ACCOUNT, ASSET, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { runSync } from '../support/sync.js';

let h: Harness;

beforeAll(async () => {
  // Prospects and printers are not synced: `sync explain` must say which setting keeps them out.
  h = await createHarness({
    dataset: smallDataset(),
    settings: { ...SMALL_SYNC_ALL, accountTypes: ['Customer', 'Managed Client'], assetCategories: SMALL_SYNC_ALL.assetCategories.filter((c) => c !== 'Printer') },
  });
  useTestStackForCli(h);
});
afterAll(async () => h?.close());

describe('unknown values are errors naming the allowed ones', () => {
  it('sync logs --action nonsense', async () => {
    const message = await cliError('sync', 'logs', h.integrationId, '--action', 'nonsense');
    expect(message).toBe('--action must be one of create, update, match, link, orphan, conflict, error, skip, push, hold, delete, exclude, unmatched, complete, warning, revert, note, checklist, info; got "nonsense"');
  });

  it('report --entity gadget, with or without --state', async () => {
    expect(await cliError('report', h.integrationId, '--entity', 'gadget')).toBe('--entity must be one of organization, location, contact, configuration, ticket; got "gadget"');
    expect(await cliError('report', h.integrationId, '--state', 'orphaned', '--entity', 'gadget')).toMatch(/^--entity must be one of/);
    expect(await cliError('report', h.integrationId, '--state', 'lost')).toMatch(/^--state must be one of enabled, orphaned, .*; got "lost"$/);
  });

  it('an integration that does not exist', async () => {
    expect(await cliError('sync', 'logs', 'no-such-integration')).toBe('integration "no-such-integration" does not exist');
  });
});

describe('sync run --wait', () => {
  it('draws a progress bar from the progress query while the run goes on', async () => {
    const lines: string[] = [];
    // Slow BMS reads a little so the run is watched over several redraws.
    await h.bms.admin.addFault({ kind: 'latency', latencyMs: 150, method: 'GET', times: 0 });
    const handle = await startFullSync(h.temporal, h.taskQueue, { integrationId: h.integrationId, mode: 'full', trigger: 'manual' });
    await waitWithProgress(handle, (w) => w.query(progressQuery), { redraw: (line) => lines.push(line), done: () => lines.push('(done)') }, 100);
    await h.bms.admin.clearFaults();
    expect(lines.at(-1)).toBe('(done)');
    const bars = lines.slice(0, -1);
    expect(bars.length).toBeGreaterThan(1);
    for (const line of bars) expect(line).toMatch(/^\[[#-]{24}\]\s+\d+% (step \d+\/\d+ \S+ (organization|location|contact|configuration)|starting|pull|push)/);
    expect(bars.some((l) => /step \d+\/\d+ \w+ \w+.* · \d+ \S+/.test(l) && /ETA \d+/.test(l))).toBe(true);
  });

  it('prints the cause when the run fails, not "Workflow execution failed"', async () => {
    await h.bms.admin.addFault({ kind: 'error', method: 'GET', route: '/v2/crm/accounts/summary', status: 400, times: 0 });
    const message = await cliError('sync', 'run', h.integrationId, '--wait');
    await h.bms.admin.clearFaults();
    expect(message).toBe('the workflow failed: full sync failed: Kaseya BMS GET /v2/crm/accounts/summary: HTTP 400: injected fault');
    expect(message).not.toContain('Workflow execution failed');
  });
});

describe('services that cannot be reached are named', () => {
  it('the database', async () => {
    const port = await freePort();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `postgres://sync@127.0.0.1:${port}/sync`;
    try {
      expect(await cliError('report', h.integrationId)).toBe(
        `cannot reach the database at 127.0.0.1:${port} (ECONNREFUSED): is PostgreSQL running? bin/start runs the local one on POSTGRES_PORT; DATABASE_URL points the CLI at another`,
      );
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });

  it('Temporal', async () => {
    const port = await freePort();
    const saved = process.env.TEMPORAL_ADDRESS;
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
    try {
      expect(await cliError('sync', 'run', h.integrationId)).toMatch(new RegExp(`^cannot reach Temporal at 127\\.0\\.0\\.1:${port} \\(.+\\): is the Temporal server running\\?`));
    } finally {
      process.env.TEMPORAL_ADDRESS = saved;
    }
  });
});

describe('integration configure', () => {
  const id = `noschedules-${randomUUID().slice(0, 6)}`;
  afterAll(async () => {
    for (const scheduleId of [scheduleIds.sync(id), scheduleIds.pushPoll(id)]) await h.temporal.schedule.getHandle(scheduleId).delete().catch(() => undefined);
  });

  it('leaves an integration created without schedules without schedules, and says how to add them', async () => {
    const created = await cli('integration', 'create', id, '--name', `No schedules ${id}`, '--bms-url', h.bms.url, '--bms-tenant', 'DemoMSP', '--bms-user', 'u', '--itglue-url', h.itglue.url, '--no-schedules');
    expect(created).toContain(`note: no schedules were created; add them with: integration schedules ${id}`);
    const configured = await cli('integration', 'configure', id, '--set', 'twoWay=true');
    expect(configured).toContain(`note: integration ${id} has no schedules (created with --no-schedules); add them with: integration schedules ${id}`);
    for (const scheduleId of [scheduleIds.sync(id), scheduleIds.pushPoll(id)]) {
      await expect(h.temporal.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    }
    // Once added, configure keeps them in line with the settings.
    await cli('integration', 'schedules', id);
    await cli('integration', 'configure', id, '--set', 'schedule.syncEvery=30m');
    const sync = await h.temporal.schedule.getHandle(scheduleIds.sync(id)).describe();
    expect(sync.spec.intervals?.[0]?.every).toBe(30 * 60_000);
  });
});

describe('sync explain and sync logs', () => {
  beforeAll(async () => {
    await runSync(h, 'full');
  });

  it('names the setting that keeps an ineligible record out', async () => {
    const prospect = await cli('sync', 'explain', h.integrationId, 'organization', '--bms-id', String(ACCOUNT.prospect));
    expect(prospect).toContain('not eligible: account type "Prospect" is not selected for sync');
    expect(prospect).toContain(`excluded by the setting accountTypes = ["Customer","Managed Client"] (change it with: integration configure ${h.integrationId} --set accountTypes=…)`);
    const printer = JSON.parse(await cli('sync', 'explain', h.integrationId, 'configuration', '--bms-id', String(ASSET.printer), '--json')) as { ineligible: unknown };
    expect(printer.ineligible).toEqual({ reason: 'asset category "Printer" is not selected for sync', setting: { name: 'assetCategories', value: ['Workstation', 'Laptop', 'Server', 'Firewall', 'Other'] } });
    // A record of an account that is not synced: its account is the reason.
    const prospectPc = await cli('sync', 'explain', h.integrationId, 'configuration', '--bms-id', String(ASSET.prospectPc));
    expect(prospectPc).toContain(`not eligible: its BMS account ${ACCOUNT.prospect} is not synced (not linked): explain organization --bms-id ${ACCOUNT.prospect}`);
    // A synced record is explained by its link, with no eligibility line.
    const contoso = await cli('sync', 'explain', h.integrationId, 'organization', '--bms-id', String(ACCOUNT.contoso));
    expect(contoso).toContain('state: enabled');
    expect(contoso).not.toContain('not eligible');
  });

  it("keeps a preview's decisions out of sync logs (and explain) unless asked for", async () => {
    await cli('integration', 'configure', h.integrationId, '--set', 'accountTypes=["Customer","Managed Client","Prospect"]', '--no-sync');
    // A full preview: the widened setting makes the account eligible without changing its record.
    const preview = await startPreview(h.temporal, h.taskQueue, { integrationId: h.integrationId, entities: ['organization'], mode: 'full' });
    const { runId } = (await preview.result()) as { runId: number };
    const wouldCreate = JSON.parse(await cli('sync', 'logs', h.integrationId, '--run', String(runId), '--action', 'create', '--json')) as { message: string }[];
    expect(wouldCreate.map((r) => r.message)).toEqual([expect.stringMatching(/^would create IT Glue organization "fabrikam prospects"/)]);
    const creates = JSON.parse(await cli('sync', 'logs', h.integrationId, '--action', 'create', '--entity', 'organization', '--json')) as { message: string; runId: number }[];
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.filter((r) => r.message.startsWith('would '))).toEqual([]);
    const withPreviews = JSON.parse(await cli('sync', 'logs', h.integrationId, '--action', 'create', '--entity', 'organization', '--previews', '--json')) as { runId: number }[];
    expect(withPreviews.some((r) => r.runId === runId)).toBe(true);
    expect(await cli('sync', 'explain', h.integrationId, 'organization', '--bms-id', String(ACCOUNT.prospect))).not.toContain('would create');
  });
});

