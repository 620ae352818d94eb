/**
 * The benchmark's private stack in a working folder under .data/bench/: PostgreSQL, a headless
 * Temporal dev server and the compiled worker processes (as deployed). Everything started is
 * registered to be stopped, most recent first, by `stop()` (also on Ctrl-C and on failure); a
 * worker that dies while a run goes on fails the run at once with the end of its log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { PROJECT_ROOT, WORKER_PROCESS_ENV } from '../../config/paths.js';
import { openDatabase, type Database } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { generateKey } from '../../db/secrets.js';
import { startPrivatePostgres, type PrivatePostgres } from '../../stack/postgres.js';
import { startDevServer, type DevServer } from '../../stack/temporal.js';
import { duration } from './format.js';
import { freePort } from './ports.js';
import { cpuSeconds, statusKb, treeCpuSeconds } from './proc.js';

export const TASK_QUEUE = 'bench';
/** How long after the workers poll their idle memory is taken. */
export const IDLE_SETTLE_MS = 20_000;

export const log = (message: string) => console.log(`[bench] ${message}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Worker {
  index: number;
  child: ChildProcess;
  logFile: string;
}

export interface CpuSnapshot {
  worker: number;
  simulators: number;
  postgres: number;
  temporal: number;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class BenchStack {
  /** What the benchmark is doing now, for failure messages. */
  phase = 'starting';
  readonly encryptionKey = generateKey();
  private readonly stops: { name: string; stop: () => Promise<void> }[] = [];
  private readonly workers: Worker[] = [];
  private stopping = false;
  private workerDied: (err: Error) => void = () => {};
  /** Rejects as soon as any worker exits while the stack runs. */
  readonly workerDeath = new Promise<never>((_, reject) => {
    this.workerDied = reject;
  });
  pg!: PrivatePostgres;
  temporal!: DevServer;
  database!: Database;
  client!: Client;
  postmasterPid = 0;

  private constructor(readonly dir: string) {
    this.workerDeath.catch(() => {});
  }

  /** A new working folder under `root`, PostgreSQL (migrated) and the Temporal dev server. */
  static async start(root: string): Promise<BenchStack> {
    const dir = mkdtempSync(join(root, 'run-'));
    // mkdtemp makes it 0700; PostgreSQL runs as another user when we are root and must get in.
    chmodSync(dir, 0o755);
    const stack = new BenchStack(dir);
    BenchStack.current = stack;
    log(`working folder ${dir}`);
    stack.phase = 'starting PostgreSQL and the Temporal dev server';
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    // allSettled: when one fails, the other is still registered for stopping before we fail.
    const [pgStarted, temporalStarted] = await Promise.allSettled([
      startPrivatePostgres({ dir: join(dir, 'postgres'), port: pgPort, fresh: true }).then((p) => {
        stack.onStop('PostgreSQL', () => p.stop());
        return p;
      }),
      startDevServer({ port: temporalPort, headless: true, dbFile: join(dir, 'temporal.sqlite'), logFile: join(dir, 'temporal.log') }).then((s) => {
        stack.onStop('Temporal dev server', () => s.stop());
        return s;
      }),
    ]);
    if (pgStarted.status === 'rejected') throw pgStarted.reason;
    if (temporalStarted.status === 'rejected') throw temporalStarted.reason;
    stack.pg = pgStarted.value;
    stack.temporal = temporalStarted.value;
    await runMigrations(stack.pg.url);
    stack.database = openDatabase(stack.pg.url, { max: 4 });
    stack.onStop('database pool', () => stack.database.close());
    const connection = await Connection.connect({ address: stack.temporal.address });
    stack.onStop('Temporal client', () => connection.close());
    stack.client = new Client({ connection, namespace: 'default' });
    stack.postmasterPid = Number(readFileSync(join(stack.pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    log(`PostgreSQL on ${stack.pg.url} (pid ${stack.postmasterPid}); Temporal dev server on ${stack.temporal.address} (pid ${stack.temporal.process.pid})`);
    return stack;
  }

  /** The stack being run, for the signal handlers of scripts/benchmark.ts. */
  static current: BenchStack | null = null;

  onStop(name: string, stop: () => Promise<void>): void {
    this.stops.unshift({ name, stop });
  }

  /** The environment of the worker processes and of the compiled CLI. */
  engineEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...WORKER_PROCESS_ENV,
      ...process.env,
      DATABASE_URL: this.pg.url,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      SYNC_ENCRYPTION_KEY: this.encryptionKey,
      DATA_DIR: this.dir,
      ...extra,
    };
    delete env.SYNC_ENCRYPTION_OLD_KEYS;
    return env;
  }

  /** Starts `count` compiled workers (each in its own process group) and waits until all poll. */
  async startWorkers(count: number, env: NodeJS.ProcessEnv, profileDir: string | null): Promise<void> {
    this.phase = 'starting the workers';
    this.onStop('workers', async () => {
      this.stopping = true;
      await Promise.all(this.workers.map((w) => stopWorker(w.child, 40_000)));
    });
    for (let index = 1; index <= count; index++) {
      const logFile = join(this.dir, `worker-${index}.log`);
      const fd = openSync(logFile, 'a');
      const nodeArgs = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), join(PROJECT_ROOT, 'dist', 'workers', 'main.js')];
      // Own process group: a Ctrl-C in the terminal reaches only us, and we stop the worker cleanly.
      const child = spawn(process.execPath, nodeArgs, { env, cwd: PROJECT_ROOT, stdio: ['ignore', fd, fd], detached: true });
      closeSync(fd);
      child.once('exit', (code, signal) => {
        if (this.stopping) return;
        this.workerDied(new Error(`worker ${index} exited (${signal ?? `code ${code}`}) during "${this.phase}"; last lines of ${logFile}:\n${tail(logFile)}`));
      });
      this.workers.push({ index, child, logFile });
    }
    await Promise.all(this.workers.map((w) => waitForWorkerReady(w)));
    log(`${count} worker process(es) polling task queue "${TASK_QUEUE}" (pid ${this.workerPids().join(', ')}; logs ${this.dir}/worker-N.log)`);
  }

  workerPids(): number[] {
    return this.workers.map((w) => w.child.pid!).filter(Boolean);
  }

  /** Current RSS of each worker, kB. */
  workerRssKb(): number[] {
    return this.workerPids().map((pid) => statusKb(pid, 'VmRSS') ?? 0);
  }

  /**
   * Worker RSS when idle after start-up, kB per worker: once start-up has settled (the SDK's
   * native threads and the first garbage collections take about 15 s), with the value 2 s after
   * the workers started polling logged beside it.
   */
  async idleRssKb(): Promise<number[]> {
    await this.pause(2_000);
    const early = this.workerRssKb();
    await this.pause(IDLE_SETTLE_MS - 2_000);
    const settled = this.workerRssKb();
    const show = (kb: number[]) => kb.map((k) => `${Math.round(k / 1024)} MB`).join(', ');
    log(`worker RSS when idle after start-up: ${show(settled)} after ${IDLE_SETTLE_MS / 1000} s (${show(early)} after 2 s)`);
    return settled;
  }

  /** CPU seconds so far: the workers, this process (the simulators), PostgreSQL's tree, Temporal. */
  cpuNow(): CpuSnapshot {
    const own = process.cpuUsage();
    return {
      worker: this.workerPids().reduce((n, pid) => n + cpuSeconds(pid), 0),
      simulators: (own.user + own.system) / 1e6,
      postgres: treeCpuSeconds(this.postmasterPid),
      temporal: cpuSeconds(this.temporal.process.pid!),
    };
  }

  /** Transactions committed or rolled back in the database so far (every autocommit statement is one). */
  async dbTransactions(): Promise<number> {
    const [row] = await this.database.sql<{ n: string }[]>`
      select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`;
    return Number(row?.n ?? 0);
  }

  /** `promise`, failing when it takes longer than `ms` or a worker dies meanwhile. */
  async withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${duration(ms)}`)), ms);
    });
    try {
      return await Promise.race([promise, timeout, this.workerDeath]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sleeps, failing at once when a worker dies meanwhile. */
  async pause(ms: number): Promise<void> {
    await Promise.race([sleep(ms), this.workerDeath]);
  }

  /** Stops everything; removes the folder unless `keepFolder`. */
  async stop(keepFolder: boolean): Promise<void> {
    this.stopping = true;
    for (const { name, stop } of this.stops.splice(0)) {
      try {
        await stop();
      } catch (err) {
        console.error(`[bench] stopping ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (keepFolder) console.error(`[bench] folder kept: ${this.dir} (worker-N.log, temporal.log, postgres/postgres.log)`);
    else rmSync(this.dir, { recursive: true, force: true });
    if (BenchStack.current === this) BenchStack.current = null;
  }

  /** On any exit of this process: detached workers are killed. */
  killWorkers(): void {
    for (const w of this.workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  }
}

async function waitForWorkerReady(w: Worker): Promise<void> {
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
