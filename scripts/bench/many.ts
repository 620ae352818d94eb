/**
 * Many integrations at once (`--integrations N`): N integrations, each with a 1/N share of the
 * dataset (its own generated tenant, seed + i) behind its own BMS and IT Glue simulator, all
 * started at the same moment on the worker processes (`--workers`, 2 by default here). Judged on
 * aggregate records/s, the slowest integration's finish against the fastest's, and whether every
 * API budget was respected.
 *
 * Budgets: unlike the single-integration benchmark, the limits are real ones, per integration. Each
 * simulator pair enforces the vendors' limits (BMS 1,500 calls per endpoint, sliding window; IT
 * Glue 3,000 calls per account, fixed window) and answers 429 past them; the workers run with the
 * same per-integration budgets through the engine's PostgreSQL rate gate (shared by the worker
 * processes). Both windows are shortened `--budget-speedup` times so a run takes minutes, not the
 * 3 hours BMS's hourly limit would make of the 5,000 hardware assets of a tenth of the default
 * dataset (one read each). The default (600: BMS 1,500 per 6 s per endpoint, 214 asset reads a
 * second per integration in the gate's sub-windows) is a little more than ten integrations at
 * 2,000 records/s together need (about 160 a second each): the budget binds only above that.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DOCUMENTED_BUDGETS } from '../../clients/rate-gate.js';
import { databaseNow } from '../../db/mirrors.js';
import { summarizeApiCalls, type ApiCallSummary } from './api-calls.js';
import { gateUse } from './budgets.js';
import { duration, int, mb, table } from './format.js';
import { compressedWindows, sizesAt, type Options } from './options.js';
import { RssSampler, totalMemGiB } from './proc.js';
import { awaitSync, startSync } from './runs.js';
import { createIntegration, describeDataset, generate, startSimulatorPair, type SimulatorLimits, type SimulatorPair } from './setup.js';
import { log, sleep, type BenchStack } from './stack.js';
import { formatJudgements, judge, type Figures, type Judgement, type TargetOverrides } from './targets.js';

export interface ManyOutcome {
  records: number;
  figures: Figures;
  judgements: Judgement[];
  overrides: TargetOverrides;
  markdown: string;
}

/** The single-integration figure the aggregate is compared with, when one was measured. */
export interface SingleReference {
  recordsPerSecond: number;
  /** When and at what size it was measured, for the output. */
  what: string;
}

export const integrationIdOf = (i: number, n: number) => `bench-${String(i + 1).padStart(String(n).length, '0')}`;

interface IntegrationRun {
  id: string;
  records: number;
  pair: SimulatorPair;
  finishMs: number;
  status: string;
  errors: number;
  api: ApiCallSummary;
  rateLimited: { bms: number; itglue: number };
}

