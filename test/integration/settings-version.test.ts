/**
 * A settings or credential change reaches the workers at once: the worker (a process of its own,
 * whose clients and lookups are cached) reads the integration's version at every activity and
 * rebuilds what it cached when the integration changed, so the very next run sees the change —
 * not a minute later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntegration, integrationVersion, updateSettings } from '../../db/integrations.js';
import { storeSecret } from '../../db/secrets.js';
import { integrationSettingsSchema } from '../../domain/settings.js';
import { createHarness, keyRing, type Harness } from '../support/harness.js';
import { ACCOUNT, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linksByBms, rootMessage, runSync } from '../support/sync.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

let h: Harness;
let worker: WorkerProcess;

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: SMALL_SYNC_ALL, worker: false });
  worker = await startWorkerProcess(h);
  await runSync(h, 'full');
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await worker?.exited;
  await h?.close();
});

describe('changes reach the worker at the next activity', () => {
  it('a settings change: the next run applies it', async () => {
    expect((await linksByBms(h, 'organization')).get(String(ACCOUNT.prospect))?.state).toBe('enabled');
    const before = await integrationVersion(h.database.db, h.integrationId);
    // As `integration configure` writes it (nothing tells the worker).
    const current = await getIntegration(h.database.db, h.integrationId);
    await updateSettings(h.database.db, h.integrationId, integrationSettingsSchema.parse({ ...current.settings, accountTypes: ['Customer', 'Managed Client'] }));
    expect(await integrationVersion(h.database.db, h.integrationId)).toBe(before! + 1);

    await runSync(h, 'full');
    expect((await linksByBms(h, 'organization')).get(String(ACCOUNT.prospect))).toMatchObject({ state: 'orphaned', reason: 'account type "Prospect" is not selected for sync' });
  });

  it('a credential change: the next run uses it', async () => {
    await storeSecret(h.database.db, keyRing, h.integrationId, 'itglue-api-key', 'ITG.not-a-valid-key');
    const failure = await runSync(h, 'incremental').then(
      () => null,
      (err: unknown) => rootMessage(err),
    );
    expect(failure).toMatch(/^IT Glue GET \/\w+: HTTP 403/);

    await storeSecret(h.database.db, keyRing, h.integrationId, 'itglue-api-key', 'ITG.simulator-local-key');
    await runSync(h, 'incremental');
  });
});
