/**
 * The single-integration benchmark at one dataset size: an initial full sync, a no-change full
 * sync and a no-change incremental sync (each measured: wall time, API calls, CPU per process,
 * PostgreSQL transactions, worker memory, workflow history), the CLI's time for a command, and
 * the two-way latency at the product's default push interval. Simulators never throttle here
 * (rate limits and the engine's budgets raised): the engine's own speed is measured.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BmsClient } from '../../clients/bms/index.js';
import { workflowIds } from '../../contract/ids.js';
import { summarizeApiCalls } from './api-calls.js';
import { timeCliCommand, type CliTiming } from './cli-time.js';
import { duration, int, quantile } from './format.js';
import { historyOfRun } from './history.js';
import { measureLatency, type LatencyReport } from './latency.js';
import { sizesAt, type Options } from './options.js';
import { resetPeakRss, RssSampler, statusKb, totalMemGiB } from './proc.js';
import { formatCounts, formatRun, markdownSummary, totalWrites, type BenchContext, type RunReport } from './report.js';
import { awaitSync, progressTicker, startSync } from './runs.js';
import { BENCH_SETTINGS, createIntegration, describeDataset, generate, startSimulatorPair, type SimulatorPair } from './setup.js';
import { IDLE_SETTLE_MS, log, sleep, type BenchStack } from './stack.js';
import { formatJudgements, judge, type Figures, type Judgement } from './targets.js';

export const INTEGRATION_ID = 'bench';
/** Simulator and engine budgets far above anything a run can use: nothing throttles. */
const NO_LIMIT = 1_000_000_000;

export interface SingleOutcome {
  records: number;
  figures: Figures;
  judgements: Judgement[];
  markdown: string;
  /** Runs that should have written nothing and did. */
  dirtyNoChange: string[];
}

/**
 * Pages through every account, contact and hardware asset list row of the BMS simulator with the
 * engine's client: the simulator must stay fast at the benchmark's size (linear paging).
 */
async function measureSimulatorPaging(baseUrl: string, tenant: string, user: { userName: string; password: string }): Promise<{ records: number; ms: number }> {
  const client = new BmsClient({ baseUrl, tenant, userName: user.userName, password: user.password });
  const started = performance.now();
  let records = 0;
  for await (const _ of client.iterateAccounts()) records++;
  for await (const _ of client.iterateContacts()) records++;
  for await (const _ of client.iterateHardwareAssets()) records++;
  return { records, ms: performance.now() - started };
}

