/**
 * The worker's Prometheus endpoint, scraped the way Prometheus would while a full sync runs: the
 * worker process (workers/main.ts, as deployed) serves the engine's metrics and the Temporal
 * SDK's on METRICS_PORT, and the engine's counters move during the run: API calls per service and
 * route, a 429 the simulator answers and the retry after it, records per entity and action, the
 * run's outcome and duration, links per state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../config/paths.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { freePort } from '../support/ports.js';
import { SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

let h: Harness;
let worker: WorkerProcess;
let metricsUrl: string;

/** `name{a="x",b="y"} 3` lines → value by series (name and sorted labels). */
function parseMetrics(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (m) series.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return series;
}

/** The sum of every series of `name` whose labels include all of `labels`. */
function total(metrics: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of metrics) {
    if (!key.startsWith(`${name}{`) && key !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

async function scrape(): Promise<{ text: string; metrics: Map<string, number> }> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  return { text, metrics: parseMetrics(text) };
}

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL, worker: false });
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  worker = await startWorkerProcess(h, { env: { METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1', LOG_LEVEL: 'info' } });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await worker?.exited;
  await h?.close();
});

describe('the metrics endpoint during a full sync', () => {
  const scrapes: Map<string, number>[] = [];
  let before: Map<string, number>;
  let after: { text: string; metrics: Map<string, number> };

  beforeAll(async () => {
    before = (await scrape()).metrics;
    // The first account page is answered 429 (the HTTP layer waits its Retry-After and tries
    // again); every BMS read is slowed a little so the run lasts long enough to be watched.
    await h.bms.admin.addFault({ kind: 'rate-limit', method: 'GET', route: '/v2/crm/accounts/summary', retryAfterSeconds: 1, times: 1 });
    await h.bms.admin.addFault({ kind: 'latency', latencyMs: 100, method: 'GET', times: 0 });
    const handle = await h.temporal.workflow.start('fullSyncWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.fullSync(h.integrationId),
      args: [{ integrationId: h.integrationId, mode: 'full' }],
    });
    let finished = false;
    const result = handle.result().finally(() => (finished = true));
    while (!finished) {
      scrapes.push((await scrape()).metrics);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await result;
    await h.bms.admin.clearFaults();
    after = await scrape();
  }, 180_000);

  it('saw the API call counters move while the run was going on', () => {
    const calls = scrapes.map((m) => total(m, 'sync_api_calls_total'));
    expect(scrapes.length).toBeGreaterThan(2);
    expect(new Set(calls).size, `calls seen at each scrape: ${calls.join(', ')}`).toBeGreaterThan(2);
    // Counters never go back.
    for (let i = 1; i < calls.length; i++) expect(calls[i]).toBeGreaterThanOrEqual(calls[i - 1]!);
    expect(total(after.metrics, 'sync_api_calls_total')).toBeGreaterThan(total(before, 'sync_api_calls_total'));
  });

  it('counts API calls per service, route and status, the 429 and the retry after it', () => {
    const m = after.metrics;
    expect(total(m, 'sync_api_calls_total', { service: 'bms', route: 'GET /v2/crm/accounts/summary', outcome: '200' })).toBeGreaterThan(0);
    expect(total(m, 'sync_api_calls_total', { service: 'bms', route: 'GET /v2/crm/accounts/summary', outcome: '429' })).toBe(1);
    expect(total(m, 'sync_api_calls_total', { service: 'itglue', outcome: '200' })).toBeGreaterThan(0);
    expect(total(m, 'sync_api_rate_limited_total', { service: 'bms', route: 'GET /v2/crm/accounts/summary' })).toBe(1);
    expect(total(m, 'sync_api_retries_total', { service: 'bms', route: 'GET /v2/crm/accounts/summary', kind: 'rate-limited' })).toBe(1);
    expect(total(m, 'sync_api_call_seconds_count', { service: 'bms' })).toBeGreaterThan(0);
    expect(m.has('sync_api_budget_wait_seconds_total{service="bms",route="GET /v2/crm/accounts/summary"}')).toBe(true);
  });

  it('counts records per integration, entity and action', () => {
    const m = after.metrics;
    for (const entity of ['organization', 'location', 'contact', 'configuration']) {
      expect(total(m, 'sync_records_total', { integration: h.integrationId, entity }), entity).toBeGreaterThan(0);
    }
    expect(total(m, 'sync_records_total', { integration: h.integrationId, action: 'create' })).toBeGreaterThan(0);
    expect(total(m, 'sync_records_total', { integration: h.integrationId, action: 'bms-read' })).toBeGreaterThan(0);
  });

  it('records the run: its outcome, duration and the links it left per state', () => {
    const m = after.metrics;
    expect(total(m, 'sync_runs_total', { integration: h.integrationId, kind: 'full', status: 'completed' })).toBe(1);
    expect(total(m, 'sync_run_duration_seconds_count', { kind: 'full', status: 'completed' })).toBe(1);
    expect(total(m, 'sync_run_duration_seconds_sum', { kind: 'full' })).toBeGreaterThan(1);
    expect(total(m, 'sync_links', { integration: h.integrationId, state: 'enabled' })).toBeGreaterThan(0);
    expect(after.text).toContain('# HELP sync_links ');
  });

  it("serves the Temporal SDK's own metrics on the same endpoint", () => {
    expect(after.text).toMatch(/^temporal_\w+/m);
    expect(total(after.metrics, 'temporal_activity_execution_latency_count')).toBeGreaterThan(0);
  });

  it('has every metric the Grafana dashboard (docs/grafana) queries', () => {
    const dashboard = readFileSync(join(PROJECT_ROOT, 'docs', 'grafana', 'bms-itglue-sync.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/\b((?:sync|temporal)_\w+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(queried.size).toBeGreaterThan(10);
    const served = new Set([...after.text.matchAll(/^# TYPE (\w+) /gm), ...after.text.matchAll(/^(\w+?)(?:_bucket|_count|_sum)?[{ ]/gm)].map((m) => m[1]!));
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
  });
});
