/**
 * The benchmark (issues 3 and 4): how fast the engine syncs a large tenant, what it costs in API
 * calls, memory and workflow history, and how long an IT Glue edit takes to reach BMS.
 *
 *   npm run bench -- [--accounts 1000 --locations 2000 --contacts 10000 --assets 50000 --seed 1 --workers 1 --keep]
 *
 * Everything runs on this machine in a temporary folder under .data/bench/: a private PostgreSQL,
 * a headless Temporal dev server, both API simulators (in this process, rate limits raised so they
 * never throttle) loaded with a generated dataset, and the worker as a child process (as in
 * production). It then runs an initial full sync, a no-change full sync and a no-change
 * incremental sync, and measures the two-way latency. Numbers are printed as they come; a Markdown
 * summary is printed at the end and written to .data/bench/last-run.md. Run with --help.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { PROJECT_ROOT, WORKER_PROCESS_ENV } from '../config/paths.js';
import { applyIntegrationSchedules, deleteSchedule } from '../control/schedules.js';
import { startFullSync } from '../control/start.js';
import { openDatabase, type Database } from '../db/client.js';
import { getIntegration, insertIntegration, updateSettings } from '../db/integrations.js';
import { runMigrations } from '../db/migrate.js';
import { generateKey, keyRingFromEnv, storeSecret } from '../db/secrets.js';
import { insertRule } from '../db/tickets.js';
import type { TicketSettingInput } from '../domain/tickets/conditions.js';
import { integrationSettingsSchema, type IntegrationSettingsInput } from '../domain/settings.js';
import { BmsClient } from '../clients/bms/index.js';
import { createBmsSimulator } from '../simulators/bms/simulator.js';
import { SimulatorAdmin } from '../simulators/common/admin-client.js';
import type { StartedServer } from '../simulators/common/router.js';
import type { Simulator } from '../simulators/common/simulator.js';
import { generateDataset } from '../simulators/datasets/generate.js';
import { ACCOUNT_TYPES } from '../simulators/datasets/generate/model.js';
import { BMS_ASSET_CATEGORIES } from '../simulators/datasets/hardware.js';
import { Rng } from '../simulators/datasets/random.js';
import { createItGlueSimulator } from '../simulators/itglue/simulator.js';
import { startPrivatePostgres } from '../stack/postgres.js';
import { startDevServer } from '../stack/temporal.js';
import { workflowIds, scheduleIds } from '../contract/ids.js';
import type { SyncProgress } from '../contract/messages.js';
import { summarizeApiCalls } from './bench/api-calls.js';
import { freePort } from './bench/ports.js';
import { cpuSeconds, resetPeakRss, RssSampler, statusKb, treeCpuSeconds } from './bench/proc.js';
import { formatProfileSummary, loadProfiles, summarizeProfiles } from './bench/profile.js';
import {
  duration,
  formatCounts,
  formatRun,
  int,
  markdownSummary,
  quantile,
  totalWrites,
  type BenchContext,
  type Counts,
  type LatencyReport,
  type RunReport,
} from './bench/report.js';

const HELP = `Usage: npm run bench -- [options]

Dataset (BMS side; the IT Glue side overlaps it as the generator decides):
  --accounts N        BMS accounts, 1–1000 (default 1000)
  --locations N       locations in total (default 2 × accounts = 2000)
  --contacts N        contacts (default 10 × accounts = 10000)
  --assets N          hardware assets, up to 100000 (default 50 × accounts = 50000)
  --tickets N         BMS tickets (default 6 × accounts = 6000); the ticket sync takes the open
                      ones and those completed in the last 90 days
  --seed N            dataset seed (default 1)
Engine:
  --workers N         worker processes (default 1)
  --max-activities N  WORKER_MAX_ACTIVITIES of each worker (default 20)
  --cpu-prof          profile the worker(s) with node --cpu-prof; summary printed at the end,
                      profiles kept in .data/bench/profiles-<time>/
Two-way latency:
  --no-two-way        skip the two-way latency measurement
  --edits N           IT Glue edits to time (default 20)
  --push-every D      push schedule interval, at least 10s (default 10s; the product default is 1m)
Other:
  --run-timeout MIN   fail a sync run that takes longer (default 180)
  --keep              leave everything running (and the folder) until Ctrl-C
  --help`;

interface Options {
  accounts: number;
  locations: number;
  contacts: number;
  assets: number;
  tickets: number;
  seed: number;
  workers: number;
  maxActivities: number;
  cpuProf: boolean;
  twoWay: boolean;
  edits: number;
  pushEvery: string;
  runTimeoutMs: number;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      accounts: { type: 'string' },
      locations: { type: 'string' },
      contacts: { type: 'string' },
      assets: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      'max-activities': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      'two-way': { type: 'boolean' },
      'no-two-way': { type: 'boolean' },
      edits: { type: 'string' },
      'push-every': { type: 'string' },
      'run-timeout': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const num = (name: keyof typeof values, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${String(raw)}")`);
    return n;
  };
  const accounts = num('accounts', 1000, 1, 1000);
  const pushEvery = values['push-every'] ?? '10s';
  const interval = integrationSettingsSchema.shape.schedule.unwrap().shape.pushPollEvery.safeParse(pushEvery);
  if (!interval.success) throw new UsageError(`--push-every: ${interval.error.issues[0]?.message ?? 'invalid'}`);
  return {
    accounts,
    locations: num('locations', 2 * accounts, accounts, 20_000),
    contacts: num('contacts', 10 * accounts, 0, 100_000),
    assets: num('assets', 50 * accounts, 0, 100_000),
    tickets: num('tickets', 6 * accounts, 0, 100_000),
    seed: num('seed', 1, 0, 0xffff_ffff),
    workers: num('workers', 1, 1, 16),
    maxActivities: num('max-activities', 20, 1, 1000),
    cpuProf: values['cpu-prof'] ?? false,
    twoWay: !values['no-two-way'],
    edits: num('edits', 20, 1, 1000),
    pushEvery,
    runTimeoutMs: num('run-timeout', 180, 1, 24 * 60) * 60_000,
    keep: values.keep ?? false,
  };
}

class UsageError extends Error {}

const log = (message: string) => console.log(`[bench] ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const INTEGRATION_ID = 'bench';
const BENCH_TICKET_SETTING: TicketSettingInput = {
  name: 'Organization passwords',
  description: "The ticket organization's passwords on network, e-mail and printing tickets",
  conditions: [
    [{ attribute: 'issue-type', operator: 'is', value: 'Network' }],
    [{ attribute: 'issue-type', operator: 'is', value: 'Email' }],
    [{ attribute: 'title', operator: 'contains', value: 'print' }],
  ],
  actions: [[{ attribute: 'password-organization', operator: 'is', value: '[organization_name]' }]],
};
const TASK_QUEUE = 'bench';
/** Simulator and engine budgets far above anything a run can use: nothing throttles. */
const NO_LIMIT = 1_000_000_000;

