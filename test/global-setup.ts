/**
 * Starts the real things once for the whole integration run: a private PostgreSQL (migrated) and
 * a Temporal dev server. Test files connect to them through `inject('temporalAddress')` and
 * `inject('databaseUrl')`. The SDK's own ephemeral server gives the binary only 5 s to start,
 * which a two-core CI machine can miss, so we start it ourselves and wait.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../db/migrate.js';
import { createDatabase, startPrivatePostgres } from '../stack/postgres.js';
import { PROJECT_ROOT, startDevServer } from '../stack/temporal.js';
import { freePort } from './support/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs that crashed leave their folder behind. */
function removeFoldersOfDeadRuns(root: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const pid = /^run-(\d+)$/.exec(name)?.[1];
    if (pid && !isAlive(Number(pid))) rmSync(join(root, name), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One folder per run: two test runs at once (two terminals, two engineers) must not share a cluster.
  const root = join(PROJECT_ROOT, '.data', 'test');
  removeFoldersOfDeadRuns(root);
  const dir = join(root, `run-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const [pgPort, temporalPort] = [await freePort(), await freePort()];

  const [pg, temporal] = await Promise.all([
    startPrivatePostgres({ dir: join(dir, 'postgres'), port: pgPort, fresh: true }),
    startDevServer({
      port: temporalPort,
      headless: true,
      logFile: join(dir, 'temporal.log'),
      // Suggest continue-as-new early, so every test's full sync exercises it (production: 4096).
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 60 },
    }),
  ]);
  const databaseUrl = process.env.TEST_DATABASE_URL ?? (await createDatabase(pg.url, 'sync_test'));
  await runMigrations(databaseUrl);

  project.provide('temporalAddress', temporal.address);
  project.provide('databaseUrl', databaseUrl);

  return async () => {
    await temporal.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
