/**
 * A worker in a child process, for tests that kill a worker mid-run (SIGKILL: no shutdown, no
 * cleanup, exactly like a crashed machine) and check that a fresh worker finishes the job with
 * the same end state. The script part runs in the child (`node --import tsx`, one process, so
 * the kill reaches the worker itself); `spawnWorker` is the test side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WorkerProcessOptions {
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
  encryptionKey: string;
  backupDir: string;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** SIGKILL, then wait for the process to be gone. */
  kill(): Promise<void>;
  /** What the child printed (for a failing test's message). */
  output(): string;
}

const SCRIPT = fileURLToPath(import.meta.url);

/** Starts the worker process and resolves once it polls its task queue. */
export async function spawnWorker(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: {
      ...process.env,
      PUSH_ALL_WORKER: '1',
      TEMPORAL_ADDRESS: options.temporalAddress,
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      SYNC_ENCRYPTION_KEY: options.encryptionKey,
      BACKUP_DIR: options.backupDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker process did not start within 60s:\n${text}`)), 60_000);
    const check = () => {
      if (text.includes('worker-ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${code}) before it was ready:\n${text}`));
    });
  });
  return {
    child,
    output: () => text,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The child: a real engine worker, with the test budgets, on the given task queue. */
async function runWorkerProcess(): Promise<void> {
  const [{ NativeConnection }, { Client, Connection }, { createDeps }, { openDatabase }, { keyRingFromEnv }, { createEngineWorker }] = await Promise.all([
    import('@temporalio/worker'),
    import('@temporalio/client'),
    import('../../activities/deps.js'),
    import('../../db/client.js'),
    import('../../db/secrets.js'),
    import('../../workers/worker.js'),
  ]);
  // The harness's budgets (its module needs vitest, so they are repeated here).
  const TEST_BUDGETS = {
    bms: { limit: 1_000_000, windowMs: 3_600_000, per: 'route' as const },
    itglue: { limit: 1_000_000, windowMs: 300_000, per: 'service' as const },
  };
  const env = process.env as Record<string, string>;
  const database = openDatabase(env.DATABASE_URL!, { max: 10 });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
  const temporal = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS! }) });
  const deps = createDeps({
    database,
    keyRing: keyRingFromEnv(env.SYNC_ENCRYPTION_KEY!),
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE!,
    budgets: TEST_BUDGETS,
    backupDir: env.BACKUP_DIR!,
  });
  const worker = await createEngineWorker({ connection, namespace: 'default', taskQueue: env.TEMPORAL_TASK_QUEUE!, deps });
  const running = worker.run();
  console.log('worker-ready');
  await running;
}

if (process.env.PUSH_ALL_WORKER === '1' && process.argv[1] === SCRIPT) {
  runWorkerProcess().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
