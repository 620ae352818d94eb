/**
 * The Temporal server restarted in the middle of a full sync (issue 13 item 7): a dev server of
 * this test's own, keeping its state in a SQLite file, stopped while IT Glue holds configuration
 * creates and started again on the same file a few seconds later. The worker keeps running
 * meanwhile (its polls and its activities' completions fail, then go through); the run must end
 * as an undisturbed run ends (test/support/disturbed-run.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { startDevServer, type DevServer } from '../../stack/temporal.js';
import type { SyncResult } from '../../workflows/full-sync.js';
import { itEndsLikeAnUndisturbedRun, RESTART_DATASET, RESTART_SETTINGS, startFullSyncWithCreatesInFlight, undisturbedEndState } from '../support/disturbed-run.js';
import type { EndState } from '../support/end-state.js';
import { createHarness, type Harness } from '../support/harness.js';
import { freePort } from '../support/ports.js';

let reference: EndState;
let dir: string;
let server: DevServer;
let h: Harness;
let result: SyncResult;
let firstRunId: string;

const serverOptions = (port: number) => ({ port, headless: true, dbFile: join(dir, 'temporal.sqlite'), logFile: join(dir, 'temporal.log') });

beforeAll(async () => {
  reference = await undisturbedEndState();
  dir = mkdtempSync(join(tmpdir(), 'temporal-restart-'));
  const port = await freePort();
  server = await startDevServer(serverOptions(port));
  h = await createHarness({ dataset: RESTART_DATASET, settings: RESTART_SETTINGS, temporalAddress: server.address });

  const handle = await startFullSyncWithCreatesInFlight(h);
  firstRunId = handle.firstExecutionRunId;
  await server.stop();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  server = await startDevServer(serverOptions(port));
  await h.itglue.admin.clearFaults();
  result = await h.temporal.workflow.getHandle(workflowIds.fullSync(h.integrationId)).result();
}, 300_000);
afterAll(async () => {
  await h?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Temporal server restarted in the middle of a full sync', () => {
  it('kept the run (its SQLite file) and finished it', async () => {
    expect(result.runId).toBeGreaterThan(0);
    // The same workflow chain: the run started before the restart is the one that completed.
    const history = await h.temporal.workflow.getHandle(workflowIds.fullSync(h.integrationId), firstRunId).fetchHistory();
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes).toBeTruthy();
  });

  itEndsLikeAnUndisturbedRun(() => ({ h, runId: result.runId, reference }));
});
