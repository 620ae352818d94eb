import { afterAll, beforeAll, expect, it } from 'vitest';
import { SimulatorAdmin } from '../../../simulators/common/admin-client.js';
import type { StartedServer } from '../../../simulators/common/router.js';
import { createBmsSimulator } from '../../../simulators/bms/simulator.js';
import { datasetFromArgs, enableGenerate } from '../../../simulators/datasets/standalone.js';
import { createItGlueSimulator } from '../../../simulators/itglue/simulator.js';

let servers: StartedServer[] = [];
beforeAll(async () => {
  servers = await Promise.all([enableGenerate(createBmsSimulator()).listen(0), enableGenerate(createItGlueSimulator()).listen(0)]);
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

it('POST /_admin/generate replaces the data of both simulators with a generated dataset', async () => {
  const [bms, itglue] = servers.map((s) => new SimulatorAdmin(s.url));
  expect((await bms!.generate({ accounts: 3, seed: 4 })).loaded).toMatchObject({ accounts: 3 });
  expect(await bms!.list('accounts')).toHaveLength(3);
  const loaded = (await itglue!.generate({ accounts: 3, seed: 4 })).loaded;
  expect(loaded.organizations).toBeGreaterThan(0);
  expect(await itglue!.list('organizations')).toHaveLength(loaded.organizations!);
});

it('refuses bad generator options naming the option, and keeps the data', async () => {
  const bms = new SimulatorAdmin(servers[0]!.url);
  await expect(bms.generate({ accounts: 'many' })).rejects.toThrow(/accounts/);
  expect(await bms.list('accounts')).toHaveLength(3);
});

it('reads the command line: a file or generator flags, not both', () => {
  expect(datasetFromArgs({})).toBeUndefined();
  expect((datasetFromArgs({ accounts: '2', seed: '1' }) as { bms: { accounts: unknown[] } }).bms.accounts).toHaveLength(2);
  expect(() => datasetFromArgs({ accounts: '-1' })).toThrow(/--accounts must be a whole number/);
  expect(() => datasetFromArgs({ dataset: 'x.json', accounts: '2' })).toThrow(/not both/);
});
