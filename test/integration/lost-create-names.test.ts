/**
 * Creates whose answer is lost are found again, not made twice, whatever the spacing of the name
 * (SPEC §11). Names here have leading, trailing and doubled spaces at the source; and while the
 * retry looks for the record, the service holds its name spelled differently from the engine's
 * normalised one (as a service that keeps names as written would). Neither API's name filter
 * finds that (IT Glue: exact match of the trimmed term; BMS: "contains" of the term as sent), so
 * the look-up must compare normalised names on a broader read (clients/find-by-name.ts).
 *
 * Timing is made deterministic with the simulators' faults: the create is applied and its answer
 * dropped; the retry's look-up is held (latency) while the test respaces the stored name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { createHarness, type Harness } from '../support/harness.js';
import { allLinks, faults, logRows, runSync } from '../support/sync.js';

type Rec = Record<string, unknown>;
const T0 = '2024-03-01T09:00:00.000';
let h: Harness;

beforeAll(async () => {
  h = await createHarness({
    dataset: {
      version: 1,
      bms: {
        tenant: 'DemoMSP',
        accounts: [
          {
            id: 1,
            accountName: '  Harbor   Lights  ',
            accountTypeId: 1,
            isActive: true,
            createdOn: T0,
            modifiedOn: T0,
            locations: [{ id: 11, locationName: ' Main  Office ', isMain: true, isActive: true, createdOn: T0, modifiedOn: T0, addresses: [{ id: 111, address1: '1 Quay St', city: 'Cork', isMain: true }] }],
          },
        ],
      },
    },
    settings: { accountTypes: ['Customer'], contactsEnabled: false, twoWay: true },
  });
});
afterAll(async () => h?.close());
afterEach(async () => {
  await Promise.all([h.bms.admin.clearFaults(), h.itglue.admin.clearFaults()]);
});

/** Waits until the simulator has applied its first fault (the lost create), then holds the next look-up. */
async function holdNextLookup(sim: Harness['bms'] | Harness['itglue'], route: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await faults(sim))[0]!.applied > 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  // The activity retries its page at the earliest 2 s after the lost answer: the look-up comes next.
  await sim.admin.addFault({ kind: 'latency', method: 'GET', route, latencyMs: 3_000, times: 1 });
}

async function whenHeld(sim: Harness['bms'] | Harness['itglue']): Promise<void> {
  for (let i = 0; i < 800; i++) {
    if ((await faults(sim))[1]?.applied === 1) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the look-up never came');
}

describe('BMS → IT Glue', () => {
  it('finds the organization its lost create made, though IT Glue spells the name with other spacing', async () => {
    await h.itglue.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/organizations', times: 1 });
    const sync = runSync(h, 'full');
    await holdNextLookup(h.itglue, '/organizations');
    await whenHeld(h.itglue);
    const [created] = await h.itglue.admin.list<Rec>('organizations');
    expect(created!.name).toBe('Harbor Lights'); // what the engine wrote: the normalised name
    await h.itglue.admin.edit('organizations', String(created!.id), { name: ' Harbor  Lights   ' });
    await sync;

    const organizations = await h.itglue.admin.list<Rec>('organizations');
    expect(organizations.map((o) => o.name)).toEqual([' Harbor  Lights   ']);
    const [link] = await allLinks(h, 'organization');
    expect(link).toMatchObject({ state: 'enabled', bmsId: '1', itglueId: String(created!.id), matchRule: 'created' });
    const recovered = (await logRows(h, { entity: 'organization', action: 'create' })).filter((r) => r.message.includes('the answer to the create was lost'));
    expect(recovered.map((r) => r.itglueId)).toEqual([String(created!.id)]);
    // The account's location was created once as well.
    expect((await h.itglue.admin.list<Rec>('locations')).map((l) => l.name)).toEqual(['Main Office']);
  });
});

describe('IT Glue → BMS', () => {
  it('finds the account its lost create made, though BMS spells the name with other spacing', async () => {
    const organizationType = (await h.itglue.admin.list<Rec>('organizationTypes')).find((t) => t.name === 'Customer')!;
    const active = (await h.itglue.admin.list<Rec>('organizationStatuses')).find((s) => s.name === 'Active')!;
    const organization = await h.itglue.admin.create<Rec>('organizations', {
      name: '  Quayside  Marine ',
      'organization-type-id': organizationType.id,
      'organization-status-id': active.id,
    });
    const accountsBefore = (await h.bms.admin.list<Rec>('accounts')).length;
    await h.bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/crm/accounts', times: 1 });
    const push = h.temporal.workflow.execute('twoWayPushWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
      args: [{ integrationId: h.integrationId }],
    });
    await holdNextLookup(h.bms, '/v2/crm/accounts/summary');
    await whenHeld(h.bms);
    const created = (await h.bms.admin.list<Rec>('accounts')).find((a) => String(a.accountName).includes('Quayside'))!;
    expect(created.accountName).toBe('Quayside Marine');
    await h.bms.admin.edit('accounts', Number(created.id), { accountName: 'Quayside   Marine  ' });
    await push;

    const accounts = await h.bms.admin.list<Rec>('accounts');
    expect(accounts.length).toBe(accountsBefore + 1);
    expect(accounts.filter((a) => String(a.accountName).includes('Quayside')).map((a) => a.id)).toEqual([created.id]);
    const link = (await allLinks(h, 'organization')).find((l) => l.itglueId === String(organization.id));
    expect(link).toMatchObject({ state: 'enabled', bmsId: String(created.id) });
  });
});
