/**
 * Secrets never reach workflow history, the worker's log or the database, even when a server
 * echoes them. The simulators' `echoRequest` fault answers with what the engine sent: the BMS
 * password (login form), the access token (Authorization header), the refresh token (refresh
 * form) and the IT Glue API key, as they are and inside a URL. The worker runs as its own process,
 * so its log is what an operator would read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { links, syncLog, syncRuns } from '../../db/schema.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { leakedSecrets } from '../support/secrets.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const PASSWORD = 'S3cret p@ss/w0rd+&=?';
const API_KEY = 'ITG.echo-test-0123456789abcdef';

let h: Harness;
let worker: WorkerProcess;
/** Every secret the servers saw (and echoed), by name. */
const secrets: Record<string, string> = { password: PASSWORD, 'IT Glue API key': API_KEY };
/** The first execution of every workflow run here. */
const started: { workflowId: string; runId: string }[] = [];

/** Starts a full sync and waits for it to end, whether it succeeds or fails. */
async function sync(mode: 'full' | 'incremental'): Promise<{ ok: boolean; message: string }> {
  const handle = await h.temporal.workflow.start('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.fullSync(h.integrationId),
    args: [{ integrationId: h.integrationId, mode }],
  });
  started.push({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId });
  try {
    await handle.result();
    return { ok: true, message: '' };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? `${err.message} ${String(err.cause)}` : String(err) };
  }
}

/** Remembers what the simulators echoed (the tokens the engine held), under readable names. */
async function learnEchoedSecrets(): Promise<void> {
  const echoed = [...(await h.bms.admin.faults()), ...(await h.itglue.admin.faults())].flatMap((f) => f.echoed);
  for (const value of echoed) {
    const token = value.replace(/^Bearer\s+/i, '');
    if (value === PASSWORD || value === API_KEY || token.length < 20) continue;
    secrets[`token …${token.slice(-10)}`] = token;
  }
}

/** All text of a value: strings as they are, payload bytes decoded (history payloads are JSON bytes). */
function textOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const v of value) textOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) textOf(v, out);
  return out;
}

