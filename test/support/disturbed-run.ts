/**
 * A full sync disturbed half way (a dependency restarted) must end as an undisturbed run of the
 * same dataset ends: the same links and IT Glue records, none twice, each record's action logged
 * once, nothing left to write. Shared by test/integration/postgres-restart.test.ts and
 * test/integration/temporal-restart.test.ts.
 */
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import { workflowIds } from '../../contract/ids.js';
import { expect, it } from 'vitest';
import { COLLECTIONS, endState, type EndState } from './end-state.js';
import { createHarness, type Harness } from './harness.js';
import { logRows, resetCounters, runSync, SYNC_EVERYTHING, writeCalls } from './sync.js';
import { waitFor } from './wait.js';

/** Small enough for a run of a few seconds, with matches, creates and lost-create look-ups. */
export const { dataset: RESTART_DATASET } = generateDatasetDetailed({ accounts: 10, assets: 120, contacts: 60, seed: 33 });
export const RESTART_SETTINGS = SYNC_EVERYTHING;

/** IT Glue's configuration create: slowed in the disturbed run, so creates are in flight when it is disturbed. */
export const CREATE_ROUTE = 'POST /organizations/{oid}/relationships/configurations';

/** The end state of an undisturbed full sync of the dataset (its own harness on the shared stack). */
export async function undisturbedEndState(): Promise<EndState> {
  const h = await createHarness({ dataset: RESTART_DATASET, settings: RESTART_SETTINGS });
  try {
    await runSync(h, 'full');
    return await endState(h, RESTART_DATASET);
  } finally {
    await h.close();
  }
}

/** Starts a full sync and resolves once IT Glue holds a configuration create (slowed to `latencyMs`). */
export async function startFullSyncWithCreatesInFlight(h: Harness, latencyMs = 1_500) {
  await h.itglue.admin.addFault({ kind: 'latency', latencyMs, method: 'POST', route: CREATE_ROUTE.slice('POST '.length), times: 0 });
  const handle = await h.temporal.workflow.start('fullSyncWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: workflowIds.fullSync(h.integrationId),
    args: [{ integrationId: h.integrationId, mode: 'full' }],
  });
  await waitFor('a configuration create in flight', async () => ((await h.itglue.admin.counters()).routes[CREATE_ROUTE] ?? 0) > 0, { timeoutMs: 120_000 });
  return handle;
}

/**
 * Records with more than one create or match logged in the run, as `entity bmsId: actions`
 * (a record is created or matched once; a lost create found again is logged as its match).
 */
export async function actionsLoggedTwice(h: Harness, runId: number): Promise<string[]> {
  const rows = (await logRows(h, { runId })).filter((r) => r.action === 'create' || r.action === 'match');
  const byRecord = new Map<string, string[]>();
  for (const r of rows) {
    const key = `${r.entity} ${r.bmsId ?? `itglue ${r.itglueId}`}`;
    byRecord.set(key, [...(byRecord.get(key) ?? []), r.action]);
  }
  return [...byRecord].filter(([, actions]) => actions.length > 1).map(([key, actions]) => `${key}: ${actions.join(', ')}`);
}

/** The IT Glue writes a second full sync makes (none when the first one finished the job). */
export async function writesOfNextRun(h: Harness): Promise<Record<string, number>> {
  await resetCounters(h);
  await runSync(h, 'full');
  return writeCalls(h.itglue);
}

/**
 * What a disturbed run must show once it finished (the restart tests): the end state of an
 * undisturbed run, each action logged once and no error, nothing left for the next run.
 */
export function itEndsLikeAnUndisturbedRun(run: () => { h: Harness; runId: number; reference: EndState }): void {
  it('ends with the links and IT Glue records of an undisturbed run, none twice', async () => {
    const { h, reference } = run();
    const state = await endState(h, RESTART_DATASET);
    for (const entity of Object.keys(reference.links)) expect(state.links[entity], entity).toEqual(reference.links[entity]);
    for (const c of COLLECTIONS) expect(state.records[c], c).toEqual(reference.records[c]);
  });

  it('logged each record action once, and no error', async () => {
    const { h, runId } = run();
    expect(await actionsLoggedTwice(h, runId)).toEqual([]);
    expect((await logRows(h, { runId, action: 'error' })).map((l) => l.message)).toEqual([]);
  });

  it('leaves nothing to write for the next run', async () => {
    expect(await writesOfNextRun(run().h)).toEqual({});
  });
}