export async function runSingle(stack: BenchStack, opts: Options, scale: number, profileDir: string | null): Promise<SingleOutcome> {
  const startedAt = new Date();
  stack.phase = 'generating the dataset';
  const gen = generate(sizesAt(opts.base, scale, 1), opts.seed);
  const { dataset, summary, records } = gen;
  log(`dataset (seed ${opts.seed}, ${scale}×) generated in ${duration(gen.ms)}: ${describeDataset(summary)} (${int(records)} BMS records in scope)`);

  stack.phase = 'loading the simulators';
  const limits = { bms: { perEndpoint: NO_LIMIT, windowSeconds: 3600 }, itglue: { perAccount: NO_LIMIT, windowSeconds: 300 } };
  const pair = await startSimulatorPair(stack, dataset, limits);
  log(`simulators in this process: BMS ${pair.bms.url}, IT Glue ${pair.itglue.url}; rate limits raised to ${int(NO_LIMIT)} per window so they never throttle (the engine's client-side budgets too)`);
  const simulatorPaging = await measureSimulatorPaging(pair.bms.url, dataset.bms!.tenant, dataset.bms!.users[0]!);
  log(`BMS simulator paging: ${int(simulatorPaging.records)} records (every account, contact and hardware asset list row) in ${duration(simulatorPaging.ms)}`);

  stack.phase = 'creating the integration';
  const settings = await createIntegration(stack, INTEGRATION_ID, pair, dataset);
  log(`integration "${INTEGRATION_ID}" settings: ${JSON.stringify(BENCH_SETTINGS)}`);

  const engineEnv = stack.engineEnv({
    BMS_RATE_LIMIT_PER_HOUR: String(NO_LIMIT),
    ITGLUE_RATE_LIMIT_PER_5MIN: String(NO_LIMIT),
    WORKER_MAX_ACTIVITIES: String(opts.maxActivities),
  });
  await stack.startWorkers(opts.workers, engineEnv, profileDir);
  const idleRssKb = await stack.idleRssKb();
  const sampler = new RssSampler(() => stack.workerPids(), 250);
  sampler.start();

  const context: BenchContext = {
    startedAt: startedAt.toISOString(),
    scale,
    sizes: {
      accounts: summary['bms.accounts']!,
      locations: summary['bms.locations']!,
      contacts: summary['bms.contacts']!,
      assets: summary['bms.hardwareAssets']!,
      tickets: summary['bms.tickets'] ?? 0,
      ticketsSynced: 0,
      seed: opts.seed,
    },
    datasetSummary: summary,
    workers: opts.workers,
    maxActivities: opts.maxActivities,
    settings: BENCH_SETTINGS as Record<string, unknown>,
    machine: `${cpus().length} cores, ${Math.round(totalMemGiB())} GiB, Node ${process.version}`,
    generateMs: gen.ms,
    simulatorPaging,
    idleRssKb,
  };

  const measure = (label: string, mode: 'full' | 'incremental') => measureRun(stack, pair, sampler, records, label, mode, opts.runTimeoutMs);
  const runs: RunReport[] = [];
  runs.push(await measure('Initial full sync', 'full'));
  const [synced] = await stack.database.sql<{ n: string }[]>`
    select count(*) as n from links where integration_id = ${INTEGRATION_ID} and entity = 'ticket' and state = 'enabled'`;
  context.sizes.ticketsSynced = Number(synced?.n ?? 0);
  log(`tickets in the ticket sync's scope: ${int(context.sizes.ticketsSynced)} of ${int(context.sizes.tickets)}`);
  runs.push(await measure('no-change full sync', 'full'));
  runs.push(await measure('no-change incremental sync', 'incremental'));
  const [initial, noChangeFull, noChangeIncremental] = runs as [RunReport, RunReport, RunReport];
  const dirtyNoChange = runs.filter((r) => r.label.startsWith('no-change') && totalWrites(r) > 0).map((r) => r.label);

  stack.phase = 'timing a CLI command';
  const cli: CliTiming = await timeCliCommand(['sync', 'runs', INTEGRATION_ID], engineEnv);
  log(`CLI "${cli.command}" (compiled): ${cli.runsMs.map((ms) => duration(ms)).join(', ')}; median ${duration(cli.medianMs)}`);

  let latency: LatencyReport | null = null;
  if (opts.twoWay) latency = await measureLatency({ stack, integrationId: INTEGRATION_ID, settings, bms: pair.bms, itglue: pair.itglue, edits: opts.edits, seed: opts.seed });
  sampler.sample();
  const peakKb = Math.max(...runs.flatMap((r) => r.workerPeakRssKb), ...stack.workerPids().map((pid) => sampler.peak(pid)));
  sampler.stop();

  const figures: Figures = {
    initialRecordsPerSecond: records / (initial.wallMs / 1000),
    workerCpuMsPerRecord: (initial.cpu.worker * 1000) / records,
    dbTransactionsPerRecord: initial.dbXacts / records,
    noChangeIncrementalShare: noChangeIncremental.wallMs / initial.wallMs,
    noChangeIncrementalHistoryEvents: noChangeIncremental.historyEvents,
    noChangeFullShare: noChangeFull.wallMs / initial.wallMs,
    workerIdleRssMb: Math.max(...idleRssKb) / 1024,
    workerPeakRssMb: peakKb / 1024,
    cliCommandMs: cli.medianMs,
    ...(latency ? { twoWayP95Ms: quantile(latency.latenciesMs, 0.95), pushPollBudgetShare: latency.idleBudgetShare } : {}),
  };
  const judgements = judge(figures, 'single');

  const notes = [
    `Records/s = the ${int(records)} BMS records in scope divided by the run's wall time (also for the incremental run, which reads only what changed and re-lists the assets); tickets are not counted in it.`,
    `Tickets: the ${int(context.sizes.ticketsSynced)} tickets the ticket sync took (open, or completed in the last 90 days); their calls are the BMS ticket routes (list, notes) and IT Glue's flexible assets (BMS Ticket assets and their type), passwords and documents (what suggestions choose from).`,
    'Worker CPU per record = CPU time (user + system, /proc) of the worker process(es) during the initial sync, divided by the records in scope.',
    'DB transactions = transactions committed or rolled back in the benchmark\'s private PostgreSQL during the run (pg_stat_database xact_commit + xact_rollback; each statement outside a transaction counts one): the engine\'s database round trips, approximately.',
    'No-change time share = the no-change run\'s wall time divided by the initial full sync\'s.',
    'History events = every event of every workflow execution the run consisted of: its continue-as-new chain and every child workflow it started (and theirs).',
    'Writes = POST/PUT/PATCH/DELETE calls to either API (authentication and read-only searches excluded); a no-change run must make none.',
    `Worker RSS idle = VmRSS ${IDLE_SETTLE_MS / 1000} s after the worker(s) started polling (start-up settled); peak = the kernel peak (VmHWM, reset before each run) and VmRSS sampled every 250 ms, whichever is higher, over every run and the latency phase; the highest of the workers.`,
    'CLI command = wall time of `node dist/cli/main.js sync runs bench` as a new process (what `npm run cli` runs once dist/ is up to date), median of 5.',
    'Matching time = matcher construction plus match() calls in the pull (run counts `match-us`); candidate look-up queries not included.',
  ];
  if (latency) {
    notes.push(
      `Two-way latency = from the IT Glue edit (simulator admin API, as a user) until the BMS simulator returns the new value (polled every 100 ms), with the push-poll schedule at the product default (${latency.pushEvery}). ` +
        `Edits are spread at random over the schedule's phase, so latency ≈ a random part of the interval + one push run. The measurement starts with the first push run after two-way is enabled (workers see a settings change at their next activity). An edit that never arrives counts as infinitely late.`,
      `Push-poll budget share = IT Glue calls of an idle poll × polls per 5 minutes at the default interval ÷ 3,000 (IT Glue's documented budget per account); lookup-table reloads (every 5 minutes per worker, activities/sync/session.ts) are reported apart.`,
    );
  }
  if (dirtyNoChange.length) notes.push(`CHECK FAILED: ${dirtyNoChange.join(', ')} made write calls.`);
  const markdown = markdownSummary(context, formatJudgements(judgements), runs, latency, cli, notes);
  return { records, figures, judgements, markdown, dirtyNoChange };
}

