/**
 * PostgreSQL restarted in the middle of a full sync (SPEC §11, issue 13 item 7): the engine's
 * database is a private PostgreSQL of this test, stopped while IT Glue holds configuration
 * creates and started again a few seconds later. Activities that meet the stopped database fail
 * and are retried; the run must end as an undisturbed run ends (test/support/disturbed-run.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { runMigrations } from '../../db/migrate.js';
import { createDatabase, startPrivatePostgres, type PrivatePostgres } from '../../stack/postgres.js';
import type { SyncResult } from '../../workflows/full-sync.js';
import { itEndsLikeAnUndisturbedRun, RESTART_DATASET, RESTART_SETTINGS, startFullSyncWithCreatesInFlight, undisturbedEndState } from '../support/disturbed-run.js';
import type { EndState } from '../support/end-state.js';
import { createHarness, type Harness } from '../support/harness.js';
import { freePort } from '../support/ports.js';

let reference: EndState;
let dir: string;
let port: number;
let pg: PrivatePostgres;
let h: Harness;
let result: SyncResult;
let firstRunId: string;

beforeAll(async () => {
  reference = await undisturbedEndState();
  dir = mkdtempSync(join(tmpdir(), 'pg-restart-'));
  port = await freePort();
  pg = await startPrivatePostgres({ dir, port, fresh: true });
  const databaseUrl = await createDatabase(pg.url, 'sync_restart');
  await runMigrations(databaseUrl);
  h = await createHarness({ dataset: RESTART_DATASET, settings: RESTART_SETTINGS, databaseUrl });

  const handle = await startFullSyncWithCreatesInFlight(h);
  firstRunId = handle.firstExecutionRunId;
  await pg.stop();
  // While it is down, the run's activities fail against it (and are retried later).
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  pg = await startPrivatePostgres({ dir, port });
  await h.itglue.admin.clearFaults();
  result = await handle.result();
}, 300_000);
afterAll(async () => {
  await h?.close();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL restarted in the middle of a full sync', () => {
  it('was down while the run went on, and the run completed', async () => {
    expect(result.runId).toBeGreaterThan(0);
    // Every execution of the run (it continues as new): some activities needed more than one attempt.
    let retried = 0;
    for (let runId: string | undefined = firstRunId; runId; ) {
      const history = await h.temporal.workflow.getHandle(workflowIds.fullSync(h.integrationId), runId).fetchHistory();
      retried += (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1).length;
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    expect(retried, 'activities retried after meeting the stopped database').toBeGreaterThan(0);
  });

  itEndsLikeAnUndisturbedRun(() => ({ h, runId: result.runId, reference }));
});
