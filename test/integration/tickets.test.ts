/**
 * Ticket sync, BMS → IT Glue (SPEC §13): tickets of synced accounts become flexible assets of the
 * engine-managed "BMS Ticket" type (created when missing, with its declared fields); the first run
 * takes open tickets and those completed within `tickets.historyDays`; later runs read by last
 * activity; an edit and a completion update the asset (never delete it, and keep the traits of
 * fields the engine does not own); a ticket whose account stops syncing is orphaned; an edit in IT
 * Glue is put back (tickets are pulled only, whatever `twoWay` says).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../../contract/ids.js';
import { TICKET_TYPE } from '../../entities/ticket.js';
import { createHarness, type Harness } from '../support/harness.js';
import { ACCOUNT, ASSET, CONTACT, TYPE } from '../support/small-dataset.js';
import { STATUS, TICKET, TICKET_SETTINGS, ticketDataset } from '../support/ticket-dataset.js';
import { linksByBms, logRows, runSync, setSettings, writeCalls, type LinkRow } from '../support/sync.js';

let h: Harness;

type Asset = { id: string; 'organization-id': number; 'flexible-asset-type-id': number; traits: Record<string, unknown> };

async function ticketLink(id: number): Promise<LinkRow | undefined> {
  return (await linksByBms(h, 'ticket')).get(String(id));
}

async function assetOf(id: number): Promise<Asset> {
  const link = await ticketLink(id);
  expect(link?.itglueId, `ticket ${id} is linked`).toBeTruthy();
  return h.itglue.admin.get<Asset>('flexibleAssets', link!.itglueId!);
}

async function linkedItGlueId(entity: 'organization' | 'contact' | 'configuration', bmsId: number): Promise<number> {
  return Number((await linksByBms(h, entity)).get(String(bmsId))!.itglueId);
}

beforeAll(async () => {
  h = await createHarness({ dataset: ticketDataset(), settings: TICKET_SETTINGS });
});
afterAll(async () => h?.close());

describe('the first sync', () => {
  let runId: number;
  beforeAll(async () => {
    ({ runId } = await runSync(h, 'full'));
  });

  it('creates the BMS Ticket flexible asset type with its declared fields', async () => {
    const types = (await h.itglue.admin.list<{ id: string; name: string }>('flexibleAssetTypes')).filter((t) => t.name === 'BMS Ticket');
    expect(types).toHaveLength(1);
    const fields = (await h.itglue.admin.list<{ 'flexible-asset-type-id': number; 'name-key': string; kind: string; 'tag-type': string | null }>('flexibleAssetFields')).filter(
      (f) => String(f['flexible-asset-type-id']) === types[0]!.id,
    );
    expect(fields.map((f) => f['name-key']).sort()).toEqual(TICKET_TYPE.fields.map((f) => f.nameKey).sort());
    expect(fields.find((f) => f['name-key'] === 'contact')).toMatchObject({ kind: 'Tag', 'tag-type': 'Contacts' });
    expect(fields.find((f) => f['name-key'] === 'configuration')).toMatchObject({ kind: 'Tag', 'tag-type': 'Configurations' });
  });

  it('takes open tickets (however old) and those completed within the history window, of synced accounts only', async () => {
    const links = await linksByBms(h, 'ticket');
    expect([...links.keys()].sort()).toEqual([TICKET.printer, TICKET.vpn, TICKET.wifi].map(String).sort());
    for (const link of links.values()) expect(link).toMatchObject({ state: 'enabled', matchRule: 'created' });
    expect((await logRows(h, { runId, entity: 'ticket', action: 'create' })).map((l) => l.bmsId).sort()).toEqual([TICKET.printer, TICKET.vpn, TICKET.wifi].map(String).sort());
  });

  it('fills every field, with Tag fields pointing at the linked contact and configuration', async () => {
    const asset = await assetOf(TICKET.printer);
    expect(asset['organization-id']).toBe(await linkedItGlueId('organization', ACCOUNT.contoso));
    expect(asset.traits).toMatchObject({
      'ticket-number': `T2024.${TICKET.printer}`,
      title: 'Cannot print to the office printer',
      status: 'New',
      priority: 'High',
      'ticket-type': 'Incident',
      queue: 'Help Desk',
      assignee: 'Alex Tech',
      contact: [await linkedItGlueId('contact', CONTACT.peter)],
      configuration: [await linkedItGlueId('configuration', ASSET.printer)],
      details: 'Peter reports the printer at Head Office shows offline. Jobs stay in the queue.',
      'bms-link': `${new URL(h.bms.url).origin}/MSP/TicketEdit.aspx?ID=${TICKET.printer}`,
    });
    expect(asset.traits.opened).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(asset.traits.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(asset.traits.completed).toBeUndefined();
    const vpn = await assetOf(TICKET.vpn);
    expect(vpn.traits).toMatchObject({ status: 'Completed', completed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('writes nothing more when nothing changed', async () => {
    await h.itglue.admin.resetCounters();
    await h.bms.admin.resetCounters();
    await runSync(h, 'incremental');
    expect(await writeCalls(h.itglue)).toEqual({});
    expect(await writeCalls(h.bms)).toEqual({});
  });
});

describe('later runs', () => {
  it('read by last activity and update the asset in place, keeping traits the engine does not own', async () => {
    // An IT Glue administrator added a field of their own to the type and filled it in.
    const type = (await h.itglue.admin.list<{ id: string; name: string }>('flexibleAssetTypes')).find((t) => t.name === 'BMS Ticket')!;
    await h.itglue.admin.create('flexibleAssetFields', { 'flexible-asset-type-id': Number(type.id), name: 'Escalation Notes', kind: 'Text', order: 99 });
    const before = await assetOf(TICKET.printer);
    await h.itglue.admin.edit('flexibleAssets', before.id, { traits: { ...before.traits, 'escalation-notes': 'Call the vendor if it happens again' } });

    await h.bms.admin.edit('tickets', TICKET.printer, { statusId: STATUS.inProgress, title: 'Cannot print to the office printer (2nd floor)' });
    await h.bms.admin.resetCounters();
    const { runId } = await runSync(h, 'incremental');
    const after = await assetOf(TICKET.printer);
    expect(after.id).toBe(before.id);
    expect(after.traits).toMatchObject({ status: 'In Progress', title: 'Cannot print to the office printer (2nd floor)', 'escalation-notes': 'Call the vendor if it happens again' });
    expect(after.traits.contact).toEqual(before.traits.contact);
    const updates = await logRows(h, { runId, entity: 'ticket', action: 'update' });
    expect(updates.map((l) => l.bmsId)).toEqual([String(TICKET.printer)]);
    // The incremental list asked BMS for what changed since the last run, by last activity.
    const { routes } = await h.bms.admin.counters();
    expect(routes['GET /v2/servicedesk/tickets']).toBe(1);
  });

  it('update a completed ticket, never delete it', async () => {
    await h.bms.admin.edit('tickets', TICKET.printer, { statusId: STATUS.completed });
    await h.itglue.admin.resetCounters();
    await runSync(h, 'incremental');
    const asset = await assetOf(TICKET.printer);
    expect(asset.traits).toMatchObject({ status: 'Completed', completed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(await ticketLink(TICKET.printer)).toMatchObject({ state: 'enabled' });
    // Nor in a full reconcile.
    await runSync(h, 'full');
    expect(Object.keys(await writeCalls(h.itglue)).filter((r) => r.startsWith('DELETE'))).toEqual([]);
  });

  it('put back an edit made in IT Glue, even with two-way on (tickets are pulled only)', async () => {
    await setSettings(h, { twoWay: true });
    const asset = await assetOf(TICKET.wifi);
    await h.itglue.admin.edit('flexibleAssets', asset.id, { traits: { ...asset.traits, status: 'Closed by IT Glue' } });
    await h.bms.admin.edit('tickets', TICKET.wifi, { priorityId: 4 });
    await h.bms.admin.resetCounters();
    await runSync(h, 'incremental');
    expect((await assetOf(TICKET.wifi)).traits).toMatchObject({ status: 'Waiting on Customer', priority: 'Critical' });
    expect(Object.keys(await writeCalls(h.bms)).filter((r) => r.includes('/servicedesk/tickets') && !r.includes('/notes') && !r.includes('/checklistitems'))).toEqual([]);
    await setSettings(h, { twoWay: false });
  });

  it('cost the two-way push poll nothing: a push run reads no ticket asset (its calls count against the IT Glue budget every few seconds)', async () => {
    await setSettings(h, { twoWay: true });
    await h.itglue.admin.resetCounters();
    await h.temporal.workflow.execute('twoWayPushWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `${workflowIds.push(h.integrationId)}-${randomUUID()}`,
      args: [{ integrationId: h.integrationId }],
    });
    const { routes } = await h.itglue.admin.counters();
    const called = Object.entries(routes).filter(([, n]) => n > 0).map(([route]) => route);
    // The entities that push were looked at (their lists, newest first) …
    expect(called).toContain('GET /configurations');
    // … the ticket assets, pulled only, were not.
    expect(called.filter((route) => route.includes('flexible_asset'))).toEqual([]);
    await setSettings(h, { twoWay: false });
  });
});

describe('a ticket whose account stops syncing', () => {
  it('is orphaned; its asset is kept', async () => {
    const asset = await assetOf(TICKET.wifi);
    await h.bms.admin.edit('accounts', ACCOUNT.traders, { accountTypeId: TYPE.vendor });
    const { runId } = await runSync(h, 'incremental');
    // By the pull when the run read the ticket again (its edit above is inside the overlap), else by the sweep.
    expect(await ticketLink(TICKET.wifi)).toMatchObject({ state: 'orphaned', reason: expect.stringMatching(/^its BMS account (3002 is not synced|is no longer synced)$/) });
    await expect(h.itglue.admin.get('flexibleAssets', asset.id)).resolves.toMatchObject({ id: asset.id });
    expect((await logRows(h, { runId, entity: 'ticket', action: 'orphan' })).map((l) => l.bmsId)).toEqual([String(TICKET.wifi)]);
  });
});
