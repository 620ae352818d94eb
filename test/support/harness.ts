/**
 * Integration-test harness: the real Temporal dev server and PostgreSQL started by
 * test/global-setup.ts, both simulators in this process over real HTTP, an integration wired to
 * them, and a worker on a task queue of the test's own. Nothing of ours is mocked.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import { createDeps, type ActivityDeps } from '../../activities/deps.js';
import type { MailConfig } from '../../clients/mail.js';
import { openDatabase, type Database } from '../../db/client.js';
import { insertIntegration } from '../../db/integrations.js';
import { keyRingFromEnv, storeSecret } from '../../db/secrets.js';
import type { IntegrationSettingsInput } from '../../domain/settings.js';
import { SimulatorAdmin } from '../../simulators/common/admin-client.js';
import type { StartedServer } from '../../simulators/common/router.js';
import type { Simulator } from '../../simulators/common/simulator.js';
import { createBmsSimulator } from '../../simulators/bms/simulator.js';
import type { Dataset, DatasetInput } from '../../simulators/datasets/format.js';
import { createItGlueSimulator } from '../../simulators/itglue/simulator.js';
import { bundleWorkflows, createEngineWorker } from '../../workers/worker.js';
import { instrumentWorkflowBundle, workflowCoverageSinks } from './workflow-coverage.js';

// Workers log their state changes at INFO; tests only want warnings. The runtime is installed
// once per process (a test file reusing a process keeps the first one).
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

export const TEST_ENCRYPTION_KEY = '0'.repeat(62) + '2a';
export const keyRing = keyRingFromEnv(TEST_ENCRYPTION_KEY);

/** Generous budgets: tests exercise rate limits on the simulators explicitly. */
export const TEST_BUDGETS = {
  bms: { limit: 1_000_000, windowMs: 3_600_000, per: 'route' as const },
  itglue: { limit: 1_000_000, windowMs: 300_000, per: 'service' as const },
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** One workflow bundle per test file (about a second to build). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows(instrumentWorkflowBundle);
  return bundle;
}

export interface SimulatorHandle {
  simulator: Simulator;
  server: StartedServer;
  url: string;
  admin: SimulatorAdmin;
}

export async function startSimulators(dataset?: DatasetInput): Promise<{ bms: SimulatorHandle; itglue: SimulatorHandle }> {
  const bmsSim = createBmsSimulator({ dataset });
  const itgSim = createItGlueSimulator({ dataset });
  const [bmsServer, itgServer] = await Promise.all([bmsSim.listen(0), itgSim.listen(0)]);
  return {
    bms: { simulator: bmsSim, server: bmsServer, url: bmsServer.url, admin: new SimulatorAdmin(bmsServer.url) },
    itglue: { simulator: itgSim, server: itgServer, url: itgServer.url, admin: new SimulatorAdmin(itgServer.url) },
  };
}

export interface Harness {
  integrationId: string;
  taskQueue: string;
  database: Database;
  temporal: Client;
  deps: ActivityDeps;
  bms: SimulatorHandle;
  itglue: SimulatorHandle;
  /** Starts a worker in this process (most tests); `stopWorker` ends it. */
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dataset?: Dataset | DatasetInput;
  settings?: IntegrationSettingsInput;
  integrationId?: string;
  /** Start a worker right away (default true). */
  worker?: boolean;
  /** The SMTP server of the completion e-mail (default: none). */
  mail?: MailConfig;
  /** A Temporal server of the test's own (default: the one test/global-setup.ts started). */
  temporalAddress?: string;
  /** A database of the test's own (default: the one test/global-setup.ts started). */
  databaseUrl?: string;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const integrationId = options.integrationId ?? `t-${randomUUID().slice(0, 8)}`;
  const taskQueue = `test-${integrationId}`;
  const temporalAddress = options.temporalAddress ?? inject('temporalAddress');
  const database = openDatabase(options.databaseUrl ?? inject('databaseUrl'), { max: 20 });
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection });
  const sims = await startSimulators(options.dataset);

  const bmsHalf = (options.dataset as Dataset | undefined)?.bms;
  const user = bmsHalf?.users?.[0];
  const apiKey = (options.dataset as Dataset | undefined)?.itglue?.apiKeys?.[0] ?? 'ITG.simulator-local-key';
  await insertIntegration(database.db, {
    id: integrationId,
    name: `Test ${integrationId}`,
    bmsBaseUrl: sims.bms.url,
    bmsTenant: bmsHalf?.tenant ?? 'DemoMSP',
    bmsUserName: user?.userName ?? 'api-user',
    itglueBaseUrl: sims.itglue.url,
    settings: options.settings,
  });
  await storeSecret(database.db, keyRing, integrationId, 'bms-password', user?.password ?? 'api-password');
  await storeSecret(database.db, keyRing, integrationId, 'itglue-api-key', apiKey);

  const deps = createDeps({ database, keyRing, temporal, taskQueue, budgets: TEST_BUDGETS, backupDir: '.data/test/backups', mail: options.mail });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;

  const harness: Harness = {
    integrationId,
    taskQueue,
    database,
    temporal,
    deps,
    bms: sims.bms,
    itglue: sims.itglue,
    async startWorker() {
      nativeConnection ??= await NativeConnection.connect({ address: temporalAddress });
      worker = await createEngineWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        deps,
        workflowBundle: await workflowBundle(),
        sinks: workflowCoverageSinks(),
      });
      running = worker.run();
      return worker;
    },
    async stopWorker() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running?.catch(() => undefined);
      worker = undefined;
    },
    async close() {
      await harness.stopWorker();
      await nativeConnection?.close();
      await Promise.all([sims.bms.server.close(), sims.itglue.server.close()]);
      await connection.close();
      await database.close();
    },
  };
  if (options.worker !== false) await harness.startWorker();
  return harness;
}