/** What to stop, most recent first (also run on Ctrl-C and on failure). */
const stops: { name: string; stop: () => Promise<void> }[] = [];
const workers: { index: number; child: ChildProcess; logFile: string }[] = [];
let phase = 'starting';
let shuttingDown = false;
/** The run's working folder (removed at the end unless --keep or a failure). */
let workDir: string | null = null;
/** --keep: the numbers are in and we wait for Ctrl-C, which then ends the run normally. */
let keepWaiting = false;

async function stopAll(): Promise<void> {
  for (const { name, stop } of stops.splice(0)) {
    try {
      await stop();
    } catch (err) {
      console.error(`[bench] stopping ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Rejects as soon as any worker exits while a run is going on. */
let workerDied: (err: Error) => void = () => {};
const workerDeath = new Promise<never>((_, reject) => {
  workerDied = reject;
});
workerDeath.catch(() => {});

function startWorker(index: number, env: NodeJS.ProcessEnv, dir: string, profileDir: string | null): ChildProcess {
  const logFile = join(dir, `worker-${index}.log`);
  const fd = openSync(logFile, 'a');
  // The compiled worker with its prebuilt workflow bundle, as deployed (built at the start of main).
  const nodeArgs = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), join(PROJECT_ROOT, 'dist', 'workers', 'main.js')];
  // Own process group: a Ctrl-C in the terminal reaches only us, and we stop the worker cleanly.
  const child = spawn(process.execPath, nodeArgs, { env, cwd: PROJECT_ROOT, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.once('exit', (code, signal) => {
    if (shuttingDown) return;
    workerDied(new Error(`worker ${index} exited (${signal ?? `code ${code}`}) during "${phase}"; last lines of ${logFile}:\n${tail(logFile)}`));
  });
  workers.push({ index, child, logFile });
  return child;
}

async function waitForWorkerReady(w: (typeof workers)[number]): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (w.child.exitCode !== null || w.child.signalCode !== null) {
      throw new Error(`worker ${w.index} exited at start-up; last lines of ${w.logFile}:\n${tail(w.logFile)}`);
    }
    if (existsSync(w.logFile) && readFileSync(w.logFile, 'utf8').includes('worker polling task queue')) return;
    await sleep(250);
  }
  throw new Error(`worker ${w.index} did not start polling within 3 minutes; see ${w.logFile}`);
}

function stopWorker(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${duration(ms)}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout, workerDeath]);
  } finally {
    clearTimeout(timer);
  }
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Events of a workflow chain: the first run and every run it continued as new into. */
async function historyOfChain(client: Client, workflowId: string, firstRunId: string): Promise<{ events: number; executions: number }> {
  let runId: string | undefined = firstRunId;
  let events = 0;
  let executions = 0;
  while (runId) {
    const history: { events?: HistoryEvent[] | null } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const list: HistoryEvent[] = history.events ?? [];
    events += list.length;
    executions++;
    runId = list.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return { events, executions };
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

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const benchRoot = join(PROJECT_ROOT, '.data', 'bench');
  mkdirSync(benchRoot, { recursive: true });
  const dir = mkdtempSync(join(benchRoot, 'run-'));
  workDir = dir;
  // mkdtemp makes it 0700; PostgreSQL runs as another user when we are root and must get in.
  chmodSync(dir, 0o755);
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const profileDir = opts.cpuProf ? join(benchRoot, `profiles-${stamp}`) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log(`working folder ${dir}`);
  // The worker runs compiled, as deployed: bring dist/ up to date (a no-op when nothing changed).
  execFileSync('bash', [join(PROJECT_ROOT, 'scripts', 'build.sh')], { stdio: 'inherit' });

  // ------------------------------------------------------------------ dataset
  phase = 'generating the dataset';
  let t = performance.now();
  const { dataset, summary } = generateDataset({
    seed: opts.seed,
    accounts: opts.accounts,
    locations: opts.locations,
    contacts: opts.contacts,
    assets: opts.assets,
    tickets: opts.tickets,
    // Ticket dates are relative to now, so the ticket sync's 90-day window takes the same share whenever it runs.
    now: startedAt.toISOString(),
  });
  const generateMs = performance.now() - t;
  const records = summary['bms.accounts']! + summary['bms.locations']! + summary['bms.contacts']! + summary['bms.hardwareAssets']!;
  log(
    `dataset (seed ${opts.seed}) generated in ${duration(generateMs)}: BMS ${int(summary['bms.accounts']!)} accounts, ${int(summary['bms.locations']!)} locations, ` +
      `${int(summary['bms.contacts']!)} contacts, ${int(summary['bms.hardwareAssets']!)} hardware assets (${int(records)} records), ${int(summary['bms.tickets'] ?? 0)} tickets; IT Glue ${int(summary['itglue.organizations']!)} organizations, ` +
      `${int(summary['itglue.locations']!)} locations, ${int(summary['itglue.contacts']!)} contacts, ${int(summary['itglue.configurations']!)} configurations`,
  );

  // ------------------------------------------------------------------ stack
  phase = 'starting PostgreSQL and the Temporal dev server';
  t = performance.now();
  const [pgPort, temporalPort, bmsPort, itgPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // allSettled: when one fails, the other is still registered for stopping before we fail.
  const [pgStarted, temporalStarted] = await Promise.allSettled([
    startPrivatePostgres({ dir: join(dir, 'postgres'), port: pgPort, fresh: true }).then((p) => {
      stops.unshift({ name: 'PostgreSQL', stop: () => p.stop() });
      return p;
    }),
    startDevServer({ port: temporalPort, headless: true, dbFile: join(dir, 'temporal.sqlite'), logFile: join(dir, 'temporal.log') }).then((s) => {
      stops.unshift({ name: 'Temporal dev server', stop: () => s.stop() });
      return s;
    }),
  ]);
  if (pgStarted.status === 'rejected') throw pgStarted.reason;
  if (temporalStarted.status === 'rejected') throw temporalStarted.reason;
  const [pg, temporal] = [pgStarted.value, temporalStarted.value];
  await runMigrations(pg.url);
  const database: Database = openDatabase(pg.url, { max: 4 });
  stops.unshift({ name: 'database pool', stop: () => database.close() });
  const connection = await Connection.connect({ address: temporal.address });
  stops.unshift({ name: 'Temporal client', stop: () => connection.close() });
  const client = new Client({ connection, namespace: 'default' });
  const postmasterPid = Number(readFileSync(join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const temporalPid = temporal.process.pid!;
  log(`PostgreSQL on ${pg.url} (pid ${postmasterPid}); Temporal dev server on ${temporal.address} (pid ${temporalPid})`);

  phase = 'loading the simulators';
  const bmsSim: Simulator = createBmsSimulator({ dataset, config: { rateLimitPerHour: NO_LIMIT } });
  const itgSim: Simulator = createItGlueSimulator({ dataset, config: { rateLimit: NO_LIMIT } });
  const servers: StartedServer[] = [await bmsSim.listen(bmsPort), await itgSim.listen(itgPort)];
  stops.unshift({ name: 'simulators', stop: async () => void (await Promise.all(servers.map((s) => s.close()))) });
  const [bmsUrl, itgUrl] = servers.map((s) => s.url) as [string, string];
  const bmsAdmin = new SimulatorAdmin(bmsUrl);
  const itgAdmin = new SimulatorAdmin(itgUrl);
  log(`simulators in this process: BMS ${bmsUrl}, IT Glue ${itgUrl}; rate limits raised to ${int(NO_LIMIT)} per window so they never throttle (the engine's client-side budgets too)`);
  const simulatorPaging = await measureSimulatorPaging(bmsUrl, dataset.bms!.tenant, dataset.bms!.users[0]!);
  log(`BMS simulator paging: ${int(simulatorPaging.records)} records (every account, contact and hardware asset list row) in ${duration(simulatorPaging.ms)}`);

  // ------------------------------------------------------------------ integration
  phase = 'creating the integration';
  const settings: IntegrationSettingsInput = {
    // Everything the generated dataset has: every account type and asset category, active and
    // inactive records, contacts on, auto-create on; one-way until the latency measurement.
    accountTypes: [...ACCOUNT_TYPES],
    accountStatuses: ['active', 'inactive'],
    assetCategories: [...BMS_ASSET_CATEGORIES],
    assetStatuses: ['active', 'inactive'],
    contactsEnabled: true,
    // Tickets too, with one ticket setting (below): their notes and IT Glue assets are part of the cost.
    ticketsEnabled: true,
    twoWay: false,
  };
  const encryptionKey = generateKey();
  const keyRing = keyRingFromEnv(encryptionKey);
  const bmsUser = dataset.bms!.users[0]!;
  await insertIntegration(database.db, {
    id: INTEGRATION_ID,
    name: 'Benchmark',
    bmsBaseUrl: bmsUrl,
    bmsTenant: dataset.bms!.tenant,
    bmsUserName: bmsUser.userName,
    itglueBaseUrl: itgUrl,
    settings,
  });
  await storeSecret(database.db, keyRing, INTEGRATION_ID, 'bms-password', bmsUser.password);
  await storeSecret(database.db, keyRing, INTEGRATION_ID, 'itglue-api-key', dataset.itglue!.apiKeys[0]!);
  const resolvedSettings = (await getIntegration(database.db, INTEGRATION_ID)).settings;
  // The ticket organization's passwords on network, e-mail and printing tickets (notes in BMS).
  await insertRule(database.db, INTEGRATION_ID, 'suggestion', BENCH_TICKET_SETTING);
  log(`ticket setting: ${JSON.stringify(BENCH_TICKET_SETTING)}`);
  log(`integration "${INTEGRATION_ID}" settings: ${JSON.stringify(settings)}`);

  // ------------------------------------------------------------------ workers
  phase = 'starting the worker';
  const workerEnv: NodeJS.ProcessEnv = {
    ...WORKER_PROCESS_ENV,
    ...process.env,
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    SYNC_ENCRYPTION_KEY: encryptionKey,
    SYNC_ENCRYPTION_OLD_KEYS: '',
    BMS_RATE_LIMIT_PER_HOUR: String(NO_LIMIT),
    ITGLUE_RATE_LIMIT_PER_5MIN: String(NO_LIMIT),
    WORKER_MAX_ACTIVITIES: String(opts.maxActivities),
    DATA_DIR: dir,
  };
  delete workerEnv.SYNC_ENCRYPTION_OLD_KEYS;
  stops.unshift({
    name: 'workers',
    stop: async () => {
      shuttingDown = true;
      await Promise.all(workers.map((w) => stopWorker(w.child, 40_000)));
    },
  });
  for (let i = 1; i <= opts.workers; i++) startWorker(i, workerEnv, dir, profileDir);
  await Promise.all(workers.map((w) => waitForWorkerReady(w)));
  const workerPids = () => workers.map((w) => w.child.pid!).filter(Boolean);
  log(`${opts.workers} worker process(es) polling task queue "${TASK_QUEUE}" (pid ${workerPids().join(', ')}; logs ${dir}/worker-N.log)${profileDir ? `, CPU profiles to ${profileDir}` : ''}`);
  const stackMs = performance.now() - t;
  await sleep(2_000);
  const idleRssKb = workerPids().map((pid) => statusKb(pid, 'VmRSS') ?? 0);
  log(`worker RSS when idle after start-up: ${idleRssKb.map((kb) => `${Math.round(kb / 1024)} MB`).join(', ')}`);
  const sampler = new RssSampler(workerPids, 250);
  sampler.start();

  const context: BenchContext = {
    startedAt: startedAt.toISOString(),
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
    settings: settings as Record<string, unknown>,
    machine: `${cpus().length} cores, ${Math.round(totalMemGiB())} GiB, Node ${process.version}`,
    generateMs,
    stackMs,
    simulatorPaging,
    idleRssKb,
  };
  const notes: string[] = [];

  // ------------------------------------------------------------------ sync runs
  const cpuNow = () => ({
    worker: workerPids().reduce((n, pid) => n + cpuSeconds(pid), 0),
    simulators: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    postgres: treeCpuSeconds(postmasterPid),
    temporal: cpuSeconds(temporalPid),
  });

  /** Transactions committed or rolled back in the database so far (every autocommit statement is one). */
  async function dbTransactions(): Promise<number> {
    const [row] = await database.sql<{ n: string }[]>`
      select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`;
    return Number(row?.n ?? 0);
  }

  async function measureRun(label: string, mode: 'full' | 'incremental'): Promise<RunReport> {
    phase = label;
    bmsSim.resetCounters();
    itgSim.resetCounters();
    const hwmReset = workerPids().every((pid) => resetPeakRss(pid));
    sampler.reset();
    sampler.sample();
    const cpu0 = cpuNow();
    const xacts0 = await dbTransactions();
    log(`${label}: starting (${mode})`);
    const started = performance.now();
    const handle = await startFullSync(client, TASK_QUEUE, { integrationId: INTEGRATION_ID, mode, trigger: 'manual' });
    const ticker = setInterval(() => {
      handle
        .query<SyncProgress>('progress')
        .then((p) => {
          const current = p.entity ? p.counts[p.entity] ?? {} : {};
          const shown = Object.entries(current).filter(([a]) => a !== 'match-us').map(([a, n]) => `${a} ${int(n)}`).join(', ');
          log(
            `  … ${duration(performance.now() - started)}: ${p.stage ?? p.phase}:${p.entity ?? ''} page ${p.page}, continued as new ${p.continuedAsNew}×; ` +
              `${p.entity ?? 'run'} so far: ${shown || 'nothing'}; worker RSS ${workerPids().map((pid) => `${Math.round((statusKb(pid, 'VmRSS') ?? 0) / 1024)} MB`).join(', ')}`,
          );
        })
        .catch(() => {});
    }, 15_000);
    let result: { runId: number; counts: Counts };
    try {
      result = await withTimeout(handle.result() as Promise<{ runId: number; counts: Counts }>, opts.runTimeoutMs, label);
    } catch (err) {
      if (err instanceof WorkflowFailedError) {
        const cause = err.cause as (Error & { cause?: Error }) | undefined;
        throw new Error(`${label} failed: ${cause?.message ?? err.message}${cause?.cause ? `: ${cause.cause.message}` : ''}`);
      }
      throw err;
    } finally {
      clearInterval(ticker);
    }
    const wallMs = performance.now() - started;
    sampler.sample();
    const cpu1 = cpuNow();
    const api = summarizeApiCalls({ bms: bmsSim.counterSnapshot(), itglue: itgSim.counterSnapshot() });
    // Backends report their statistics at most once a second when they go idle.
    await sleep(1_500);
    const dbXacts = (await dbTransactions()) - xacts0;
    const workerPeakRssKb = workerPids().map((pid) => Math.max(sampler.peak(pid), hwmReset ? (statusKb(pid, 'VmHWM') ?? 0) : 0));
    const history = await historyOfChain(client, workflowIds.fullSync(INTEGRATION_ID), handle.firstExecutionRunId);
    const [run] = await database.sql<{ status: string }[]>`select status from sync_runs where id = ${result.runId}`;
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
      continuedAsNew: history.executions - 1,
      matchUs,
      dbXacts,
      counts: result.counts,
      status: run?.status ?? 'unknown',
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

  const runs: RunReport[] = [];
  runs.push(await measureRun('Initial full sync', 'full'));
  const [synced] = await database.sql<{ n: string }[]>`
    select count(*) as n from links where integration_id = ${INTEGRATION_ID} and entity = 'ticket' and state = 'enabled'`;
  context.sizes.ticketsSynced = Number(synced?.n ?? 0);
  log(`tickets in the ticket sync's scope: ${int(context.sizes.ticketsSynced)} of ${int(context.sizes.tickets)}`);
  runs.push(await measureRun('no-change full sync', 'full'));
  runs.push(await measureRun('no-change incremental sync', 'incremental'));
  const dirtyNoChange = runs.filter((r) => r.label.startsWith('no-change') && totalWrites(r) > 0);

  // ------------------------------------------------------------------ two-way latency
  let latency: LatencyReport | null = null;
  if (opts.twoWay) latency = await measureLatency();

  async function measureLatency(): Promise<LatencyReport> {
    phase = 'two-way latency';
    const pushEveryMs = durationMs(opts.pushEvery);
    const next = { ...resolvedSettings, twoWay: true, schedule: { ...resolvedSettings.schedule, pushPollEvery: opts.pushEvery } };
    const enabled = await updateSettings(database.db, INTEGRATION_ID, next);
    const enabledAt = enabled.twoWayEnabledAt ?? new Date();
    await applyIntegrationSchedules(client, TASK_QUEUE, INTEGRATION_ID, enabled.settings);
    // Only the push poll is measured: the regular sync schedule would compete with it.
    await deleteSchedule(client, scheduleIds.sync(INTEGRATION_ID));
    stops.unshift({ name: 'push schedule', stop: async () => void (await deleteSchedule(client, scheduleIds.pushPoll(INTEGRATION_ID)).catch(() => false)) });
    log(`two-way enabled; push schedule "${scheduleIds.pushPoll(INTEGRATION_ID)}" every ${opts.pushEvery} (twoWayPushWorkflow: IT Glue mirror refresh, newest first, then push)`);

    // Workers see the change at their next activity (activities/connectors.ts): wait for a push run started after it.
    const cacheReady = enabledAt.getTime() + 1_000;
    while (Date.now() < cacheReady) await Promise.race([sleep(500), workerDeath]);
    await waitForPushRunAfter(new Date(cacheReady), pushEveryMs * 3 + 60_000);

    const targets = await database.sql<{ entity: 'configuration' | 'contact'; bms_id: string; itglue_id: string }[]>`
      select entity, bms_id, itglue_id from links
      where integration_id = ${INTEGRATION_ID} and state = 'enabled' and entity in ('configuration', 'contact')
        and bms_id is not null and itglue_id is not null
      order by entity, id`;
    const configurations = targets.filter((x) => x.entity === 'configuration');
    const contacts = targets.filter((x) => x.entity === 'contact');
    if (configurations.length + contacts.length === 0) throw new Error('no linked configuration or contact to edit');
    const rng = Rng.stream(opts.seed, 'bench-edits');
    const pick = <T>(list: T[]): T => list[Math.floor(rng.next() * list.length)]!;

    bmsSim.resetCounters();
    itgSim.resetCounters();
    const phaseStart = new Date();
    const latencies: number[] = [];
    let arrived = 0;
    for (let i = 0; i < opts.edits; i++) {
      const list = (i % 2 === 0 && configurations.length) || !contacts.length ? configurations : contacts;
      const target = pick(list);
      const value = `bench ${i + 1} ${Date.now().toString(36)}`;
      const [itgCollection, itgField, bmsCollection, bmsField] =
        target.entity === 'configuration'
          ? (['configurations', 'notes', 'hardwareAssets', 'description'] as const)
          : (['contacts', 'title', 'contacts', 'jobTitle'] as const);
      await itgAdmin.edit(itgCollection, target.itglue_id, { [itgField]: value });
      const editedAt = performance.now();
      const deadline = editedAt + pushEveryMs * 3 + 120_000;
      let ms: number | null = null;
      while (performance.now() < deadline) {
        const record = await bmsAdmin.get<Record<string, unknown>>(bmsCollection, target.bms_id);
        if (record[bmsField] === value) {
          ms = performance.now() - editedAt;
          break;
        }
        await Promise.race([sleep(100), workerDeath]);
      }
      if (ms === null) {
        log(`  edit ${i + 1}/${opts.edits}: IT Glue ${target.entity} ${target.itglue_id} → BMS ${target.bms_id}: did NOT arrive within ${duration(deadline - editedAt)}`);
      } else {
        arrived++;
        latencies.push(ms);
        log(`  edit ${i + 1}/${opts.edits}: IT Glue ${target.entity} ${target.itglue_id} (${itgField}) → BMS ${bmsCollection} ${target.bms_id} (${bmsField}) in ${duration(ms)}`);
      }
      // Spread the edits over the schedule's phase: wait a random part of an interval.
      if (i + 1 < opts.edits) await Promise.race([sleep(Math.floor(rng.next() * pushEveryMs)), workerDeath]);
    }
    const pushRuns = await database.sql<{ ms: number; status: string }[]>`
      select extract(epoch from (finished_at - started_at)) * 1000 as ms, status from sync_runs
      where integration_id = ${INTEGRATION_ID} and kind = 'push' and started_at >= ${phaseStart.toISOString()} and finished_at is not null`;
    const api = summarizeApiCalls({ bms: bmsSim.counterSnapshot(), itglue: itgSim.counterSnapshot() });
    const report: LatencyReport = {
      edits: opts.edits,
      arrived,
      latenciesMs: latencies,
      pushEvery: opts.pushEvery,
      pushRuns: pushRuns.length,
      pushRunMs: pushRuns.map((r) => Number(r.ms)),
      bmsWrites: api.writes.bms,
      itglueWrites: api.writes.itglue,
    };
    const failedPushes = pushRuns.filter((r) => r.status !== 'completed').length;
    log(
      `two-way latency: ${arrived}/${opts.edits} edits arrived; p50 ${duration(quantile(latencies, 0.5))}, p95 ${duration(quantile(latencies, 0.95))}, ` +
        `max ${duration(latencies.length ? Math.max(...latencies) : Number.NaN)}; ${pushRuns.length} push runs (${failedPushes} not completed), ` +
        `run time p50 ${duration(quantile(report.pushRunMs, 0.5))}, p95 ${duration(quantile(report.pushRunMs, 0.95))}; writes BMS ${api.writes.bms}, IT Glue ${api.writes.itglue}`,
    );
    return report;
  }

  async function waitForPushRunAfter(after: Date, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [row] = await database.sql<{ n: string }[]>`
        select count(*) as n from sync_runs where integration_id = ${INTEGRATION_ID} and kind = 'push' and started_at >= ${after.toISOString()} and status = 'completed'`;
      if (Number(row?.n ?? 0) > 0) return;
      await Promise.race([sleep(500), workerDeath]);
    }
    throw new Error(`no scheduled push run completed within ${duration(timeoutMs)} (is the push schedule running? see the worker log)`);
  }

  // ------------------------------------------------------------------ summary
  phase = 'reporting';
  notes.push(
    `Records/s = the ${int(records)} BMS records in scope divided by the run's wall time (also for the incremental run, which reads only what changed and re-lists the assets); tickets are not counted in it.`,
    `Tickets: the ${int(context.sizes.ticketsSynced)} tickets the ticket sync took (open, or completed in the last 90 days) per ticket; their calls are the BMS ticket routes (list, notes) and IT Glue's flexible assets (BMS Ticket assets and their type), passwords and documents (what suggestions choose from).`,
    'Writes = POST/PUT/PATCH/DELETE calls to either API (authentication and read-only searches excluded); a no-change run must make none.',
    'Peak worker RSS = the kernel peak (VmHWM, reset before each run) and VmRSS sampled every 250 ms, whichever is higher.',
    'History events = every event of the run\'s workflow executions, following the continue-as-new chain.',
    'DB transactions = PostgreSQL transactions committed during the run (pg_stat_database; each statement outside a transaction counts one): the engine\'s database round trips, approximately.',
    'Matching time = matcher construction plus match() calls in the pull (run counts `match-us`); candidate look-up queries not included.',
  );
  if (latency) {
    notes.push(
      `Two-way latency = from the IT Glue edit (simulator admin API, as a user) until the BMS simulator returns the new value (polled every 100 ms). ` +
        `Edits are spread at random over the schedule's phase, so latency ≈ a random part of the ${latency.pushEvery} interval (≈ half on average) + one push run; ` +
        `with the product default of 1m expect about 30 s more at p50.`,
    );
  }
  if (dirtyNoChange.length) notes.push(`CHECK FAILED: ${dirtyNoChange.map((r) => r.label).join(', ')} made write calls.`);

  const markdown = markdownSummary(context, runs, latency, notes);
  console.log(`\n${markdown}`);
  writeFileSync(join(benchRoot, 'last-run.md'), markdown);
  log(`summary written to ${join(benchRoot, 'last-run.md')}`);

  if (opts.keep) {
    log(
      `--keep: everything stays up until Ctrl-C — Temporal ${temporal.address}, PostgreSQL ${pg.url}, BMS ${bmsUrl}, IT Glue ${itgUrl}, task queue "${TASK_QUEUE}", folder ${dir}`,
    );
    keepWaiting = true;
    await new Promise<void>(() => {});
  }

  phase = 'stopping';
  sampler.stop();
  await stopAll();
  if (profileDir) {
    const summaryText = formatProfileSummary(summarizeProfiles(loadProfiles(profileDir)), 30);
    writeFileSync(join(profileDir, 'summary.txt'), summaryText);
    console.log(`\n${summaryText}\n(profiles and summary.txt in ${profileDir})`);
  }
  rmSync(dir, { recursive: true, force: true });
  log('stopped everything and removed the working folder');
  if (dirtyNoChange.length) {
    console.error(`[bench] CHECK FAILED: ${dirtyNoChange.map((r) => r.label).join(', ')} made write calls (see above)`);
    process.exitCode = 3;
  }
}

function durationMs(value: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(value)!;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function totalMemGiB(): number {
  try {
    const kb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
    return kb / 1024 / 1024;
  } catch {
    return 0;
  }
}

async function shutdown(reason: string, code: number, keepFolder: boolean): Promise<never> {
  if (shuttingDown) process.exit(code);
  shuttingDown = true;
  console.error(`[bench] ${reason}; stopping everything…`);
  await stopAll();
  if (workDir && !keepFolder) rmSync(workDir, { recursive: true, force: true });
  else if (workDir) console.error(`[bench] folder kept: ${workDir} (worker-N.log, temporal.log, postgres/postgres.log)`);
  process.exit(code);
}

// A second Ctrl-C while stopping exits at once; detached workers are killed on any exit.
process.on('SIGINT', () =>
  void (keepWaiting ? shutdown('Ctrl-C', 0, true) : shutdown('interrupted (Ctrl-C)', 130, process.argv.includes('--keep'))),
);
process.on('SIGTERM', () => void shutdown('terminated', 143, process.argv.includes('--keep')));
process.on('exit', () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
});

main().catch(async (err: unknown) => {
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`[bench] ${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  console.error(`[bench] FAILED during "${phase}": ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.stack && !(err.message.includes('last lines'))) console.error(err.stack.split('\n').slice(1, 6).join('\n'));
  await shutdown('benchmark failed', 1, true);
});