/** Every event of every execution started here, following continue-as-new. */
async function allHistory(): Promise<string> {
  const texts: string[] = [];
  for (const first of started) {
    let runId: string | undefined = first.runId;
    while (runId) {
      const history = await h.temporal.workflow.getHandle(first.workflowId, runId).fetchHistory();
      textOf(history, texts);
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
  }
  return texts.join('\n');
}

beforeAll(async () => {
  const dataset = smallDataset();
  dataset.bms!.users = [{ userName: 'sync-api', password: PASSWORD, userType: 'ApiEmployee', hasApiAccess: true }];
  dataset.itglue = { ...dataset.itglue, apiKeys: [API_KEY] };
  h = await createHarness({ dataset, settings: SMALL_SYNC_ALL, worker: false });
  await h.bms.admin.configure({ accessTokenTtlSeconds: 2 });
  // Its most talkative log, as a container would write it (JSON lines): nothing in it may leak.
  worker = await startWorkerProcess(h, { env: { LOG_FORMAT: 'json', LOG_LEVEL: 'debug' } });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await worker?.exited;
  await h?.close();
});

describe('secrets a server echoes', () => {
  it('a login refused with the password echoed fails the run with a readable reason', async () => {
    await h.bms.admin.addFault({ kind: 'error', route: '/v2/security/authenticate', status: 400, echoRequest: true, times: 0 });
    const run = await sync('full');
    expect(run.ok).toBe(false);
    expect(run.message).toContain('login refused for user "sync-api"');
    expect((await h.bms.admin.faults())[0]!.echoed).toContain(PASSWORD);
    await h.bms.admin.clearFaults();
  });

  it('an asset read refused with the access token echoed fails the run with a readable reason', async () => {
    await h.bms.admin.addFault({ kind: 'error', method: 'GET', route: '/v2/servicedesk/hardwareasset/{assetId}', status: 400, echoRequest: true, times: 0 });
    const run = await sync('full');
    await learnEchoedSecrets();
    await h.bms.admin.clearFaults();
    expect(run.ok).toBe(false);
    expect(run.message).toContain('authorization: Bearer [redacted]');
    expect(Object.keys(secrets).some((name) => name.startsWith('token '))).toBe(true);
  });

  it('IT Glue creates refused with the API key echoed become record errors', async () => {
    await h.itglue.admin.addFault({ kind: 'error', method: 'POST', route: '/configurations', status: 422, echoRequest: true, times: 0 });
    const run = await sync('full');
    await h.itglue.admin.clearFaults();
    expect(run).toEqual({ ok: true, message: '' });
    const errors = (await h.database.db.select().from(syncLog).where(eq(syncLog.integrationId, h.integrationId))).filter((row) => row.action === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((row) => row.entity === 'configuration' && row.message.includes('x-api-key: [redacted]'))).toBe(true);
  });

  it('an IT Glue refusal with the API key echoed fails the run with a readable reason', async () => {
    await h.itglue.admin.addFault({ kind: 'error', method: 'GET', route: '/organizations', status: 422, echoRequest: true, times: 0 });
    const run = await sync('incremental');
    await h.itglue.admin.clearFaults();
    expect(run.ok).toBe(false);
    expect(run.message).toContain('x-api-key: [redacted]');
  });

  it('a refresh answered with the refresh token echoed is retried and the run completes', async () => {
    // Access tokens live two seconds here (beforeAll): the run's first BMS call refreshes.
    await new Promise((r) => setTimeout(r, 2_100));
    await h.bms.admin.addFault({ kind: 'error', route: '/v2/security/refreshtoken', status: 500, echoRequest: true, times: 1 });
    const run = await sync('incremental');
    expect(run).toEqual({ ok: true, message: '' });
    expect((await h.bms.admin.faults())[0]!.applied).toBe(1);
    await learnEchoedSecrets();
    await h.bms.admin.clearFaults();
  });

  it('none of them is in workflow history, the worker log, run rows, log rows or links', async () => {
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(5); // password, API key, access and refresh tokens
    const history = await allHistory();
    expect(history).toContain('login refused');
    expect(leakedSecrets(history, secrets)).toEqual([]);
    expect(worker.output()).toContain('[redacted]');
    expect(leakedSecrets(worker.output(), secrets)).toEqual([]);
    const rows = [
      ...(await h.database.db.select().from(syncRuns).where(eq(syncRuns.integrationId, h.integrationId))),
      ...(await h.database.db.select().from(syncLog).where(eq(syncLog.integrationId, h.integrationId))),
      ...(await h.database.db.select().from(links).where(eq(links.integrationId, h.integrationId))),
    ];
    expect(leakedSecrets(JSON.stringify(rows), secrets)).toEqual([]);
  });

  it('the worker log is JSON lines; those of activities name their integration, workflow and run', async () => {
    const lines = worker.output().split('\n').filter((line) => line.trim() !== '');
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    for (const entry of entries) expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    // Every line about a workflow or an activity (the SDK's and the engine's) names all three.
    const ofWorkflows = entries.filter((e) => e.workflowId !== undefined || e.activityType !== undefined);
    expect(ofWorkflows.filter((e) => e.sdkComponent === 'activity').length).toBeGreaterThan(10);
    const runIds = new Set(started.map((s) => s.runId));
    for (const entry of ofWorkflows) {
      expect(entry.integrationId, JSON.stringify(entry)).toBe(h.integrationId);
      expect(entry.workflowId).toBe(workflowIds.fullSync(h.integrationId));
      expect(typeof entry.runId).toBe('string');
    }
    // The first run of each workflow chain is among them (later ones continued as new).
    expect(ofWorkflows.some((e) => runIds.has(e.runId as string))).toBe(true);
    // The engine's own messages are there too: each run's end, each API call (at debug).
    expect(entries.some((e) => typeof e.msg === 'string' && /^full run \d+ failed: /.test(e.msg) && e.integrationId === h.integrationId)).toBe(true);
    expect(entries.some((e) => e.msg === 'POST /v2/security/refreshtoken → 500' && e.sdkComponent === 'activity')).toBe(true);
    // An activity's failure is logged with its (redacted) reason.
    expect(entries.some((e) => e.msg === 'Activity failed' && String(e.error).includes('x-api-key: [redacted]'))).toBe(true);
    expect(entries.find((e) => typeof e.msg === 'string' && e.msg.startsWith('worker polling task queue'))).toMatchObject({ level: 'info', taskQueue: h.taskQueue });
  });
});
