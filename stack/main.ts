/**
 * The main job (bin/start): the whole local stack on embedded defaults.
 * - Temporal dev server with its Web UI (SQLite file in DATA_DIR), search attributes registered;
 * - a private PostgreSQL in DATA_DIR when DATABASE_URL is not set; migrations applied;
 * - both API simulators, loaded with a generated demo dataset (their state is kept in DATA_DIR);
 * - a demo integration wired to the simulators, its schedules and the nightly billing schedules;
 * - the worker, as a child process (restarted if it dies).
 * Ctrl-C stops everything; a second run reuses the state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../config/env.js';
import { entryPointArgs, PROJECT_ROOT, WORKER_PROCESS_ENV } from '../config/paths.js';
import { ensureLocalKey } from '../config/local.js';
import { applyBillingSchedules, applyIntegrationSchedules } from '../control/schedules.js';
import { startFullSync } from '../control/start.js';
import { openDatabase } from '../db/client.js';
import { findIntegration, insertIntegration, listIntegrations } from '../db/integrations.js';
import { runMigrations } from '../db/migrate.js';
import { keyRingFromEnv, storeSecret } from '../db/secrets.js';
import type { IntegrationSettingsInput } from '../domain/settings.js';
import { createBmsSimulator } from '../simulators/bms/simulator.js';
import type { Simulator } from '../simulators/common/simulator.js';
import { demoDataset } from '../simulators/datasets/demo.js';
import { enableGenerate } from '../simulators/datasets/standalone.js';
import { createItGlueSimulator } from '../simulators/itglue/simulator.js';
import { startPrivatePostgres, type PrivatePostgres } from './postgres.js';
import { ensureSearchAttributes, startDevServer, type DevServer } from './temporal.js';

const log = (message: string) => console.log(`[stack] ${message}`);

/** The demo runs fast against the simulators; real vendor limits apply everywhere else. */
const DEMO_LIMITS = { bmsPerHour: 100_000, itgluePer5Min: 100_000 };

export const DEMO_INTEGRATION = 'demo';
const DEMO_SETTINGS: IntegrationSettingsInput = {
  accountTypes: ['Customer', 'Partner'],
  accountStatuses: ['active'],
  assetCategories: ['Workstation', 'Laptop', 'Server', 'Network Device', 'Firewall', 'Printer', 'Virtual Machine'],
  assetStatuses: ['active'],
  twoWay: true,
  approvers: ['account.manager@demomsp.example'],
  microsoftContacts: { autoPush: true, emailType: 'Work', phoneType: 'Work' },
  // The push poll keeps the product default (domain/settings.ts).
  schedule: { syncEvery: '15m', fullReconcileEvery: 24 },
};

/** What to stop, most recent first; also run when start-up fails half way. */
const stops: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0)) {
    try {
      await stop();
    } catch (err) {
      console.error(err);
    }
  }
}