export async function runMany(stack: BenchStack, opts: Options, scale: number, reference: SingleReference | null, profileDir: string | null): Promise<ManyOutcome> {
  const startedAt = new Date();
  const n = opts.integrations;
  const sizes = sizesAt(opts.base, scale, n);
  const windows = compressedWindows(opts.budgetSpeedup);
  const budgets = {
    bms: { ...DOCUMENTED_BUDGETS.bms, windowMs: windows.bmsSeconds * 1000 },
    itglue: { ...DOCUMENTED_BUDGETS.itglue, windowMs: windows.itglueSeconds * 1000 },
  };
  const limits: SimulatorLimits = {
    bms: { perEndpoint: budgets.bms.limit, windowSeconds: windows.bmsSeconds },
    itglue: { perAccount: budgets.itglue.limit, windowSeconds: windows.itglueSeconds },
  };
  const budgetText =
    `BMS ${int(limits.bms.perEndpoint)} calls per endpoint per ${windows.bmsSeconds} s (the documented hour ÷ ${3600 / windows.bmsSeconds}), ` +
    `IT Glue ${int(limits.itglue.perAccount)} calls per account per ${windows.itglueSeconds} s (the documented 5 minutes ÷ ${+(300 / windows.itglueSeconds).toFixed(2)})`;

  stack.phase = 'generating the datasets and loading the simulators';
  const integrations: { id: string; records: number; pair: SimulatorPair }[] = [];
  const datasetLines: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = integrationIdOf(i, n);
    const gen = generate(sizes, opts.seed + i);
    const pair = await startSimulatorPair(stack, gen.dataset, limits);
    await createIntegration(stack, id, pair, gen.dataset);
    integrations.push({ id, records: gen.records, pair });
    datasetLines.push(`${id} (seed ${opts.seed + i}): ${describeDataset(gen.summary)}`);
  }
  const records = integrations.reduce((sum, i) => sum + i.records, 0);
  log(`${n} integrations of ${int(records / n)} BMS records on average (${int(records)} in all), each with its own simulator pair enforcing ${budgetText}`);

  const engineEnv = stack.engineEnv({
    BMS_RATE_LIMIT_PER_HOUR: String(budgets.bms.limit),
    BMS_RATE_WINDOW_SECONDS: String(limits.bms.windowSeconds),
    ITGLUE_RATE_LIMIT_PER_5MIN: String(budgets.itglue.limit),
    ITGLUE_RATE_WINDOW_SECONDS: String(limits.itglue.windowSeconds),
    WORKER_MAX_ACTIVITIES: String(opts.maxActivities),
  });
  await stack.startWorkers(opts.workers, engineEnv, profileDir);
  const idleRssKb = await stack.idleRssKb();
  const sampler = new RssSampler(() => stack.workerPids(), 250);
  sampler.start();

  stack.phase = `initial full sync of ${n} integrations at once`;
  for (const i of integrations) {
    i.pair.bms.sim.resetCounters();
    i.pair.itglue.sim.resetCounters();
  }
  const cpu0 = stack.cpuNow();
  const xacts0 = await stack.dbTransactions();
  log(`${stack.phase}: starting`);
  const t0 = performance.now();
  // Finish times come from the runs' rows (the database clock), not from when each result arrived here.
  const startedAtDb = await databaseNow(stack.database.db);
  const started = await Promise.all(integrations.map((i) => startSync(stack, i.id, 'full')));
  const ticker = setInterval(() => {
    void stack.database.sql<{ done: string }[]>`select count(*) as done from sync_runs where kind = 'full' and finished_at is not null`.then(
      ([row]) => log(`  … ${duration(performance.now() - t0)}: ${row?.done ?? 0} of ${n} finished; worker RSS ${stack.workerRssKb().map((kb) => `${Math.round(kb / 1024)} MB`).join(', ')}`),
      () => {},
    );
  }, 15_000);
  let results: Awaited<ReturnType<typeof awaitSync>>[];
  try {
    results = await Promise.all(started.map((run) => awaitSync(stack, run, `full sync of ${run.integrationId}`, opts.runTimeoutMs)));
  } finally {
    clearInterval(ticker);
  }
  const cpu1 = stack.cpuNow();
  await sleep(1_500);
  const dbXacts = (await stack.dbTransactions()) - xacts0;
  sampler.sample();
  const peakRssKb = stack.workerPids().map((pid) => sampler.peak(pid));
  sampler.stop();

  const runs: IntegrationRun[] = [];
  for (const [k, i] of integrations.entries()) {
    const result = results[k]!;
    const [row] = await stack.database.sql<{ status: string; finished_at: Date }[]>`select status, finished_at from sync_runs where id = ${result.runId}`;
    const [errors] = await stack.database.sql<{ n: string }[]>`select count(*) as n from sync_log where run_id = ${result.runId} and action = 'error'`;
    const bms = i.pair.bms.sim.counterSnapshot();
    const itglue = i.pair.itglue.sim.counterSnapshot();
    runs.push({
      ...i,
      finishMs: new Date(row!.finished_at).getTime() - startedAtDb.getTime(),
      status: row?.status ?? 'unknown',
      errors: Number(errors?.n ?? 0),
      api: summarizeApiCalls({ bms, itglue }),
      rateLimited: { bms: bms.rateLimited, itglue: itglue.rateLimited },
    });
  }
  const gateRows = await stack.database.sql<{ key: string; count: number }[]>`select key, count from rate_limit_windows`;
  const use = gateUse(gateRows.map((r) => ({ key: r.key, count: Number(r.count) })), budgets);
  const refused = runs.reduce((sum, r) => sum + r.rateLimited.bms + r.rateLimited.itglue, 0);
  const overWindows = use.reduce((sum, u) => sum + u.overLimit, 0);

  const finishes = runs.map((r) => r.finishMs);
  const lastMs = Math.max(...finishes);
  const figures: Figures = {
    aggregateRecordsPerSecond: records / (lastMs / 1000),
    finishRatio: lastMs / Math.min(...finishes),
    budgetViolations: refused + overWindows,
  };
  const overrides: TargetOverrides = reference ? { aggregateRecordsPerSecond: { value: reference.recordsPerSecond, note: `the single-integration figure, ${reference.what}` } } : {};
  const judgements = judge(figures, 'many', reference ? overrides : { aggregateRecordsPerSecond: { value: 2_000, note: 'the single-integration target; no single-integration run of this size on record in .data/bench/results.json' } });

  const out: string[] = [];
  out.push(`## Benchmark, ${n} integrations at once, ${scale}× the default dataset in all (${startedAt.toISOString()})`);
  out.push('');
  out.push(`Datasets: ${int(records)} BMS records in all, a 1/${n} share each:`);
  out.push('');
  for (const line of datasetLines) out.push(`- ${line}`);
  out.push('');
  out.push(
    `Setup: ${cpus().length} cores, ${Math.round(totalMemGiB())} GiB, Node ${process.version}; ${opts.workers} worker processes (RSS when idle after start-up: ${idleRssKb.map(mb).join(', ')}), WORKER_MAX_ACTIVITIES=${opts.maxActivities}; ` +
      `${n} BMS and ${n} IT Glue simulators in the benchmark process; private PostgreSQL and Temporal dev server (SQLite) on the same machine.`,
  );
  out.push('');
  out.push(
    `Budgets: every integration has its own BMS simulator (one tenant) and IT Glue simulator (one account), which enforce ${budgetText} and answer 429 past them. ` +
      `The workers run with the same per-integration budgets (BMS_RATE_LIMIT_PER_HOUR=${budgets.bms.limit}, BMS_RATE_WINDOW_SECONDS=${limits.bms.windowSeconds}, ITGLUE_RATE_LIMIT_PER_5MIN=${budgets.itglue.limit}, ITGLUE_RATE_WINDOW_SECONDS=${limits.itglue.windowSeconds}), ` +
      `counted across both worker processes by the PostgreSQL rate gate in sub-windows of a sixth of the window with a seventh of the limit each (clients/rate-gate.ts). ` +
      `"Respected" = no simulator refused a call with 429, and no gate sub-window counted more than its share. ` +
      `Busiest sub-windows: ${use.map((u) => `${u.service === 'bms' ? 'BMS' : 'IT Glue'} ${int(u.peak)} of ${int(u.limit)} (${u.peakKey}; ${int(u.atLimit)} sub-window(s) at the limit, where the budget was binding)`).join('; ')}.`,
  );
  out.push('');
  out.push('Judged figures:');
  out.push('');
  out.push(formatJudgements(judgements));
  out.push('');
  out.push(
    table(
      ['Integration', 'BMS records', 'Finished after', 'Records/s', 'API calls (BMS + IT Glue)', 'Writes', '429s (BMS / IT Glue)', 'Run', 'Errors logged'],
      runs.map((r) => [
        r.id,
        int(r.records),
        duration(r.finishMs),
        int(r.records / (r.finishMs / 1000)),
        `${int(r.api.total.bms + r.api.total.itglue)} (${int(r.api.total.bms)} + ${int(r.api.total.itglue)})`,
        int(r.api.writes.bms + r.api.writes.itglue),
        `${int(r.rateLimited.bms)} / ${int(r.rateLimited.itglue)}`,
        r.status,
        int(r.errors),
      ]),
    ),
  );
  out.push('');
  const cpu = { worker: cpu1.worker - cpu0.worker, simulators: cpu1.simulators - cpu0.simulators, postgres: cpu1.postgres - cpu0.postgres, temporal: cpu1.temporal - cpu0.temporal };
  out.push(
    `All together: ${int(records)} records in ${duration(lastMs)}; CPU: workers ${cpu.worker.toFixed(1)} s (${((cpu.worker * 1000) / records).toFixed(2)} ms per record), simulators ${cpu.simulators.toFixed(1)} s, ` +
      `PostgreSQL ${cpu.postgres.toFixed(1)} s, Temporal ${cpu.temporal.toFixed(1)} s; ${(dbXacts / records).toFixed(2)} PostgreSQL transactions per record; peak worker RSS ${peakRssKb.map(mb).join(', ')}.`,
  );
  out.push('');
  out.push(
    `- Aggregate records/s = every integration's BMS records in scope divided by the time from the common start until the last integration finished. Finish ratio = the last finish ÷ the first (both from the common start).`,
  );
  out.push('');
  const markdown = out.join('\n');
  return { records, figures, judgements, overrides, markdown };
}
