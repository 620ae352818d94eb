/**
 * Look-ups by name that compare as matching does (trimmed, inner spaces collapsed, case ignored)
 * against both simulators, for names stored with leading, trailing and doubled spaces, which the
 * APIs' own name filters miss (see the simulators' ASSUMPTIONS.md). Used to find what a create
 * whose answer was lost made (test/integration/lost-create-names.test.ts runs it end to end).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findBmsAccountsByName,
  findBmsContactsByName,
  findBmsHardwareAssetsByName,
  findItGlueConfigurationsByName,
  findItGlueContactsByName,
  findItGlueLocationsByName,
  findItGlueOrganizationsByName,
} from '../../entities/find-by-name.js';
import { buildDataset, startBms, type RunningBms } from './bms/helpers.js';
import { startItGlue, testDataset, type RunningSimulator } from './itglue/helpers.js';

const ids = (records: { id: string | number }[]) => records.map((r) => String(r.id)).sort();

describe('IT Glue', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startItGlue(testDataset());
    await sim.admin.edit('organizations', '2', { name: '  Birch   Vets ' });
    await sim.admin.edit('locations', '11', { name: ' Branch  Office' });
    await sim.admin.edit('contacts', '20', { 'first-name': ' Dana  Maria ', 'last-name': 'Ruiz  ' });
    await sim.admin.edit('configurations', '30', { name: 'ACME-WS-01  ' });
  });
  afterAll(() => sim.close());

  it("the API's name filter misses a name stored with other spacing (exact match of the trimmed term)", async () => {
    expect((await sim.client().listOrganizationsPage({ filter: { name: 'Birch Vets' } })).items).toEqual([]);
    expect((await sim.client().listOrganizationsPage({ filter: { name: '  Birch   Vets ' } })).items).toEqual([]);
  });

  it('finds each kind by its normalised name, only in the organization asked for', async () => {
    const client = sim.client();
    expect(ids(await findItGlueOrganizationsByName(client, 'birch vets'))).toEqual(['2']);
    expect(ids(await findItGlueOrganizationsByName(client, 'Acme Dental'))).toEqual(['1']);
    expect(ids(await findItGlueLocationsByName(client, '1', 'Branch Office'))).toEqual(['11']);
    expect(ids(await findItGlueLocationsByName(client, '2', 'Branch Office'))).toEqual([]);
    expect(ids(await findItGlueContactsByName(client, '1', 'Dana Maria', 'Ruiz'))).toEqual(['20']);
    expect(ids(await findItGlueConfigurationsByName(client, '1', 'acme-ws-01'))).toEqual(['30']);
    expect(ids(await findItGlueConfigurationsByName(client, '2', 'ACME-WS-01'))).toEqual([]);
  });
});

describe('BMS', () => {
  let bms: RunningBms;
  beforeAll(async () => {
    bms = await startBms({ dataset: buildDataset() });
    await bms.admin.edit('accounts', 2, { accountName: ' Fabrikam   Inc ' });
    await bms.admin.edit('contacts', 1002, { firstName: '  John', lastName: 'Smith   Jr ' });
    await bms.admin.edit('hardwareAssets', 2001, { name: 'PC-0001  ' });
  });
  afterAll(() => bms.close());

  it('the API\'s name filter ("contains" of the term as sent) misses a name stored with doubled spaces', async () => {
    expect((await bms.client().listAccountsPage({ filter: { accountName: 'Fabrikam Inc' } })).items).toEqual([]);
  });

  it('finds each kind by its normalised name, only in the account asked for', async () => {
    const client = bms.client();
    expect(ids(await findBmsAccountsByName(client, 'fabrikam inc'))).toEqual(['2']);
    expect(ids(await findBmsAccountsByName(client, 'Contoso Ltd'))).toEqual(['1']);
    expect(ids(await findBmsContactsByName(client, 1, 'John', 'Smith Jr'))).toEqual(['1002']);
    expect(ids(await findBmsContactsByName(client, 2, 'John', 'Smith Jr'))).toEqual([]);
    expect(ids(await findBmsHardwareAssetsByName(client, 1, 'PC-0001'))).toEqual(['2001']);
    expect(ids(await findBmsHardwareAssetsByName(client, 2, 'PC-0001'))).toEqual([]);
  });
});
