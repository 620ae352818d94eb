/**
 * Update Units (the vendor's button on a contract's service): one rule, or a client's rules,
 * billed now instead of at night, through the CLI and the workflow, against the real stack; and
 * billing refused, with a message saying so, for an integration without two-way sync (the vendor
 * requires it), on demand, for one integration and in a region's night.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBillingRule } from '../../control/billing-rules.js';
import { startBilling } from '../../control/start.js';
import { updateIntegration } from '../../db/integrations.js';
import type { UpdateUnitsResult } from '../../workflows/update-units.js';
import { BILLING_ACCOUNT, BILLING_ORG, billingDataset, CONTRACT, SERVICE, serviceUnits } from '../support/billing-dataset.js';
import { cli, cliError, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { logRows, rootMessage, runSync, setSettings } from '../support/sync.js';

let h: Harness;
const acme = { bmsAccountId: String(BILLING_ACCOUNT.acme), bmsContractId: String(CONTRACT.acme), assetType: 'Microsoft 365 Licenses', billBy: 'Licensed Users' };

beforeAll(async () => {
  h = await createHarness({ dataset: billingDataset(), settings: { accountTypes: ['Customer'], region: 'US' } });
  useTestStackForCli(h);
  await runSync(h, 'full');
});
afterAll(async () => {
  // Later test files bill whole regions: this integration must not be among them.
  if (h) await updateIntegration(h.database.db, h.integrationId, { status: 'disconnected' });
  await h?.close();
});

describe('billing needs two-way sync', () => {
  it('a rule can be added, with a warning; Update Units and a run for the integration are refused, saying why', async () => {
    const connection = await h.deps.connectors.get(h.integrationId);
    const { warnings } = await addBillingRule(h.database.db, connection, {
      ...acme,
      integrationId: h.integrationId,
      bmsServiceId: String(SERVICE.premium),
      billedUnits: '10',
      filterField: 'License Type',
      filterValues: ['Microsoft 365 Business Premium'],
      unitPrice: '19.99',
      name: 'Acme Premium',
    });
    expect(warnings).toContain(`integration ${h.integrationId} has two-way sync off: billing refuses to run until it is on (integration configure ${h.integrationId} --set twoWay=true)`);

    const why = `integration "${h.integrationId}" has two-way sync off: billing IT Glue flexible assets in BMS needs two-way sync (integration configure ${h.integrationId} --set twoWay=true)`;
    expect(await cliError('billing', 'units', h.integrationId, '--rule', 'Acme Premium')).toContain(`Update Units refused: ${why}`);
    const run = await startBilling(h.temporal, h.taskQueue, { region: 'US', integrationId: h.integrationId, billingDate: '2026-11-20' });
    expect(rootMessage(await run.result().catch((e: unknown) => e))).toBe(`Invalid billing input: integrationId: ${why}`);
  });

  it("a region's night records the integration as failed with that message, and bills nothing", async () => {
    const night = await startBilling(h.temporal, h.taskQueue, { region: 'US', billingDate: '2026-11-20' });
    const failure = rootMessage(await night.result().catch((e: unknown) => e));
    expect(failure).toContain(`${h.integrationId} on 2026-11-20: `);
    expect(failure).toContain('billing refused: integration');
    expect(await serviceUnits(h, CONTRACT.acme, SERVICE.premium)).toBe(10);
  });
});

describe('Update Units', () => {
  it('bills one rule now, on today\'s date, and BMS has the change', async () => {
    await setSettings(h, { twoWay: true });
    const result = JSON.parse(await cli('billing', 'units', h.integrationId, '--rule', 'Acme Premium', '--json')) as UpdateUnitsResult;
    expect(result.counts).toMatchObject({ billed: 1, pushed: 1 });
    expect(result.billingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Premium licenses in IT Glue: 4 + 3 licensed users (text and missing values count 0, archived not at all).
    expect(result.rules).toEqual([
      { ruleId: expect.any(Number), name: 'Acme Premium', units: '7', ledger: { id: expect.any(Number), previousUnits: '10', newUnits: '7', proratedAmount: expect.any(String), pushed: true } },
    ]);
    expect(await serviceUnits(h, CONTRACT.acme, SERVICE.premium)).toBe(7);
    const logged = await logRows(h, { runId: result.runId, entity: 'run', action: 'update' });
    expect(logged.map((r) => r.message)).toEqual([expect.stringMatching(/^billing rule "Acme Premium": units 10 → 7 \(-3\) on /)]);
  });

  it("bills a client's rules by BMS account or by its IT Glue organization; what today already billed is not billed again", async () => {
    const connection = await h.deps.connectors.get(h.integrationId);
    await addBillingRule(h.database.db, connection, {
      ...acme,
      integrationId: h.integrationId,
      bmsServiceId: String(SERVICE.standard),
      billedUnits: '12',
      filterField: 'Status',
      filterValues: ['Active'],
      name: 'Acme active seats',
    });
    const byAccount = JSON.parse(await cli('billing', 'units', h.integrationId, '--account', String(BILLING_ACCOUNT.acme), '--json')) as UpdateUnitsResult;
    expect(byAccount.rules.map((r) => r.name)).toEqual(['Acme Premium', 'Acme active seats']);
    expect(byAccount.counts).toMatchObject({ billed: 1, alreadyBilled: 1 });
    const seats = byAccount.rules.find((r) => r.name === 'Acme active seats')!;
    expect(seats.ledger?.previousUnits).toBe('12');
    expect(await serviceUnits(h, CONTRACT.acme, SERVICE.standard)).toBe(Number(seats.units));

    const byOrganization = JSON.parse(await cli('billing', 'units', h.integrationId, '--organization', BILLING_ORG.acme, '--json')) as UpdateUnitsResult;
    expect(byOrganization.counts).toMatchObject({ alreadyBilled: 2 });
    expect(byOrganization.counts.billed ?? 0).toBe(0);
    const table = await cli('billing', 'units', h.integrationId, '--rule', 'Acme Premium');
    expect(table).toMatch(/Acme Premium\s+7\s+10 → 7/);
  });

  it('refuses a client that is not synced, or no scope, naming the problem', async () => {
    expect(await cliError('billing', 'units', h.integrationId, '--organization', BILLING_ORG.initech)).toContain(`IT Glue organization ${BILLING_ORG.initech} is not synced with a BMS account`);
    expect(await cliError('billing', 'units', h.integrationId)).toContain('give exactly one of --rule, --account or --organization');
    expect(await cliError('billing', 'units', h.integrationId, '--account', String(BILLING_ACCOUNT.globex))).toContain(`BMS account ${BILLING_ACCOUNT.globex} has no enabled billing rule`);
  });
});
