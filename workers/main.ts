/**
 * The worker process: runs every workflow and activity on the engine's task queue. Start as many
 * as you need (README "Running at scale"); they share PostgreSQL (including the API budgets)
 * and the Temporal task queue.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadEnv, mailConfigOf } from '../config/env.js';
import { createDeps } from '../activities/deps.js';
import { openDatabase } from '../db/client.js';
import { keyRingFromEnv } from '../db/secrets.js';
import { budgetsFromEnv } from './budgets.js';
import { keepHealthFile } from './health.js';
import { createEngineWorker } from './worker.js';

async function main(): Promise<void> {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (bin/start sets it for the local stack)');
  const database = openDatabase(env.DATABASE_URL, { max: env.WORKER_MAX_ACTIVITIES + 5 });
  const keyRing = keyRingFromEnv(env.SYNC_ENCRYPTION_KEY, env.SYNC_ENCRYPTION_OLD_KEYS);
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
  console.log(`worker polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`);
  const stopHealthFile = env.WORKER_HEALTH_FILE ? keepHealthFile(env.WORKER_HEALTH_FILE, () => worker.getState() === 'RUNNING') : undefined;
  try {
    await worker.run();
  } finally {
    stopHealthFile?.();
    await connection.close();
    await clientConnection.close();
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