async function main(): Promise<void> {
  const env = loadEnv();
  const dataDir = resolve(PROJECT_ROOT, env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const encryptionKey = env.SYNC_ENCRYPTION_KEY ?? ensureLocalKey({ ...env, DATA_DIR: dataDir });

  // PostgreSQL
  let databaseUrl = env.DATABASE_URL;
  let pg: PrivatePostgres | undefined;
  if (!databaseUrl) {
    pg = await startPrivatePostgres({ dir: join(dataDir, 'postgres'), port: env.POSTGRES_PORT, log });
    databaseUrl = pg.url;
    stops.push(() => pg!.stop());
  }
  await runMigrations(databaseUrl);
  log('database migrated');

  // Temporal
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let devServer: DevServer | undefined;
  if (!temporalAddress) {
    log('starting the Temporal dev server (first start takes a few seconds)');
    devServer = await startDevServer({
      port: env.TEMPORAL_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      dbFile: join(dataDir, 'temporal', 'dev.sqlite'),
      logFile: join(dataDir, 'temporal.log'),
      namespace: env.TEMPORAL_NAMESPACE,
    });
    temporalAddress = devServer.address;
    stops.unshift(() => devServer!.stop());
  }
  const connection = await Connection.connect({ address: temporalAddress });
  await ensureSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });

  // Simulators (state kept across runs)
  const simDir = join(dataDir, 'simulators');
  mkdirSync(simDir, { recursive: true });
  const saved = (name: string) => (existsSync(join(simDir, `${name}.json`)) ? JSON.parse(readFileSync(join(simDir, `${name}.json`), 'utf8')) : undefined);
  const fresh = !saved('bms') || !saved('itglue');
  const dataset = fresh ? demoDataset() : undefined;
  const bmsSim = enableGenerate(createBmsSimulator({ dataset: saved('bms') ?? dataset, config: { rateLimitPerHour: DEMO_LIMITS.bmsPerHour } }));
  const itgSim = enableGenerate(createItGlueSimulator({ dataset: saved('itglue') ?? dataset, config: { rateLimit: DEMO_LIMITS.itgluePer5Min } }));
  const bmsServer = await bmsSim.listen(env.BMS_SIM_PORT);
  const itgServer = await itgSim.listen(env.ITGLUE_SIM_PORT);
  const saveSimulators = (sims: [string, Simulator][]) => {
    for (const [name, sim] of sims) writeFileSync(join(simDir, `${name}.json`), JSON.stringify(sim.hooks.store.dump()));
  };
  const sims: [string, Simulator][] = [['bms', bmsSim], ['itglue', itgSim]];
  const saver = setInterval(() => saveSimulators(sims), 5 * 60_000);
  stops.unshift(async () => {
    clearInterval(saver);
    saveSimulators(sims);
    await Promise.all([bmsServer.close(), itgServer.close()]);
  });
  log(fresh ? 'simulators loaded with a generated demo dataset' : 'simulators restored from the last run');

  // Demo integration and schedules
  const database = openDatabase(databaseUrl, { max: 4 });
  stops.unshift(() => database.close());
  const keyRing = keyRingFromEnv(encryptionKey, env.SYNC_ENCRYPTION_OLD_KEYS);
  const demoExists = (await findIntegration(database.db, DEMO_INTEGRATION)) !== null;
  if (!demoExists) {
    const bmsUser = demoDataset().bms!.users[0]!;
    await insertIntegration(database.db, {
      id: DEMO_INTEGRATION,
      name: 'Demo MSP',
      bmsBaseUrl: bmsServer.url,
      bmsTenant: demoDataset().bms!.tenant,
      bmsUserName: bmsUser.userName,
      itglueBaseUrl: itgServer.url,
      settings: DEMO_SETTINGS,
    });
    await storeSecret(database.db, keyRing, DEMO_INTEGRATION, 'bms-password', bmsUser.password);
    await storeSecret(database.db, keyRing, DEMO_INTEGRATION, 'itglue-api-key', demoDataset().itglue!.apiKeys[0]!);
    log('created the demo integration "demo"');
  }
  for (const integration of await listIntegrations(database.db)) {
    if (integration.status === 'active') await applyIntegrationSchedules(temporal, env.TEMPORAL_TASK_QUEUE, integration.id, integration.settings);
  }
  await applyBillingSchedules(temporal, env.TEMPORAL_TASK_QUEUE);

  // Worker
  const metricsPort = env.METRICS_PORT ?? 9464;
  const workerEnv = {
    ...WORKER_PROCESS_ENV,
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    SYNC_ENCRYPTION_KEY: encryptionKey,
    DATA_DIR: dataDir,
    // The worker's Prometheus endpoint, on loopback (README "Metrics").
    METRICS_PORT: String(metricsPort),
    METRICS_HOST: process.env.METRICS_HOST ?? '127.0.0.1',
    BMS_RATE_LIMIT_PER_HOUR: process.env.BMS_RATE_LIMIT_PER_HOUR ?? String(DEMO_LIMITS.bmsPerHour),
    ITGLUE_RATE_LIMIT_PER_5MIN: process.env.ITGLUE_RATE_LIMIT_PER_5MIN ?? String(DEMO_LIMITS.itgluePer5Min),
  };
  let worker: ChildProcess | undefined;
  const startWorker = () => {
    worker = spawn(process.execPath, entryPointArgs('workers/main'), { env: workerEnv, stdio: 'inherit', cwd: PROJECT_ROOT });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      log(`worker exited (${signal ?? code}); restarting in 2 s`);
      setTimeout(startWorker, 2_000);
    });
  };
  startWorker();
  stops.unshift(
    () =>
      new Promise<void>((done) => {
        if (!worker || worker.exitCode !== null || worker.signalCode !== null) return done();
        const timer = setTimeout(() => worker?.kill('SIGKILL'), 40_000);
        worker.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        worker.kill('SIGTERM');
      }),
  );

  if (!demoExists) {
    const handle = await startFullSync(temporal, env.TEMPORAL_TASK_QUEUE, { integrationId: DEMO_INTEGRATION, mode: 'full', trigger: 'manual' });
    log(`first full sync started: ${handle.workflowId}`);
  }

  const ui = devServer?.uiUrl ?? '(your Temporal UI)';
  console.log(`
  Temporal Web UI     ${ui}${devServer ? `/namespaces/${env.TEMPORAL_NAMESPACE}/workflows` : ''}
  Temporal gRPC       ${temporalAddress}  (namespace ${env.TEMPORAL_NAMESPACE}, task queue ${env.TEMPORAL_TASK_QUEUE})
  Schedules           ${devServer ? `${ui}/namespaces/${env.TEMPORAL_NAMESPACE}/schedules` : 'temporal schedule list'}
  Metrics             http://${process.env.METRICS_HOST ?? '127.0.0.1'}:${metricsPort}/metrics   (Prometheus; Grafana dashboard: docs/grafana/bms-itglue-sync.json)
  PostgreSQL          ${databaseUrl}
  BMS simulator       ${bmsServer.url}/v2   (admin: ${bmsServer.url}/_admin/health)
  IT Glue simulator   ${itgServer.url}      (admin: ${itgServer.url}/_admin/health)
  CLI                 npm run cli -- --help   (e.g. npm run cli -- sync runs demo)

  Press Ctrl-C to stop everything.
`);

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await connection.close().catch(() => undefined);
    await stopAll();
    log('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch(async (err: unknown) => {
  console.error(`[stack] failed: ${err instanceof Error ? err.message : String(err)}`);
  stopping = true;
  await stopAll();
  process.exit(1);
});
