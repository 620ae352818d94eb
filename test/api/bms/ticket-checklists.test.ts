/**
 * Ticket checklist items through the BMS client against the simulator: list in order, add (at the
 * end or at an order), tick and untick (who and when), delete one or all, the ticket's
 * last-activity time, 404s, and a lost answer to an item create (added once, not repeated).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BmsClient } from '../../../clients/bms/index.js';
import { bmsChecklistItemsSchema } from '../../../clients/bms/index.js';
import { failure, startBms, type RunningBms } from './helpers.js';
import { ticketDataset } from './ticket-dataset.js';

let bms: RunningBms;
let client: BmsClient;
let apiUserId: number;

beforeAll(async () => {
  bms = await startBms({ dataset: ticketDataset() });
  client = bms.client();
  apiUserId = (await client.getUserInfo()).userId;
});
afterAll(() => bms.close());
beforeEach(async () => {
  await bms.admin.load(ticketDataset());
  await bms.admin.clearFaults();
  await bms.admin.resetCounters();
});

const names = async (ticketId: number) => (await client.listTicketChecklistItems(ticketId)).map((i) => i.name);

describe('checklist items', () => {
  it('lists the items of a ticket in order, with who completed them', async () => {
    expect(await client.listTicketChecklistItems(5)).toEqual([
      expect.objectContaining({ id: 500, name: 'Check the backup log', order: 1, isCompleted: true, completedBy: 2, completedByName: 'Alex Tech', completedOn: '2024-05-19T09:00:00' }),
      expect.objectContaining({ id: 501, name: 'Re-run the job', order: 2, isCompleted: false, completedBy: null, completedByName: null, completedOn: null }),
    ]);
    expect(await client.listTicketChecklistItems(1)).toEqual([]);
  });

  it('adds items at the end (no order) or at a given order, and moves the ticket’s last activity', async () => {
    const before = await client.getTicket(5);
    const added = await client.createTicketChecklistItem(5, { name: 'Tell the customer', description: 'Phone or e-mail' });
    expect(added).toMatchObject({ name: 'Tell the customer', description: 'Phone or e-mail', order: 3, isCompleted: false, createdBy: apiUserId, modifiedBy: apiUserId });
    await client.createTicketChecklistItem(5, { name: 'Read the alert', order: 1 });
    expect(await names(5)).toEqual(['Check the backup log', 'Read the alert', 'Re-run the job', 'Tell the customer']);
    const after = await client.getTicket(5);
    expect(after.lastActivityUpdate! > before.lastActivityUpdate!).toBe(true);
    expect(after.modifiedOn).toBe(before.modifiedOn);
  });

  it('ticks an item (stamping who and when), keeps the stamp on a re-tick, and clears it on untick', async () => {
    const ticked = await client.updateTicketChecklistItem(5, 501, { name: 'Re-run the job', order: 2, isCompleted: true });
    expect(ticked).toMatchObject({ isCompleted: true, completedBy: apiUserId, completedByName: 'Sync Service', modifiedBy: apiUserId });
    expect(ticked.completedOn).toBe(ticked.modifiedOn);
    const renamed = await client.updateTicketChecklistItem(5, 501, { name: 'Re-run the backup job', isCompleted: true });
    expect(renamed).toMatchObject({ name: 'Re-run the backup job', order: 2, completedOn: ticked.completedOn });
    const unticked = await client.updateTicketChecklistItem(5, 500, { name: 'Check the backup log', isCompleted: false });
    expect(unticked).toMatchObject({ isCompleted: false, completedBy: null, completedOn: null });
    expect((await client.getTicket(5)).lastActivityUpdate).toBe(unticked.modifiedOn);
  });

  it('shows a technician ticking an item (admin API)', async () => {
    const item = await client.createTicketChecklistItem(1, { name: 'Order toner' });
    const ticked = await bms.admin.edit<Record<string, unknown>>('ticketChecklistItems', item.id, { isCompleted: true, modifiedBy: 2 });
    expect(ticked).toMatchObject({ ticketId: 1, isCompleted: true, completedBy: 2 });
    expect((await client.listTicketChecklistItems(1))[0]).toMatchObject({ completedByName: 'Alex Tech', modifiedBy: 2, createdBy: apiUserId });
    const techItem = await bms.admin.create<Record<string, unknown>>('ticketChecklistItems', { ticketId: 1, name: 'Check the fuser' });
    expect(await names(1)).toEqual(['Order toner', 'Check the fuser']);
    await bms.admin.remove('ticketChecklistItems', techItem.id as number);
    expect(await names(1)).toEqual(['Order toner']);
  });

  it('deletes one item, or every item of the ticket', async () => {
    await client.deleteTicketChecklistItem(5, 500);
    expect(await names(5)).toEqual(['Re-run the job']);
    await client.createTicketChecklistItem(5, { name: 'Another' });
    const before = await client.getTicket(5);
    await client.deleteAllTicketChecklistItems(5);
    expect(await client.listTicketChecklistItems(5)).toEqual([]);
    expect((await client.getTicket(5)).lastActivityUpdate! >= before.lastActivityUpdate!).toBe(true);
  });

  it('answers 404 for an unknown ticket or an item of another ticket, and refuses a nameless item', async () => {
    expect((await failure(client.listTicketChecklistItems(999))).kind).toBe('not-found');
    expect((await failure(client.createTicketChecklistItem(999, { name: 'x' }))).kind).toBe('not-found');
    expect((await failure(client.updateTicketChecklistItem(1, 500, { name: 'x', isCompleted: true }))).kind).toBe('not-found');
    expect((await failure(client.deleteTicketChecklistItem(1, 500))).kind).toBe('not-found');
    const nameless = await failure(client.createTicketChecklistItem(5, { name: '  ' }));
    expect(nameless.details.slice(1)).toEqual(['name: The Name field is required.']);
    expect(await names(5)).toEqual(['Check the backup log', 'Re-run the job']);
  });

  it('a lost answer to an item create: added once, a retryable failure, the POST not repeated', async () => {
    await bms.admin.addFault({ kind: 'lost-response', method: 'POST', route: '/v2/servicedesk/tickets/{ticketId}/checklistitems' });
    const err = await failure(client.createTicketChecklistItem(5, { name: 'Verify the restore' }));
    expect(err.retryable).toBe(true);
    expect((await bms.admin.counters()).routes['POST /v2/servicedesk/tickets/{ticketId}/checklistitems']).toBe(1);
    expect(await names(5)).toEqual(['Check the backup log', 'Re-run the job', 'Verify the restore']);
  });
});

describe('the checklist items answer as S2 types it', () => {
  it('reads a single item (S2’s type) or null as a list', () => {
    const item = { id: 1, name: 'x', description: null, order: 1, isCompleted: false, completedBy: null, completedByName: null, completedOn: null };
    expect(bmsChecklistItemsSchema.parse(item)).toHaveLength(1);
    expect(bmsChecklistItemsSchema.parse(null)).toEqual([]);
    expect(bmsChecklistItemsSchema.parse([item, { ...item, id: 2 }])).toHaveLength(2);
  });
});