async function measureRun(
  stack: BenchStack,
  pair: SimulatorPair,
  sampler: RssSampler,
  records: number,
  label: string,
  mode: 'full' | 'incremental',
  timeoutMs: number,
): Promise<RunReport> {
  stack.phase = label;
  const { database } = stack;
  pair.bms.sim.resetCounters();
  pair.itglue.sim.resetCounters();
  const pids = stack.workerPids();
  const hwmReset = pids.every((pid) => resetPeakRss(pid));
  sampler.reset();
  sampler.sample();
  const cpu0 = stack.cpuNow();
  const xacts0 = await stack.dbTransactions();
  log(`${label}: starting (${mode})`);
  const run = await startSync(stack, INTEGRATION_ID, mode);
  const stopTicker = progressTicker(stack, run);
  let result: Awaited<ReturnType<typeof awaitSync>>;
  try {
    result = await awaitSync(stack, run, label, timeoutMs);
  } finally {
    stopTicker();
  }
  const wallMs = result.finishedAt - run.startedAt;
  sampler.sample();
  const cpu1 = stack.cpuNow();
  const api = summarizeApiCalls({ bms: pair.bms.sim.counterSnapshot(), itglue: pair.itglue.sim.counterSnapshot() });
  // Backends report their statistics at most once a second when they go idle.
  await sleep(1_500);
  const dbXacts = (await stack.dbTransactions()) - xacts0;
  const workerPeakRssKb = pids.map((pid) => Math.max(sampler.peak(pid), hwmReset ? (statusKb(pid, 'VmHWM') ?? 0) : 0));
  const history = await historyOfRun(stack.client, workflowIds.fullSync(INTEGRATION_ID), run.handle.firstExecutionRunId);
  const [row] = await database.sql<{ status: string }[]>`select status from sync_runs where id = ${result.runId}`;
  const actions = await database.sql<{ action: string; n: string }[]>`
    select action, count(*) as n from sync_log where run_id = ${result.runId} group by action order by count(*) desc`;
  const matchUs = Object.values(result.counts).reduce((n, c) => n + (c['match-us'] ?? 0), 0);
  const report: RunReport = {
    label,
    mode,
    wallMs,
    records,
    api,
    workerPeakRssKb,
    cpu: {
      worker: cpu1.worker - cpu0.worker,
      simulators: cpu1.simulators - cpu0.simulators,
      postgres: cpu1.postgres - cpu0.postgres,
      temporal: cpu1.temporal - cpu0.temporal,
    },
    historyEvents: history.events,
    executions: history.executions,
    continuedAsNew: history.continuedAsNew,
    childWorkflows: history.children,
    matchUs,
    dbXacts,
    counts: result.counts,
    status: row?.status ?? 'unknown',
    logActions: Object.fromEntries(actions.map((a) => [a.action, Number(a.n)])),
  };
  console.log(formatRun(report));
  console.log(`  run counts (sync_runs ${result.runId}):\n${formatCounts(result.counts)}`);
  if (report.logActions.error) {
    const errors = await database.sql<{ entity: string; message: string; n: string }[]>`
      select entity, message, count(*) as n from sync_log where run_id = ${result.runId} and action = 'error'
      group by entity, message order by count(*) desc limit 5`;
    console.log(`  most frequent errors:\n${errors.map((e) => `    ${e.n}× ${e.entity}: ${e.message}`).join('\n')}`);
  }
  return report;
}
