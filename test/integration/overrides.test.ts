/**
 * Operator overrides end to end (README "Matching, and an explained match"), through the CLI
 * against the real stack: `override link` makes the next sync link a BMS record to the IT Glue
 * record chosen (instead of creating one), and says so in `sync explain`; a link to a record that
 * does not exist is an error naming it; and Create Unmatched (Passportal's button, a workflow and
 * `override create-unmatched`) matches or creates every record left unmatched by auto-create off,
 * excluded ones aside.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manageDataReport } from '../../control/report.js';
import type { CreateUnmatchedResult } from '../../workflows/create-unmatched.js';
import { cli, useTestStackForCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, SMALL_SYNC_ALL, smallDataset } from '../support/small-dataset.js';
import { linksByBms, runSync } from '../support/sync.js';

type Rec = Record<string, unknown>;
let h: Harness;
let contosoLimited: string;

const organizations = async () => (await h.itglue.admin.list<Rec>('organizations')).map((o) => String(o.name)).sort();
const orgLinks = () => linksByBms(h, 'organization');

beforeAll(async () => {
  h = await createHarness({ dataset: smallDataset(), settings: { ...SMALL_SYNC_ALL, autoCreate: { organizations: false } } });
  useTestStackForCli(h);
  // IT Glue knows Contoso under another name: the matching rules cannot pair them.
  contosoLimited = String((await h.itglue.admin.create<Rec>('organizations', { name: 'Contoso Limited' })).id);
  await runSync(h, 'full');
});
afterAll(async () => h?.close());

describe('override link', () => {
  it('the next sync links the BMS record to the IT Glue record chosen, explained, without creating one', async () => {
    expect((await orgLinks()).get(String(ACCOUNT.contoso))?.state).toBe('unmatched');
    expect(await cli('override', 'link', h.integrationId, 'organization', String(ACCOUNT.contoso), contosoLimited, '--note', 'same company, renamed')).toContain(
      `will be linked to IT Glue ${contosoLimited} at the next sync`,
    );
    await runSync(h, 'full');
    const link = (await orgLinks()).get(String(ACCOUNT.contoso))!;
    expect(link).toMatchObject({ state: 'enabled', itglueId: contosoLimited, matchRule: 'override' });
    // BMS is the source of a one-way pull: the chosen record takes the account's name.
    expect(await organizations()).toEqual(['Contoso Ltd']);
    const explained = await cli('sync', 'explain', h.integrationId, 'organization', '--bms-id', String(ACCOUNT.contoso));
    expect(explained).toContain(`why: linked by an operator to IT Glue organization ${contosoLimited} [rule override]`);
    expect(JSON.parse(await cli('override', 'list', h.integrationId, '--json'))).toEqual([
      expect.objectContaining({ entity: 'organization', bmsId: String(ACCOUNT.contoso), action: 'link', itglueId: contosoLimited, note: 'same company, renamed' }),
    ]);
  });

  it('to a record that does not exist is an error naming it; an exclusion then wins', async () => {
    await cli('override', 'link', h.integrationId, 'organization', String(ACCOUNT.prospect), '999999');
    await runSync(h, 'full');
    expect((await orgLinks()).get(String(ACCOUNT.prospect))).toMatchObject({ state: 'error', reason: 'IT Glue organization 999999 chosen by an operator does not exist' });
    await cli('override', 'exclude', h.integrationId, 'organization', String(ACCOUNT.prospect), '--note', 'not a client yet');
    await runSync(h, 'full');
    expect((await orgLinks()).get(String(ACCOUNT.prospect))).toMatchObject({ state: 'excluded', reason: 'excluded by an operator: not a client yet' });
  });
});

describe('Create Unmatched', () => {
  it('matches or creates every unmatched record now; excluded ones stay; nothing is duplicated', async () => {
    const unmatched = [...(await orgLinks()).values()].filter((l) => l.state === 'unmatched').map((l) => l.bmsId).sort();
    expect(unmatched).toEqual([ACCOUNT.holdings, ACCOUNT.traders, ACCOUNT.inactive].map(String).sort());
    // Meanwhile someone documented Northwind Holdings in IT Glue: it is matched, not created twice.
    const holdings = String((await h.itglue.admin.create<Rec>('organizations', { name: 'Northwind Holdings' })).id);

    const result = JSON.parse(await cli('override', 'create-unmatched', h.integrationId, 'organization', '--json')) as CreateUnmatchedResult;
    expect(result.counts.organization).toMatchObject({ create: 2, match: 1 });
    const after = await orgLinks();
    expect(after.get(String(ACCOUNT.holdings))).toMatchObject({ state: 'enabled', itglueId: holdings, matchRule: 'organization-name' });
    expect(after.get(String(ACCOUNT.traders))).toMatchObject({ state: 'enabled', matchRule: 'created' });
    expect(after.get(String(ACCOUNT.inactive))).toMatchObject({ state: 'enabled', matchRule: 'created' });
    expect(after.get(String(ACCOUNT.prospect))?.state).toBe('excluded');
    expect(await organizations()).toEqual(['Contoso Ltd', 'Northwind Holdings', 'Northwind Traders', 'Old Customer Inc']);
    expect((await manageDataReport(h.database.db, h.integrationId)).entities.find((e) => e.entity === 'organization')!.counts.unmatched).toBe(0);

    // Auto-create stays off for the sync itself, and there is nothing left to create.
    const again = await cli('override', 'create-unmatched', h.integrationId, 'organization');
    expect(again).toMatch(/^Create Unmatched organization: 0 created, 0 matched/);
    const runs = JSON.parse(await cli('sync', 'runs', h.integrationId, '--json')) as { id: number; kind: string; status: string }[];
    expect(runs.filter((r) => r.kind === 'create-unmatched').map((r) => r.status)).toEqual(['completed', 'completed']);
  });
});
