/**
 * A private PostgreSQL for the local stack and the tests: initdb + pg_ctl on a port of our own,
 * in a data folder of the project. Used only when DATABASE_URL is not set.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

export const DB_USER = 'sync';
export const DB_NAME = 'sync';

/** Finds initdb/pg_ctl: $PG_BIN, then `pg_config --bindir`, then Debian's /usr/lib/postgresql/N/bin, then PATH. */
export async function findPostgresBin(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    candidates.push(stdout.trim());
  } catch {
    // pg_config is optional
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debianRoot, v, 'bin')));
  }
  for (const dir of candidates) if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  try {
    const { stdout } = await run('sh', ['-c', 'command -v initdb']);
    if (stdout.trim()) return resolve(stdout.trim(), '..');
  } catch {
    // fall through
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install PostgreSQL 14+ (e.g. apt install postgresql), set PG_BIN to its bin folder, or set DATABASE_URL to an existing database.',
  );
}

/** PostgreSQL refuses to run as root; when we are root, run it as the `postgres` (or `nobody`) user. */
async function runAsServerUser(): Promise<{ prefix: string[]; uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return { prefix: [] };
  for (const user of ['postgres', 'nobody']) {
    try {
      const { stdout: uid } = await run('id', ['-u', user]);
      const { stdout: gid } = await run('id', ['-g', user]);
      return { prefix: ['runuser', '-u', user, '--'], uid: Number(uid), gid: Number(gid) };
    } catch {
      // try the next user
    }
  }
  throw new Error('running as root, but neither a postgres nor a nobody user exists to run PostgreSQL');
}

async function exec(prefix: string[], command: string, args: string[]): Promise<string> {
  const [file, ...rest] = prefix.length ? [...prefix, command, ...args] : [command, ...args];
  const { stdout } = await run(file!, rest, { maxBuffer: 10 * 1024 * 1024 });
  return stdout;
}

export interface PrivatePostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts (or reuses, when it is already running) a PostgreSQL cluster in `dir` on `port`, and
 * makes sure the `sync` database exists.
 */
export async function startPrivatePostgres(options: {
  dir: string;
  port: number;
  /** Throw away any previous cluster in `dir` first (tests). */
  fresh?: boolean;
  log?: (line: string) => void;
}): Promise<PrivatePostgres> {
  const dir = resolve(options.dir);
  const dataDir = join(dir, 'data');
  const bin = await findPostgresBin();
  const as = await runAsServerUser();
  if (options.fresh && existsSync(dataDir)) {
    await exec(as.prefix, join(bin, 'pg_ctl'), ['-D', dataDir, 'stop', '-m', 'immediate']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid!);

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    options.log?.(`initialising PostgreSQL in ${dataDir}`);
    await exec(as.prefix, join(bin, 'initdb'), ['-D', dataDir, '-U', DB_USER, '--auth=trust', '-E', 'UTF8', '--no-locale']);
    writeFileSync(join(dataDir, 'postgresql.auto.conf'), "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n", { flag: 'a' });
  }

  const pgCtl = join(bin, 'pg_ctl');
  const running = await exec(as.prefix, pgCtl, ['-D', dataDir, 'status']).then(() => true, () => false);
  if (!running) {
    options.log?.(`starting PostgreSQL on 127.0.0.1:${options.port}`);
    await exec(as.prefix, pgCtl, [
      '-D', dataDir,
      '-o', `-p ${options.port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      '-l', join(dir, 'postgres.log'),
      '-w', '-t', '60',
      'start',
    ]);
  }

  const url = `postgres://${DB_USER}@127.0.0.1:${options.port}/${DB_NAME}`;
  const admin = postgres(`postgres://${DB_USER}@127.0.0.1:${options.port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${DB_NAME}`;
    if (rows.length === 0) await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }

  return {
    url,
    port: options.port,
    dataDir,
    stop: async () => {
      await exec(as.prefix, pgCtl, ['-D', dataDir, 'stop', '-m', 'fast']).catch(() => undefined);
    },
  };
}

/** Creates a fresh database on a running server (tests: one database per run). */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}
