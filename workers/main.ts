/**
 * The worker process: runs every workflow and activity on the engine's task queue. Start as many
 * as you need (README "Running at scale"); they share PostgreSQL (including the API budgets)
 * and the Temporal task queue.
 *
 * It logs through one logger (telemetry/logger.ts: readable on a terminal, JSON lines elsewhere),
 * which the Temporal runtime uses too, and serves Prometheus metrics on METRICS_PORT: the
 * engine's and the SDK's, which the runtime exports on a loopback port of its own
 * (telemetry/server.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadEnv, mailConfigOf } from '../config/env.js';
import { createDeps } from '../activities/deps.js';
import { openDatabase } from '../db/client.js';
import { keyRingFromEnv, recordWorkerKeys } from '../db/secrets.js';
import { chooseLogFormat, EngineLogger, sdkLevel } from '../telemetry/logger.js';
import { noMetrics, PrometheusMetrics } from '../telemetry/metrics.js';
import { freeLoopbackPort, startMetricsServer, type MetricsServer } from '../telemetry/server.js';
import { budgetsFromEnv } from './budgets.js';
import { keepHealthFile } from './health.js';
import { createEngineWorker } from './worker.js';

const isTerminal = process.stdout.isTTY === true;
/** Replaced once the configuration is read (a bad one is reported through this default). */
let logger = new EngineLogger({ format: chooseLogFormat(undefined, isTerminal), level: 'INFO' });

async function main(): Promise<void> {
  const env = loadEnv();
  logger = new EngineLogger({ format: chooseLogFormat(env.LOG_FORMAT, isTerminal), level: sdkLevel(env.LOG_LEVEL) });
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (bin/start sets it for the local stack)');
  const sdkMetricsPort = env.METRICS_PORT ? await freeLoopbackPort() : undefined;
  Runtime.install({
    logger,
    telemetryOptions: {
      // The SDK core's own messages (connection trouble, …) join the same log.
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(sdkMetricsPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } : {}),
    },
  });
  const metrics = env.METRICS_PORT ? new PrometheusMetrics() : undefined;
  let metricsServer: MetricsServer | undefined;
  if (metrics && env.METRICS_PORT) {
    metricsServer = await startMetricsServer({ port: env.METRICS_PORT, host: env.METRICS_HOST, engine: metrics, sdkUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics` });
    logger.announce(`metrics on ${metricsServer.url.replace('127.0.0.1', env.METRICS_HOST === '0.0.0.0' ? '<this host>' : env.METRICS_HOST)}`, { metricsPort: env.METRICS_PORT });
  }

  const database = openDatabase(env.DATABASE_URL, { max: env.WORKER_MAX_ACTIVITIES + 5 });
  const keyRing = keyRingFromEnv(env.SYNC_ENCRYPTION_KEY, env.SYNC_ENCRYPTION_OLD_KEYS);
  await recordWorkerKeys(database.db, keyRing);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });

  const deps = createDeps({
    database,
    keyRing,
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    budgets: budgetsFromEnv(env),
    backupDir: env.BACKUP_DIR ?? `${env.DATA_DIR}/backups`,
    mail: mailConfigOf(env),
    metrics: metrics ?? noMetrics,
  });
  const worker = await createEngineWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    deps,
    maxConcurrentActivityTaskExecutions: env.WORKER_MAX_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_WORKFLOW_TASKS,
  });
  // The SDK's runtime shuts the worker down gracefully on SIGINT, SIGTERM, SIGQUIT and SIGUSR2.
  logger.announce(`worker polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`, {
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    keyFingerprint: keyRing.current.id,
  });
  const stopHealthFile = env.WORKER_HEALTH_FILE ? keepHealthFile(env.WORKER_HEALTH_FILE, () => worker.getState() === 'RUNNING') : undefined;
  try {
    await worker.run();
  } finally {
    stopHealthFile?.();
    await metricsServer?.close();
    await connection.close();
    await clientConnection.close();
    await database.close();
  }
}

main().catch((err: unknown) => {
  logger.error(`worker stopped: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
