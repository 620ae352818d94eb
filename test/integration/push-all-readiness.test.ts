/**
 * Push All's readiness review (the vendor's review "that the environment is ready for this
 * push"): before asking for approval the pre-check also flags sync settings that would push
 * nothing (no account types: blocked; no asset categories: a warning) and organizations the push
 * would create without a primary location, against the real stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectSignal } from '../../contract/messages.js';
import { createHarness, type Harness } from '../support/harness.js';
import { APPROVER, ORG, ORG_TYPE, PUSH_ALL_SETTINGS, pushAllDataset } from '../support/push-all-dataset.js';
import { requestPushAll, waitForStatus } from '../support/push-all.js';
import { setSettings } from '../support/sync.js';

type Rec = Record<string, unknown>;
let h: Harness;
let noPrimary: string;
let noLocation: string;

beforeAll(async () => {
  h = await createHarness({ dataset: pushAllDataset(), settings: { ...PUSH_ALL_SETTINGS, accountTypes: [] } });
  // Two more eligible organizations: one whose only location is not marked primary, one with none.
  const active = (await h.itglue.admin.list<Rec>('organizationStatuses')).find((s) => s.name === 'Active')!;
  const organization = (name: string) =>
    h.itglue.admin.create<Rec>('organizations', { name, 'organization-type-id': ORG_TYPE.customer, 'organization-status-id': Number(active.id) });
  noPrimary = String((await organization('Initrode')).id);
  noLocation = String((await organization('Nolocation Inc')).id);
  await h.itglue.admin.create('locations', { 'organization-id': Number(noPrimary), name: 'Initrode Branch', primary: false, 'address-1': '4 Branch Rd', city: 'Springfield' });
});
afterAll(async () => h?.close());

describe('Push All readiness review', () => {
  it('blocks when no account type is selected: nothing would be pushed', async () => {
    const handle = await requestPushAll(h);
    const blocked = await waitForStatus(handle, (v) => v.status === 'blocked');
    expect(blocked.precheck!.blockers).toEqual([
      'no account types are selected in the sync settings (accountTypes): no organization can be pushed, nor anything in one',
    ]);
    expect(blocked.message).toContain('no account types are selected');
    await handle.result();
  });

  it('flags no asset categories and organizations without a primary location, then asks for approval', async () => {
    await setSettings(h, { accountTypes: PUSH_ALL_SETTINGS.accountTypes, assetCategories: [] });
    const handle = await requestPushAll(h);
    const waiting = await waitForStatus(handle, (v) => v.status === 'awaiting-approval');
    const p = waiting.precheck!;
    expect(p.blockers).toEqual([]);
    expect(p.warnings).toEqual(
      expect.arrayContaining([
        'no asset categories are selected in the sync settings (assetCategories): no configuration can be pushed',
        '1 organization record has no primary location in IT Glue: the first of its locations becomes the main location of its BMS account',
        '1 organization record has no location in IT Glue: its BMS account gets a placeholder main location named "Main"',
      ]),
    );
    expect(p.notReady).toEqual(
      expect.arrayContaining([
        { entity: 'organization', itglueId: noPrimary, problem: expect.stringMatching(/^no primary location/) },
        { entity: 'organization', itglueId: noLocation, problem: expect.stringMatching(/^no location/) },
      ]),
    );
    // Organizations with a primary location, and Contoso (linked to its BMS account, not created), are not flagged.
    expect(p.notReady!.map((r) => r.itglueId).sort()).toEqual([noPrimary, noLocation].sort());
    expect(p.notReady!.some((r) => r.itglueId === String(ORG.contoso))).toBe(false);
    await handle.signal(rejectSignal, { approver: APPROVER, comment: 'fix the locations first' });
    expect((await waitForStatus(handle, (v) => v.status === 'rejected')).status).toBe('rejected');
  });
});
