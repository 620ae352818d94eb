/**
 * The container image's build steps without Docker: scripts/build-image-steps.sh (what the
 * Dockerfile runs) assembles the runtime tree in a temporary folder, and that tree is used the way
 * the image uses it. The compiled worker, with only production packages and no sources, runs
 * workflows from the prebuilt bundle against the real Temporal server, PostgreSQL and the
 * simulators; its health check passes while it runs and fails once it stopped; the compiled
 * migrations and CLI work against the real database.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../config/paths.js';
import { build, STAMPS_FILE } from '../../scripts/build.js';
import { generateDataset } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, TEST_ENCRYPTION_KEY, type Harness } from '../support/harness.js';
import { allLinks, runSync, SYNC_EVERYTHING } from '../support/sync.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const run = promisify(execFile);

let tmp: string;
let app: string;
let h: Harness;
let worker: WorkerProcess | undefined;
let healthFile: string;

/** Runs a node entry point inside the assembled tree, as the image would. */
function inApp(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, args, { cwd: app, env: { ...process.env, ...env } });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sync-image-'));
  app = join(tmp, 'app');
  healthFile = join(tmp, 'worker-alive');
  // Compiling and bundling take a minute on a busy two-core machine when the sources changed.
  await run('bash', [join(PROJECT_ROOT, 'scripts', 'build-image-steps.sh'), app], { maxBuffer: 16 * 1024 * 1024 });
  h = await createHarness({ dataset: generateDataset({ accounts: 2 }).dataset, settings: SYNC_EVERYTHING, worker: false });
}, 600_000);

afterAll(async () => {
  worker?.kill('SIGKILL');
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

it('assembles the compiled engine, its prebuilt workflow bundle and migrations, and production packages only', () => {
  for (const file of ['package.json', 'package-lock.json', 'dist/workers/main.js', 'dist/workers/health.js', 'dist/cli/main.js', 'dist/workflow-bundle.js']) {
    expect(existsSync(join(app, file)), file).toBe(true);
  }
  expect(readdirSync(join(app, 'dist', 'db', 'migrations')).filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(0);
  expect(filesUnder(join(app, 'dist')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  for (const dev of ['tsx', 'typescript', 'vitest', 'eslint', 'drizzle-kit']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
  expect(readdirSync(join(app, 'node_modules', '@temporalio', 'core-bridge', 'releases'))).toHaveLength(1);
});

it('builds nothing again when nothing changed, and keys the bundle to the workflows and what they import', async () => {
  expect(await build()).toEqual({ compiled: false, bundled: false });
  const { bundle } = JSON.parse(readFileSync(STAMPS_FILE, 'utf8')) as { bundle: { files: string[] } };
  expect(bundle.files).toEqual(expect.arrayContaining(['workflows/index.ts', 'workflows/full-sync.ts', 'contract/inputs.ts', 'domain/settings.ts']));
  // Activities are imported as types only: editing one must not rebuild the bundle.
  expect(bundle.files.filter((f) => !/^(workflows|contract|domain)\//.test(f) && f !== 'package.json')).toEqual([]);
});

it('applies the migrations from the compiled tree', async () => {
  const { stdout } = await inApp(['dist/db/migrate.js'], { DATABASE_URL: inject('databaseUrl') });
  expect(stdout).toContain('migrations applied');
});

it('runs workflows from the prebuilt bundle in the compiled worker, which reports itself healthy while it runs', async () => {
  const health = () => inApp(['dist/workers/health.js'], { WORKER_HEALTH_FILE: healthFile });
  await expect(health()).rejects.toMatchObject({ stderr: expect.stringContaining('does not exist') });

  worker = await startWorkerProcess(h, { entry: { args: ['dist/workers/main.js'], cwd: app }, env: { WORKER_HEALTH_FILE: healthFile } });
  const smoke = await h.temporal.workflow.execute('smokeWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.smoke(h.integrationId),
    args: [{ integrationId: h.integrationId }],
  });
  expect(smoke.bmsAccounts).toBe(2);
  const sync = await runSync(h);
  expect(sync.runId).toBeGreaterThan(0);
  expect((await allLinks(h, 'organization')).length).toBeGreaterThan(0);

  // The worker touches the file every few seconds once it polls.
  const deadline = Date.now() + 30_000;
  let healthy: string | undefined;
  while (!healthy && Date.now() < deadline) {
    healthy = await health().then(
      ({ stdout }) => stdout,
      () => undefined,
    );
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(healthy ?? 'the health check did not pass within 30 s').toBe('healthy\n');

  worker.kill('SIGTERM');
  expect(await worker.exited).toBe(0);
  worker = undefined;
  await expect(health()).rejects.toMatchObject({ stderr: expect.stringContaining('unhealthy') });
});

it('runs the compiled CLI against the database', async () => {
  const { stdout } = await inApp(['dist/cli/main.js', 'integration', 'list', '--json'], {
    DATABASE_URL: inject('databaseUrl'),
    SYNC_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  });
  expect((JSON.parse(stdout) as { id: string }[]).map((i) => i.id)).toContain(h.integrationId);
});
