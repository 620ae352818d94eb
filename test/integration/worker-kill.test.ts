/**
 * A killed worker loses nothing (SPEC §11): the worker runs as a separate process, is killed
 * with SIGKILL in the middle of a full sync (while IT Glue is slowly creating configurations,
 * so creates are in flight), and a fresh worker process finishes the run. The end state must
 * equal an undisturbed run of the same dataset: the same links and the same IT Glue records,
 * none of them twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, type Entity } from '../../domain/entities.js';
import { generateDatasetDetailed } from '../../simulators/datasets/generate.js';
import type { SyncResult } from '../../workflows/full-sync.js';
import { workflowIds } from '../../contract/ids.js';
import { COLLECTIONS, endState, type EndState } from '../support/end-state.js';
import { createHarness, type Harness } from '../support/harness.js';
import { SYNC_EVERYTHING, allLinks, logRows, runSync, writeCalls, resetCounters } from '../support/sync.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const { dataset, expectedLinks } = generateDatasetDetailed({ accounts: 20, assets: 300, contacts: 140, seed: 21 });
const CREATE_ROUTE = 'POST /organizations/{oid}/relationships/configurations';

let reference: EndState;
let h: Harness;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // The undisturbed run, with an in-process worker.
  const undisturbed = await createHarness({ dataset, settings: SYNC_EVERYTHING });
  try {
    await runSync(undisturbed, 'full');
    reference = await endState(undisturbed, dataset);
  } finally {
    await undisturbed.close();
  }
  h = await createHarness({ dataset, settings: SYNC_EVERYTHING, worker: false });
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await h?.close();
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a worker killed in the middle of a full sync', () => {
  let result: SyncResult;
  let creatingAtKill: number;

  beforeAll(async () => {
    // Slow configuration creates down so the kill lands while some are in flight.
    await h.itglue.admin.addFault({ kind: 'latency', latencyMs: 1500, method: 'POST', route: CREATE_ROUTE.slice('POST '.length), times: 0 });
    const first = await startWorkerProcess(h);
    workers.push(first);
    const handle = await h.temporal.workflow.start('fullSyncWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.fullSync(h.integrationId),
      args: [{ integrationId: h.integrationId, mode: 'full' }],
    });
    // Kill once IT Glue holds a create request (it applies it 1.5 s later, with nobody listening).
    await waitFor('a configuration create in flight', async () => {
      const { routes } = await h.itglue.admin.counters();
      return routes[CREATE_ROUTE] ? true : undefined;
    });
    first.kill('SIGKILL');
    creatingAtKill = (await allLinks(h, 'configuration')).filter((l) => l.state === 'creating').length;
    expect(await first.exited).toBeNull(); // killed by the signal, not exited
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await h.itglue.admin.clearFaults();

    workers.push(await startWorkerProcess(h));
    result = await handle.result();
  }, 400_000);

  it('was killed while a create was in flight', () => {
    expect(creatingAtKill).toBeGreaterThan(0);
    expect(result.runId).toBeGreaterThan(0);
  });

  it('ends with the links of an undisturbed run', async () => {
    const state = await endState(h, dataset);
    for (const entity of ENTITIES) expect(state.links[entity], entity).toEqual(reference.links[entity]);
    // And those are the generator's expected matches.
    for (const entity of ENTITIES) {
      const matched = Object.fromEntries((await allLinks(h, entity as Entity)).filter((l) => l.matchRule !== 'created').map((l) => [l.bmsId!, l.itglueId!]));
      expect(matched, entity).toEqual(expectedLinks[entity]);
    }
  });

  it('ends with the IT Glue records of an undisturbed run, none twice', async () => {
    const state = await endState(h, dataset);
    for (const c of COLLECTIONS) expect(state.records[c], c).toEqual(reference.records[c]);
  });

  it('found the configurations whose creates landed after the kill instead of creating them again', async () => {
    const recovered = (await logRows(h, { runId: result.runId, entity: 'configuration', action: 'create' })).filter((l) =>
      l.message.includes('the answer to the create was lost'),
    );
    expect(recovered.length).toBeGreaterThan(0);
    expect((await logRows(h, { runId: result.runId, action: 'error' })).map((l) => l.message)).toEqual([]);
  });

  it('leaves nothing to write for the next run', async () => {
    await resetCounters(h);
    await h.temporal.workflow.execute('fullSyncWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.fullSync(h.integrationId),
      args: [{ integrationId: h.integrationId, mode: 'full' }],
    });
    expect(await writeCalls(h.itglue)).toEqual({});
  });
});
