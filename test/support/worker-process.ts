/**
 * Runs the engine's worker (workers/main.ts, the process operators deploy) as a child process
 * for a harness: same PostgreSQL, Temporal dev server, task queue and encryption key, with API
 * budgets too high to matter. Tests use it to kill a worker for real (`kill -9`) and start a
 * fresh one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../stack/temporal.js';
import { TEST_ENCRYPTION_KEY, type Harness } from './harness.js';

const READY_LINE = 'worker polling task queue';

export interface WorkerProcess {
  pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export interface WorkerProcessOptions {
  readyTimeoutMs?: number;
  /** The node arguments and folder to start it with; by default the source through tsx. */
  entry?: { args: string[]; cwd: string };
  /** More environment variables. */
  env?: Record<string, string>;
}

/** Starts a worker process and resolves once it polls the harness's task queue. */
export async function startWorkerProcess(h: Harness, options: WorkerProcessOptions = {}): Promise<WorkerProcess> {
  const entry = options.entry ?? { args: ['--import', 'tsx', 'workers/main.ts'], cwd: PROJECT_ROOT };
  const child: ChildProcess = spawn(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      SYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      BMS_RATE_LIMIT_PER_HOUR: '1000000',
      ITGLUE_RATE_LIMIT_PER_5MIN: '1000000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!output.includes(READY_LINE)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the worker process exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the worker process was not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid: child.pid!,
    exited,
    output: () => output,
    kill: (signal) => void child.kill(signal),
  };
}
