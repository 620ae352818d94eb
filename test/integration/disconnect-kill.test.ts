/**
 * A delete-data disconnect whose worker process is killed (SIGKILL) while a bulk delete is in
 * flight: a fresh worker resumes from the plan, and the end state and counts are those of a run
 * without the fault — IT Glue holds exactly what it held minus the backup.
 */
import { resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { getIntegration, updateIntegration } from '../../db/integrations.js';
import type { DisconnectResult } from '../../workflows/disconnect.js';
import { backupIds, itglueIds, KIND_OF, linkedOrganizationIds, RECORD_COLLECTIONS, readBackup, without } from '../support/disconnect.js';
import { createHarness, type Harness } from '../support/harness.js';
import { DISCONNECT_SETTINGS, disconnectDataset, UNRELATED_ORG } from '../support/push-all-dataset.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';
import { requestDisconnect } from '../support/push-all.js';
import { runSync } from '../support/sync.js';

let h: Harness | undefined;
let worker: WorkerProcess | undefined;
afterAll(async () => {
  worker?.kill('SIGKILL');
  await h?.close();
});

it('resumes a delete after the worker is killed mid-delete, with exact counts and the backup matching what is gone', async () => {
  h = await createHarness({ dataset: disconnectDataset(), settings: DISCONNECT_SETTINGS, worker: false });
  // Workers share the backup directory (a shared volume in production): the one that writes the
  // backup's parts need not be the one that joins them.
  process.env.BACKUP_DIR = resolve(h.deps.backupDir);
  worker = await startWorkerProcess(h);
  await runSync(h, 'full');
  const name = (await getIntegration(h.database.db, h.integrationId)).name;
  await updateIntegration(h.database.db, h.integrationId, { hardDeleteEnabled: true });
  const before = await itglueIds(h);
  const synced = await linkedOrganizationIds(h);

  // Every delete takes a while, so the kill lands while the first one is in flight: IT Glue
  // applies it after the worker is gone, and the fresh worker finds those records already gone.
  await h.itglue.admin.addFault({ kind: 'latency', method: 'DELETE', latencyMs: 1_500, times: 0 });
  await h.itglue.admin.resetCounters();
  const handle = await requestDisconnect(h, { mode: 'delete-data', confirmName: name });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { routes } = await h.itglue.admin.counters();
    if (Object.keys(routes).some((r) => r.startsWith('DELETE '))) break;
    if (Date.now() > deadline) throw new Error(`no delete started:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  worker.kill('SIGKILL');
  await worker.exited;
  await h.itglue.admin.clearFaults();
  await h.startWorker();

  const result = (await handle.result()) as DisconnectResult;
  const inBackup = backupIds(await readBackup(result.backupFile!));
  expect(inBackup.organizations).toEqual(synced);
  expect(await itglueIds(h)).toEqual(without(before, inBackup));
  expect((await itglueIds(h)).organizations).toEqual([String(UNRELATED_ORG)]);
  for (const c of RECORD_COLLECTIONS) expect(result.deleted?.[KIND_OF[c]] ?? 0).toBe(inBackup[c].length);
  // The first delete (the organization's attachments, deleted before any record) was in flight
  // when the worker died and landed afterwards; the fresh worker sent it again, was told those ids
  // are gone, checked, and went on.
  const { routes } = await h.itglue.admin.counters();
  expect(routes['DELETE /organizations/{rid}/relationships/attachments']).toBe(2);
  expect(routes['DELETE /documents']).toBe(1);
  expect(routes['DELETE /organizations']).toBe(1);
});
